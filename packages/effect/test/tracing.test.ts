/**
 * Each call runs in one `Memsy.<operation>` client span carrying the method, path, server, status and
 * attempts, with a `memsy.retry` event per retry; the request carries a `traceparent` naming that span;
 * one request log line per call at `Debug`, none below. And the API key shows up nowhere: not in
 * errors (message, `String`, `inspect`, JSON, `Cause.pretty`), not in results, not in any span's name,
 * attributes or events, not in a log line.
 */
import { assert, describe, it } from "@effect/vitest"
import { MemsyError } from "@memsy/effect"
import { Cause, Effect, Exit, FiberRef, HashSet, Logger, LogLevel, TestClock, Tracer } from "effect"
import { inspect } from "node:util"
import { type Call, clients, joinNow, MockTransport, withRecordedSpans } from "./support.js"

const KEY = "msy_5ecre7005ecre7005ecre7005ecre700"
const FRAGMENT = "5ecre700"

const memsySpans = (spans: ReadonlyArray<Tracer.Span>) => spans.filter((s) => s.name.startsWith("Memsy."))

const attributes = (span: Tracer.Span | undefined) => Object.fromEntries(span?.attributes ?? [])

/** The events of a span of Effect's own tracer, which keeps them. */
const events = (span: Tracer.Span | undefined) =>
  ((span as unknown as { events?: ReadonlyArray<readonly [string, bigint, Record<string, unknown>]> })
    ?.events ?? []) as ReadonlyArray<readonly [string, bigint, Record<string, unknown>]>

interface Line {
  readonly level: string
  readonly message: unknown
  readonly annotations: Record<string, unknown>
}

/** Runs `effect` at `level` with one logger only, which keeps every line. */
const withLogLines = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  level: LogLevel.LogLevel = LogLevel.Debug
): Effect.Effect<readonly [Exit.Exit<A, E>, ReadonlyArray<Line>], never, R> =>
  Effect.suspend(() => {
    const lines: Array<Line> = []
    const keep = Logger.make(({ annotations, logLevel, message }) => {
      lines.push({
        level: logLevel.label,
        message: Array.isArray(message) && message.length === 1 ? message[0] : message,
        annotations: Object.fromEntries(annotations)
      })
    })
    return Effect.exit(effect).pipe(
      Effect.locally(FiberRef.currentLoggers, HashSet.make(keep)),
      Logger.withMinimumLogLevel(level),
      Effect.map((exit) => [exit, lines] as const)
    )
  })

const rateLimited = (retryAfter: string) =>
  MockTransport.json({ message: "slow down" }, { status: 429, headers: { "retry-after": retryAfter } })

