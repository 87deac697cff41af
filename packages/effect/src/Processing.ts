/**
 * Waiting for ingested events to be processed: the options of `waitForProcessing` and
 * `watchProcessing`, and the progress they report.
 *
 * @since 0.2.0
 */
import type * as Duration from "effect/Duration"
import type * as Schedule from "effect/Schedule"
import type { StatusResult } from "./Events.js"

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
