/**
 * What the clients add over their endpoints, against the emulator: `listAll` streams, `status` over
 * the 500-id cap, and the processing waits on the `TestClock`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Fiber, Stream, TestClock } from "effect"
import { type Env, event, expectTag, withEmulator } from "./effect.helpers.js"

/** Ingests `n` distinct events in batches of 100 and gives their ids in order. */
const ingestMany = ({ memsy }: Env, n: number, prefix = "fact") =>
  Effect.map(
    Effect.forEach(
      Array.from({ length: Math.ceil(n / 100) }, (_, b) =>
        Array.from({ length: Math.min(100, n - b * 100) }, (_, i) =>
          event(`${prefix} ${b * 100 + i}: the user prefers option ${b * 100 + i}`, { sessionId: `s${b}` })
        )
      ),
      (batch) => memsy.ingest(batch)
    ),
    (results) => results.flatMap((r) => r.eventIds)
  )

const requestsTo = (env: Env, path: string) => env.emulator.requests().filter((r) => r.path === path).length

describe("memories.listAll", () => {
  it.effect("streams 1,000 memories page by page, in the list's order", () =>
    withEmulator((env) =>
      Effect.gen(function* () {
        yield* ingestMany(env, 1000)
        env.emulator.processAll()
        const stored = env.emulator.memories().filter((m) => m.status === "active").length
        assert.isAtLeast(stored, 1000)
        const all = yield* Stream.runCollect(env.memsy.memories.listAll({}, { pageSize: 100 }))
        assert.strictEqual(Chunk.size(all), stored)
        assert.strictEqual(new Set(Chunk.map(all, (m) => m.memoryId)).size, stored, "no repeats")
        // The same order as paging by hand.
        const second = yield* env.memsy.memories.list({ limit: 100, offset: 100 })
        assert.deepStrictEqual(
          Chunk.toReadonlyArray(all)
            .slice(100, 200)
            .map((m) => m.memoryId),
          second.items.map((m) => m.memoryId)
        )
        assert.strictEqual(requestsTo(env, "/v1/console/memories"), Math.ceil(stored / 100) + 1)
      })
    )
  )

  it.effect("stopping early fetches no further page", () =>
    withEmulator((env) =>
      Effect.gen(function* () {
        yield* ingestMany(env, 300)
        env.emulator.processAll()
        const first = yield* Stream.runCollect(
          env.memsy.memories.listAll({}, { pageSize: 50 }).pipe(Stream.take(60))
        )
        assert.strictEqual(Chunk.size(first), 60)
        assert.strictEqual(requestsTo(env, "/v1/console/memories"), 2)
      })
    )
  )

  it.effect("passes the filters on every page and ends on an empty list", () =>
    withEmulator((env) =>
      Effect.gen(function* () {
        yield* ingestMany(env, 200)
        yield* env.memsy.ingest(
          Array.from({ length: 80 }, (_, i) =>
            event(`u2 fact ${i}: the second user likes tea ${i}`, { actorId: "u2" })
          )
        )
        env.emulator.processAll()
        const theirs = env.emulator
          .memories()
          .filter((m) => m.actorId === "u2" && m.status === "active").length
        assert.isAtLeast(theirs, 51, "more than one page")
        const listed = yield* Stream.runCollect(
          env.memsy.memories.listAll({ actorId: "u2" }, { pageSize: 50 })
        )
        assert.strictEqual(Chunk.size(listed), theirs)
        for (const memory of listed) assert.strictEqual(memory.scope.actorId, "u2")
        const before = requestsTo(env, "/v1/console/memories")
        assert.strictEqual(before, Math.ceil(theirs / 50))
        const none = yield* Stream.runCollect(env.memsy.memories.listAll({ actorId: "nobody" }))
        assert.strictEqual(Chunk.size(none), 0)
        assert.strictEqual(requestsTo(env, "/v1/console/memories"), before + 1)
      })
    )
  )

  it.effect("a failing page fails the stream with the typed error", () =>
    withEmulator((env) =>
      Effect.gen(function* () {
        yield* ingestMany(env, 150)
        env.emulator.processAll()
        env.emulator.inject({ route: "GET /v1/console/memories", status: 500, body: { detail: "boom" } })
        const error = yield* Effect.flip(Stream.runCollect(env.memsy.memories.listAll()))
        assert.strictEqual(expectTag(error, "MemsyAPIError").statusCode, 500)
      })
    )
  )
})

