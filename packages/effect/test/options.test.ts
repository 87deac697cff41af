/**
 * A call's own options (`timeout`, `maxRetries`, `retryTransient`, `headers`), `withOptions`, and
 * transient retries: repeated only where repeating is safe, under the `TestClock`.
 */
import { assert, describe, it } from "@effect/vitest"
import type { MemsyError } from "@memsy/effect"
import { type Duration, Effect, TestClock } from "effect"
import { clients, joinNow, MockTransport } from "./support.js"

const found = MockTransport.json({ results: [{ id: "m1", content: "Prefers dark mode", score: 0.5 }] })
const down = MockTransport.json({ detail: "unavailable" }, { status: 503 })
const stored = (n: number) => MockTransport.json({ event_ids: Array.from({ length: n }, (_, i) => `e${i}`) })

const times = Effect.map(
  Effect.flatMap(MockTransport.MockTransport, (mock) => mock.requests),
  (requests) => requests.map((r) => r.at)
)

const script = (route: string, ...replies: ReadonlyArray<MockTransport.Reply>) =>
  Effect.flatMap(MockTransport.MockTransport, (mock) => mock.reply(route, ...replies))

/** Runs `effect` forked, moves the clock `by`, and gives its exit. */
const after = <A>(by: Duration.DurationInput, effect: Effect.Effect<A, MemsyError.MemsyError, never>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(Effect.either(effect))
    yield* TestClock.adjust(by)
    return yield* joinNow(fiber)
  })

const event = (content: string, eventId?: string) => ({
  actorId: "u1",
  sessionId: "s1",
  kind: "user_message" as const,
  content,
  ...(eventId !== undefined && { eventId })
})

