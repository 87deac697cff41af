/**
 * The calls' spans exported through `@effect/opentelemetry` to a standard OpenTelemetry SDK (an
 * in-memory exporter behind a simple span processor): names, kind, attributes, retry events, status
 * on failure, the `traceparent` each request carried matching the exported span's ids, the request
 * log attached to its span, and nothing anywhere of the key, the query text, event content or
 * metadata.
 */
import * as OtelResource from "@effect/opentelemetry/Resource"
import * as OtelTracer from "@effect/opentelemetry/Tracer"
import { assert, describe, it } from "@effect/vitest"
import { SpanKind, SpanStatusCode } from "@opentelemetry/api"
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor
} from "@opentelemetry/sdk-trace-base"
import { Effect, Exit, FiberRef, HashSet, Layer, Logger, LogLevel, TestClock } from "effect"
import { inspect } from "node:util"
import { clients, joinNow, MockTransport } from "./support.js"

const QUERY = "which editor keybindings does the user like"
const CONTENT = "I only ever use vim keybindings"
const METADATA = "crm_ticket_4411"
const { apiKey } = MockTransport.defaults

/** An OpenTelemetry SDK keeping every ended span in memory, as Effect's tracer. */
const otel = () => {
  const exporter = new InMemorySpanExporter()
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const layer = OtelTracer.layer.pipe(
    Layer.provide(Layer.succeed(OtelTracer.OtelTracerProvider, provider)),
    Layer.provide(OtelResource.layer({ serviceName: "memsy-test" }))
  )
  return { exporter, layer }
}

interface Line {
  readonly message: unknown
  readonly annotations: Record<string, unknown>
}

/** Runs `effect` at `Debug`, keeping every log line besides the loggers already installed. */
const withLogLines = <A, E, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<readonly [Exit.Exit<A, E>, ReadonlyArray<Line>], never, R> =>
  Effect.suspend(() => {
    const lines: Array<Line> = []
    const keep = Logger.make(({ annotations, message }) => {
      lines.push({ message, annotations: Object.fromEntries(annotations) })
    })
    return Effect.exit(effect).pipe(
      Effect.locallyWith(FiberRef.currentLoggers, HashSet.add(keep)),
      Logger.withMinimumLogLevel(LogLevel.Debug),
      Effect.map((exit) => [exit, lines] as const)
    )
  })

const ids = (span: ReadableSpan) => span.spanContext()