describe("spans", () => {
  it.effect("a call runs in a Memsy.<operation> client span with method, path and status", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({ results: [] }))
      const { data } = yield* clients
      const [exit, spans] = yield* withRecordedSpans(data.search("dark mode"))
      assert.isTrue(Exit.isSuccess(exit))
      const [span, ...others] = memsySpans(spans)
      assert.strictEqual(others.length, 0)
      assert.strictEqual(span?.name, "Memsy.search")
      assert.strictEqual(span?.kind, "client")
      assert.deepStrictEqual(attributes(span), {
        "memsy.operation": "search",
        "http.request.method": "POST",
        "server.address": "memsy.test",
        "url.path": "/search",
        "http.response.status_code": 200,
        "memsy.attempts": 1
      })
      assert.deepStrictEqual(events(span), [])
      assert.strictEqual(span?.status._tag, "Ended")
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a span ends with the call's success but not its answer, which the call still returns", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply(
        "POST /search",
        MockTransport.json({ results: [{ id: "m1", content: "dark mode", score: 0.5 }] })
      )
      const { data } = yield* clients
      const [exit, spans] = yield* withRecordedSpans(data.search("dark mode"))
      assert.strictEqual(Exit.isSuccess(exit) ? exit.value.results[0]?.id : undefined, "m1")
      const [span] = memsySpans(spans)
      // Ended, successfully, with nothing: a tracer that keeps the span does not keep the results.
      const ended = span?.status._tag === "Ended" ? span.status.exit : undefined
      assert.isTrue(ended !== undefined && Exit.isSuccess(ended))
      assert.isUndefined(ended !== undefined && Exit.isSuccess(ended) ? ended.value : "not a success")
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("nested operations are named by their path, the encoded path recorded", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("DELETE /roles/a%2Fb", { status: 204 })
      const { data } = yield* clients
      const [, spans] = yield* withRecordedSpans(data.roles.delete("a/b", "org_1"))
      const [span] = memsySpans(spans)
      assert.strictEqual(span?.name, "Memsy.roles.delete")
      assert.deepStrictEqual(attributes(span), {
        "memsy.operation": "roles.delete",
        "http.request.method": "DELETE",
        "server.address": "memsy.test",
        "url.path": "/roles/a%2Fb",
        "http.response.status_code": 204,
        "memsy.attempts": 1
      })
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a control-plane call is traced the same way", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("GET /api/keys/k1/usage", MockTransport.json({ usage: [] }))
      const { control } = yield* clients
      const [, spans] = yield* withRecordedSpans(control.keys.usage("k1"))
      const [span] = memsySpans(spans)
      assert.strictEqual(span?.name, "Memsy.keys.usage")
      assert.strictEqual(attributes(span)["http.request.method"], "GET")
      assert.strictEqual(attributes(span)["url.path"], "/keys/k1/usage")
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a failed call records the error status and ends its span with the failure", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({ error: "admin_required" }, { status: 403 }))
      const { data } = yield* clients
      const [exit, spans] = yield* withRecordedSpans(data.search("q"))
      assert.isTrue(Exit.isFailure(exit))
      const [span] = memsySpans(spans)
      assert.strictEqual(attributes(span)["http.response.status_code"], 403)
      assert.isTrue(span?.status._tag === "Ended" && Exit.isFailure(span.status.exit))
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("over an HttpClient, retries stay inside the one span, each attempt a child HTTP span", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply(
        "POST /search",
        MockTransport.json({}, { status: 429, headers: { "retry-after": "0" } }),
        MockTransport.json({ results: [] })
      )
      const { data } = yield* clients
      const [exit, spans] = yield* withRecordedSpans(data.search("q"))
      assert.isTrue(Exit.isSuccess(exit))
      const [span, ...others] = memsySpans(spans)
      assert.strictEqual(others.length, 0)
      assert.strictEqual(attributes(span)["http.response.status_code"], 200)
      const children = spans.filter((s) => s.parent._tag === "Some" && s.parent.value === span)
      assert.strictEqual(children.length, 2)
    }).pipe(Effect.provide(MockTransport.layerClients({}, "httpClient")))
  )

  it.effect("input rejected before sending still has its span, without a status", () =>
    Effect.gen(function* () {
      const { data } = yield* clients
      const [exit, spans] = yield* withRecordedSpans(data.search(" "))
      assert.isTrue(Exit.isFailure(exit))
      const [span] = memsySpans(spans)
      assert.strictEqual(span?.name, "Memsy.search")
      assert.isFalse(span?.attributes.has("http.response.status_code"))
      assert.isFalse(span?.attributes.has("memsy.attempts"))
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})

describe("with tracing disabled", () => {
  // The call then runs under one shared no-op span of the SDK's instead of one `Effect.useSpan` makes
  // and ends: what the call answers, fails with, sends and logs must not tell the two apart.
  const script = (data: Effect.Effect.Success<typeof clients>["data"]) =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      const before = (yield* mock.requests).length
      yield* mock.reply(
        "POST /search",
        rateLimited("1"),
        MockTransport.json({ results: [] }),
        MockTransport.json({ message: "no" }, { status: 403 })
      )
      const calls = Effect.all([
        Effect.exit(data.search("q")),
        Effect.exit(data.search("q", { limit: 0 })),
        Effect.exit(data.search("q"))
      ])
      const fiber = yield* Effect.fork(withLogLines(calls))
      yield* TestClock.adjust("1 second")
      const [exit, lines] = yield* joinNow(fiber)
      const [ok, invalid, failed] = Exit.isSuccess(exit) ? exit.value : assert.fail("the script failed")
      return {
        ok,
        invalid: Exit.isFailure(invalid) ? Cause.squash(invalid.cause) : invalid,
        failed: Exit.isFailure(failed) ? Cause.squash(failed.cause) : failed,
        lines,
        sent: (yield* mock.requests).slice(before).map((r) => [r.method, r.url, r.headers["traceparent"]])
      }
    })

  it.effect("a call answers, fails, sends and logs as with it on; no span reaches the tracer", () =>
    Effect.gen(function* () {
      const { data } = yield* clients
      const on = yield* script(data)
      const [off, spans] = yield* withRecordedSpans(Effect.withTracerEnabled(script(data), false))
      const result = Exit.isSuccess(off) ? off.value : assert.fail("the script failed")
      assert.deepStrictEqual(memsySpans(spans), [])
      assert.deepStrictEqual(result.ok, on.ok)
      assert.deepStrictEqual(result.invalid, on.invalid)
      assert.deepStrictEqual(result.failed, on.failed)
      assert.deepStrictEqual(result.lines, on.lines)
      assert.strictEqual(result.lines.length, 3)
      // The same requests, with the call span's traceparent only while tracing is on.
      assert.deepStrictEqual(
        result.sent,
        on.sent.map(([method, url]) => [method, url, undefined])
      )
      assert.isTrue(on.sent.every(([, , traceparent]) => typeof traceparent === "string"))
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})

describe("span attributes", () => {
  const serverOf = (baseUrl: string) =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("GET /health", MockTransport.json({ status: "ok" }))
      const { data } = yield* clients
      const [, spans] = yield* withRecordedSpans(data.health())
      const all = attributes(memsySpans(spans)[0])
      return { address: all["server.address"], port: all["server.port"] }
    }).pipe(Effect.provide(MockTransport.layerClients({ client: { baseUrl } })))

  it.effect("server.address is the base URL's host, server.port only when the URL names one", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* serverOf("http://memsy.test:8080/v1"), {
        address: "memsy.test",
        port: 8080
      })
      assert.deepStrictEqual(yield* serverOf("https://api.memsy.io/v1"), {
        address: "api.memsy.io",
        port: undefined
      })
      // A scheme's default port is no port of the URL's own.
      assert.deepStrictEqual(yield* serverOf("https://api.memsy.io:443/v1/"), {
        address: "api.memsy.io",
        port: undefined
      })
      assert.deepStrictEqual(yield* serverOf("http://[::1]:9000/v1"), { address: "::1", port: 9000 })
    })
  )

  it.effect("url.path leaves the query string out", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("GET /console/memories", MockTransport.json({ memories: [], total: 0 }))
      const { data } = yield* clients
      const [, spans] = yield* withRecordedSpans(data.memories.list({ limit: 7, offset: 3 }))
      const [sent] = yield* mock.requests
      assert.deepStrictEqual(sent?.query, { limit: "7", offset: "3", sort: "observed_at_desc" })
      assert.strictEqual(attributes(memsySpans(spans)[0])["url.path"], "/console/memories")
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("each retry is a memsy.retry event with its wait and error; memsy.attempts counts them", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply(
        "POST /search",
        rateLimited("1"),
        MockTransport.json({}, { status: 429 }),
        MockTransport.json({ results: [] })
      )
      const { data } = yield* clients
      const fiber = yield* Effect.fork(withRecordedSpans(data.search("q")))
      // 1 s of Retry-After, then 2 s of backoff (the second retry: 1 s doubled).
      yield* TestClock.adjust("3 seconds")
      const [exit, spans] = yield* joinNow(fiber)
      assert.isTrue(Exit.isSuccess(exit))
      const [span] = memsySpans(spans)
      assert.strictEqual(attributes(span)["memsy.attempts"], 3)
      assert.strictEqual(attributes(span)["http.response.status_code"], 200)
      assert.deepStrictEqual(events(span), [
        ["memsy.retry", 0n, { "memsy.retry.wait_ms": 1000, "memsy.retry.error": "RateLimitExceeded" }],
        [
          "memsy.retry",
          1_000_000_000n,
          { "memsy.retry.wait_ms": 2000, "memsy.retry.error": "RateLimitExceeded" }
        ]
      ])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a call that runs out of retries ends with every attempt counted", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", rateLimited("0"), rateLimited("0"), rateLimited("0"))
      const { data } = yield* clients
      const [exit, spans] = yield* withRecordedSpans(data.search("q"))
      assert.isTrue(Exit.isFailure(exit))
      const [span] = memsySpans(spans)
      assert.strictEqual(attributes(span)["memsy.attempts"], 2)
      assert.deepStrictEqual(
        events(span).map(([name, , attrs]) => [name, attrs]),
        [["memsy.retry", { "memsy.retry.wait_ms": 0, "memsy.retry.error": "RateLimitExceeded" }]]
      )
    }).pipe(Effect.provide(MockTransport.layerClients({ client: { maxRetries: 1 } })))
  )
})

