/**
 * Waiting for ingested events to be processed: `status` over any number of ids, the options and
 * progress of `waitForProcessing`, and the wait itself, built from any `status` function.
 *
 * @since 0.2.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import { StatusResult } from "./Events.js"
import * as Rules from "./internal/rules.js"
import * as MemsyError from "./MemsyError.js"
import type * as RequestOptions from "./RequestOptions.js"

/**
 * Counts of one poll.
 *
 * @since 0.2.0
 * @category models
 */
export interface Progress {
  readonly completed: number
  readonly failed: number
  readonly pending: number
  /** Ids the server does not know: they will never complete. */
  readonly unknown: number
  readonly total: number
}

/**
 * How `waitForProcessing` waits: for how long in all, how often it polls (or on what `Schedule`),
 * and a progress callback.
 *
 * @since 0.2.0
 * @category models
 */
export interface WaitOptions {
  /** How long to wait in all before failing with `ProcessingTimeout`. Default 5 minutes. */
  readonly timeout?: Duration.DurationInput | undefined
  /** The wait between polls. Default 1 second. */
  readonly pollInterval?: Duration.DurationInput | undefined
  /** Replaces `pollInterval`: when to poll again, given the last status. */
  readonly schedule?: Schedule.Schedule<unknown, StatusResult> | undefined
  /** Called after every poll. */
  readonly onProgress?: ((progress: Progress) => void) | undefined
}

/**
 * A `status` method: the endpoint's, or `statusAll` of it.
 *
 * @since 0.2.0
 * @category models
 */
export type Status = (
  eventIds: ReadonlyArray<string>,
  options?: RequestOptions.RequestOptions
) => Effect.Effect<StatusResult, MemsyError.CallError>

/**
 * The counts of a status answer.
 *
 * @since 0.2.0
 * @category constructors
 */
export const progress = (status: StatusResult): Progress => ({
  completed: status.completedIds.length,
  failed: status.failedIds.length,
  pending: status.pendingIds.length,
  unknown: status.unknownIds.length,
  total: status.total
})

/**
 * Whether nothing is left pending: every id completed, failed or unknown to the server.
 *
 * @since 0.2.0
 * @category predicates
 */
export const isSettled = (status: StatusResult): boolean => status.pendingIds.length === 0

/**
 * The server's cap on ids per `status` call (contract §4.3).
 *
 * @since 0.2.0
 * @category constants
 */
export const STATUS_BATCH = 500

/**
 * `status` for any number of ids: batches of 500, one after the other, merged into one answer (lists
 * in input order, counts summed). Up to 500 ids it is the endpoint itself.
 *
 * @since 0.2.0
 * @category constructors
 */
export const statusAll =
  (status: Status): Status =>
  (eventIds, options) => {
    // Anything but an array is the endpoint's to reject.
    if (!Array.isArray(eventIds) || eventIds.length <= STATUS_BATCH) return status(eventIds, options)
    const batches: Array<ReadonlyArray<string>> = []
    for (let i = 0; i < eventIds.length; i += STATUS_BATCH) batches.push(eventIds.slice(i, i + STATUS_BATCH))
    return Effect.map(
      Effect.forEach(batches, (batch) => status(batch, options)),
      (results) => {
        const merged = (pick: (s: StatusResult) => ReadonlyArray<string>) => results.flatMap(pick)
        const statuses = results.some((r) => r.statuses !== undefined)
          ? Object.assign({}, ...results.map((r) => r.statuses ?? {}))
          : undefined
        const last = results[results.length - 1]!
        return new StatusResult(
          {
            completedIds: merged((r) => r.completedIds),
            failedIds: merged((r) => r.failedIds),
            pendingIds: merged((r) => r.pendingIds),
            unknownIds: merged((r) => r.unknownIds),
            total: results.reduce((sum, r) => sum + r.total, 0),
            ...(statuses && { statuses }),
            ...(last.usage && { usage: last.usage }),
            ...(last.rateLimit && { rateLimit: last.rateLimit })
          },
          { disableValidation: true }
        )
      }
    )
  }

/**
 * What `WaitOptions` left out means: 5 minutes in all, 1 second between polls.
 *
 * @since 0.2.0
 * @category constants
 */
export const defaults = { timeout: Duration.minutes(5), pollInterval: Duration.seconds(1) } as const

/**
 * The options' deadline and poll schedule, defaults applied.
 *
 * @since 0.2.0
 * @category constructors
 */
export const plan = (
  options: WaitOptions
): { readonly timeout: Duration.Duration; readonly schedule: Schedule.Schedule<unknown, StatusResult> } => ({
  timeout: Duration.decode(options.timeout ?? defaults.timeout),
  schedule: options.schedule ?? Schedule.spaced(options.pollInterval ?? defaults.pollInterval)
})

/**
 * The error of a wait whose deadline passed, with the last answer it had.
 *
 * @since 0.2.0
 * @category constructors
 */
export const timedOut = (
  timeout: Duration.Duration,
  last: StatusResult | undefined
): MemsyError.ProcessingTimeout =>
  new MemsyError.ProcessingTimeout({ timeout: Duration.toMillis(timeout), ...(last && { status: last }) })

/**
 * `waitForProcessing` over a `status` function: polls as `options` say (`onProgress` after each)
 * until nothing is pending or the schedule ends, and gives the last answer. Fails with
 * `ProcessingTimeout`, carrying the last answer, when `timeout` passes first.
 *
 * @since 0.2.0
 * @category constructors
 */
export const waitFor =
  (status: Status) =>
  (
    eventIds: ReadonlyArray<string>,
    options: WaitOptions = {}
  ): Effect.Effect<StatusResult, MemsyError.MemsyError> => {
    const problem = Rules.check(Rules.wait, options, "options")
    if (problem !== undefined) {
      return Effect.fail(
        new MemsyError.MemsyValidationError({ operation: "waitForProcessing", detail: problem })
      )
    }
    const { schedule, timeout } = plan(options)
    let last: StatusResult | undefined
    const poll = Effect.tap(status(eventIds), (result) => {
      last = result
      options.onProgress?.(progress(result))
    })
    const loop = (
      driver: Schedule.ScheduleDriver<unknown, StatusResult>
    ): Effect.Effect<StatusResult, MemsyError.CallError> =>
      Effect.flatMap(poll, (result) =>
        isSettled(result)
          ? Effect.succeed(result)
          : Effect.matchEffect(driver.next(result), {
              onFailure: () => Effect.succeed(result),
              onSuccess: () => loop(driver)
            })
      )
    return Effect.timeoutFail(Effect.flatMap(Schedule.driver(schedule), loop), {
      duration: timeout,
      onTimeout: () => timedOut(timeout, last)
    })
  }
