import { assert, describe, it } from "@effect/vitest"
import { MemsyClient } from "@memsy/effect"
import { MemsyTest } from "@memsy/testing"
import { Effect, Fiber, TestClock } from "effect"

describe("transient retries", () => {
  it.effect("repeat what is safe to repeat, and nothing else", () =>
    Effect.gen(function* () {
      const emulator = yield* MemsyTest.MemsyEmulator
      const memsy = (yield* MemsyClient.MemsyClient).withOptions({ retryTransient: true })
      const event = { actorId: "u1", sessionId: "s1", kind: "user_message" as const, content: "I like tea" }

      // A search after a 503: sent again after the jittered backoff (1 s, ×0.8 to ×1.2).
      emulator.inject({ route: "POST /v1/search", status: 503, times: 1 })
      const search = yield* Effect.fork(memsy.search("tea"))
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(search)

      // An ingest without eventIds after a 503: the error, and no second request.
      emulator.inject({ route: "POST /v1/ingest", status: 503, times: 1 })
      const error = yield* Effect.flip(memsy.ingest([event]))
      assert(error._tag === "MemsyAPIError")
      assert.strictEqual(error.statusCode, 503)

      assert.deepStrictEqual(
        emulator.requests().map((r) => `${r.path} ${r.status}`),
        ["/v1/search 503", "/v1/search 200", "/v1/ingest 503"]
      )
    }).pipe(Effect.provide(MemsyTest.layer()))
  )
})
