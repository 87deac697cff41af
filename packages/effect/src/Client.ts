/**
 * What the data and control clients share: their options, and the shape of a client derived from a
 * tree of endpoints (one method per endpoint, `withResponse`, `withOptions`).
 *
 * @since 0.2.0
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type * as Endpoint from "./Endpoint.js"
import type * as MemsyError from "./MemsyError.js"
import type * as RequestOptions from "./RequestOptions.js"
import type * as ResponseMeta from "./ResponseMeta.js"
import type * as Retry from "./Retry.js"

/**
 * The options both clients take.
 *
 * @since 0.2.0
 * @category models
 */
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
  /** Also retry 5xx, 408, lost connections and timeouts where that is safe (`RequestOptions`). Default off. */
  readonly retryTransient?: boolean | undefined
}

/**
 * The methods derived from a tree of endpoints: one per endpoint, resources nested, each taking the
 * endpoint's arguments and then optional `RequestOptions`, and giving the result (`"result"`) or the
 * result with its response's metadata (`"response"`).
 *
 * @since 0.2.0
 * @category models
 */
export type Methods<T extends Endpoint.Tree, Wrap extends "result" | "response"> = {
  readonly [K in keyof T]: T[K] extends Endpoint.Endpoint<infer Args, infer _Req, infer _Wire, infer Res>
    ? (
        ...args: [...Args, options?: RequestOptions.RequestOptions]
      ) => Effect.Effect<Wrap extends "result" ? Res : ResponseMeta.WithResponse<Res>, MemsyError.CallError>
    : T[K] extends Endpoint.Tree
      ? Methods<T[K], Wrap>
      : never
}

/**
 * A client derived from a tree of endpoints, with what its helpers add over the methods (`X`, whose
 * members replace the methods of the same name).
 *
 * @since 0.2.0
 * @category models
 */
export type Client<T extends Endpoint.Tree, X = unknown> = Omit<Methods<T, "result">, keyof X> &
  X & {
    /**
     * The same methods, each giving `{ data, meta }`: the result and its response's status and headers.
     *
     * @example
     * ```ts
     * import { MemsyClient } from "@memsy/effect"
     * import { Effect } from "effect"
     *
     * const recall = (query: string) =>
     *   Effect.gen(function* () {
     *     const memsy = yield* MemsyClient.MemsyClient
     *     const { data, meta } = yield* memsy.withResponse.search(query, { actorId: "user_1" })
     *     if (meta.rateLimit?.remaining === 0) yield* Effect.logWarning("rate limit reached")
     *     return data.results
     *   })
     * ```
     */
    readonly withResponse: Methods<T, "response">
    /**
     * A client with these options over the client's own, sharing its connections.
     *
     * @example
     * ```ts
     * import { MemsyClient } from "@memsy/effect"
     * import { Effect } from "effect"
     *
     * // A readiness probe answers fast or not at all: a short timeout, no retries, for its calls only.
     * const ready = Effect.gen(function* () {
     *   const memsy = yield* MemsyClient.MemsyClient
     *   const probe = memsy.withOptions({ timeout: "2 seconds", maxRetries: 0 })
     *   const { status } = yield* probe.health()
     *   return status === "ok"
     * })
     * ```
     */
    readonly withOptions: (options: Partial<Options>) => Client<T, X>
  }
