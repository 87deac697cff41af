import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import type * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import type { MemsyError as Core } from "@memsy/effect"
import * as Sdk from "@memsy/sdk"
import { existsSync, readFileSync } from "node:fs"
import { describe, expect, expectTypeOf, it } from "vitest"
import type * as Errors from "../src/errors.js"

/** Whether a type is (at its top) one of Effect's data types, by their brands. */
type Branded<T> = T extends { readonly [Effect.EffectTypeId]: unknown }
  ? true
  : T extends { readonly [Redacted.RedactedTypeId]: unknown }
    ? true
    : T extends { readonly [Schema.TypeId]: unknown }
      ? true
      : T extends { readonly [Layer.LayerTypeId]: unknown }
        ? true
        : T extends Duration.Duration
          ? true
          : T extends { readonly [Context.TagTypeId]: unknown }
            ? true
            : T extends { readonly _tag: "Some" | "None"; readonly _op: "Some" | "None" }
              ? true
              : false

type Depth = ReadonlyArray<0>
type Stop =
  Date | AbortSignal | RegExp | Error | string | number | boolean | bigint | symbol | null | undefined

/**
 * `true` when an Effect type shows up anywhere a user can reach, a few levels deep: parameters
 * and results (awaited) of functions, properties of objects, elements of arrays.
 */
type Leaks<T, D extends Depth = []> = 0 extends 1 & T
  ? false
  : D["length"] extends 6
    ? false
    : true extends Branded<T>
      ? true
      : T extends Stop
        ? false
        : T extends (...args: infer A) => infer R
          ? Leaks<A[number], [...D, 0]> | Leaks<Awaited<R>, [...D, 0]>
          : T extends ReadonlyArray<infer E>
            ? Leaks<E, [...D, 0]>
            : T extends object
              ? { [K in keyof T]-?: Leaks<T[K], [...D, 0]> }[keyof T]
              : false

/** `true` when any path leaks. */
type Found<T> = true extends Leaks<T> ? true : false

type Public<C> = Omit<C, typeof Symbol.asyncDispose>

describe("public types", () => {
  it("the walker finds Effect types where they are", () => {
    expectTypeOf<Found<{ a: () => Promise<Effect.Effect<number>> }>>().toEqualTypeOf<true>()
    expectTypeOf<Found<{ a: { b: (x: Option.Option<string>) => void } }>>().toEqualTypeOf<true>()
    expectTypeOf<Found<{ key: Redacted.Redacted }>>().toEqualTypeOf<true>()
    expectTypeOf<Found<{ s: ReadonlyArray<Schema.Schema<string>> }>>().toEqualTypeOf<true>()
    expectTypeOf<Found<{ d: Duration.Duration }>>().toEqualTypeOf<true>()
    type Deep = { r: { list: (o?: { x: number }) => Promise<ReadonlyArray<{ v: Option.Option<string> }>> } }
    expectTypeOf<Found<Deep>>().toEqualTypeOf<true>()
    expectTypeOf<Found<{ a: () => Promise<{ b: ReadonlyArray<string> }> }>>().toEqualTypeOf<false>()
  })

  it("no facade method takes or returns an Effect type", () => {
    expectTypeOf<Found<Public<Sdk.MemsyClient>>>().toEqualTypeOf<false>()
    expectTypeOf<Found<Public<Sdk.MemsyControlClient>>>().toEqualTypeOf<false>()
    expectTypeOf<Found<Sdk.ClientOptions>>().toEqualTypeOf<false>()
    expectTypeOf<Found<Sdk.RateLimitExceeded>>().toEqualTypeOf<false>()
    expectTypeOf<Found<Sdk.MemsyConnectionError>>().toEqualTypeOf<false>()
    expectTypeOf<Found<typeof Sdk.MemsyClient>>().toEqualTypeOf<false>()
  })

  // The facade's error classes are written out, each with its declaration and doc comment; this ties
  // them to the core's both ways: a core class without a twin here, or a class here without one
  // there, stops the type check (`classes` in errors.ts checks the table the same way).
  it("declares an error class for each core class, and none other but its own two", () => {
    type Classes = {
      [K in keyof typeof Errors]: (typeof Errors)[K] extends abstract new (...args: never) => Error
        ? K
        : never
    }[keyof typeof Errors]
    expectTypeOf<Exclude<Classes, "MemsyError" | "MemsyClientClosedError">>().toEqualTypeOf<
      keyof typeof Core.classes
    >()
  })

  it("methods take their arguments, then optional request options, and return the model", () => {
    const client = new Sdk.MemsyClient({ baseUrl: "http://x", apiKey: "k" })
    expectTypeOf(client.search).parameters.toEqualTypeOf<
      [query: string, options?: Sdk.SearchOptions, requestOptions?: Sdk.RequestOptions]
    >()
    expectTypeOf(client.search).returns.toEqualTypeOf<Promise<Sdk.SearchResponse>>()
    expectTypeOf(client.ingest).parameters.toEqualTypeOf<
      [events: ReadonlyArray<Sdk.EventPayload>, requestOptions?: Sdk.RequestOptions]
    >()
    expectTypeOf(client.roles.update).returns.toEqualTypeOf<Promise<Sdk.Role>>()
    expectTypeOf(client.orgs.delete).returns.toEqualTypeOf<Promise<void>>()
    expectTypeOf(client.health).parameters.toEqualTypeOf<[requestOptions?: Sdk.RequestOptions]>()
    expectTypeOf<Sdk.RateLimitExceeded["retryAfter"]>().toEqualTypeOf<number | undefined>()
    expectTypeOf<Sdk.MemsyConnectionError["reason"]>().toEqualTypeOf<"Transport" | "Timeout">()
    // Optional: `MEMSY_API_KEY` otherwise.
    expectTypeOf<Sdk.ClientOptions["apiKey"]>().toEqualTypeOf<string | undefined>()
    expectTypeOf<Sdk.ClientOptions["timeout"]>().toEqualTypeOf<number | undefined>()
    void client.close()
  })

  // The declarations users get: written by `pnpm build` (scripts/declarations.mjs), before the tests.
  const dts = new URL("../dist/index.d.ts", import.meta.url)
  it("the built index.d.ts imports nothing from effect", () => {
    if (!existsSync(dts)) throw new Error("packages/sdk/dist/index.d.ts is missing: run `pnpm build` first")
    const text = readFileSync(dts, "utf8")
    const sources = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1])
    expect(sources.filter((source) => source === "effect" || source!.startsWith("effect/"))).toEqual([])
    expect(sources.filter((source) => source!.startsWith("@effect/"))).toEqual([])
    expect(text).not.toMatch(/import\(['"](@?effect)/)
    for (const name of ["Effect", "Option", "Redacted", "Schema", "Layer", "Duration", "Context"]) {
      expect(text, name).not.toMatch(new RegExp(`\\b${name}\\.`))
    }
  })
})