describe("request options", () => {
  it.effect("timeout replaces the client's for that call only", () =>
    Effect.gen(function* () {
      const c = yield* clients
      yield* script("GET /health", { ...MockTransport.json({ status: "ok" }), delay: "2 seconds" })
      const fiber = yield* Effect.fork(Effect.flip(c.data.health({ timeout: "1 second" })))
      yield* TestClock.adjust("1 second")
      const error = yield* joinNow(fiber)
      assert.strictEqual(error._tag, "MemsyConnectionError")
      assert.include(error.message, "timed out after 1s")
      // The next call has the client's 30 s again: 2 s is well within it.
      yield* script("GET /health", { ...MockTransport.json({ status: "ok" }), delay: "2 seconds" })
      const second = yield* after("2 seconds", c.data.health())
      assert.isTrue(second._tag === "Right")
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("maxRetries replaces the client's for that call only", () =>
    Effect.gen(function* () {
      const c = yield* clients
      const tooMany = MockTransport.json(
        { message: "slow down" },
        { status: 429, headers: { "retry-after": "1" } }
      )
      yield* script("POST /search", tooMany, tooMany, tooMany)
      const result = yield* after("10 seconds", c.data.search("q", { actorId: "u1" }, { maxRetries: 1 }))
      assert.strictEqual(result._tag, "Left")
      assert.deepStrictEqual(yield* times, [0, 1000])
    }).pipe(Effect.provide(MockTransport.layerClients({ client: { maxRetries: 5 } })))
  )

  it.effect("headers are sent; the key, accept and content-type stay the SDK's", () =>
    Effect.gen(function* () {
      const c = yield* clients
      yield* script("POST /search", found)
      yield* c.data.search(
        "q",
        { actorId: "u1" },
        { headers: { "X-Tenant": "acme", "Content-Type": "text/plain" } }
      )
      const [sent] = yield* Effect.flatMap(MockTransport.MockTransport, (mock) => mock.requests)
      assert.strictEqual(sent?.headers["x-tenant"], "acme")
      assert.strictEqual(sent?.headers["content-type"], "application/json")
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})

describe("retryTransient", () => {
  it.effect("is off by default: a 503 fails at once", () =>
    Effect.gen(function* () {
      const c = yield* clients
      yield* script("POST /search", down, found)
      const result = yield* after("1 minute", c.data.search("q", { actorId: "u1" }))
      assert.strictEqual(result._tag, "Left")
      assert.deepStrictEqual(yield* times, [0])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("retries a search after 5xx, 408 and a dropped connection, with jittered backoff", () =>
    Effect.gen(function* () {
      const c = yield* clients
      const timeoutReply = MockTransport.json({ detail: "timeout" }, { status: 408 })
      yield* script("POST /search", down, timeoutReply, MockTransport.drop, found)
      const result = yield* after("1 minute", c.data.search("q", { actorId: "u1" }, { retryTransient: true }))
      assert.strictEqual(result._tag, "Right")
      const at = yield* times
      assert.strictEqual(at.length, 4)
      // Backoff 1 s, 2 s, 4 s, each ×0.8 to ×1.2.
      const waits = at.slice(1).map((t, i) => t - at[i]!)
      waits.forEach((wait, i) => {
        assert.isAtLeast(wait, 800 * 2 ** i)
        assert.isAtMost(wait, 1200 * 2 ** i)
      })
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("retries a timed-out read", () =>
    Effect.gen(function* () {
      const c = yield* clients
      yield* script(
        "GET /health",
        { ...MockTransport.json({ status: "ok" }), delay: "5 seconds" },
        MockTransport.json({ status: "ok" })
      )
      const result = yield* after("1 minute", c.data.health({ retryTransient: true, timeout: "1 second" }))
      assert.strictEqual(result._tag, "Right")
      assert.strictEqual((yield* times).length, 2)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("never repeats an ingest whose events lack ids", () =>
    Effect.gen(function* () {
      const c = yield* clients
      yield* script("POST /ingest", down, stored(2))
      const result = yield* after(
        "1 minute",
        c.data.ingest([event("a", "id-a"), event("b")], { retryTransient: true })
      )
      assert.strictEqual(result._tag, "Left")
      assert.deepStrictEqual(yield* times, [0])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("repeats an ingest whose events all carry ids", () =>
    Effect.gen(function* () {
      const c = yield* clients
      yield* script("POST /ingest", down, stored(2))
      const result = yield* after("1 minute", c.data.ingest([event("a", "id-a"), event("b", "id-b")]))
      assert.strictEqual(result._tag, "Right")
      assert.strictEqual((yield* times).length, 2)
    }).pipe(Effect.provide(MockTransport.layerClients({ client: { retryTransient: true } })))
  )

  it.effect("never repeats a create (POST) or an update (PATCH)", () =>
    Effect.gen(function* () {
      const c = yield* clients
      yield* script("POST /orgs", down, down)
      yield* script("PATCH /orgs/org_1", down, down)
      const created = yield* after(
        "1 minute",
        c.data.orgs.create({ orgId: "org_1", name: "Acme", focus: "support" })
      )
      const patched = yield* after("1 minute", c.data.orgs.update("org_1", { name: "Acme 2" }))
      assert.strictEqual(created._tag, "Left")
      assert.strictEqual(patched._tag, "Left")
      assert.strictEqual((yield* times).length, 2)
    }).pipe(Effect.provide(MockTransport.layerClients({ client: { retryTransient: true } })))
  )

  it.effect("a call can turn it off again", () =>
    Effect.gen(function* () {
      const c = yield* clients
      yield* script("DELETE /orgs/org_1", down, { status: 204 })
      const result = yield* after("1 minute", c.data.orgs.delete("org_1", { retryTransient: false }))
      assert.strictEqual(result._tag, "Left")
      assert.deepStrictEqual(yield* times, [0])
    }).pipe(Effect.provide(MockTransport.layerClients({ client: { retryTransient: true } })))
  )
})

describe("withOptions", () => {
  it.effect("gives a client with new defaults over the same transport; the original keeps its own", () =>
    Effect.gen(function* () {
      const c = yield* clients
      const patient = c.data.withOptions({ retryTransient: true, maxRetries: 1 })
      yield* script("POST /search", down, found)
      const retried = yield* after("1 minute", patient.search("q", { actorId: "u1" }))
      assert.strictEqual(retried._tag, "Right")
      yield* script("POST /search", down, found)
      const plain = yield* after("1 minute", c.data.search("q", { actorId: "u1" }))
      assert.strictEqual(plain._tag, "Left")
      // One scripted transport saw all three requests.
      assert.strictEqual((yield* times).length, 3)
      // Derived clients derive again, and keep `withResponse`.
      const { meta } = yield* Effect.flatMap(
        script("GET /health", MockTransport.json({ status: "ok" })),
        () => patient.withOptions({ timeout: "5 seconds" }).withResponse.health()
      )
      assert.strictEqual(meta.status, 200)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a pending call is not affected by a later withOptions", () =>
    Effect.gen(function* () {
      const c = yield* clients
      yield* script("POST /search", down, found)
      const fiber = yield* Effect.fork(Effect.either(c.data.search("q", { actorId: "u1" })))
      c.data.withOptions({ retryTransient: true })
      yield* TestClock.adjust("1 minute")
      const result = yield* joinNow(fiber)
      assert.strictEqual(result._tag, "Left")
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})
