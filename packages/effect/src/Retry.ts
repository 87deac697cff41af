/**
 * The retry policy: a `Schedule` over the errors of a call. Rate limits are retried with exponential
 * backoff, waiting exactly `Retry-After` when the server sent it. With `retryTransient`, a 5xx, 408,
 * lost connection or timeout of a request that is safe to repeat is retried too, with the same
 * backoff jittered (×0.8 to ×1.2) so that clients failing together do not come back together.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import type * as MemsyError from "./MemsyError.js"

/**
 * The knobs of the default policy, from the client's `maxRetries` and `retryBackoff`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Retries after the first attempt; `maxRetries + 1` attempts at most. */
  readonly maxRetries: number
  /** The first wait when the server gives no `Retry-After`; doubled at each retry. */
  readonly backoff: Duration.DurationInput
  /**
   * The longest `Retry-After` worth waiting for. A longer one is not slept through: the error
   * surfaces at once, with `retryAfter` set, so the caller can decide.
   */
  readonly maxRetryAfter: Duration.DurationInput
}

/**
 * A policy that decides how long to wait, given the error of the attempt that failed.
 *
 * @since 0.1.0
 * @category models
 */
export type Policy = Schedule.Schedule<unknown, MemsyError.MemsyError>

/**
 * Waits `backoff × 2^n` before retry n (jittered for transient errors), or the server's
 * `Retry-After`; stops after `maxRetries`
 * and whenever `Retry-After` is beyond `maxRetryAfter`. Whether an error is retried at all is
 * `MemsyError.isRetryable`, checked by the caller.
 *
 * @since 0.1.0
 * @category constructors
 */
export const schedule = (options: Options): Policy => {
  const cap = Duration.toMillis(options.maxRetryAfter)
  return Schedule.exponential(options.backoff).pipe(
    Schedule.intersect(Schedule.recurs(options.maxRetries)),
    Schedule.intersect(Schedule.identity<MemsyError.MemsyError>()),
    Schedule.whileInput(
      (error: MemsyError.MemsyError) =>
        error._tag !== "RateLimitExceeded" || error.retryAfter === undefined || error.retryAfter * 1000 <= cap
    ),
    Schedule.modifyDelayEffect(([, error], computed) =>
      error._tag === "RateLimitExceeded"
        ? Effect.succeed(error.retryAfter !== undefined ? Duration.seconds(error.retryAfter) : computed)
        : Effect.map(Random.nextRange(0.8, 1.2), (factor) => Duration.times(computed, factor))
    )
  )
}

/**
 * The defaults of the official SDKs: 3 retries, 1 s backoff; and a 60 s ceiling on `Retry-After`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaults: Options = {
  maxRetries: 3,
  backoff: Duration.seconds(1),
  maxRetryAfter: Duration.minutes(1)
}
