/**
 * What the `HttpClient` adapter needs of `@effect/platform`, without importing it at load: an app
 * that never provides an `HttpClient` (the default transport runs) paid for resolving and linking
 * the platform's `HttpClient` and `HttpClientRequest` modules at every start (1–2 ms in the import
 * benchmark, 5 ms alone), for a tag and two request builders. An app that provides one has loaded
 * the platform already.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"

/**
 * The platform's `HttpClient` tag, by its key: a context finds a service by its tag's key, so this
 * is the platform's own tag to every `provide` and `serviceOption` (a test checks that it is).
 */
export const HttpClientTag = Context.GenericTag<HttpClient.HttpClient>("@effect/platform/HttpClient")

let requests: typeof HttpClientRequest | undefined
let loading: Promise<typeof HttpClientRequest> | undefined

/** Starts loading the request builders, once: an adapter's first exchange waits for them. */
export const preload = (): void => {
  loading ??= import("@effect/platform/HttpClientRequest").then((module) => (requests = module))
}

/** `f` with the platform's request builders: at once after the first exchange. */
export const withRequests = <A, E>(
  f: (module: typeof HttpClientRequest) => Effect.Effect<A, E>
): Effect.Effect<A, E> => {
  if (requests !== undefined) return f(requests)
  preload()
  return Effect.flatMap(
    Effect.promise(() => loading!),
    f
  )
}
