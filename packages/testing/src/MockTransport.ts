/**
 * A scripted transport for unit tests that need an exact response: queue replies per route,
 * record what reached the wire (and when, by the Effect clock, so `TestClock` drives it), assert.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { type MemsyClient, type MemsyControlClient, Transport } from "@memsy/effect"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Runtime from "effect/Runtime"
import * as Clients from "./internal/clients.js"
import type { ClientOptions } from "./ClientOptions.js"

/**
 * A request as it reached the wire.
 *
 * @since 0.1.0
 * @category models
 */
export interface Recorded {
  readonly method: string
  readonly url: URL
  /** The path without the query string, e.g. `/v1/search`. */
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>
  /** The raw body text, `undefined` when no body was sent. */
  readonly text: string | undefined
  /** The body parsed as JSON, `undefined` when there was none. */
  readonly body: unknown
  /** When it was sent, in milliseconds of the Effect clock. */
  readonly at: number
}

/**
 * What to answer: a status with a JSON body (or raw `text`) and headers, optionally after a delay;
 * or a dropped connection.
 *
 * @since 0.1.0
 * @category models
 */
export type Reply =
  | {
      readonly status?: number
      readonly body?: unknown
      readonly text?: string
      readonly headers?: Readonly<Record<string, string>>
      readonly delay?: Duration.DurationInput
    }
  | { readonly drop: true; readonly delay?: Duration.DurationInput }

/**
 * A route: `"POST /search"` (method and the end of the path) or `"*"` for any request.
 *
 * @since 0.1.0
 * @category models
 */
export type Route = string

/**
 * The script of a mock: what to answer, and what was asked.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Queues replies for a route, answered in order; a route with nothing queued answers 501. */
  readonly reply: (route: Route, ...replies: ReadonlyArray<Reply>) => Effect.Effect<void>
  /** Every request so far, in order. */
  readonly requests: Effect.Effect<ReadonlyArray<Recorded>>
}

/**
 * The mock's script, provided by every `MockTransport` layer next to the transport it drives.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { MockTransport } from "@memsy/testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const mock = yield* MockTransport.MockTransport
 *   yield* mock.reply("POST /search", MockTransport.json({ results: [] }))
 *   const memsy = yield* MemsyClient.MemsyClient
 *   yield* memsy.search("tea", { actorId: "u1" })
 *   const [request] = yield* mock.requests
 *   return request?.path // "/v1/search"
 * })
 *
 * Effect.runPromise(program.pipe(Effect.provide(MockTransport.layerClients()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class MockTransport extends Context.Tag("@memsy/testing/MockTransport")<MockTransport, Service>() {}

/**
 * A JSON reply.
 *
 * @example
 * ```ts
 * import { MockTransport } from "@memsy/testing"
 * import { Effect } from "effect"
 *
 * // A rate limit that says when to come back, then the answer.
 * const script = Effect.gen(function* () {
 *   const mock = yield* MockTransport.MockTransport
 *   yield* mock.reply(
 *     "POST /search",
 *     MockTransport.json({ detail: "Slow down" }, { status: 429, headers: { "retry-after": "1" } }),
 *     MockTransport.json({ results: [] })
 *   )
 * })
 *
 * Effect.runPromise(script.pipe(Effect.provide(MockTransport.layer)))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const json = (body: unknown, init: Omit<Extract<Reply, { status?: number }>, "body"> = {}): Reply => ({
  ...init,
  body
})

/**
 * A dropped connection.
 *
 * @since 0.1.0
 * @category constructors
 */
export const drop: Reply = { drop: true }

const matches = (route: Route, method: string, path: string): boolean => {
  if (route === "*") return true
  const [routeMethod, routePath] = route.includes(" ") ? route.split(" ", 2) : [undefined, route]
  return (routeMethod === undefined || routeMethod === method) && path.endsWith(routePath!)
}

const parse = (text: string | undefined): unknown => {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** What a reply sends back, or `undefined` for a dropped connection. */
const toResponse = (reply: Exclude<Reply, { drop: true }>): Transport.Response => {
  const status = reply.status ?? 200
  const empty = status === 204 || status === 304
  const text = empty ? "" : (reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body)))
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(reply.headers ?? {})) headers[name.toLowerCase()] = value
  if (reply.text === undefined && reply.body !== undefined && headers["content-type"] === undefined) {
    headers["content-type"] = "application/json"
  }
  return { status, headers, text }
}

