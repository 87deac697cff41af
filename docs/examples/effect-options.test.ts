import { assert, describe, it } from "@effect/vitest"
import { MemsyClient } from "@memsy/effect"
import { MockTransport } from "@memsy/testing"
import { Effect, Fiber, TestClock } from "effect"

describe("per-call options", () => {
  it.effect("headers are added to the SDK's own, which stay", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({ results: [] }))
      const memsy = yield* MemsyClient.MemsyClient
      yield* memsy.search(
        "tea",
        { actorId: "u1" },
        { headers: { "x-tenant": "acme", authorization: "other" } }
      )
      const [request] = yield* mock.requests
      assert.strictEqual(request?.headers["x-tenant"], "acme")
      assert.strictEqual(request?.headers.authorization, `Bearer ${MockTransport.defaults.apiKey}`)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a call's timeout replaces the client's, for that call only", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("GET /health", { body: { status: "ok" }, delay: "3 seconds" })
      const memsy = yield* MemsyClient.MemsyClient
      const call = yield* Effect.fork(Effect.flip(memsy.health({ timeout: "1 second" })))
      yield* TestClock.adjust("1 second")
      const error = yield* Fiber.join(call)
      assert(error._tag === "MemsyConnectionError")
      assert.strictEqual(error.reason, "Timeout")
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("withOptions gives a client with other defaults", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      const limited = MockTransport.json({ message: "Too many requests" }, { status: 429 })
      yield* mock.reply("GET /console/memories/stats", limited)
      const impatient = (yield* MemsyClient.MemsyClient).withOptions({ maxRetries: 0 })
      const error = yield* Effect.flip(impatient.memories.stats())
      assert.strictEqual(error._tag, "RateLimitExceeded")
      assert.strictEqual((yield* mock.requests).length, 1)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})
