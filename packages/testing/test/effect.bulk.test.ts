/**
 * `ingestMany` against the emulator, on the `TestClock`: input order, exactly-once storage through
 * rate limits, 5xx and lost answers, the shared back-off, and partial failures reported exactly.
 */
import { assert, describe, it } from "@effect/vitest"
import { type Events, MemsyClient, Transport } from "@memsy/effect"
import { Emulator, MemsyTest, MockTransport } from "@memsy/testing"
import { Effect, Fiber, Option, TestClock } from "effect"
import { event, T0, withEmulator } from "./effect.helpers.js"

const many = (n: number): Array<Events.EventPayload> =>
  Array.from({ length: n }, (_, i) =>
    event(`import ${i}: a fact about option ${i}`, { sessionId: `s${i % 7}` })
  )

/** Runs `effect` forked, moving the test clock a second at a time until it is done. */
const drive = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(effect)
    for (let i = 0; i < 600; i++) {
      const done = yield* Fiber.poll(fiber)
      if (Option.isSome(done)) break
      yield* TestClock.adjust("1 second")
    }
    return yield* Fiber.join(fiber)
  })

describe("ingestMany", () => {
  it.effect("20,000 events through 429s and 5xx: input order, each stored exactly once", () =>
    withEmulator(
      ({ memsy, emulator }) =>
        Effect.gen(function* () {
          emulator.inject({ route: "POST /v1/ingest", status: 429, retryAfter: 3, times: 4 })
          emulator.inject({ route: "POST /v1/ingest", status: 503, body: { detail: "busy" }, times: 3 })
          const input = many(20_000)
          const progress: Array<number> = []
          const result = yield* drive(
            memsy.ingestMany(input, {
              batchSize: 250,
              concurrency: 8,
              onProgress: (p) => progress.push(p.stored)
            })
          )
          assert.deepStrictEqual(result.failures, [])
          assert.strictEqual(result.eventIds.length, 20_000)
          const stored = emulator.events()
          assert.strictEqual(stored.length, 20_000, "each event stored once")
          // eventIds[i] is input event i's: same content, in input order.
          const byId = new Map(stored.map((e) => [e.eventId, e.content]))
          result.eventIds.forEach((id, i) => assert.strictEqual(byId.get(id!), input[i]!.content))
          assert.strictEqual(progress[progress.length - 1], 20_000)
        }),
      { rateLimit: false, processingDelay: 60_000 }
    )
  )

  it.effect("a batch whose answer was lost is sent again and still stored once", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const emulator = Emulator.make({ now: () => T0, rateLimit: false })
      const inner = MemsyTest.transport(emulator)
      let calls = 0
      // The first two ingests reach the emulator (and are stored), but their answers never arrive.
      const lossy: Transport.Service = {
        send: (request) =>
          Effect.flatMap(inner.send(request), (response) =>
            request.url.endsWith("/ingest") && calls++ < 2
              ? // Past the server's 60-second content dedup window: only the `event_id` can prevent a copy.
                Effect.zipRight(
                  Effect.sleep("61 seconds"),
                  Effect.fail(
                    new Transport.TransportError({ reason: "Transport", detail: "connection reset" })
                  )
                )
              : Effect.succeed(response)
          )
      }
      const memsy = yield* MemsyClient.make({ baseUrl: emulator.baseUrl, apiKey: emulator.apiKey }).pipe(
        Effect.provideService(Transport.Transport, lossy)
      )
      const input = many(300)
      const result = yield* drive(memsy.ingestMany(input, { batchSize: 100, concurrency: 2 }))
      assert.deepStrictEqual(result.failures, [])
      assert.strictEqual(calls, 5, "three batches, two of them sent twice")
      assert.strictEqual(emulator.events().length, 300)
      assert.strictEqual(new Set(result.eventIds).size, 300)
    })
  )

  it.effect("keeps the caller's eventIds and gives the others one", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        const input = [event("mine", { eventId: "client-1" }), event("theirs")]
        const result = yield* drive(memsy.ingestMany(input))
        assert.strictEqual(result.eventIds[0], "client-1")
        assert.match(result.eventIds[1]!, /^ev_[0-9a-f]{32}$/)
        assert.deepStrictEqual(
          emulator.events().map((e) => e.eventId),
          result.eventIds
        )
      })
    )
  )

  it.effect("a partial failure reports the accepted and the failed events exactly", () =>
    withEmulator(
      ({ memsy, emulator }) =>
        Effect.gen(function* () {
          const input = many(500)
          input[7] = event("   ")
          // The first batch sent (events 0 to 100 but 7) is refused for good.
          emulator.inject({ route: "POST /v1/ingest", status: 422, body: { detail: "refused" }, times: 1 })
          const result = yield* drive(memsy.ingestMany(input, { batchSize: 100, concurrency: 1 }))
          const failed = result.failures.map((f) => f.index)
          // Event 7 fails alone, before sending; the batch that got the 422 fails whole.
          assert.deepStrictEqual(
            failed,
            Array.from({ length: 101 }, (_, i) => i)
          )
          for (const f of result.failures) {
            assert.strictEqual(f.error._tag, f.index === 7 ? "MemsyValidationError" : "MemsyAPIError")
          }
          assert.include(result.failures[7]!.error.message, "events[7]")
          result.eventIds.forEach((id, i) =>
            assert.strictEqual(id === undefined, failed.includes(i), `event ${i}`)
          )
          assert.strictEqual(emulator.events().length, 500 - 101)
        }),
      { rateLimit: false }
    )
  )

  it.effect("rejects bad options before sending", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        for (const options of [
          { batchSize: 0 },
          { batchSize: 1001 },
          { concurrency: 1.5 },
          { maxRetries: -1 }
        ]) {
          const error = yield* Effect.flip(memsy.ingestMany(many(3), options))
          assert.strictEqual(error._tag, "MemsyValidationError")
        }
        assert.strictEqual(emulator.requests().length, 0)
      })
    )
  )
})

describe("ingestMany's shared back-off", () => {
  it.effect("after a rate limit, no batch is sent before Retry-After has passed", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      const one = MockTransport.json({ event_ids: ["x"] })
      const limited = MockTransport.json(
        { message: "slow down" },
        { status: 429, headers: { "retry-after": "2" } }
      )
      yield* mock.reply("POST /ingest", limited, ...Array.from({ length: 20 }, () => one))
      const memsy = yield* MemsyClient.MemsyClient
      const result = yield* drive(memsy.ingestMany(many(12), { batchSize: 1, concurrency: 4 }))
      assert.deepStrictEqual(result.failures, [])
      const at = (yield* mock.requests).map((r) => r.at)
      assert.strictEqual(at.length, 13)
      // The first four go out together; the 429 stops every later batch until t = 2 s.
      assert.deepStrictEqual(at.slice(0, 4), [0, 0, 0, 0])
      for (const t of at.slice(4)) assert.isAtLeast(t, 2000)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})
