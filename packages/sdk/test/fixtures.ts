import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { MemsyClient as CoreClient, MemsyControlClient as CoreControl } from "@memsy/effect"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"

export const baseUrl = "http://memsy.test/v1"
export const controlUrl = "http://memsy.test/api"
export const apiKey = "msy_0123456789abcdef0123456789abcdef"

/** A request as the custom `fetch` received it. */
export interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
  readonly signal: AbortSignal | undefined
}

export interface Reply {
  readonly status?: number
  readonly body?: unknown
  readonly text?: string
  readonly headers?: Readonly<Record<string, string>>
}

export const response = (reply: Reply): Response => {
  const status = reply.status ?? 200
  const text = reply.text ?? (reply.body === undefined ? "" : JSON.stringify(reply.body))
  return new Response(status === 204 ? null : text, {
    status,
    headers: { "content-type": "application/json", ...reply.headers }
  })
}

/**
 * A `fetch` that records every request and answers with `answer` (a reply, or a function of the
 * request index); `"hang"` never answers until the request's signal aborts.
 */
export const recorder = (answer: Reply | "hang" | ((index: number, seen: Seen) => Reply | "hang")) => {
  const seen: Array<Seen> = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    const body = request.body === null ? undefined : await request.text()
    const entry: Seen = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body,
      signal: init?.signal ?? undefined
    }
    seen.push(entry)
    const reply = typeof answer === "function" ? answer(seen.length - 1, entry) : answer
    if (reply === "hang") {
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true })
      })
    }
    return response(reply)
  }
  return { fetch, seen }
}

/** Trace headers carry fresh ids on every request: left out of wire comparisons. */
export const comparable = ({ signal: _, ...seen }: Seen) => ({
  ...seen,
  headers: Object.fromEntries(
    Object.entries(seen.headers).filter(([name]) => !["traceparent", "b3", "tracestate"].includes(name))
  )
})

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const at = (root: any, path: ReadonlyArray<string>): any => path.reduce((node, key) => node?.[key], root)

/** Runs the core client's method at `path` over the same kind of custom fetch the facade uses. */
export const runCore = (
  plane: "data" | "control",
  path: ReadonlyArray<string>,
  args: ReadonlyArray<unknown>,
  fetch: typeof globalThis.fetch,
  options: Partial<CoreClient.Options> = {}
): Promise<Exit.Exit<unknown, unknown>> => {
  const http = Layer.provide(FetchHttpClient.layer, Layer.succeed(FetchHttpClient.Fetch, fetch))
  const effect: Effect.Effect<unknown, unknown> =
    plane === "data"
      ? (Effect.flatMap(CoreClient.MemsyClient, (client) => at(client, path)(...args)).pipe(
          Effect.provide(Layer.provide(CoreClient.layer({ baseUrl, apiKey, ...options }), http))
        ) as Effect.Effect<unknown, unknown>)
      : (Effect.flatMap(CoreControl.MemsyControlClient, (client) => at(client, path)(...args)).pipe(
          Effect.provide(Layer.provide(CoreControl.layer({ baseUrl: controlUrl, apiKey, ...options }), http))
        ) as Effect.Effect<unknown, unknown>)
  return Effect.runPromiseExit(effect)
}

export { at }
