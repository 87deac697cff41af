/**
 * Errors and limits as an SDK user meets them: the emulator's own rate limit and quotas, and
 * injected faults (5xx, dropped connections, malformed bodies, latency), all on the TestClock.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Option, TestClock } from "effect"
import { event, expectTag, hits, promptly, T0, withEmulator } from "./effect.helpers.js"

describe("rate limit", () => {
  it.effect("a rate-limited call is retried after Retry-After, by the clock, and succeeds", () =>
    withEmulator(
      ({ memsy, emulator }) =>
        Effect.gen(function* () {
          const first = yield* memsy.health()
          assert.deepStrictEqual([first.rateLimit?.limit, first.rateLimit?.remaining], [2, 1])
          assert.strictEqual(first.rateLimit?.reset, (T0 + 60_000) / 1000)
          assert.strictEqual((yield* memsy.health()).rateLimit?.remaining, 0)

          yield* TestClock.adjust("45 seconds")
          const fiber = yield* Effect.fork(memsy.search("anything"))
          yield* TestClock.adjust("14 seconds")
          assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)), "still waiting out Retry-After: 15")
          yield* TestClock.adjust("1 second")
          const result = yield* promptly(Fiber.join(fiber))
          assert.deepStrictEqual(result.results, [])
          // A new window.
          assert.deepStrictEqual([result.rateLimit?.limit, result.rateLimit?.remaining], [2, 1])
          assert.deepStrictEqual(hits(emulator, "/v1/search"), ["POST 429", "POST 200"])
        }),
      { rateLimit: { limit: 2, windowMs: 60_000 } }
    )
  )

  it.effect(
    "with maxRetries 0 it surfaces as RateLimitExceeded with retryAfter; limited calls are not metered",
    () =>
      withEmulator(
        ({ memsy, control, emulator }) =>
          Effect.gen(function* () {
            yield* memsy.health()
            yield* TestClock.adjust("20 seconds")
            const error = expectTag(
              yield* promptly(Effect.flip(memsy.ingest([event("hello")]))),
              "RateLimitExceeded"
            )
            assert.strictEqual(error.statusCode, 429)
            assert.strictEqual(error.retryAfter, 40)
            assert.strictEqual(error.errorCode, "rate_limited")
            assert.notInclude(error.detail.toLowerCase(), "quota")
            assert.strictEqual(emulator.events().length, 0)
            // The control plane shares the key's window.
            expectTag(yield* promptly(Effect.flip(control.me())), "RateLimitExceeded")
            yield* TestClock.adjust("40 seconds")
            const summary = yield* control.usage.summary()
            assert.strictEqual(summary.dimensions.find((d) => d.dimension === "api_calls")?.used, 1)
          }),
        { rateLimit: { limit: 1, windowMs: 60_000 }, client: { maxRetries: 0 } }
      )
  )

  it.effect("without Retry-After the SDK backs off 1 s, then 2 s; after maxRetries the error surfaces", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        emulator.inject({ route: "GET /v1/health", status: 429, times: 2 })
        const fiber = yield* Effect.fork(memsy.health())
        yield* TestClock.adjust("1 second")
        assert.deepStrictEqual(hits(emulator, "/v1/health"), ["GET 429", "GET 429"])
        yield* TestClock.adjust("1999 millis")
        assert.strictEqual(hits(emulator, "/v1/health").length, 2)
        yield* TestClock.adjust("1 millis")
        assert.strictEqual((yield* promptly(Fiber.join(fiber))).status, "ok")
        assert.deepStrictEqual(hits(emulator, "/v1/health"), ["GET 429", "GET 429", "GET 200"])

        // Four attempts in all (3 retries), then RateLimitExceeded.
        emulator.inject({ route: "GET /v1/health", status: 429, retryAfter: 1 })
        const exhausted = yield* Effect.fork(Effect.flip(memsy.health()))
        yield* TestClock.adjust("3 seconds")
        const error = expectTag(yield* promptly(Fiber.join(exhausted)), "RateLimitExceeded")
        assert.strictEqual(error.retryAfter, 1)
        assert.strictEqual(hits(emulator, "/v1/health").length, 3 + 4)
      })
    )
  )

  it.effect("a Retry-After beyond a minute is not waited for; an HTTP-date is read against the clock", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        emulator.inject({ route: "POST /v1/search", status: 429, retryAfter: 120, times: 1 })
        const error = expectTag(yield* promptly(Effect.flip(memsy.search("x"))), "RateLimitExceeded")
        assert.strictEqual(error.retryAfter, 120)
        assert.deepStrictEqual(hits(emulator, "/v1/search"), ["POST 429"])

        emulator.inject({
          route: "POST /v1/search",
          status: 429,
          retryAfter: new Date(T0 + 5000).toUTCString(),
          times: 1
        })
        const fiber = yield* Effect.fork(memsy.search("x"))
        yield* TestClock.adjust("4999 millis")
        assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
        yield* TestClock.adjust("1 millis")
        yield* promptly(Fiber.join(fiber))
        assert.deepStrictEqual(hits(emulator, "/v1/search"), ["POST 429", "POST 429", "POST 200"])
      })
    )
  )
})

describe("quotas", () => {
  it.effect(
    "an exhausted quota is UsageLimitExceeded with dimension, current and limit, and is not retried",
    () =>
      withEmulator(
        ({ memsy, emulator }) =>
          Effect.gen(function* () {
            assert.strictEqual((yield* memsy.search("one")).usage?.searchQueriesLimit, 2)
            yield* memsy.search("two")
            const error = expectTag(yield* promptly(Effect.flip(memsy.search("three"))), "UsageLimitExceeded")
            assert.strictEqual(error.statusCode, 429)
            assert.strictEqual(error.errorCode, "usage_limit_exceeded")
            assert.strictEqual(error.dimension, "search_queries")
            assert.strictEqual(error.current, 2)
            assert.strictEqual(error.limit, 2)
            assert.strictEqual(error.upgradeUrl, "https://app.memsy.io/settings/billing")
            assert.deepStrictEqual(hits(emulator, "/v1/search"), ["POST 200", "POST 200", "POST 429"])
            // Other calls go on.
            assert.strictEqual((yield* memsy.health()).usage?.searchQueries, 2)
          }),
        { quotas: { search_queries: 2 } }
      )
  )

  it.effect("events_ingested: a batch that does not fit is refused whole", () =>
    withEmulator(
      ({ memsy, emulator }) =>
        Effect.gen(function* () {
          yield* memsy.ingest([event("one thing"), event("two things")])
          const error = expectTag(
            yield* promptly(Effect.flip(memsy.ingest([event("three things"), event("four things")]))),
            "UsageLimitExceeded"
          )
          assert.deepStrictEqual([error.dimension, error.current, error.limit], ["events_ingested", 2, 3])
          assert.strictEqual(emulator.events().length, 2)
          // Repeats are not new events and cost nothing; one more fits.
          yield* memsy.ingest([event("one thing"), event("three things")])
          assert.strictEqual(emulator.events().length, 3)
          assert.deepStrictEqual(hits(emulator, "/v1/ingest"), ["POST 200", "POST 429", "POST 200"])
        }),
      { quotas: { events_ingested: 3 } }
    )
  )

  it.effect("api_calls: every data-plane call counts, the control plane does not", () =>
    withEmulator(
      ({ memsy, control }) =>
        Effect.gen(function* () {
          yield* memsy.health()
          yield* memsy.memories.stats()
          const error = expectTag(yield* promptly(Effect.flip(memsy.orgs.list())), "UsageLimitExceeded")
          assert.deepStrictEqual([error.dimension, error.current, error.limit], ["api_calls", 2, 2])
          assert.strictEqual((yield* control.me()).orgId, "org_emulator")
        }),
      { quotas: { api_calls: 2 } }
    )
  )

  it.effect("memories_stored: a full store refuses more ingest up front", () =>
    withEmulator(
      ({ memsy }) =>
        Effect.gen(function* () {
          yield* memsy.ingest([event("I like tea")])
          yield* TestClock.adjust("1 second")
          // One memory stored: the store is full, so the next ingest is refused up front.
          const error = expectTag(
            yield* promptly(Effect.flip(memsy.ingest([event("I like coffee")]))),
            "UsageLimitExceeded"
          )
          assert.deepStrictEqual([error.dimension, error.current, error.limit], ["memories_stored", 1, 1])
        }),
      { quotas: { memories_stored: 1 } }
    )
  )
})

describe("faults", () => {
  it.effect("an injected 500 is a MemsyAPIError, not retried", () =>
    withEmulator(({ memsy, control, emulator }) =>
      Effect.gen(function* () {
        emulator.inject({ route: "POST /v1/search", status: 500, times: 1 })
        const error = expectTag(yield* promptly(Effect.flip(memsy.search("x"))), "MemsyAPIError")
        assert.strictEqual(error.statusCode, 500)
        assert.strictEqual(error.detail, "Internal Server Error")
        assert.deepStrictEqual(hits(emulator, "/v1/search"), ["POST 500"])

        emulator.inject({ route: "GET /api/me", status: 503, body: "<html>busy</html>", times: 1 })
        const html = expectTag(yield* promptly(Effect.flip(control.me())), "MemsyAPIError")
        assert.deepStrictEqual([html.statusCode, html.detail], [503, "<html>busy</html>"])
        assert.strictEqual((yield* memsy.search("x")).results.length, 0)
      })
    )
  )

  it.effect("a gateway 403 {message: Forbidden} is an AuthenticationError", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        emulator.inject({ route: "/v1/*", status: 403, body: { message: "Forbidden" }, times: 1 })
        const error = expectTag(yield* promptly(Effect.flip(memsy.health())), "AuthenticationError")
        assert.deepStrictEqual([error.statusCode, error.detail], [403, "Forbidden"])
      })
    )
  )

  it.effect("a dropped connection is a MemsyConnectionError (Transport), not retried", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        emulator.inject({ route: "POST /v1/ingest", drop: true, times: 1 })
        const error = expectTag(
          yield* promptly(Effect.flip(memsy.ingest([event("hello")]))),
          "MemsyConnectionError"
        )
        assert.strictEqual(error.reason, "Transport")
        assert.include(error.detail, "connection dropped")
        assert.deepStrictEqual(hits(emulator, "/v1/ingest"), ["POST 0"])
        assert.strictEqual(emulator.events().length, 0)
      })
    )
  )

  it.effect("a malformed 2xx body is a MemsyDecodeError naming the operation", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        emulator.inject({ route: "POST /v1/search", malformed: true, times: 1 })
        const error = expectTag(yield* promptly(Effect.flip(memsy.search("x"))), "MemsyDecodeError")
        assert.deepStrictEqual([error.operation, error.statusCode], ["search", 200])
        assert.strictEqual(error.detail, "the body is not JSON")
        // A body of the wrong shape is one too.
        emulator.inject({
          route: "GET /v1/console/memories/stats",
          status: 200,
          body: { total: "many" },
          times: 1
        })
        const shape = expectTag(yield* promptly(Effect.flip(memsy.memories.stats())), "MemsyDecodeError")
        assert.strictEqual(shape.operation, "memories.stats")
      })
    )
  )

  it.effect("latency beyond the client timeout is a MemsyConnectionError Timeout, under the TestClock", () =>
    withEmulator(
      ({ memsy, emulator }) =>
        Effect.gen(function* () {
          emulator.inject({ route: "GET /v1/health", latency: 6000, times: 1 })
          const slow = yield* Effect.fork(Effect.flip(memsy.health()))
          yield* TestClock.adjust("4999 millis")
          assert.isTrue(Option.isNone(yield* Fiber.poll(slow)))
          yield* TestClock.adjust("1 millis")
          const error = expectTag(yield* promptly(Fiber.join(slow)), "MemsyConnectionError")
          assert.strictEqual(error.reason, "Timeout")
          assert.strictEqual(error.detail, "health timed out after 5s")

          // Within the timeout, latency only delays the answer.
          emulator.inject({ route: "GET /v1/health", latency: 4000, times: 1 })
          const fine = yield* Effect.fork(memsy.health())
          yield* TestClock.adjust("4 seconds")
          assert.strictEqual((yield* promptly(Fiber.join(fine))).status, "ok")
        }),
      { client: { timeout: "5 seconds" } }
    )
  )

  it.effect("the default timeout is 30 s", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        emulator.inject({ route: "POST /v1/status", latency: 31_000, times: 1 })
        const fiber = yield* Effect.fork(Effect.flip(memsy.status(["x"])))
        yield* TestClock.adjust("30 seconds")
        const error = expectTag(yield* promptly(Fiber.join(fiber)), "MemsyConnectionError")
        assert.strictEqual(error.reason, "Timeout")
        assert.strictEqual(hits(emulator, "/v1/status").length, 1)
      })
    )
  )
})
