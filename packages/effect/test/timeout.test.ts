/**
 * Timeouts (30 s by default, per attempt), dropped connections, and interruption reaching the
 * transport as an aborted request, all under the `TestClock`.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { MemsyClient, MemsyError, Transport } from "@memsy/effect"
import { Deferred, type Duration, Effect, Fiber, Option, TestClock } from "effect"
import { clients, joinNow, MockTransport, promptly } from "./support.js"

const found = (delay: Duration.DurationInput) => MockTransport.json({ results: [] }, { delay })

const search = Effect.flatMap(clients, (c) => c.data.search("dark mode"))

const script = (...replies: ReadonlyArray<MockTransport.Reply>) =>
  Effect.flatMap(MockTransport.MockTransport, (mock) => mock.reply("POST /search", ...replies))

const requestCount = Effect.map(
  Effect.flatMap(MockTransport.MockTransport, (mock) => mock.requests),
  (requests) => requests.length
)

describe("timeouts", () => {
  it.effect("a call times out after 30 s by default, with reason Timeout, and is not retried", () =>
    Effect.gen(function* () {
      yield* script(found("31 seconds"), found("0 millis"))
      const fiber = yield* Effect.fork(Effect.flip(search))
      yield* TestClock.adjust("29999 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      yield* TestClock.adjust("1 millis")
      const error = yield* joinNow(fiber)
      assert.instanceOf(error, MemsyError.MemsyConnectionError)
      assert.strictEqual(error.reason, "Timeout")
      assert.strictEqual(error.detail, "search timed out after 30s")
      assert.strictEqual(error.message, "Could not reach Memsy: search timed out after 30s")
      yield* TestClock.adjust("10 minutes")
      assert.strictEqual(yield* requestCount, 1)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("an answer within 30 s is not cut off", () =>
    Effect.gen(function* () {
      yield* script(found("29 seconds"))
      const fiber = yield* Effect.fork(search)
      yield* TestClock.adjust("29 seconds")
      const result = yield* joinNow(fiber)
      assert.deepStrictEqual(result.results, [])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a custom timeout", () =>
    Effect.gen(function* () {
      yield* script(found("6 seconds"))
      const fiber = yield* Effect.fork(Effect.flip(search))
      yield* TestClock.adjust("4999 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(fiber)))
      yield* TestClock.adjust("1 millis")
      const error = yield* joinNow(fiber)
      assert.instanceOf(error, MemsyError.MemsyConnectionError)
      assert.strictEqual(error.reason, "Timeout")
      assert.strictEqual(error.detail, "search timed out after 5s")
    }).pipe(Effect.provide(MockTransport.layerClients({ client: { timeout: "5 seconds" } })))
  )

  it.effect("the timeout is per attempt: waiting between retries does not count", () =>
    Effect.gen(function* () {
      yield* script(
        MockTransport.json({}, { status: 429, headers: { "retry-after": "10" }, delay: "1500 millis" }),
        found("1500 millis")
      )
      const fiber = yield* Effect.fork(search)
      yield* TestClock.adjust("13 seconds")
      const result = yield* joinNow(fiber)
      assert.deepStrictEqual(result.results, [])
      const mock = yield* MockTransport.MockTransport
      assert.deepStrictEqual(
        (yield* mock.requests).map((r) => r.at),
        [0, 11_500]
      )
    }).pipe(Effect.provide(MockTransport.layerClients({ client: { timeout: "2 seconds" } })))
  )

  it.effect("the timeout applies to the control plane too", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("GET /api/me", MockTransport.json({}, { delay: "1 minute" }))
      const { control } = yield* clients
      const fiber = yield* Effect.fork(Effect.flip(control.me()))
      yield* TestClock.adjust("30 seconds")
      const error = yield* joinNow(fiber)
      assert.strictEqual(error._tag, "MemsyConnectionError")
      assert.strictEqual(error._tag === "MemsyConnectionError" && error.reason, "Timeout")
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})

describe("transport failures", () => {
  it.effect("a dropped connection is a MemsyConnectionError with reason Transport", () =>
    Effect.gen(function* () {
      yield* script(MockTransport.drop, found("0 millis"))
      const error = yield* Effect.flip(search)
      assert.instanceOf(error, MemsyError.MemsyConnectionError)
      assert.strictEqual(error.reason, "Transport")
      assert.include(error.detail, "connection dropped")
      assert.instanceOf(error.cause, TypeError)
      assert.strictEqual(yield* requestCount, 1)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a base URL that is not a URL is a validation error, not a crash", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      const memsy = yield* MemsyClient.make({ baseUrl: "not a url", apiKey: "msy_x" })
      const error = yield* Effect.flip(memsy.health())
      assert.instanceOf(error, MemsyError.MemsyValidationError)
      assert.strictEqual(error.operation, "health")
      assert.deepStrictEqual(yield* mock.requests, [])
    }).pipe(Effect.provide(MockTransport.layer))
  )
})

describe("interruption", () => {
  it.effect("interrupting the calling fiber aborts the HTTP request", () =>
    Effect.gen(function* () {
      const started = yield* Deferred.make<AbortSignal>()
      const aborted = yield* Deferred.make<void>()
      const http = HttpClient.make((_request, _url, signal) =>
        Effect.gen(function* () {
          signal.addEventListener("abort", () => Deferred.unsafeDone(aborted, Effect.void))
          yield* Deferred.succeed(started, signal)
          return yield* Effect.never
        })
      )
      const memsy = yield* MemsyClient.make({ baseUrl: "http://memsy.test/v1", apiKey: "msy_x" }).pipe(
        Effect.provideService(Transport.Transport, Transport.fromHttpClient(http))
      )
      const fiber = yield* Effect.fork(memsy.search("dark mode"))
      const signal = yield* promptly(Deferred.await(started))
      assert.isFalse(signal.aborted)
      yield* Fiber.interrupt(fiber)
      yield* promptly(Deferred.await(aborted))
      assert.isTrue(signal.aborted)
    })
  )
})