describe("exported to OpenTelemetry", () => {
  const { exporter, layer } = otel()

  it.effect("every call is a CLIENT span with its attributes, retries, status and traceparent", () =>
    Effect.gen(function* () {
      exporter.reset()
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({ results: [] }))
      yield* mock.reply("POST /ingest", MockTransport.json({ event_ids: ["e1"] }))
      yield* mock.reply(
        "POST /search",
        MockTransport.json({ message: "slow down" }, { status: 429, headers: { "retry-after": "2" } }),
        MockTransport.json({ results: [] })
      )
      yield* mock.reply(
        "GET /keys",
        MockTransport.json({ detail: { error: "admin_required" } }, { status: 403 })
      )
      const { control, data } = yield* clients

      const program = Effect.gen(function* () {
        yield* data.search(QUERY, { actorId: "u1" })
        yield* data.ingest([
          {
            actorId: "u1",
            sessionId: "s1",
            kind: "user_message",
            content: CONTENT,
            metadata: { ticket: METADATA }
          }
        ])
        yield* data.search(QUERY, { actorId: "u1" })
        yield* Effect.exit(control.keys.list())
      }).pipe(Effect.withSpan("app.handler"))
      const fiber = yield* Effect.fork(withLogLines(program))
      yield* TestClock.adjust("2 seconds")
      const [exit, lines] = yield* joinNow(fiber)
      assert.isTrue(Exit.isSuccess(exit))

      const spans = exporter.getFinishedSpans()
      const app = spans.find((s) => s.name === "app.handler")!
      const memsy = spans.filter((s) => s.name.startsWith("Memsy."))
      assert.deepStrictEqual(
        memsy.map((s) => s.name),
        ["Memsy.search", "Memsy.ingest", "Memsy.search", "Memsy.keys.list"]
      )
      const [found, ingested, retried, denied] = memsy as [
        ReadableSpan,
        ReadableSpan,
        ReadableSpan,
        ReadableSpan
      ]
      for (const span of memsy) {
        assert.strictEqual(span.kind, SpanKind.CLIENT)
        // One trace: each call's span a child of the app's, which OpenTelemetry exported too.
        assert.strictEqual(ids(span).traceId, ids(app).traceId)
        assert.strictEqual(span.parentSpanContext?.spanId, ids(app).spanId)
      }

      assert.deepStrictEqual(found.attributes, {
        "memsy.operation": "search",
        "http.request.method": "POST",
        "server.address": "memsy.test",
        "url.path": "/search",
        "http.response.status_code": 200,
        "memsy.attempts": 1
      })
      assert.strictEqual(found.status.code, SpanStatusCode.OK)
      assert.strictEqual(ingested.attributes["url.path"], "/ingest")

      assert.strictEqual(retried.attributes["memsy.attempts"], 2)
      assert.strictEqual(retried.attributes["http.response.status_code"], 200)
      const retries = retried.events.filter((e) => e.name === "memsy.retry")
      assert.deepStrictEqual(
        retries.map((e) => e.attributes),
        [{ "memsy.retry.wait_ms": 2000, "memsy.retry.error": "RateLimitExceeded" }]
      )
      // The event is at the start of the wait, the span's start plus nothing (no time passed before).
      assert.deepStrictEqual(retries[0]?.time, retried.startTime)

      assert.strictEqual(denied.status.code, SpanStatusCode.ERROR)
      assert.strictEqual(denied.attributes["http.response.status_code"], 403)
      assert.strictEqual(denied.attributes["url.path"], "/keys")
      assert.isTrue(denied.events.some((e) => e.name === "exception"))

      // Every request carried the traceparent of its call's exported span: the retry's both attempts.
      const sent = (yield* mock.requests).map((r) => r.headers["traceparent"])
      const expected = (span: ReadableSpan) => `00-${ids(span).traceId}-${ids(span).spanId}-01`
      assert.deepStrictEqual(sent, [
        expected(found),
        expected(ingested),
        expected(retried),
        expected(retried),
        expected(denied)
      ])

      // The request log: one line per call, attached to the call's span as an event.
      assert.deepStrictEqual(
        lines.map((l) => [l.message, l.annotations["status"], l.annotations["attempts"]]),
        [
          [["Memsy.search"], 200, 1],
          [["Memsy.ingest"], 200, 1],
          [["Memsy.search"], 200, 2],
          [["Memsy.keys.list"], 403, 1]
        ]
      )
      const logged = retried.events.find((e) => e.name === "Memsy.search")
      assert.deepInclude(logged?.attributes, {
        method: "POST",
        path: "/search",
        status: 200,
        durationMs: 2000,
        attempts: 2,
        "effect.logLevel": "DEBUG"
      })

      // Nothing of the key, the query, the content or the metadata, in any exported span or log line.
      const texts = [
        ...spans.flatMap((span) => [
          span.name,
          JSON.stringify(span.attributes),
          JSON.stringify(span.events.map((e) => [e.name, e.attributes])),
          JSON.stringify(span.status),
          JSON.stringify(span.links),
          JSON.stringify(span.resource.attributes)
        ]),
        ...lines.map((line) => inspect(line, { depth: null }))
      ]
      assert.isAbove(texts.join("").length, 0)
      for (const text of texts) {
        for (const secret of [apiKey, apiKey.slice(4), QUERY, CONTENT, METADATA])
          assert.notInclude(text, secret)
      }
      // The key did go out, on the wire only.
      assert.strictEqual((yield* mock.requests)[0]?.headers["authorization"], `Bearer ${apiKey}`)
    }).pipe(Effect.provide(Layer.merge(MockTransport.layerClients(), layer)))
  )

  it.effect("ingestMany: one span per batch, its retries inside, under one Memsy.ingestMany span", () =>
    Effect.gen(function* () {
      exporter.reset()
      const mock = yield* MockTransport.MockTransport
      const stored = (n: number) =>
        MockTransport.json({ event_ids: Array.from({ length: n }, (_, i) => `e${i}`) })
      yield* mock.reply(
        "POST /ingest",
        // The first batch is rate limited once, the second fails once with a 503, the third goes through.
        MockTransport.json({ message: "slow down" }, { status: 429, headers: { "retry-after": "2" } }),
        stored(2),
        MockTransport.json({ detail: "busy" }, { status: 503 }),
        stored(2),
        stored(1)
      )
      const { data } = yield* clients
      const events = Array.from({ length: 5 }, (_, i) => ({
        actorId: "u1",
        sessionId: "s1",
        kind: "user_message" as const,
        content: `${CONTENT} (${i})`,
        metadata: { ticket: METADATA }
      }))
      const fiber = yield* Effect.fork(
        withLogLines(
          data.ingestMany(events, { batchSize: 2, concurrency: 1 }).pipe(Effect.withSpan("app.import"))
        )
      )
      yield* TestClock.adjust("10 seconds")
      const [exit, lines] = yield* joinNow(fiber)
      assert.isTrue(Exit.isSuccess(exit) && exit.value.failures.length === 0)

      const spans = exporter.getFinishedSpans()
      const app = spans.find((s) => s.name === "app.import")!
      const many = spans.find((s) => s.name === "Memsy.ingestMany")!
      assert.strictEqual(many.kind, SpanKind.INTERNAL)
      assert.strictEqual(many.parentSpanContext?.spanId, ids(app).spanId)
      assert.deepStrictEqual(many.attributes, {
        "memsy.operation": "ingestMany",
        "memsy.events": 5,
        "memsy.batches": 3,
        "memsy.failed": 0
      })
      const batches = spans.filter((s) => s.name === "Memsy.ingest")
      assert.strictEqual(batches.length, 3, "one span per batch, not per request")
      for (const batch of batches) assert.strictEqual(batch.parentSpanContext?.spanId, ids(many).spanId)
      assert.deepStrictEqual(
        batches.map((b) => b.attributes["memsy.attempts"]),
        [2, 2, 1]
      )
      const retries = batches.map((b) =>
        b.events.filter((e) => e.name === "memsy.retry").map((e) => e.attributes?.["memsy.retry.error"])
      )
      assert.deepStrictEqual(retries, [["RateLimitExceeded"], ["MemsyAPIError"], []])
      assert.strictEqual(batches[0]!.events[0]?.attributes?.["memsy.retry.wait_ms"], 2000)
      // Both requests of a retried batch name its span.
      const sent = (yield* mock.requests).map((r) => r.headers["traceparent"])
      const expected = (span: ReadableSpan) => `00-${ids(span).traceId}-${ids(span).spanId}-01`
      assert.deepStrictEqual(
        sent,
        [batches[0]!, batches[0]!, batches[1]!, batches[1]!, batches[2]!].map(expected)
      )

      // The request log: one line per batch, with its attempts.
      assert.deepStrictEqual(
        lines.map((l) => [
          l.message,
          l.annotations["path"],
          l.annotations["status"],
          l.annotations["attempts"]
        ]),
        [
          [["Memsy.ingest"], "/ingest", 200, 2],
          [["Memsy.ingest"], "/ingest", 200, 2],
          [["Memsy.ingest"], "/ingest", 200, 1]
        ]
      )

      // Nothing of the key, the events' content or their metadata, in any span or log line.
      const texts = [
        ...spans.flatMap((span) => [
          span.name,
          JSON.stringify(span.attributes),
          JSON.stringify(span.events.map((e) => [e.name, e.attributes]))
        ]),
        ...lines.map((line) => inspect(line, { depth: null }))
      ]
      for (const text of texts) {
        for (const secret of [apiKey, apiKey.slice(4), CONTENT, METADATA]) assert.notInclude(text, secret)
      }
      // The content did go out, on the wire only.
      assert.include((yield* mock.requests)[0]?.text ?? "", CONTENT)
    }).pipe(Effect.provide(Layer.merge(MockTransport.layerClients(), layer)))
  )

  it.effect("a call under an OpenTelemetry span of the caller's (not Effect's) joins its trace", () =>
    Effect.gen(function* () {
      exporter.reset()
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("GET /health", MockTransport.json({ status: "ok" }))
      const { data } = yield* clients
      const tracer = yield* OtelTracer.OtelTracer
      // A span the app started with the OpenTelemetry API, made the call's parent by Effect's helper.
      const outer = tracer.startSpan("app.request")
      yield* data.health().pipe(OtelTracer.withSpanContext(outer.spanContext()))
      outer.end()
      const [call] = exporter.getFinishedSpans().filter((s) => s.name === "Memsy.health")
      assert.strictEqual(call?.parentSpanContext?.spanId, outer.spanContext().spanId)
      assert.strictEqual(ids(call!).traceId, outer.spanContext().traceId)
      assert.strictEqual(call?.attributes["server.port"], 8080)
      const [request] = yield* mock.requests
      assert.strictEqual(request?.headers["traceparent"], `00-${ids(call!).traceId}-${ids(call!).spanId}-01`)
    }).pipe(
      Effect.provide(
        Layer.merge(MockTransport.layerClients({ client: { baseUrl: "http://memsy.test:8080/v1" } }), layer)
      )
    )
  )

  it.effect("over an HttpClient, the platform's HTTP span is exported under the call's", () =>
    Effect.gen(function* () {
      exporter.reset()
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({ results: [] }))
      const { data } = yield* clients
      yield* data.search(QUERY, { actorId: "u1" })
      const spans = exporter.getFinishedSpans()
      const call = spans.find((s) => s.name === "Memsy.search")!
      const http = spans.find((s) => s.parentSpanContext?.spanId === ids(call).spanId)!
      assert.strictEqual(http.kind, SpanKind.CLIENT)
      // The platform propagates its own span, the call span's child.
      const [request] = yield* mock.requests
      assert.strictEqual(request?.headers["traceparent"], `00-${ids(http).traceId}-${ids(http).spanId}-01`)
      // The platform's span records request headers: the key redacted.
      for (const span of spans) assert.notInclude(JSON.stringify(span.attributes), apiKey.slice(4))
    }).pipe(Effect.provide(Layer.merge(MockTransport.layerClients({}, "httpClient"), layer)))
  )
})
