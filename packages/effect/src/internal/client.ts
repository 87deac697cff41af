import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Endpoint from "../Endpoint.js"
import type * as MemsyError from "../MemsyError.js"
import * as Retry from "../Retry.js"
import { call, type Settings } from "./call.js"

/** The options both clients take. */
export interface Options {
  /** The service's base URL, e.g. `https://api.memsy.io/v1`; trailing slashes are ignored. */
  readonly baseUrl: string
  /** `msy_…`; kept `Redacted` until it is written into the `Authorization` header. */
  readonly apiKey: Redacted.Redacted | string
  /** Per attempt, waiting between retries not included. Default 30 seconds. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Retries of a rate-limited call. Default 3. */
  readonly maxRetries?: number | undefined
  /** First wait when the server sends no `Retry-After`; doubled at each retry. Default 1 second. */
  readonly retryBackoff?: Duration.DurationInput | undefined
  /** Replaces the retry policy (`maxRetries` and `retryBackoff` are then unused). */
  readonly retrySchedule?: Retry.Policy | undefined
}

/** A client derived from a tree of endpoints: one method per endpoint, resources nested. */
export type Client<T extends Endpoint.Tree> = {
  readonly [K in keyof T]: T[K] extends Endpoint.Endpoint<infer Args, infer _Req, infer _Wire, infer Res>
    ? (...args: Args) => Effect.Effect<Res, MemsyError.MemsyError>
    : T[K] extends Endpoint.Tree
      ? Client<T[K]>
      : never
}

export const settings = (options: Options): Effect.Effect<Settings, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (http) => {
    const prepared = HttpClient.mapRequest(http, (request) =>
      request.pipe(
        HttpClientRequest.prependUrl(options.baseUrl.replace(/\/+$/, "")),
        HttpClientRequest.bearerToken(options.apiKey),
        HttpClientRequest.acceptJson
      )
    )
    return {
      http: prepared,
      untraced: HttpClient.withTracerDisabledWhen(prepared, () => true),
      timeout: Duration.decode(options.timeout ?? Duration.seconds(30)),
      retry:
        options.retrySchedule ??
        Retry.schedule({
          ...Retry.defaults,
          ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
          ...(options.retryBackoff !== undefined && { backoff: options.retryBackoff })
        })
    }
  })

export const build = <T extends Endpoint.Tree>(tree: T, settings: Settings): Client<T> =>
  Object.fromEntries(
    Object.entries(tree).map(([name, node]) => [
      name,
      Endpoint.isEndpoint(node) ? call(node, settings) : build(node, settings)
    ])
  ) as Client<T>
