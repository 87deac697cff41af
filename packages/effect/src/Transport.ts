/**
 * The transport: the one thing the call pipeline asks of the outside world. Plain data in (method,
 * URL, headers, JSON text, timeout), plain data out (status, headers, text), or a `TransportError`.
 *
 * Which one runs, in order: a `Transport` provided to the client's layer; else an `HttpClient`
 * provided to it (any `@effect/platform` client, middleware and tracing included, used unchanged);
 * else the default, `layer`: on Node, HTTP/1.1 on Node's own sockets with a keep-alive pool (on the
 * same loopback socket cheaper per call than undici's pooled `request`, and 3–6× than global
 * `fetch`), `fetch` everywhere else.
 *
 * @since 0.2.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import type { Method } from "./Endpoint.js"
import * as Native from "./internal/transport/native.js"
import * as Outcome from "./internal/transport/outcome.js"

/**
 * One HTTP exchange, as the pipeline asks for it.
 *
 * @since 0.2.0
 * @category models
 */
export interface Request {
  readonly method: Method
  /** Absolute, query string included. */
  readonly url: string
  /** Lower-case names; `authorization` carries the API key, so never log them. */
  readonly headers: Readonly<Record<string, string>>
  /** JSON text, or `undefined` for no body. */
  readonly body: string | undefined
  /** Milliseconds the whole exchange may take, the response body included. */
  readonly timeout: number
}

/**
 * What the server answered, the body read whole.
 *
 * @since 0.2.0
 * @category models
 */
export interface Response {
  readonly status: number
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
}

/**
 * No complete answer: the deadline passed (`Timeout`), the URL is unusable (`InvalidUrl`), or the
 * connection failed (`Transport`). `detail` says why in the platform's words (`connect ECONNREFUSED
 * 127.0.0.1:1`), never with a header or a body. A client turns it into a `MemsyConnectionError`.
 *
 * @example
 * ```ts
 * import { MemsyClient, Transport } from "@memsy/effect"
 * import { Effect, Layer } from "effect"
 *
 * // A transport that never connects.
 * const offline = Layer.succeed(
 *   Transport.Transport,
 *   Transport.make(() => Effect.fail(new Transport.TransportError({ reason: "Transport", detail: "network down" })))
 * )
 *
 * const health = Effect.gen(function* () {
 *   const memsy = yield* MemsyClient.MemsyClient
 *   return yield* memsy.health()
 * }).pipe(
 *   Effect.provide(MemsyClient.layer({ baseUrl: "https://api.memsy.io/v1", apiKey: "msy_example" })),
 *   Effect.provide(offline)
 * )
 *
 * const error = await Effect.runPromise(Effect.flip(health))
 * assert.strictEqual(error._tag, "MemsyConnectionError")
 * ```
 *
 * @since 0.2.0
 * @category errors
 */
export class TransportError extends Data.TaggedError("TransportError")<{
  readonly reason: "Timeout" | "InvalidUrl" | "Transport"
  readonly detail: string
  readonly cause?: unknown
}> {}

/**
 * What a transport does: one exchange, ended by its timeout, aborted by interruption.
 *
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** Ends within `request.timeout`, with a `Response` or a `TransportError`; interruption aborts it. */
  readonly send: (request: Request) => Effect.Effect<Response, TransportError>
}

/**
 * The transport a client's layer uses when one is provided, before any `HttpClient`.
 *
 * @since 0.2.0
 * @category tags
 */
export class Transport extends Context.Tag("@memsy/effect/Transport")<Transport, Service>() {}

const timedOut = (request: Request): TransportError =>
  new TransportError({ reason: "Timeout", detail: `no answer within ${request.timeout} ms` })

