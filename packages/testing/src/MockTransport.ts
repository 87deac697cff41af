/**
 * A scripted `HttpClient` for unit tests that need an exact response: queue replies per route,
 * record what reached the wire (and when, by the Effect clock, so `TestClock` drives it), assert.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { MemsyClient, MemsyControlClient } from "@memsy/effect"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"

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
 * @since 0.1.0
 * @category tags
 */
export class MockTransport extends Context.Tag("@memsy/testing/MockTransport")<MockTransport, Service>() {}

/**
 * A JSON reply.
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

const bodyText = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  switch (request.body._tag) {
    case "Uint8Array":
      return new TextDecoder().decode(request.body.body)
    case "Raw":
      return typeof request.body.body === "string" ? request.body.body : String(request.body.body)
    default:
      return undefined
  }
}

const parse = (text: string | undefined): unknown => {
  if (text === undefined) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

const toResponse = (reply: Exclude<Reply, { drop: true }>): Response => {
  const status = reply.status ?? 200
  const empty = status === 204 || status === 304
  const text = reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body))
  const headers = new Headers(reply.headers)
  if (reply.text === undefined && reply.body !== undefined && !headers.has("content-type")) {
    headers.set("content-type", "application/json")
  }
  return new Response(empty ? null : text, { status, headers })
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<readonly [HttpClient.HttpClient, Service]> = Effect.gen(function* () {
  const queued = yield* Ref.make<ReadonlyArray<readonly [Route, Reply]>>([])
  const seen = yield* Ref.make<ReadonlyArray<Recorded>>([])
  const service: Service = {
    reply: (route, ...replies) =>
      Ref.update(queued, (all) => [...all, ...replies.map((r) => [route, r] as const)]),
    requests: Ref.get(seen)
  }
  const client = HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const text = bodyText(request)
      const recorded: Recorded = {
        method: request.method,
        url,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...request.headers },
        text,
        body: parse(text),
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
        return HttpClientResponse.fromWeb(request, toResponse({ status: 501, body: { detail } }))
      }
      if ("drop" in reply) {
        return yield* new HttpClientError.RequestError({
          request,
          reason: "Transport",
          cause: new TypeError("fetch failed: connection dropped")
        })
      }
      return HttpClientResponse.fromWeb(request, toResponse(reply))
    })
  )
  return [client, service] as const
})

/**
 * Provides `HttpClient.HttpClient` (scripted) and `MockTransport` (to script and inspect it).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient | MockTransport> = Layer.effectContext(
  Effect.map(make, ([client, service]) =>
    Context.make(HttpClient.HttpClient, client).pipe(Context.add(MockTransport, service))
  )
)

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
 * Both clients over one scripted transport, plus `MockTransport`. Client options (retries,
 * timeout) may be overridden.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerClients = (
  options: Partial<MemsyClient.Options> = {}
): Layer.Layer<MemsyClient.MemsyClient | MemsyControlClient.MemsyControlClient | MockTransport> =>
  Layer.merge(
    MemsyClient.layer({ baseUrl: defaults.baseUrl, apiKey: defaults.apiKey, ...options }),
    MemsyControlClient.layer({ baseUrl: defaults.controlUrl, apiKey: defaults.apiKey, ...options })
  ).pipe(Layer.provideMerge(layer))
