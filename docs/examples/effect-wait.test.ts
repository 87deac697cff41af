import { assert, describe, it } from "@effect/vitest"
import { MemsyClient } from "@memsy/effect"
import { MemsyTest } from "@memsy/testing"
import { Effect, Fiber, TestClock } from "effect"

describe("waiting for processing", () => {
  // The emulator takes 10 s here; the wait gives up after 5 s of test time, which passes at once.
  it.effect("gives up with ProcessingTimeout, carrying the last status", () =>
    Effect.gen(function* () {
      const memsy = yield* MemsyClient.MemsyClient
      const { eventIds } = yield* memsy.ingest([
        { actorId: "u1", sessionId: "s1", kind: "user_message", content: "I like long walks" }
      ])
      const waiting = yield* Effect.fork(
        Effect.flip(memsy.waitForProcessing(eventIds, { timeout: "5 seconds" }))
      )
      yield* TestClock.adjust("5 seconds")
      const error = yield* Fiber.join(waiting)
      assert(error._tag === "ProcessingTimeout")
      assert.deepStrictEqual(error.status?.pendingIds, eventIds)

      // Nothing was cancelled on the server: the event completes when its time comes.
      yield* TestClock.adjust("5 seconds")
      assert.deepStrictEqual((yield* memsy.status(eventIds)).completedIds, eventIds)
    }).pipe(Effect.provide(MemsyTest.layer({ processingDelay: 10_000 })))
  )
})
