/**
 * Retries under the `TestClock`: only rate limits are retried, `Retry-After` is waited exactly
 * (seconds, fractions, HTTP-dates; not beyond 60 s), exponential backoff otherwise, at most
 * `maxRetries + 1` attempts, and a custom `retrySchedule` replaces the policy.
 */
import { assert, describe, it } from "@effect/vitest"
import { MemsyError, Retry } from "@memsy/effect"
import { Duration, Effect, Fiber, Option, Schedule, TestClock } from "effect"
import { clients, joinNow, MockTransport } from "./support.js"

const tooMany = (retryAfter?: string): MockTransport.Reply =>
  MockTransport.json(
    { message: "Too many requests" },
    { status: 429, headers: retryAfter === undefined ? {} : { "retry-after": retryAfter } }
  )

const found = MockTransport.json({ results: [{ id: "m1", content: "Prefers dark mode", score: 0.5 }] })

const search = Effect.flatMap(clients, (c) => c.data.search("dark mode", { actorId: "u1" }))

const times = Effect.map(
  Effect.flatMap(MockTransport.MockTransport, (mock) => mock.requests),
  (requests) => requests.map((r) => r.at)
)

const script = (...replies: ReadonlyArray<MockTransport.Reply>) =>
  Effect.flatMap(MockTransport.MockTransport, (mock) => mock.reply("POST /search", ...replies))