describe("events.listAll", () => {
  it.effect("streams every console event, stopping at a short page", () =>
    withEmulator((env) =>
      Effect.gen(function* () {
        const ids = yield* ingestMany(env, 250)
        const all = yield* Stream.runCollect(
          env.control.events.listAll({ sort: "ts_asc" }, { pageSize: 100 })
        )
        assert.strictEqual(Chunk.size(all), 250)
        assert.deepStrictEqual(new Set(Chunk.map(all, (e) => e.eventId)), new Set(ids))
        assert.strictEqual(requestsTo(env, "/api/console/events"), 3)
      })
    )
  )
})

describe("status over the 500-id cap", () => {
  it.effect("1,200 ids: three calls, merged in input order, counts summed", () =>
    withEmulator((env) =>
      Effect.gen(function* () {
        const ids = yield* ingestMany(env, 1200)
        const pending = yield* env.memsy.status(ids)
        assert.strictEqual(pending.total, 1200)
        assert.deepStrictEqual(pending.pendingIds, ids)
        assert.strictEqual(requestsTo(env, "/v1/status"), 3)
        env.emulator.processAll()
        const done = yield* env.memsy.status([...ids, "unknown-id"])
        assert.strictEqual(done.total, 1201)
        assert.strictEqual(done.completedIds.length + done.failedIds.length, 1200)
        assert.deepStrictEqual(done.unknownIds, ["unknown-id"])
      })
    )
  )

  it.effect("up to 500 ids is one call", () =>
    withEmulator((env) =>
      Effect.gen(function* () {
        const ids = yield* ingestMany(env, 500)
        yield* env.memsy.status(ids)
        assert.strictEqual(requestsTo(env, "/v1/status"), 1)
      })
    )
  )
})

describe("waitForProcessing", () => {
  it.effect("polls until nothing is pending, reporting progress", () =>
    withEmulator(
      (env) =>
        Effect.gen(function* () {
          const { eventIds } = yield* env.memsy.ingest([event("a one"), event("b two"), event("c three")])
          const seen: Array<{ pending: number; completed: number }> = []
          const fiber = yield* Effect.fork(
            env.memsy.waitForProcessing(eventIds, {
              pollInterval: "500 millis",
              onProgress: (p) => seen.push(p)
            })
          )
          yield* TestClock.adjust("3 seconds")
          const status = yield* Fiber.join(fiber)
          assert.strictEqual(status.completedIds.length + status.failedIds.length, 3)
          assert.strictEqual(status.pendingIds.length, 0)
          assert.strictEqual(seen[0]?.pending, 3)
          assert.strictEqual(seen[seen.length - 1]?.pending, 0)
          // 0, 500, 1000 ms: processing takes 1 s, so the third poll is the last.
          assert.strictEqual(seen.length, 3)
        }),
      { processingDelay: 1000 }
    )
  )

  it.effect("fails with ProcessingTimeout carrying the last status", () =>
    withEmulator(
      (env) =>
        Effect.gen(function* () {
          const { eventIds } = yield* env.memsy.ingest([event("slow one"), event("slow two")])
          const fiber = yield* Effect.fork(
            Effect.flip(env.memsy.waitForProcessing(eventIds, { timeout: "5 seconds" }))
          )
          yield* TestClock.adjust("5 seconds")
          const error = expectTag(yield* Fiber.join(fiber), "ProcessingTimeout")
          assert.strictEqual(error.timeout, 5000)
          assert.deepStrictEqual(error.status?.pendingIds, eventIds)
          assert.include(error.message, "2 of 2 still pending")
        }),
      { processingDelay: 60_000 }
    )
  )

  it.effect("watchProcessing emits every poll, the settled one last", () =>
    withEmulator(
      (env) =>
        Effect.gen(function* () {
          const { eventIds } = yield* env.memsy.ingest([event("watched")])
          const fiber = yield* Effect.fork(
            Stream.runCollect(env.memsy.watchProcessing(eventIds, { pollInterval: "1 second" }))
          )
          yield* TestClock.adjust("10 seconds")
          const polls = Chunk.toReadonlyArray(yield* Fiber.join(fiber))
          assert.deepStrictEqual(
            polls.map((s) => s.pendingIds.length),
            [1, 1, 0]
          )
        }),
      { processingDelay: 2000 }
    )
  )
})
