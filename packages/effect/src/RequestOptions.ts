/**
 * What every method takes after its own arguments: the client's options for that call only.
 *
 * @since 0.2.0
 */
import type * as Duration from "effect/Duration"

/**
 * Options for one call, after the method's own arguments: they replace the client's for that call.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * const recall = Effect.gen(function* () {
 *   const memsy = yield* MemsyClient.MemsyClient
 *   // A read is safe to repeat: retry a 5xx or a timeout too, and give each attempt 5 seconds.
 *   return yield* memsy.search("user preferences", { actorId: "user_1" }, { timeout: "5 seconds", retryTransient: true })
 * })
 * ```
 *
 * @since 0.2.0
 * @category models
 */
export interface RequestOptions {
  /** Per attempt, replacing the client's `timeout`. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Replaces the client's `maxRetries` (with a `retrySchedule`, caps its retries). */
  readonly maxRetries?: number | undefined
  /**
   * Also retry 5xx, 408, lost connections and timeouts, with jittered exponential backoff, where
   * repeating the request is safe: reads, deletes, `search`, `status`, and an `ingest` whose events
   * all carry an `eventId`. A request that is not safe to repeat is never sent twice.
   */
  readonly retryTransient?: boolean | undefined
  /**
   * Extra request headers (a tenant tag). The SDK's own `authorization`, `accept` and
   * `content-type` are kept, and so is the `traceparent` naming the call's span: one of the call's
   * own would cut the server's spans off the call's. It goes as given only when the call has no span
   * (tracing disabled). To continue a trace of your own, make it the call's parent:
   * `Effect.withParentSpan(call, Tracer.externalSpan({ traceId, spanId }))`. A name must be a token
   * and a value Latin-1 text without line breaks.
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
}
