import { assert, describe, it } from "@effect/vitest"
import { MemsyClient } from "@memsy/effect"
import { MockTransport } from "@memsy/testing"
import { Effect, Fiber, TestClock } from "effect"

const events = Array.from({ length: 4 }, (_, i) => ({
  actorId: "u1",
  sessionId: "import",
  kind: "user_message" as const,
  content: `Imported message ${i}`
}))

describe("ingestMany", () => {
  it.effect("one rate limit pauses every batch, and the batch is sent again with the same event ids", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      const limited = { status: 429, headers: { "retry-after": "5" } }
      const stored = (id: string) => MockTransport.json({ event_ids: [id] })
      yield* mock.reply(
        "POST /ingest",
        MockTransport.json({ message: "Too many requests" }, limited),
        ...["ev_b", "ev_c", "ev_d", "ev_a"].map(stored)
      )
      const memsy = yield* MemsyClient.MemsyClient
      const importing = yield* Effect.fork(memsy.ingestMany(events, { batchSize: 1, concurrency: 2 }))
      yield* TestClock.adjust("5 seconds")
      const { eventIds, failures } = yield* Fiber.join(importing)

      // Input order, whatever order the batches were answered in.
      assert.deepStrictEqual(eventIds, ["ev_a", "ev_b", "ev_c", "ev_d"])
      assert.deepStrictEqual(failures, [])
      // The first batch was limited: the batches not yet sent waited the same 5 s as its retry did.
      const sent = yield* mock.requests
      assert.deepStrictEqual(
        sent.map((r) => r.at),
        [0, 0, 5000, 5000, 5000]
      )
      const idOf = (i: number) =>
        (sent[i]?.body as { events: Array<{ event_id: string }> }).events[0]?.event_id
      assert.strictEqual(idOf(4), idOf(0))
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})
