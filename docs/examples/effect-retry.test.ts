import { assert, describe, it } from "@effect/vitest"
import { MemsyClient, Retry } from "@memsy/effect"
import { MockTransport } from "@memsy/testing"
import { Effect, Fiber, TestClock } from "effect"

const limited = (headers: Record<string, string> = {}) =>
  MockTransport.json({ message: "Too many requests" }, { status: 429, headers })
const found = MockTransport.json({ results: [] })

describe("retries of rate-limited calls", () => {
  it.effect("waits exactly Retry-After, then sends again", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", limited({ "retry-after": "2" }), found)
      const call = yield* Effect.fork((yield* MemsyClient.MemsyClient).search("tea"))
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(call)
      assert.deepStrictEqual(
        (yield* mock.requests).map((r) => r.at),
        [0, 2000]
      )
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("without Retry-After: retryBackoff, doubled each time, then RateLimitExceeded", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", limited(), limited(), limited(), limited())
      const call = yield* Effect.fork(Effect.flip((yield* MemsyClient.MemsyClient).search("tea")))
      yield* TestClock.adjust("7 seconds")
      const error = yield* Fiber.join(call)
      assert.strictEqual(error._tag, "RateLimitExceeded")
      // 3 retries by default: after 1 s, 2 s and 4 s.
      assert.deepStrictEqual(
        (yield* mock.requests).map((r) => r.at),
        [0, 1000, 3000, 7000]
      )
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a Retry-After beyond 60 s, or a quota, surfaces at once", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      const quota = MockTransport.json(
        { error: "usage_limit_exceeded", dimension: "search_queries" },
        { status: 429 }
      )
      yield* mock.reply("POST /search", limited({ "retry-after": "120" }), quota)
      const memsy = yield* MemsyClient.MemsyClient
      const slow = yield* Effect.flip(memsy.search("tea"))
      assert(slow._tag === "RateLimitExceeded")
      assert.strictEqual(slow.retryAfter, 120)
      assert.strictEqual((yield* Effect.flip(memsy.search("tea")))._tag, "UsageLimitExceeded")
      assert.strictEqual((yield* mock.requests).length, 2)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("retrySchedule replaces the policy: here 5 retries from 200 ms", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", limited(), limited(), found)
      const memsy = (yield* MemsyClient.MemsyClient).withOptions({
        retrySchedule: Retry.schedule({ ...Retry.defaults, maxRetries: 5, backoff: "200 millis" })
      })
      const call = yield* Effect.fork(memsy.search("tea"))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(call)
      assert.deepStrictEqual(
        (yield* mock.requests).map((r) => r.at),
        [0, 200, 600]
      )
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})