describe("retries", () => {
  it.effect("waits exactly Retry-After before the second attempt", () =>
    Effect.gen(function* () {
      yield* script(tooMany("2.5"), found)
      const fiber = yield* Effect.fork(search)
      yield* TestClock.adjust("2499 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      assert.deepStrictEqual(yield* times, [0])
      yield* TestClock.adjust("1 millis")
      const result = yield* joinNow(fiber)
      assert.strictEqual(result.results[0]?.id, "m1")
      assert.deepStrictEqual(yield* times, [0, 2500])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("Retry-After in fractional seconds", () =>
    Effect.gen(function* () {
      yield* script(tooMany("0.25"), tooMany("0.5"), found)
      const fiber = yield* Effect.fork(search)
      yield* TestClock.adjust("750 millis")
      yield* joinNow(fiber)
      assert.deepStrictEqual(yield* times, [0, 250, 750])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("backs off exponentially from 1 s when there is no Retry-After", () =>
    Effect.gen(function* () {
      yield* script(tooMany(), tooMany(), tooMany(), found)
      const fiber = yield* Effect.fork(search)
      yield* TestClock.adjust("7 seconds")
      yield* joinNow(fiber)
      assert.deepStrictEqual(yield* times, [0, 1000, 3000, 7000])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("retryBackoff sets the first wait", () =>
    Effect.gen(function* () {
      yield* script(tooMany(), tooMany(), found)
      const fiber = yield* Effect.fork(search)
      yield* TestClock.adjust("1500 millis")
      yield* joinNow(fiber)
      assert.deepStrictEqual(yield* times, [0, 500, 1500])
    }).pipe(Effect.provide(MockTransport.layerClients({ client: { retryBackoff: "500 millis" } })))
  )

  it.effect("Retry-After replaces the wait of its retry only; the backoff keeps counting", () =>
    Effect.gen(function* () {
      yield* script(tooMany("5"), tooMany(), found)
      const fiber = yield* Effect.fork(search)
      yield* TestClock.adjust("7 seconds")
      yield* joinNow(fiber)
      assert.deepStrictEqual(yield* times, [0, 5000, 7000])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("makes maxRetries + 1 attempts, then fails with RateLimitExceeded and its retryAfter", () =>
    Effect.gen(function* () {
      yield* script(tooMany("1"), tooMany("1"), tooMany("1"), tooMany("3"), found)
      const fiber = yield* Effect.fork(Effect.flip(search))
      yield* TestClock.adjust("1 minute")
      const error = yield* joinNow(fiber)
      assert.instanceOf(error, MemsyError.RateLimitExceeded)
      assert.strictEqual(error.retryAfter, 3)
      assert.strictEqual(error.statusCode, 429)
      assert.deepStrictEqual(yield* times, [0, 1000, 2000, 3000])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  for (const maxRetries of [0, 1, 5]) {
    it.effect(`maxRetries ${maxRetries} makes ${maxRetries + 1} attempts`, () =>
      Effect.gen(function* () {
        yield* script(...Array.from({ length: 8 }, () => tooMany("1")))
        const fiber = yield* Effect.fork(Effect.flip(search))
        yield* TestClock.adjust("1 minute")
        const error = yield* joinNow(fiber)
        assert.strictEqual(error._tag, "RateLimitExceeded")
        assert.deepStrictEqual(
          yield* times,
          Array.from({ length: maxRetries + 1 }, (_, i) => i * 1000)
        )
      }).pipe(Effect.provide(MockTransport.layerClients({ client: { maxRetries } })))
    )
  }

  it.effect("Retry-After as an HTTP-date waits until that date by the clock", () =>
    Effect.gen(function* () {
      const now = Date.parse("2026-03-15T14:22:10Z")
      yield* TestClock.setTime(now)
      yield* script(tooMany("Sun, 15 Mar 2026 14:22:13 GMT"), found)
      const fiber = yield* Effect.fork(search)
      yield* TestClock.adjust("3 seconds")
      yield* joinNow(fiber)
      assert.deepStrictEqual(yield* times, [now, now + 3000])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("an HTTP-date Retry-After surfaces as seconds on the final error", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.parse("2026-03-15T14:22:10Z"))
      yield* script(tooMany("Sun, 15 Mar 2026 14:22:40 GMT"))
      const error = yield* Effect.flip(search)
      assert.instanceOf(error, MemsyError.RateLimitExceeded)
      assert.strictEqual(error.retryAfter, 30)
    }).pipe(Effect.provide(MockTransport.layerClients({ client: { maxRetries: 0 } })))
  )

  it.effect("an HTTP-date in the past retries at once", () =>
    Effect.gen(function* () {
      const now = Date.parse("2026-03-15T14:22:10Z")
      yield* TestClock.setTime(now)
      yield* script(tooMany("Sun, 15 Mar 2026 14:00:00 GMT"), found)
      const fiber = yield* Effect.fork(search)
      yield* joinNow(fiber)
      assert.deepStrictEqual(yield* times, [now, now])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("an unreadable Retry-After falls back to the backoff", () =>
    Effect.gen(function* () {
      yield* script(tooMany("soon"), found)
      const fiber = yield* Effect.fork(search)
      yield* TestClock.adjust("1 second")
      yield* joinNow(fiber)
      assert.deepStrictEqual(yield* times, [0, 1000])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  // `Date.parse` reads "-5" and "2." as dates in 2001: taken for HTTP-dates, they were waits of zero.
  for (const value of ["-5", "-1.5", "2.", "Sun 5"]) {
    it.effect(`a Retry-After of ${JSON.stringify(value)} is no date: the backoff applies`, () =>
      Effect.gen(function* () {
        yield* script(tooMany(value), found)
        const fiber = yield* Effect.fork(search)
        yield* TestClock.adjust("1 second")
        yield* joinNow(fiber)
        assert.deepStrictEqual(yield* times, [0, 1000])
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }

  it.effect("a Retry-After beyond 60 s is not waited for: the error surfaces at once", () =>
    Effect.gen(function* () {
      yield* script(tooMany("61"), found)
      const fiber = yield* Effect.fork(Effect.flip(search))
      const error = yield* joinNow(fiber)
      assert.instanceOf(error, MemsyError.RateLimitExceeded)
      assert.strictEqual(error.retryAfter, 61)
      assert.deepStrictEqual(yield* times, [0])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a Retry-After of exactly 60 s is waited for", () =>
    Effect.gen(function* () {
      yield* script(tooMany("60"), found)
      const fiber = yield* Effect.fork(search)
      yield* TestClock.adjust("60 seconds")
      yield* joinNow(fiber)
      assert.deepStrictEqual(yield* times, [0, 60_000])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  const notRetried: ReadonlyArray<readonly [string, MockTransport.Reply, MemsyError.MemsyError["_tag"]]> = [
    [
      "429 usage_limit_exceeded",
      MockTransport.json(
        { error: "usage_limit_exceeded", message: "Quota reached" },
        { status: 429, headers: { "retry-after": "1" } }
      ),
      "UsageLimitExceeded"
    ],
    ["401", MockTransport.json({ detail: "Invalid key" }, { status: 401 }), "AuthenticationError"],
    ["403", MockTransport.json({ error: "admin_required" }, { status: 403 }), "AuthorizationError"],
    ["422", MockTransport.json({ detail: [] }, { status: 422 }), "MemsyAPIError"],
    ["500", MockTransport.json({ detail: "boom" }, { status: 500 }), "MemsyAPIError"],
    ["503 with Retry-After", { status: 503, text: "down", headers: { "retry-after": "1" } }, "MemsyAPIError"],
    ["a dropped connection", MockTransport.drop, "MemsyConnectionError"],
    ["a 2xx that does not decode", MockTransport.json({ results: "nope" }), "MemsyDecodeError"]
  ]

  for (const [title, reply, tag] of notRetried) {
    it.effect(`does not retry ${title}`, () =>
      Effect.gen(function* () {
        yield* script(reply, found)
        const fiber = yield* Effect.fork(Effect.flip(search))
        yield* TestClock.adjust("10 minutes")
        const error = yield* joinNow(fiber)
        assert.strictEqual(error._tag, tag)
        assert.deepStrictEqual(yield* times, [0])
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }

  it.effect("a custom retrySchedule replaces the policy (maxRetries and Retry-After unused)", () =>
    Effect.gen(function* () {
      yield* script(tooMany("5"), tooMany("5"), tooMany("5"), found)
      const fiber = yield* Effect.fork(Effect.flip(search))
      yield* TestClock.adjust("1 second")
      const error = yield* joinNow(fiber)
      assert.strictEqual(error._tag, "RateLimitExceeded")
      assert.deepStrictEqual(yield* times, [0, 100, 200])
    }).pipe(
      Effect.provide(
        MockTransport.layerClients({
          client: {
            maxRetries: 10,
            retrySchedule: Schedule.spaced("100 millis").pipe(Schedule.intersect(Schedule.recurs(2)))
          }
        })
      )
    )
  )

  it.effect("a custom retrySchedule still retries rate limits only", () =>
    Effect.gen(function* () {
      yield* script(MockTransport.json({ detail: "boom" }, { status: 500 }), found)
      const fiber = yield* Effect.fork(Effect.flip(search))
      yield* TestClock.adjust("1 second")
      const error = yield* joinNow(fiber)
      assert.strictEqual(error._tag, "MemsyAPIError")
      assert.deepStrictEqual(yield* times, [0])
    }).pipe(
      Effect.provide(MockTransport.layerClients({ client: { retrySchedule: Schedule.spaced("100 millis") } }))
    )
  )

  it.effect("Retry.schedule builds the policy from options, with its own Retry-After ceiling", () =>
    Effect.gen(function* () {
      yield* script(tooMany(), tooMany(), tooMany("11"), found)
      const fiber = yield* Effect.fork(Effect.flip(search))
      yield* TestClock.adjust("600 millis")
      const error = yield* joinNow(fiber)
      assert.instanceOf(error, MemsyError.RateLimitExceeded)
      assert.strictEqual(error.retryAfter, 11)
      assert.deepStrictEqual(yield* times, [0, 200, 600])
    }).pipe(
      Effect.provide(
        MockTransport.layerClients({
          client: {
            retrySchedule: Retry.schedule({
              maxRetries: 5,
              backoff: "200 millis",
              maxRetryAfter: "10 seconds"
            })
          }
        })
      )
    )
  )

  it("the defaults are the official SDKs': 3 retries, 1 s backoff, 60 s ceiling", () => {
    assert.strictEqual(Retry.defaults.maxRetries, 3)
    assert.strictEqual(Duration.toMillis(Duration.decode(Retry.defaults.backoff)), 1000)
    assert.strictEqual(Duration.toMillis(Duration.decode(Retry.defaults.maxRetryAfter)), 60_000)
  })
})
