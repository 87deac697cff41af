/**
 * The real transports against a `node:http` server on 127.0.0.1: the default (HTTP/1.1 on Node's
 * sockets with a keep-alive pool), the SDK's fetch transport, and, through the HttpClient adapter with no code change,
 * the platform's fetch client and undici from `@effect/platform-node`. Also what only a real socket
 * shows: interruption and timeouts abort the request, a refused connection is a `MemsyConnectionError`
 * that says why, connections are reused and released.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { MemsyClient, MemsyControlClient, MemsyError, Transport } from "@memsy/effect"
import {
  Context,
  Deferred,
  type Duration,
  Effect,
  Exit,
  Fiber,
  Layer,
  Schedule,
  Scope,
  TestClock
} from "effect"
import * as http from "node:http"
import * as net from "node:net"
import type { AddressInfo, Socket } from "node:net"
import { inspect } from "node:util"
import * as vm from "node:vm"
import * as zlib from "node:zlib"
import { exchanges, type Holder } from "../src/internal/transport/outcome.js"
import { joinNow } from "./support.js"

const KEY = "msy_feedc0dedeadbeeffeedc0dedeadbeef"

interface Seen {
  readonly method: string | undefined
  readonly url: string | undefined
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void

interface Served {
  readonly server: http.Server
  readonly url: string
  readonly seen: Array<Seen>
  /** Every connection the server accepted, open or closed. */
  readonly sockets: Array<Socket>
}