/**
 * A transport from an Effect. The timeout is applied for it on the Effect clock, so a test transport
 * under `TestClock` times out when the test moves time along.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (send: (request: Request) => Effect.Effect<Response, TransportError>): Service => ({
  send: (request) =>
    Effect.timeoutFail(send(request), { duration: request.timeout, onTimeout: () => timedOut(request) })
})

/**
 * A transport over an `@effect/platform` `HttpClient`, used as given: its middleware, its tracing
 * span and its own retries, if any, all apply.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromHttpClient = (client: HttpClient.HttpClient): Service =>
  make((request) => {
    let outgoing = HttpClientRequest.make(request.method)(request.url, { headers: request.headers })
    if (request.body !== undefined) {
      outgoing = HttpClientRequest.bodyText(outgoing, request.body, request.headers["content-type"])
    }
    return client.execute(outgoing).pipe(
      Effect.flatMap((response) =>
        Effect.map(response.text, (text) => ({ status: response.status, headers: response.headers, text }))
      ),
      Effect.mapError((error) => {
        // Only the underlying cause is kept: the platform's error holds the request, headers included.
        const cause = typeof error.cause === "object" && error.cause !== null ? error.cause : undefined
        const detail = cause ? Outcome.describe(cause) : error.reason
        const reason =
          error._tag === "RequestError" && error.reason === "InvalidUrl" ? "InvalidUrl" : "Transport"
        return new TransportError({ reason, detail, ...(cause && { cause }) })
      })
    )
  })

/**
 * The transport over whichever `HttpClient` the layer is given.
 *
 * @since 0.2.0
 * @category layers
 */
// Pure: a bundle that never uses it (the Promise facade) drops it, and the platform's HttpClient with it.
export const layerHttpClient: Layer.Layer<Transport, never, HttpClient.HttpClient> =
  /* @__PURE__ */ Layer.effect(Transport, /* @__PURE__ */ Effect.map(HttpClient.HttpClient, fromHttpClient))

/**
 * A transport of plain callbacks as an Effect service: interruption cancels the exchange. The call
 * path runs `exchange` with a holder of its own (see `Outcome.exchanges`); `send` gives it one.
 */
const fromNative = (native: Outcome.Native): Service => {
  const exchange = (holder: Outcome.Holder) =>
    Effect.async<Response, TransportError>((resume) => {
      const cancel = native.send(holder.request!, (outcome) =>
        resume(outcome.ok ? Effect.succeed(outcome.response) : Effect.fail(new TransportError(outcome.error)))
      )
      return Effect.sync(cancel)
    })
  const service: Service = { send: (request) => exchange({ request }) }
  Outcome.exchanges.set(service, exchange)
  return service
}

const scoped = (open: () => Outcome.Native): Effect.Effect<Service, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(Effect.sync(open), (native) => Effect.promise(() => native.close())),
    fromNative
  )

/**
 * Options of the `fetch` transport.
 *
 * @since 0.2.0
 * @category models
 */
export interface FetchOptions {
  /** Replaces `globalThis.fetch`: a proxy, instrumentation, an emulator. */
  readonly fetch?: typeof globalThis.fetch | undefined
}

/**
 * The `fetch` transport, without the platform's per-request machinery: one `AbortController` and
 * one timer per exchange.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fetch = (options: FetchOptions = {}): Effect.Effect<Service, never, Scope.Scope> =>
  scoped(() => Native.fetchTransport(options.fetch))

/**
 * The `fetch` transport as a layer: provided to a client's layer, it replaces the default on Node
 * too (a custom `fetch` in `options`, for a proxy or a test double).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerFetch = (options: FetchOptions = {}): Layer.Layer<Transport> =>
  Layer.scoped(Transport, fetch(options))

/**
 * The default transport: HTTP/1.1 over `node:net`/`node:tls` with a keep-alive pool on Node (and Bun, Deno), picked
 * by the package's `node` condition so a browser bundle never contains it; `fetch` elsewhere.
 * Connections are reused across calls and released when the scope closes.
 *
 * @since 0.2.0
 * @category constructors
 */
export const platformDefault: Effect.Effect<Service, never, Scope.Scope> = scoped(Native.platformDefault)

/**
 * The default transport as a layer, for clients that should share one connection pool.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<Transport> = Layer.scoped(Transport, platformDefault)
