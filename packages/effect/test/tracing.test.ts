/**
 * Each call runs in one `Memsy.<operation>` client span carrying the method, path and status; and the
 * API key shows up nowhere: not in errors (message, `String`, `inspect`, JSON, `Cause.pretty`), not
 * in results, not in any span's name or attributes.
 */
import { assert, describe, it } from "@effect/vitest"
import { MemsyError } from "@memsy/effect"
import { Cause, Effect, Exit, TestClock, type Tracer } from "effect"
import { inspect } from "node:util"
import { type Call, clients, joinNow, MockTransport, withRecordedSpans } from "./support.js"

const KEY = "msy_5ecre7005ecre7005ecre7005ecre700"
const FRAGMENT = "5ecre700"

const memsySpans = (spans: ReadonlyArray<Tracer.Span>) => spans.filter((s) => s.name.startsWith("Memsy."))

const attributes = (span: Tracer.Span | undefined) => Object.fromEntries(span?.attributes ?? [])

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
        "url.path": "/search",
        "http.response.status_code": 200
      })
      assert.strictEqual(span?.status._tag, "Ended")
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
        "url.path": "/roles/a%2Fb",
        "http.response.status_code": 204
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
        const fiber = yield* Effect.fork(withRecordedSpans(call(yield* clients)))
        yield* TestClock.adjust("1 minute")
        const [exit, spans] = yield* joinNow(fiber)
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
          ...spans.flatMap((span) => [span.name, ...everyString(Object.fromEntries(span.attributes))])
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