/** A loopback server answering with `handler`, closed with the test's scope. */
const serve = (handler: Handler) =>
  Effect.acquireRelease(
    Effect.async<Served>((resume) => {
      const seen: Array<Seen> = []
      const sockets: Served["sockets"] = []
      const server = http.createServer((request, response) => {
        let body = ""
        request.setEncoding("utf8")
        request.on("data", (chunk: string) => (body += chunk))
        request.on("end", () => {
          seen.push({ method: request.method, url: request.url, headers: request.headers, body })
          handler(request, response)
        })
      })
      server.on("connection", (socket) => sockets.push(socket))
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ server, url: `http://127.0.0.1:${port}`, seen, sockets }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

const answer =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_request, response) => {
    const text = body === undefined ? "" : JSON.stringify(body)
    response.writeHead(status, { ...(text && { "content-type": "application/json" }), ...headers })
    response.end(text)
  }

type TransportLayer =
  Layer.Layer<never> | Layer.Layer<HttpClient.HttpClient> | Layer.Layer<Transport.Transport>

/** Both clients over `transport`, built in the test's scope (connection pools live there). */
const clientsAt = (url: string, transport: TransportLayer, timeout: Duration.DurationInput = "30 seconds") =>
  Effect.map(
    Layer.build(
      Layer.merge(
        MemsyClient.layer({ baseUrl: `${url}/v1/`, apiKey: KEY, timeout }),
        MemsyControlClient.layer({ baseUrl: `${url}/api`, apiKey: KEY, timeout })
      ).pipe(Layer.provide(transport))
    ),
    (context) => ({
      data: Context.get(context, MemsyClient.MemsyClient),
      control: Context.get(context, MemsyControlClient.MemsyControlClient)
    })
  )

// `Layer.empty`: nothing provided, so the client's own default (HTTP/1.1 on Node's sockets here).
const transports: ReadonlyArray<readonly [string, TransportLayer]> = [
  ["default", Layer.empty],
  ["sdk fetch", Transport.layerFetch()],
  ["platform fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici]
]

describe("loopback transport", () => {
  for (const [name, transport] of transports) {
    it.scopedLive(`${name}: search goes over the wire and decodes, headers included`, () =>
      Effect.gen(function* () {
        const { seen, url } = yield* serve(
          answer(
            200,
            {
              results: [{ id: "m1", content: "Prefers dark mode", score: 0.84, metadata: { tags: ["ui"] } }]
            },
            { "X-Plan": "pro", "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59" }
          )
        )
        const { data: memsy } = yield* clientsAt(url, transport)
        const result = yield* memsy.search("dark mode", { actorId: "u1" })
        assert.strictEqual(result.results[0]?.id, "m1")
        assert.deepStrictEqual(result.results[0]?.tags, ["ui"])
        assert.strictEqual(result.usage?.plan, "pro")
        assert.strictEqual(result.rateLimit?.remaining, 59)
        assert.strictEqual(seen.length, 1)
        const [sent] = seen
        assert.strictEqual(sent?.method, "POST")
        assert.strictEqual(sent?.url, "/v1/search")
        assert.strictEqual(sent?.headers.authorization, `Bearer ${KEY}`)
        assert.strictEqual(sent?.headers["content-type"], "application/json")
        assert.deepStrictEqual(JSON.parse(sent?.body ?? ""), {
          query: "dark mode",
          actor_id: "u1",
          limit: 10,
          threshold: 0,
          include_source_events: false
        })
      })
    )
  }

  for (const [name, transport] of transports) {
    it.scopedLive(`${name}: query strings, bodiless requests and 204 on the control plane`, () =>
      Effect.gen(function* () {
        const { seen, url } = yield* serve((request, response) =>
          request.method === "DELETE"
            ? answer(204, undefined)(request, response)
            : answer(200, [])(request, response)
        )
        const { control, data } = yield* clientsAt(url, transport)
        assert.deepStrictEqual(yield* data.roles.list("org 1", { limit: 5 }), [])
        assert.strictEqual(yield* control.keys.delete("k/1"), undefined)
        assert.deepStrictEqual(
          seen.map((s) => [s.method, s.url, s.body, s.headers["content-type"]]),
          [
            ["GET", "/v1/roles?limit=5&offset=0&org_id=org+1", "", undefined],
            ["DELETE", "/api/keys/k%2F1", "", undefined]
          ]
        )
      })
    )
  }

  for (const [name, transport] of transports) {
    it.scopedLive(`${name}: a rate limit is retried and an envelope error classified`, () =>
      Effect.gen(function* () {
        let calls = 0
        const { seen, url } = yield* serve((request, response) => {
          calls += 1
          if (calls === 1)
            return answer(429, { message: "Too many requests" }, { "Retry-After": "0" })(request, response)
          return answer(403, { detail: { error: "admin_required", message: "Admins only" } })(
            request,
            response
          )
        })
        const { data: memsy } = yield* clientsAt(url, transport)
        const error = yield* Effect.flip(memsy.orgs.create({ orgId: "o", name: "n", focus: "f" }))
        assert.instanceOf(error, MemsyError.AuthorizationError)
        assert.strictEqual(error.errorCode, "admin_required")
        assert.strictEqual(error.detail, "Admins only")
        assert.strictEqual(seen.length, 2)
      })
    )
  }

  for (const [name, transport] of transports) {
    it.scopedLive(`${name}: interrupting the calling fiber aborts the request`, () =>
      Effect.gen(function* () {
        const received = yield* Deferred.make<void>()
        const closed = yield* Deferred.make<boolean>()
        const { url } = yield* serve((_request, response) => {
          response.on("close", () => Deferred.unsafeDone(closed, Effect.succeed(!response.writableFinished)))
          Deferred.unsafeDone(received, Effect.void)
        })
        const { data: memsy } = yield* clientsAt(url, transport)
        const fiber = yield* Effect.fork(memsy.search("dark mode"))
        yield* Deferred.await(received).pipe(Effect.timeout("2 seconds"))
        yield* Fiber.interrupt(fiber)
        const abortedBeforeAnswer = yield* Deferred.await(closed).pipe(Effect.timeout("2 seconds"))
        assert.isTrue(abortedBeforeAnswer)
      })
    )
  }

  for (const [name, transport] of transports) {
    it.scopedLive(`${name}: a timeout aborts the request and fails with reason Timeout`, () =>
      Effect.gen(function* () {
        const closed = yield* Deferred.make<void>()
        const { url } = yield* serve((_request, response) => {
          response.on("close", () => Deferred.unsafeDone(closed, Effect.void))
        })
        const { data: memsy } = yield* clientsAt(url, transport, "100 millis")
        const error = yield* Effect.flip(memsy.health())
        assert.instanceOf(error, MemsyError.MemsyConnectionError)
        assert.strictEqual(error.reason, "Timeout")
        yield* Deferred.await(closed).pipe(Effect.timeout("2 seconds"))
      })
    )
  }

  for (const [name, transport] of transports) {
    it.scopedLive(`${name}: a refused connection is a MemsyConnectionError that does not carry the key`, () =>
      Effect.gen(function* () {
        // A port that was just free: listen, note it, close.
        const { server, url } = yield* serve(answer(200, {}))
        yield* Effect.async<void>((resume) => {
          server.close(() => resume(Effect.void))
        })
        const { data: memsy } = yield* clientsAt(url, transport)
        const error = yield* Effect.flip(memsy.search("dark mode"))
        assert.instanceOf(error, MemsyError.MemsyConnectionError)
        assert.strictEqual(error.reason, "Transport")
        for (const text of [
          error.message,
          String(error),
          inspect(error, { depth: null }),
          JSON.stringify(error)
        ]) {
          assert.notInclude(text, "feedc0de")
        }
      })
    )
  }
})

describe("an HttpClient of the user's", () => {
  // A client that answers by itself and records what it was asked: only it can have answered.
  const recording = () => {
    const urls: Array<string> = []
    const client = HttpClient.make((request, url) =>
      Effect.sync(() => {
        urls.push(url.href)
        const body = JSON.stringify({ status: "ok", version: "9.9.9" })
        return HttpClientResponse.fromWeb(
          request,
          new Response(body, { headers: { "content-type": "application/json" } })
        )
      })
    )
    return { urls, client }
  }
  const health = Effect.flatMap(MemsyClient.MemsyClient, (memsy) => memsy.health())
  const layer = MemsyClient.layer({ baseUrl: "http://memsy.test/v1", apiKey: KEY })

  it.effect("provided to the client's layer, is the transport", () =>
    Effect.gen(function* () {
      const { urls, client } = recording()
      const answer = yield* health.pipe(
        Effect.provide(layer.pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, client))))
      )
      assert.strictEqual(answer.version, "9.9.9")
      assert.deepStrictEqual(urls, ["http://memsy.test/v1/health"])
    })
  )

  it.effect("through Transport.layerHttpClient, is the transport", () =>
    Effect.gen(function* () {
      const { urls, client } = recording()
      const transport = Transport.layerHttpClient.pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
      )
      const answer = yield* health.pipe(Effect.provide(layer.pipe(Layer.provide(transport))))
      assert.strictEqual(answer.version, "9.9.9")
      assert.deepStrictEqual(urls, ["http://memsy.test/v1/health"])
    })
  )
})

