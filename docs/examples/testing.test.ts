import { assert, describe, it } from "@effect/vitest"
import { MemsyClient } from "@memsy/effect"
import { MemsyTest, MockTransport } from "@memsy/testing"
import { Effect, TestClock } from "effect"

describe("my agent's memory", () => {
  // The emulator follows the TestClock: processing completes when the test moves time along.
  it.effect("remembers a preference once processing completes", () =>
    Effect.gen(function* () {
      const memsy = yield* MemsyClient.MemsyClient
      yield* memsy.ingest([
        { actorId: "u1", sessionId: "s1", kind: "user_message", content: "I like green tea" }
      ])
      assert.deepStrictEqual((yield* memsy.search("tea", { actorId: "u1" })).results, [])
      yield* TestClock.adjust("1 second")
      const { results } = yield* memsy.search("tea", { actorId: "u1" })
      assert.strictEqual(results[0]?.content, "I like green tea")
    }).pipe(Effect.provide(MemsyTest.layer({ processingDelay: 1000 })))
  )

  // An exact reply for one route, and what reached the wire.
  it.effect("sends the threshold explicitly", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({ results: [] }))
      const memsy = yield* MemsyClient.MemsyClient
      yield* memsy.search("tea")
      const [request] = yield* mock.requests
      assert.deepStrictEqual(request?.body, {
        query: "tea",
        limit: 10,
        threshold: 0,
        include_source_events: false
      })
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})
