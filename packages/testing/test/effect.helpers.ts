/**
 * Shared by the `effect.*.test.ts` files: the emulator seen through `@memsy/effect`. Every test gets a
 * fresh `MemsyTest.layer`, whose emulator reads the Effect clock, so `TestClock` drives processing,
 * dedup windows, rate-limit windows and timeouts.
 *
 * Convention the coverage test relies on: the default clients are named `memsy` (data plane) and
 * `control` (control plane), so `memsy.orgs.create(` or `control.keys.usage(` in a test file marks
 * that endpoint as exercised there.
 */
import { assert } from "@effect/vitest"
import { type Events, MemsyClient, MemsyControlClient, type MemsyError, Transport } from "@memsy/effect"
import { type Emulator, MemsyTest } from "@memsy/testing"
import { Effect, TestClock, TestServices } from "effect"

/** 2026-03-15T12:00:00Z, on a minute boundary (rate-limit windows start there). */
export const T0 = Date.UTC(2026, 2, 15, 12, 0, 0)

/** The ISO form the emulator renders instants in. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z")

export interface Env {
  readonly memsy: MemsyClient.Service
  readonly control: MemsyControlClient.Service
  readonly emulator: Emulator.Emulator
}

type Services = MemsyClient.MemsyClient | MemsyControlClient.MemsyControlClient | MemsyTest.MemsyEmulator

/** The clients and the emulator, with the test clock set to `T0`. */
export const env: Effect.Effect<Env, never, Services> = Effect.gen(function* () {
  yield* TestClock.setTime(T0)
  return {
    memsy: yield* MemsyClient.MemsyClient,
    control: yield* MemsyControlClient.MemsyControlClient,
    emulator: yield* MemsyTest.MemsyEmulator
  }
})

/** Runs `body` against a fresh emulator (`MemsyTest.layer(options)`), the clock at `T0`. */
export const withEmulator = <A, E>(
  body: (env: Env) => Effect.Effect<A, E, Services>,
  options: MemsyTest.Options = {}
): Effect.Effect<A, E> => Effect.flatMap(env, body).pipe(Effect.provide(MemsyTest.layer(options)))

/** Clients of both planes for another key of the same emulator (no retries: errors surface at once). */
export const clientsFor = (
  emulator: Emulator.Emulator,
  apiKey: string
): Effect.Effect<{ readonly memsy: MemsyClient.Service; readonly control: MemsyControlClient.Service }> =>
  Effect.all({
    memsy: MemsyClient.make({ baseUrl: emulator.baseUrl, apiKey, maxRetries: 0 }),
    control: MemsyControlClient.make({ baseUrl: emulator.controlUrl, apiKey, maxRetries: 0 })
  }).pipe(Effect.provideService(Transport.Transport, MemsyTest.transport(emulator)))

/** One event for actor `u1` in session `s1` unless overridden. */
export const event = (
  content: string,
  overrides: Partial<Events.EventPayload> = {}
): Events.EventPayload => ({
  actorId: "u1",
  sessionId: "s1",
  kind: "user_message",
  content,
  ...overrides
})

/** Calls of different endpoints in one list, to check they all fail alike. */
export const calls = (
  effects: ReadonlyArray<Effect.Effect<unknown, MemsyError.MemsyError>>
): ReadonlyArray<Effect.Effect<unknown, MemsyError.MemsyError>> => effects

/** Narrows a failure to one tag, failing the test on any other. */
export const expectTag = <E extends { readonly _tag: string }, T extends E["_tag"]>(
  error: E,
  tag: T
): Extract<E, { readonly _tag: T }> => {
  assert.strictEqual(error._tag, tag, `expected ${tag}, got ${error._tag}: ${String(error)}`)
  return error as Extract<E, { readonly _tag: T }>
}

/**
 * Runs `effect`, which must finish without the test clock moving: a call that sleeps (through a
 * retry it should not make, say) fails the test after one real second instead of hanging it. Only
 * the watchdog runs on the live clock; the call keeps the test clock (the emulator's time).
 */
export const promptly = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | string, R> =>
  Effect.raceFirst(
    effect,
    TestServices.provideLive(Effect.sleep("1 second")).pipe(
      Effect.zipRight(Effect.fail("still waiting after one real second"))
    )
  )

/** The requests the emulator handled on `path` (plane prefix included), as `METHOD status`. */
export const hits = (emulator: Emulator.Emulator, path: string): ReadonlyArray<string> =>
  emulator
    .requests()
    .filter((r) => r.path === path)
    .map((r) => `${r.method} ${r.status}`)

/** Whether a list is sorted by `key`, descending (or ascending), ties broken by ascending `id`. */
export const isSortedBy = <A>(
  items: ReadonlyArray<A>,
  key: (a: A) => number | string,
  id: (a: A) => string,
  direction: "asc" | "desc"
): boolean =>
  items.every((item, i) => {
    if (i === 0) return true
    const prev = items[i - 1]!
    const [a, b] = [key(prev), key(item)]
    if (a === b) return id(prev) < id(item)
    return direction === "desc" ? a > b : a < b
  })