const dropped = (detail: string) =>
  new Transport.TransportError({ reason: "Transport", detail, cause: new TypeError(detail) })

/** The scripted exchange behind every face of the mock: record, pick the queued reply, answer. */
type Exchange = (request: Transport.Request) => Effect.Effect<Transport.Response, Transport.TransportError>

/**
 * A fresh script, with the exchange that answers from it: what the layers are built on, for a face
 * of the mock they do not provide.
 *
 * @example
 * ```ts
 * import { Transport } from "@memsy/effect"
 * import { MockTransport } from "@memsy/testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const [exchange, mock] = yield* MockTransport.make
 *   yield* mock.reply("GET /health", MockTransport.json({ status: "ok" }))
 *   const transport = Transport.make(exchange)
 *   const url = "http://memsy.test/v1/health"
 *   const request = { method: "GET", url, headers: {}, body: undefined, timeout: 1000 } as const
 *   return (yield* transport.send(request)).status // 200
 * })
 *
 * Effect.runPromise(program).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<readonly [Exchange, Service]> = Effect.gen(function* () {
  const queued = yield* Ref.make<ReadonlyArray<readonly [Route, Reply]>>([])
  const seen = yield* Ref.make<ReadonlyArray<Recorded>>([])
  const service: Service = {
    reply: (route, ...replies) =>
      Ref.update(queued, (all) => [...all, ...replies.map((r) => [route, r] as const)]),
    requests: Ref.get(seen)
  }
  const exchange: Exchange = (request) =>
    Effect.gen(function* () {
      const url = new URL(request.url)
      const recorded: Recorded = {
        method: request.method,
        url,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...request.headers },
        text: request.body,
        body: parse(request.body),
        at: yield* Clock.currentTimeMillis
      }
      yield* Ref.update(seen, (all) => [...all, recorded])
      const reply = yield* Ref.modify(queued, (all) => {
        const index = all.findIndex(([route]) => matches(route, request.method, url.pathname))
        return index < 0 ? [undefined, all] : [all[index]![1], all.filter((_, i) => i !== index)]
      })
      if (reply?.delay !== undefined) yield* Effect.sleep(reply.delay)
      if (reply === undefined) {
        const detail = `MockTransport: no reply queued for ${request.method} ${url.pathname}`
        return toResponse({ status: 501, body: { detail } })
      }
      if ("drop" in reply) return yield* dropped("connection dropped")
      return toResponse(reply)
    })
  return [exchange, service] as const
})

/** The platform's request as the SDK's plain one, so an `HttpClient` face shares the script. */
const fromPlatform = (request: HttpClientRequest.HttpClientRequest, url: URL): Transport.Request => {
  const body = request.body
  return {
    method: request.method as Transport.Request["method"],
    url: url.toString(),
    headers: request.headers,
    body:
      body._tag === "Uint8Array"
        ? new TextDecoder().decode(body.body)
        : body._tag === "Raw"
          ? String(body.body)
          : undefined,
    timeout: Infinity
  }
}

/**
 * The script as an `@effect/platform` `HttpClient`.
 *
 * @example
 * ```ts
 * import { MockTransport } from "@memsy/testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const [exchange, mock] = yield* MockTransport.make
 *   yield* mock.reply("GET /health", MockTransport.json({ status: "ok" }))
 *   const response = yield* MockTransport.httpClient(exchange).get("http://memsy.test/v1/health")
 *   return yield* response.json // { status: "ok" }
 * })
 *
 * Effect.runPromise(program).then(console.log)
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const httpClient = (exchange: Exchange): HttpClient.HttpClient =>
  HttpClient.make((request, url) =>
    exchange(fromPlatform(request, url)).pipe(
      Effect.map((response) =>
        HttpClientResponse.fromWeb(
          request,
          new Response(response.text === "" ? null : response.text, response)
        )
      ),
      Effect.mapError(
        (error) => new HttpClientError.RequestError({ request, reason: "Transport", cause: error.cause })
      )
    )
  )

/**
 * The transports a mock can stand behind: the SDK's own (`transport`), an `@effect/platform`
 * `HttpClient` (`httpClient`), or the SDK's `fetch` transport over a scripted `fetch` (`fetch`).
 *
 * @since 0.2.0
 * @category models
 */