describe("the default transport on Node: HTTP/1.1 on Node's sockets with a keep-alive pool", () => {
  const search = answer(200, { results: [] })
  const open = (sockets: Served["sockets"]) => sockets.filter((socket) => !socket.destroyed).length
  /** How many connections are open once `n` are, or after two (real) seconds of waiting for it. */
  const openConnections = (sockets: Served["sockets"], n: number) =>
    Effect.repeat(
      Effect.sync(() => open(sockets)),
      {
        until: (count) => count === n,
        schedule: Schedule.spaced("5 millis")
      }
    ).pipe(
      Effect.timeout("2 seconds"),
      Effect.ignore,
      Effect.map(() => open(sockets))
    )

  it.scopedLive("is not fetch, and reuses one connection across sequential calls", () =>
    Effect.gen(function* () {
      const { seen, sockets, url } = yield* serve(search)
      const { data, control } = yield* clientsAt(url, Layer.empty)
      for (let i = 0; i < 5; i++) yield* data.search("dark mode")
      yield* control.health()
      assert.strictEqual(seen.length, 6)
      // fetch (undici) marks every request with these; the SDK's own client sends neither.
      assert.isUndefined(seen[0]?.headers["sec-fetch-mode"])
      assert.isUndefined(seen[0]?.headers["user-agent"])
      assert.strictEqual(seen[0]?.headers.connection, "keep-alive")
      // One socket per client (each layer owns its pool), each kept for every later call.
      assert.strictEqual(sockets.length, 2)
    })
  )

  it.scopedLive(
    "sends a head and a body byte for byte, a Latin-1 header value and a UTF-8 body included",
    () =>
      Effect.gen(function* () {
        const { seen, url } = yield* serve(answer(200, { ok: true }))
        const transport = yield* Transport.platformDefault
        const body = JSON.stringify({ query: "über ✓ 記憶" })
        // The head in one write with the body when it is ASCII; Latin-1 `obs-text` takes the other path.
        for (const note of ["plain", "caf\u00e9"]) {
          const response = yield* transport.send({
            method: "POST",
            url: `${url}/v1/search`,
            headers: { "content-type": "application/json", "x-note": note },
            body,
            timeout: 5_000
          })
          assert.strictEqual(response.status, 200)
        }
        assert.deepStrictEqual(
          seen.map((request) => [request.headers["x-note"], request.headers["content-length"], request.body]),
          [
            ["plain", String(Buffer.byteLength(body)), body],
            // Node's parser reads header bytes as Latin-1: one byte, 0xE9.
            ["caf\u00e9", String(Buffer.byteLength(body)), body]
          ]
        )
      })
  )

  it.scopedLive("concurrent calls open at most one connection each, then share them", () =>
    Effect.gen(function* () {
      const { seen, sockets, url } = yield* serve(search)
      const { data } = yield* clientsAt(url, Layer.empty)
      yield* Effect.all(
        Array.from({ length: 8 }, () => data.search("dark mode")),
        { concurrency: 8 }
      )
      const afterBurst = sockets.length
      assert.isAtMost(afterBurst, 8)
      yield* Effect.all(
        Array.from({ length: 8 }, () => data.search("dark mode")),
        { concurrency: 8 }
      )
      for (let i = 0; i < 8; i++) yield* data.search("dark mode")
      assert.strictEqual(seen.length, 24)
      assert.strictEqual(sockets.length, afterBurst)
    })
  )

  it.scopedLive("closing the layer's scope closes its connections", () =>
    Effect.gen(function* () {
      const { sockets, url } = yield* serve(search)
      const scope = yield* Scope.make()
      const { data } = yield* clientsAt(url, Layer.empty).pipe(Scope.extend(scope))
      yield* Effect.all([data.search("a"), data.search("b")], { concurrency: 2 })
      yield* openConnections(sockets, 2)
      yield* Scope.close(scope, Exit.void)
      assert.strictEqual(yield* openConnections(sockets, 0), 0)
    })
  )

  it.scopedLive("interrupting a call mid-response closes its connection; the next call opens another", () =>
    Effect.gen(function* () {
      const halfway = yield* Deferred.make<void>()
      let calls = 0
      const { seen, sockets, url } = yield* serve((_request, response) => {
        calls += 1
        if (calls > 1) return search(_request, response)
        // Headers and half the body, then nothing: the client is waiting inside the response.
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" })
        response.write('{"results": [')
        Deferred.unsafeDone(halfway, Effect.void)
      })
      const { data } = yield* clientsAt(url, Layer.empty)
      const fiber = yield* Effect.fork(data.search("dark mode"))
      yield* Deferred.await(halfway).pipe(Effect.timeout("2 seconds"))
      yield* Fiber.interrupt(fiber)
      assert.strictEqual(yield* openConnections(sockets, 0), 0)
      yield* data.search("again")
      assert.strictEqual(seen.length, 2)
      assert.strictEqual(sockets.length, 2)
    })
  )

  it.scopedLive("reads chunked bodies and bodies that run to the connection's end", () =>
    Effect.gen(function* () {
      const body = JSON.stringify({ results: [{ id: "m1", content: "Prefers dark mode", score: 0.5 }] })
      let calls = 0
      const { sockets, url } = yield* serve((_request, response) => {
        calls += 1
        if (calls === 1) {
          // No length: Node's server sends it in chunks, here three.
          response.writeHead(200, { "content-type": "application/json" })
          response.write(body.slice(0, 5))
          response.write(body.slice(5, 20))
          response.end(body.slice(20))
        } else {
          // Neither a length nor chunks: the body ends where the connection does.
          response.socket?.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n${body}`)
        }
      })
      const { data } = yield* clientsAt(url, Layer.empty)
      for (let i = 0; i < 2; i++) {
        const { results } = yield* data.search("dark mode")
        assert.strictEqual(results[0]?.content, "Prefers dark mode")
      }
      // The chunked answer's connection was reused for the second call, which the server then closed.
      assert.strictEqual(sockets.length, 1)
    })
  )

  it.scopedLive("undoes a content coding the server applied unasked", () =>
    Effect.gen(function* () {
      const body = JSON.stringify({ results: [{ id: "m1", content: "Prefers dark mode", score: 0.5 }] })
      const codings = [
        ["gzip", zlib.gzipSync(body)],
        ["deflate", zlib.deflateSync(body)],
        ["br", zlib.brotliCompressSync(body)]
      ] as const
      let call = 0
      const { seen, url } = yield* serve((_request, response) => {
        const [coding, bytes] = codings[call++ % codings.length]!
        response.writeHead(200, { "content-type": "application/json", "content-encoding": coding })
        response.end(bytes)
      })
      const { data } = yield* clientsAt(url, Layer.empty)
      for (let i = 0; i < codings.length; i++) {
        const { results } = yield* data.search("dark mode")
        assert.strictEqual(results[0]?.content, "Prefers dark mode")
      }
      // It asks for none: a coded answer is the server's choice, not the client's.
      assert.isUndefined(seen[0]?.headers["accept-encoding"])
    })
  )

  it.scopedLive(
    "honours a server's Keep-Alive hint: a connection is not reused past the server's timeout",
    () =>
      Effect.gen(function* () {
        // `timeout=1`: the server may close an idle connection after a second, so the client, which keeps
        // a second's margin, reuses none; without the hint, one connection serves every call.
        const { seen, sockets, url } = yield* serve(
          answer(200, { results: [] }, { "keep-alive": "timeout=1" })
        )
        const { data } = yield* clientsAt(url, Layer.empty)
        for (let i = 0; i < 3; i++) yield* data.search("dark mode")
        assert.strictEqual(seen.length, 3)
        assert.strictEqual(sockets.length, 3)
      })
  )

  it.scopedLive("a refused connection says why, and the key stays out", () =>
    Effect.gen(function* () {
      const { server, url } = yield* serve(search)
      yield* Effect.async<void>((resume) => {
        server.close(() => resume(Effect.void))
      })
      const { data } = yield* clientsAt(url, Layer.empty)
      const error = yield* Effect.flip(data.search("dark mode"))
      assert.instanceOf(error, MemsyError.MemsyConnectionError)
      assert.match(error.message, /^Could not reach Memsy: connect ECONNREFUSED 127\.0\.0\.1:\d+$/)
    })
  )
})

describe("a failed connection says why", () => {
  /** A TCP server that does `onConnection` to every socket, closed with the test's scope. */
  const tcp = (onConnection: (socket: Socket) => void) =>
    Effect.acquireRelease(
      Effect.async<net.Server>((resume) => {
        const server = net.createServer(onConnection)
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
    ).pipe(Effect.map((server) => `127.0.0.1:${(server.address() as AddressInfo).port}`))

  const failure = (baseUrl: string, transport: TransportLayer) =>
    Effect.gen(function* () {
      const { data } = yield* clientsAt(baseUrl, transport)
      const error = yield* Effect.flip(data.search("dark mode"))
      assert.instanceOf(error, MemsyError.MemsyConnectionError)
      assert.strictEqual(error.reason, "Transport")
      for (const text of [error.message, inspect(error, { depth: null }), JSON.stringify(error)]) {
        assert.notInclude(text, "feedc0de")
        assert.notInclude(text, "dark mode")
      }
      return error.message
    })

  for (const [name, transport] of transports) {
    it.scopedLive(`${name}: a refused connection names the code and the address`, () =>
      Effect.gen(function* () {
        const { server, url } = yield* serve(answer(200, {}))
        const address = url.replace("http://", "")
        yield* Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
        assert.include(yield* failure(url, transport), `ECONNREFUSED ${address}`)
      })
    )

    it.scopedLive(`${name}: a reset connection names the reset`, () =>
      Effect.gen(function* () {
        const address = yield* tcp((socket) => socket.resetAndDestroy())
        assert.match(yield* failure(`http://${address}`, transport), /ECONNRESET|UND_ERR_SOCKET/)
      })
    )

    it.scopedLive(`${name}: a connection closed before the answer says so`, () =>
      Effect.gen(function* () {
        const address = yield* tcp((socket) => socket.once("data", () => socket.destroy()))
        assert.match(
          yield* failure(`http://${address}`, transport),
          /socket hang up \(ECONNRESET\)|other side closed \(UND_ERR_SOCKET\)/
        )
      })
    )

    it.scopedLive(`${name}: a TLS failure names TLS`, () =>
      Effect.gen(function* () {
        // TLS spoken to a server that speaks plain HTTP.
        const { url } = yield* serve(answer(200, {}))
        assert.match(yield* failure(url.replace("http:", "https:"), transport), /SSL|TLS|EPROTO/)
      })
    )

    it.scopedLive(`${name}: a name that does not resolve names the lookup and the host`, () =>
      Effect.gen(function* () {
        // `.invalid` never resolves (RFC 6761); without a resolver the lookup fails all the same.
        const message = yield* failure("http://memsy.invalid", transport)
        assert.match(message, /(ENOTFOUND|EAI_AGAIN|EAI_FAIL)/)
        assert.include(message, "memsy.invalid")
      })
    )
  }

  it.scopedLive(
    "an error from another realm, and an AggregateError with an empty message, still say why",
    () =>
      Effect.gen(function* () {
        // What a fetch from a test environment's realm rejects with when every address refused.
        const foreign = vm.runInNewContext(`
        const attempts = [
          Object.assign(new Error("connect ECONNREFUSED ::1:1"), { code: "ECONNREFUSED" }),
          Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" })
        ]
        const cause = Object.assign(new AggregateError(attempts, ""), { code: "ECONNREFUSED" })
        new TypeError("fetch failed", { cause })
      `) as unknown
        assert.isFalse(foreign instanceof Error)
        const message = yield* failure(
          "http://localhost:1",
          Transport.layerFetch({ fetch: () => Promise.reject(foreign) })
        )
        assert.strictEqual(
          message,
          "Could not reach Memsy: fetch failed: connect ECONNREFUSED ::1:1, connect ECONNREFUSED 127.0.0.1:1"
        )
      })
  )
})

describe("a transport that throws instead of failing", () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length

  it.scopedLive("a custom fetch that throws is a MemsyConnectionError, and leaves no timer behind", () =>
    Effect.gen(function* () {
      const fetch = (() => {
        throw new TypeError("not a fetch that rejects")
      }) as unknown as typeof globalThis.fetch
      const before = timers()
      const { data } = yield* clientsAt("http://127.0.0.1:1", Transport.layerFetch({ fetch }))
      const error = yield* Effect.flip(data.health())
      assert.instanceOf(error, MemsyError.MemsyConnectionError)
      assert.strictEqual(error.reason, "Transport")
      assert.include(error.detail, "not a fetch that rejects")
      assert.strictEqual(timers(), before)
    })
  )

  it.scopedLive("default: a header Node will not send is a typed failure, not a defect", () =>
    Effect.gen(function* () {
      const { seen, url } = yield* serve(answer(200, { status: "ok" }))
      const { data } = yield* clientsAt(url, Layer.empty)
      const error = yield* Effect.flip(data.health({ headers: { "x-trace": "a\nb" } }))
      // Refused before the transport, naming the header and not its value.
      assert.instanceOf(error, MemsyError.MemsyValidationError)
      assert.strictEqual(
        error.message,
        'Invalid input to health: headers["x-trace"]: must be Latin-1 text without line breaks or control characters'
      )
      assert.strictEqual(seen.length, 0)
    })
  )
})

describe("ids that a URL parser would resolve", () => {
  for (const [name, transport] of transports) {
    it.scopedLive(`${name}: . and .. are rejected before sending; other ids travel as one segment`, () =>
      Effect.gen(function* () {
        const { seen, url } = yield* serve(answer(204, undefined))
        const { data } = yield* clientsAt(url, transport)
        for (const id of ["..", "."]) {
          const error = yield* Effect.flip(data.orgs.delete(id))
          assert.instanceOf(error, MemsyError.MemsyValidationError)
          // The field and the rule, the same for either id: the id itself is not repeated.
          assert.strictEqual(error.message, 'Invalid input to orgs.delete: orgId: must not be "." or ".."')
        }
        assert.strictEqual(seen.length, 0)
        yield* data.orgs.delete("../keys")
        yield* data.orgs.delete("...")
        assert.deepStrictEqual(
          seen.map((s) => s.url),
          ["/v1/orgs/..%2Fkeys", "/v1/orgs/..."]
        )
      })
    )
  }
})

// The seam the call path uses with the SDK's own transports (see `Progress.request` in call.ts): the
// exchange reads the request from a holder the call empties once answered, so nothing V8 keeps past
// the call holds its body.
describe("the SDK's own transports take the request from the call's holder", () => {
  const request = (url: string): Transport.Request => ({
    method: "POST",
    url,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ at: url }),
    timeout: 5_000
  })
  const own: ReadonlyArray<readonly [string, Effect.Effect<Transport.Service, never, Scope.Scope>]> = [
    ["default", Transport.platformDefault],
    ["sdk fetch", Transport.fetch()]
  ]
  for (const [name, make] of own) {
    it.scopedLive(`${name}: the exchange reads the holder as each run starts; send stays re-runnable`, () =>
      Effect.gen(function* () {
        const { seen, url } = yield* serve(answer(200, { status: "ok" }))
        const service = yield* make
        const exchange = exchanges.get(service)
        assert.isDefined(exchange)
        const holder: Holder = { request: request(`${url}/a`) }
        const run = exchange!(holder)
        yield* run
        holder.request = request(`${url}/b`)
        yield* run
        const sent = service.send(request(`${url}/c`))
        yield* sent
        yield* sent
        assert.deepStrictEqual(
          seen.map((s) => [s.url, s.body]),
          ["/a", "/b", "/c", "/c"].map((path) => [path, JSON.stringify({ at: `${url}${path}` })])
        )
      })
    )
  }

  it.effect("a call gives every attempt its request and empties the holder once answered", () =>
    Effect.gen(function* () {
      const attempts: Array<{ readonly holder: Holder; readonly body: string | undefined }> = []
      const answers: Array<Transport.Response> = [
        { status: 429, headers: { "retry-after": "1" }, text: '{"message":"slow down"}' },
        { status: 200, headers: {}, text: '{"event_ids":["e1"]}' }
      ]
      const service: Transport.Service = { send: () => Effect.die("the call path uses the exchange") }
      exchanges.set(service, (holder) =>
        Effect.sync(() => {
          attempts.push({ holder, body: holder.request?.body })
          return answers.shift()!
        })
      )
      const context = yield* Layer.build(
        MemsyClient.layer({ baseUrl: "http://127.0.0.1:9/v1", apiKey: KEY }).pipe(
          Layer.provide(Layer.succeed(Transport.Transport, service))
        )
      )
      const memsy = Context.get(context, MemsyClient.MemsyClient)
      const fiber = yield* Effect.fork(
        memsy.ingest([{ actorId: "u1", sessionId: "s1", kind: "user_message", content: "Prefers dark mode" }])
      )
      yield* TestClock.adjust("1 second")
      const result = yield* joinNow(fiber)
      assert.deepStrictEqual(result.eventIds, ["e1"])
      // Both attempts sent the one request, read from one holder, which the answer emptied.
      assert.strictEqual(attempts.length, 2)
      assert.strictEqual(attempts[0]?.holder, attempts[1]?.holder)
      assert.deepStrictEqual(
        attempts.map((a) => JSON.parse(a.body ?? "null").events[0].content),
        ["Prefers dark mode", "Prefers dark mode"]
      )
      assert.isUndefined(attempts[0]?.holder.request)
    }).pipe(Effect.scoped)
  )
})
