// The compiled response decoder must agree with Schema.decodeUnknown exactly: same success or
// failure, same decoded value (prototypes included), for every endpoint's response model, on valid
// wire bodies generated from the models and on arbitrary JSON.
import { assert, describe, it } from "@effect/vitest"
import { Endpoint, MemsyClient, MemsyControlClient } from "@memsy/effect"
import { Arbitrary, Effect, Either, FastCheck as fc, Schema } from "effect"
import * as Decoder from "../src/internal/decoder.js"

const endpoints = [
  ...Endpoint.flatten(MemsyClient.endpoints),
  ...Endpoint.flatten(MemsyControlClient.endpoints)
]

const both = (schema: Schema.Schema<unknown, unknown>, input: unknown) => {
  const compiled = Effect.runSync(Effect.either(Decoder.decodeUnknown(schema, input)))
  const reference = Effect.runSync(Effect.either(Schema.decodeUnknown(schema)(input)))
  return { compiled, reference }
}

const agree = (schema: Schema.Schema<unknown, unknown>, input: unknown) => {
  const { compiled, reference } = both(schema, input)
  assert.strictEqual(Either.isRight(compiled), Either.isRight(reference))
  if (Either.isRight(compiled) && Either.isRight(reference)) {
    assert.deepStrictEqual(compiled.right, reference.right)
  } else if (Either.isLeft(compiled) && Either.isLeft(reference)) {
    assert.strictEqual(String(compiled.left), String(reference.left))
  }
}

// Wire bodies pass through JSON, so generated values do too (no undefined, NaN or -0 on the wire).
const asJson = (value: unknown): unknown => {
  const text = JSON.stringify(value)
  return text === undefined ? null : JSON.parse(text)
}

type Json = null | boolean | number | string | Array<Json> | { [key: string]: Json }

/** Every path to a value inside a JSON body. */
const paths = (value: Json, at: Array<string | number> = []): Array<Array<string | number>> => {
  const inner =
    value !== null && typeof value === "object"
      ? Object.entries(value).flatMap(([key, child]) =>
          paths(child as Json, [...at, Array.isArray(value) ? Number(key) : key])
        )
      : []
  return [at, ...inner]
}

/** The body with the value at one path replaced, or removed when `replacement` is undefined. */
const mutate = (body: Json, path: ReadonlyArray<string | number>, replacement: Json | undefined): Json => {
  if (path.length === 0) return replacement ?? null
  const [head, ...rest] = path
  if (Array.isArray(body)) {
    const copy = [...body]
    copy[head as number] = mutate(copy[head as number]!, rest, replacement)
    return copy
  }
  const copy = { ...(body as Record<string, Json>) }
  if (rest.length === 0 && replacement === undefined) delete copy[head as string]
  else copy[head as string] = mutate(copy[head as string]!, rest, replacement)
  return copy
}

describe("the compiled decoder agrees with Schema.decodeUnknown", () => {
  for (const endpoint of endpoints) {
    it(`${endpoint.name}: on bodies generated from the model`, () => {
      const schema = endpoint.response as Schema.Schema<unknown, unknown>
      const bodies = Arbitrary.make(schema).map((value) => asJson(Schema.encodeSync(schema)(value)))
      fc.assert(
        fc.property(bodies, (body) => agree(schema, body)),
        { numRuns: 60 }
      )
    })

    it(`${endpoint.name}: on generated bodies with one value changed or removed`, () => {
      const schema = endpoint.response as Schema.Schema<unknown, unknown>
      const bodies = Arbitrary.make(schema).map((value) => asJson(Schema.encodeSync(schema)(value)) as Json)
      const changed = fc
        .tuple(bodies, fc.nat(), fc.option(fc.jsonValue() as fc.Arbitrary<Json>, { nil: undefined }))
        .map(([body, n, replacement]) => {
          const all = paths(body)
          return mutate(body, all[n % all.length]!, replacement)
        })
      fc.assert(
        fc.property(changed, (body) => agree(schema, body)),
        { numRuns: 100 }
      )
    })

    it(`${endpoint.name}: on arbitrary JSON`, () => {
      const schema = endpoint.response as Schema.Schema<unknown, unknown>
      fc.assert(
        fc.property(fc.jsonValue(), (body) => agree(schema, body)),
        { numRuns: 60 }
      )
    })
  }
})