export type Face = "transport" | "httpClient" | "fetch"

const fetchOf =
  (exchange: Exchange, runtime: Runtime.Runtime<never>): typeof globalThis.fetch =>
  async (input, init) => {
    const request: Transport.Request = {
      method: (init?.method ?? "GET") as Transport.Request["method"],
      url: String(input),
      headers: Object.fromEntries(new Headers(init?.headers)),
      body: typeof init?.body === "string" ? init.body : undefined,
      timeout: Infinity
    }
    const signal = init?.signal ?? undefined
    const exit = await Runtime.runPromiseExit(runtime)(exchange(request), signal ? { signal } : {})
    if (Exit.isFailure(exit)) throw new TypeError("fetch failed", { cause: new Error("connection dropped") })
    const { status, headers, text } = exit.value
    return new Response(text === "" ? null : text, { status, headers })
  }

/**
 * Provides the scripted transport (as `Transport`, or as an `HttpClient`, or behind the SDK's
 * `fetch` transport) and `MockTransport` (to script and inspect it).
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { MockTransport } from "@memsy/testing"
 * import { Effect, Layer } from "effect"
 *
 * // The client over the SDK's own fetch transport, which reads the scripted answers.
 * const { baseUrl, apiKey } = MockTransport.defaults
 * const layer = MemsyClient.layer({ baseUrl, apiKey }).pipe(
 *   Layer.provideMerge(MockTransport.layerWith("fetch"))
 * )
 * const program = Effect.gen(function* () {
 *   const mock = yield* MockTransport.MockTransport
 *   yield* mock.reply("GET /health", MockTransport.json({ status: "ok" }))
 *   return yield* (yield* MemsyClient.MemsyClient).health()
 * })
 *
 * Effect.runPromise(program.pipe(Effect.provide(layer))).then(console.log)
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layerWith = (
  face: Face
): Layer.Layer<Transport.Transport | HttpClient.HttpClient | MockTransport> =>
  Layer.scopedContext(
    Effect.gen(function* () {
      const [exchange, service] = yield* make
      const client = httpClient(exchange)
      const transport =
        face === "transport"
          ? Transport.make(exchange)
          : face === "httpClient"
            ? Transport.fromHttpClient(client)
            : yield* Transport.fetch({ fetch: fetchOf(exchange, yield* Effect.runtime<never>()) })
      return Context.make(Transport.Transport, transport).pipe(
        Context.add(HttpClient.HttpClient, client),
        Context.add(MockTransport, service)
      )
    })
  )

/**
 * Provides `Transport` and `HttpClient` (both scripted) and `MockTransport`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Transport.Transport | HttpClient.HttpClient | MockTransport> =
  layerWith("transport")

/**
 * The base URLs and key the `layerClients` clients use.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaults = {
  baseUrl: "http://memsy.test/v1",
  controlUrl: "http://memsy.test/api",
  apiKey: "msy_0123456789abcdef0123456789abcdef"
} as const

/**
 * `layerClients`' options: the clients' options under `client`, as `MemsyTest.layer` takes them.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** Default: {@link defaults} and the SDK's retries and timeout; `controlUrl` follows `baseUrl`. */
  readonly client?: ClientOptions
}

/**
 * Both clients over one scripted transport, plus `MockTransport`.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { MockTransport } from "@memsy/testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const mock = yield* MockTransport.MockTransport
 *   yield* mock.reply("POST /search", MockTransport.drop, MockTransport.json({ results: [] }))
 *   yield* (yield* MemsyClient.MemsyClient).search("tea", { actorId: "u1" }) // the drop is retried
 *   return (yield* mock.requests).length // 2
 * })
 *
 * // The clients' options as MemsyTest.layer takes them: here, retry lost connections of safe calls.
 * const layer = MockTransport.layerClients({ client: { retryTransient: true } })
 * Effect.runPromise(program.pipe(Effect.provide(layer))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClients = (
  options: Options = {},
  face: Face = "transport"
): Layer.Layer<MemsyClient.MemsyClient | MemsyControlClient.MemsyControlClient | MockTransport> =>
  Clients.layer({ baseUrl: defaults.baseUrl, apiKey: defaults.apiKey }, options.client).pipe(
    Layer.provideMerge(layerWith(face))
  )