describe("traceparent", () => {
  const found = MockTransport.json({ results: [] })
  const sentHeaders = Effect.map(
    Effect.flatMap(MockTransport.MockTransport, (mock) => mock.requests),
    (requests) => requests.map((r) => r.headers)
  )

  it.effect("the request names the call's span, under Effect's own tracer too", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", found)
      const { data } = yield* clients
      const [, spans] = yield* withRecordedSpans(data.search("q"))
      const [span] = memsySpans(spans)
      const [headers] = yield* sentHeaders
      assert.match(span!.traceId, /^[0-9a-f]{32}$/)
      assert.strictEqual(headers?.["traceparent"], `00-${span!.traceId}-${span!.spanId}-01`)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("each attempt of a retried call carries the same one", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", rateLimited("0"), found)
      const { data } = yield* clients
      const [, spans] = yield* withRecordedSpans(data.search("q"))
      const [span] = memsySpans(spans)
      const sent = (yield* sentHeaders).map((h) => h["traceparent"])
      assert.deepStrictEqual(
        sent,
        [0, 1].map(() => `00-${span!.traceId}-${span!.spanId}-01`)
      )
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a span in a trace continues it, an external parent included", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", found, found)
      const { data } = yield* clients
      const [, spans] = yield* withRecordedSpans(
        Effect.withSpan(data.search("q"), "app.handler").pipe(
          Effect.zipRight(
            data
              .search("q")
              .pipe(
                Effect.withParentSpan(
                  Tracer.externalSpan({ traceId: "a".repeat(32), spanId: "b".repeat(16), sampled: false })
                )
              )
          )
        )
      )
      const [first, second] = memsySpans(spans)
      const app = spans.find((s) => s.name === "app.handler")
      assert.strictEqual(first?.traceId, app?.traceId)
      const [h1, h2] = yield* sentHeaders
      assert.strictEqual(h1?.["traceparent"], `00-${app!.traceId}-${first!.spanId}-01`)
      // Effect's tracer keeps a parent's trace id; `sampled` is the span's own (always true there).
      assert.strictEqual(second?.traceId, "a".repeat(32))
      assert.strictEqual(h2?.["traceparent"], `00-${"a".repeat(32)}-${second!.spanId}-01`)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("no header when tracing is disabled, or when the span's ids are no W3C ids", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", found, found, found)
      const { data } = yield* clients
      yield* Effect.withTracerEnabled(data.search("q"), false)
      const native = yield* Effect.tracer
      const withIds = (traceId: string, sampled: boolean) =>
        Tracer.make({
          span: (...args) => Object.assign(native.span(...args), { traceId, sampled }),
          context: (f, fiber) => native.context(f, fiber)
        })
      // An OpenTelemetry API without an SDK behind it hands out all-zero ids.
      yield* Effect.withTracer(data.search("q"), withIds("0".repeat(32), false))
      yield* Effect.withTracer(data.search("q"), withIds("c".repeat(32), false))
      const [disabled, zeros, unsampled] = yield* sentHeaders
      assert.isUndefined(disabled?.["traceparent"])
      assert.isUndefined(zeros?.["traceparent"])
      assert.match(unsampled?.["traceparent"] ?? "", new RegExp(`^00-${"c".repeat(32)}-[0-9a-f]{16}-00$`))
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("the span's traceparent replaces a call's own, which would cut the server's spans off", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", found)
      const { data } = yield* clients
      const given = `00-${"1".repeat(32)}-${"2".repeat(16)}-01`
      const [, spans] = yield* withRecordedSpans(
        data.search("q", {}, { headers: { TraceParent: given, tracestate: "vendor=1" } })
      )
      const [span] = memsySpans(spans)
      const [headers] = yield* sentHeaders
      assert.strictEqual(headers?.["traceparent"], `00-${span!.traceId}-${span!.spanId}-01`)
      assert.notProperty(headers, "TraceParent")
      assert.strictEqual(headers?.["tracestate"], "vendor=1")
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a trace of the caller's own is continued by making it the call's parent", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", found)
      const { data } = yield* clients
      const parent = Tracer.externalSpan({ traceId: "1".repeat(32), spanId: "2".repeat(16) })
      const [, spans] = yield* withRecordedSpans(Effect.withParentSpan(data.search("q"), parent))
      const [span] = memsySpans(spans)
      assert.strictEqual(span?.parent._tag === "Some" && span.parent.value, parent)
      const [headers] = yield* sentHeaders
      assert.strictEqual(headers?.["traceparent"], `00-${"1".repeat(32)}-${span!.spanId}-01`)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("with tracing disabled, a call's own traceparent and tracestate go as given", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", found)
      const { data } = yield* clients
      const given = `00-${"1".repeat(32)}-${"2".repeat(16)}-00`
      yield* Effect.withTracerEnabled(
        data.search("q", {}, { headers: { traceparent: given, tracestate: "vendor=1" } }),
        false
      )
      const [headers] = yield* sentHeaders
      assert.strictEqual(headers?.["traceparent"], given)
      assert.strictEqual(headers?.["tracestate"], "vendor=1")
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("over an HttpClient, the platform's HTTP span (the call span's child) names itself", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", found)
      const { data } = yield* clients
      const [, spans] = yield* withRecordedSpans(data.search("q"))
      const [span] = memsySpans(spans)
      const child = spans.find((s) => s.parent._tag === "Some" && s.parent.value === span)
      const [headers] = yield* sentHeaders
      assert.strictEqual(headers?.["traceparent"], `00-${span!.traceId}-${child!.spanId}-01`)
    }).pipe(Effect.provide(MockTransport.layerClients({}, "httpClient")))
  )
})

describe("the request log", () => {
  it.effect("says nothing below Debug", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({ results: [] }))
      const { data } = yield* clients
      const [exit, lines] = yield* withLogLines(data.search("q"), LogLevel.Info)
      assert.isTrue(Exit.isSuccess(exit))
      assert.deepStrictEqual(lines, [])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("is one Debug line per call: method, path, status, duration and attempts", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", rateLimited("1.5"), MockTransport.json({ results: [] }))
      const { data } = yield* clients
      const fiber = yield* Effect.fork(withLogLines(data.search("dark mode", { actorId: "u1" })))
      yield* TestClock.adjust("1500 millis")
      const [exit, lines] = yield* joinNow(fiber)
      assert.isTrue(Exit.isSuccess(exit))
      assert.deepStrictEqual(lines, [
        {
          level: "DEBUG",
          message: "Memsy.search",
          annotations: { method: "POST", path: "/search", status: 200, durationMs: 1500, attempts: 2 }
        }
      ])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a failure adds the error's tag, never its message", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply(
        "GET /keys/k1/usage",
        MockTransport.json({ detail: "admin_required" }, { status: 403 })
      )
      yield* mock.reply("*", MockTransport.drop)
      const { control, data } = yield* clients
      const [, lines] = yield* withLogLines(
        Effect.all([
          Effect.exit(control.keys.usage("k1")),
          Effect.exit(data.search("q")),
          Effect.exit(data.search(" "))
        ])
      )
      assert.deepStrictEqual(
        lines.map((l) => l.annotations),
        [
          {
            method: "GET",
            path: "/keys/k1/usage",
            status: 403,
            durationMs: 0,
            attempts: 1,
            error: "AuthorizationError"
          },
          { method: "POST", path: "/search", durationMs: 0, attempts: 1, error: "MemsyConnectionError" },
          { method: "POST", durationMs: 0, attempts: 0, error: "MemsyValidationError" }
        ]
      )
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a jittered retry under the TestClock (a fractional instant) is logged and traced", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", { status: 503, text: "busy" }, MockTransport.json({ results: [] }))
      const { data } = yield* clients
      const fiber = yield* Effect.fork(
        withLogLines(withRecordedSpans(data.search("q", {}, { retryTransient: true })))
      )
      yield* TestClock.adjust("1 minute")
      const [exit, lines] = yield* joinNow(fiber)
      assert.isTrue(Exit.isSuccess(exit))
      const [, spans] = Exit.isSuccess(exit) ? exit.value : [undefined, []]
      const [[, , retry] = []] = events(memsySpans(spans)[0])
      // The backoff: 1 s, times a factor in [0.8, 1.2].
      assert.isTrue(
        Number(retry?.["memsy.retry.wait_ms"]) >= 800 && Number(retry?.["memsy.retry.wait_ms"]) <= 1200
      )
      assert.strictEqual(lines[0]?.annotations["attempts"], 2)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("an interrupted call says so", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({ results: [] }, { delay: "1 minute" }))
      const { data } = yield* clients
      const fiber = yield* Effect.fork(withLogLines(Effect.timeout(data.search("q"), "1 second")))
      yield* TestClock.adjust("1 second")
      const [, lines] = yield* joinNow(fiber)
      assert.strictEqual(lines[0]?.annotations["error"], "Interrupted")
      assert.strictEqual(lines[0]?.annotations["durationMs"], 1000)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})

