/**
 * Importing many events at once with `ingestMany`: its options, progress and result.
 *
 * @since 0.2.0
 */
import type * as MemsyError from "./MemsyError.js"

/**
 * How `ingestMany` splits and sends: batch size, requests in flight, retries per batch, and a
 * progress callback.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** Events per request, 1 to 1000. Default 100. */
  readonly batchSize?: number | undefined
  /** Requests in flight at once. Default 4. */
  readonly concurrency?: number | undefined
  /**
   * Retries of one batch after a rate limit (waited by every batch together), a 5xx, a 408, a lost
   * connection or a timeout. Default 5.
   */
  readonly maxRetries?: number | undefined
  /** Called after every batch. */
  readonly onProgress?: ((progress: Progress) => void) | undefined
}

/**
 * Where `ingestMany` stands, reported after every batch.
 *
 * @since 0.2.0
 * @category models
 */
export interface Progress {
  /** Events the server has accepted so far. */
  readonly stored: number
  /** Events that will not be stored. */
  readonly failed: number
  readonly total: number
}

/**
 * One event that was not stored: its index in the input and why.
 *
 * @since 0.2.0
 * @category models
 */
export interface Failure {
  readonly index: number
  readonly error: MemsyError.CallError
}

/**
 * `eventIds[i]` is the id of input event `i`, `undefined` where it failed; `failures` lists every
 * event that was not stored. Nothing else is dropped: `eventIds.length` is the input's length.
 *
 * @since 0.2.0
 * @category models
 */
export interface Result {
  readonly eventIds: ReadonlyArray<string | undefined>
  readonly failures: ReadonlyArray<Failure>
}
