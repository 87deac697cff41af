import { assert, describe, it } from "@effect/vitest"
import { MemsyTest, MockTransport } from "@memsy/testing"
import { Effect, Fiber, Layer, TestClock } from "effect"
import { Preferences } from "./Preferences.js"

// The service over the emulator: the real request and response encoding, on the test's clock.
const OnEmulator = Preferences.layer.pipe(Layer.provideMerge(MemsyTest.layer({ processingDelay: 2000 })))
// The service over a scripted transport, to check what reaches the wire.
const OnScript = Preferences.layer.pipe(Layer.provideMerge(MockTransport.layerClients()))

describe("Preferences", () => {
  it.effect("remember waits until the preference can be recalled", () =>
    Effect.gen(function* () {
      const preferences = yield* Preferences
      const remembering = yield* Effect.fork(preferences.remember("ana", "I prefer aisle seats"))
      // Two seconds of processing pass at once on the TestClock.
      yield* TestClock.adjust("2 seconds")
      yield* Fiber.join(remembering)
      assert.deepStrictEqual(yield* preferences.recall("ana", "seats"), ["I prefer aisle seats"])
      assert.deepStrictEqual(yield* preferences.recall("ben", "seats"), [])
    }).pipe(Effect.provide(OnEmulator))
  )

  it.effect("recall is empty, not failed, while Memsy is unreachable", () =>
    Effect.gen(function* () {
      const emulator = yield* MemsyTest.MemsyEmulator
      emulator.inject({ route: "POST /v1/search", drop: true, times: 1 })
      assert.deepStrictEqual(yield* (yield* Preferences).recall("ana", "seats"), [])
    }).pipe(Effect.provide(OnEmulator))
  )

  it.effect("recall asks for five of this user's memories", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({ results: [] }))
      yield* (yield* Preferences).recall("ana", "seats")
      const [request] = yield* mock.requests
      assert.deepInclude(request?.body, { query: "seats", actor_id: "ana", limit: 5 })
    }).pipe(Effect.provide(OnScript))
  )
})