describe("the API key stays secret", () => {
  const failing: ReadonlyArray<readonly [string, MockTransport.Reply | undefined, Call]> = [
    ["401", MockTransport.json({ detail: "Invalid key" }, { status: 401 }), (c) => c.data.search("q")],
    ["gateway 403", { status: 403, text: '{"message":"Forbidden"}' }, (c) => c.data.search("q")],
    [
      "429",
      MockTransport.json({ message: "slow" }, { status: 429, headers: { "retry-after": "1" } }),
      (c) => c.data.search("q")
    ],
    ["500", { status: 500, text: "boom" }, (c) => c.data.search("q")],
    ["a body that does not decode", MockTransport.json({ results: 1 }), (c) => c.data.search("q")],
    ["a dropped connection", MockTransport.drop, (c) => c.data.search("q")],
    ["a timeout", MockTransport.json({}, { delay: "1 minute" }), (c) => c.data.search("q")],
    ["bad input", undefined, (c) => c.data.search(" ")],
    [
      "a control-plane 403",
      MockTransport.json({ detail: { error: "admin_required" } }, { status: 403 }),
      (c) => c.control.keys.list()
    ]
  ]

  const everyString = (value: unknown): ReadonlyArray<string> => [
    String(value),
    inspect(value, { depth: null, showHidden: true, getters: true }),
    JSON.stringify(value) ?? ""
  ]

  for (const [title, reply, call] of failing) {
    it.effect(`not after ${title}`, () =>
      Effect.gen(function* () {
        const mock = yield* MockTransport.MockTransport
        if (reply) yield* mock.reply("*", reply)
        const fiber = yield* Effect.fork(withLogLines(withRecordedSpans(call(yield* clients))))
        yield* TestClock.adjust("1 minute")
        const [logged, lines] = yield* joinNow(fiber)
        assert.isTrue(Exit.isSuccess(logged))
        if (Exit.isFailure(logged)) return
        const [exit, spans] = logged.value
        assert.strictEqual(lines.length, 1)
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isSuccess(exit)) return
        const error = Cause.squash(exit.cause)
        assert.isTrue(MemsyError.isMemsyError(error))
        const texts = [
          ...everyString(error),
          (error as Error).message,
          (error as Error).stack ?? "",
          Cause.pretty(exit.cause),
          ...everyString(exit),
          ...spans.flatMap((span) => [
            span.name,
            ...everyString(Object.fromEntries(span.attributes)),
            ...everyString(events(span).map(([name, at, attrs]) => [name, String(at), attrs]))
          ]),
          ...lines.flatMap(everyString)
        ]
        for (const text of texts) assert.notInclude(text, FRAGMENT)
        // The key did go out, in the one place it belongs.
        if (reply) assert.strictEqual((yield* mock.requests)[0]?.headers["authorization"], `Bearer ${KEY}`)
      }).pipe(
        Effect.provide(
          MockTransport.layerClients({ client: { apiKey: KEY, maxRetries: 0, timeout: "1 second" } })
        )
      )
    )
  }

  it.effect("not in a result, nor in the spans of a success over an HttpClient", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({ results: [] }, { headers: { "x-plan": "pro" } }))
      const { data } = yield* clients
      const [exit, spans] = yield* withRecordedSpans(data.search("q"))
      assert.isTrue(Exit.isSuccess(exit))
      // The transport's span records the request headers: the authorization one must be redacted.
      const header = spans
        .map((span) => span.attributes.get("http.request.header.authorization"))
        .find(Boolean)
      assert.isDefined(header)
      assert.notInclude(String(header), FRAGMENT)
      for (const text of [
        ...everyString(exit),
        ...spans.flatMap((span) => [span.name, ...everyString(Object.fromEntries(span.attributes))])
      ]) {
        assert.notInclude(text, FRAGMENT)
      }
    }).pipe(Effect.provide(MockTransport.layerClients({ client: { apiKey: KEY } }, "httpClient")))
  )
})
