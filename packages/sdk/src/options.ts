/**
 * The options of the Promise clients and of their methods; durations in milliseconds, where
 * JavaScript expects them.
 *
 * @since 0.2.0
 */
import type { BulkIngest, Processing } from "@memsy/effect"

/**
 * What every method takes after its own arguments.
 *
 * @since 0.1.0
 * @category options
 */
export interface RequestOptions {
  /** Aborting it rejects the call at once (with `signal.reason`) and aborts the HTTP request. */
  readonly signal?: AbortSignal | undefined
  /** Per attempt, in milliseconds, replacing the client's `timeout`. */
  readonly timeout?: number | undefined
  /** Replaces the client's `maxRetries`. */
  readonly maxRetries?: number | undefined
  /**
   * Also retry 5xx, 408, lost connections and timeouts, with jittered exponential backoff, where
   * repeating the request is safe: reads, deletes, `search`, `status`, and an `ingest` whose events
   * all carry an `eventId`. A request that is not safe to repeat is never sent twice.
   */
  readonly retryTransient?: boolean | undefined
  /**
   * Extra request headers; the SDK's own `authorization`, `accept` and `content-type` are kept. A
   * `traceparent` (and `tracestate`) goes as given: this client starts no trace of its own. A name
   * must be a token and a value Latin-1 text without line breaks.
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * The options both clients take; durations in milliseconds.
 *
 * @since 0.1.0
 * @category options
 */
export interface ClientOptions {
  /**
   * The service's base URL, e.g. `https://api.memsy.io/v1`. Default: `MEMSY_BASE_URL` (the control
   * client: `MEMSY_CONTROL_URL`, else derived from `MEMSY_BASE_URL`) where an environment exists.
   */
  readonly baseUrl?: string | undefined
  /** `msy_…`; kept out of logs and `inspect` output. Default: `MEMSY_API_KEY`. */
  readonly apiKey?: string | undefined
  /** Per attempt, in milliseconds. Default 30 000. */
  readonly timeout?: number | undefined
  /** Retries of a rate-limited call. Default 3. */
  readonly maxRetries?: number | undefined
  /** First wait in milliseconds when the server sends no `Retry-After`, doubled at each retry. Default 1 000. */
  readonly retryBackoff?: number | undefined
  /** Also retry 5xx, 408, lost connections and timeouts where that is safe (see `RequestOptions`). Default off. */
  readonly retryTransient?: boolean | undefined
  /** Replaces `globalThis.fetch`: a proxy, instrumentation, a test emulator. */
  readonly fetch?: typeof globalThis.fetch | undefined
  /**
   * What the client writes to `console.log`: at `"debug"`, one logfmt line per request (method, path,
   * status, duration, attempts, and the error's name on a failure; never a header, a body, a query, an
   * error message or the key). Default `"none"`, or the environment variable `MEMSY_LOG` where there
   * is one (`MEMSY_LOG=debug`).
   */
  readonly logLevel?: LogLevel | undefined
}

/**
 * How much a client logs, from the most to nothing. The SDK's own lines are all `"debug"`.
 *
 * @since 0.2.0
 * @category options
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "none"

/**
 * The options `withOptions` may change: those of a call, as the client's new defaults.
 *
 * @since 0.2.0
 * @category options
 */
export type DefaultOptions = Pick<ClientOptions, "timeout" | "maxRetries" | "retryBackoff" | "retryTransient">

/**
 * The options of `waitForProcessing`; durations in milliseconds.
 *
 * @since 0.2.0
 * @category options
 */
export interface WaitOptions {
  /** How long to wait in all before rejecting with `ProcessingTimeout`. Default 300 000 (5 minutes). */
  readonly timeout?: number | undefined
  /** The wait between polls. Default 1 000. */
  readonly pollInterval?: number | undefined
  /** Called after every poll with the counts of its answer. */
  readonly onProgress?: ((progress: Processing.Progress) => void) | undefined
  /** Aborting it stops polling and rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * The options of `listAll`: a page size (1 to 200, default 100) and those of every page's request.
 *
 * @since 0.2.0
 * @category options
 */
export interface ListAllOptions extends RequestOptions {
  /** Items per page, 1 to 200. Default 100. */
  readonly pageSize?: number | undefined
}

/**
 * The options of `ingestMany`: batching, progress, and those of every batch's request (`maxRetries`
 * here counts the batch's retries after a rate limit or a transient failure; default 5).
 *
 * @since 0.2.0
 * @category options
 */
export interface IngestManyOptions extends RequestOptions {
  /** Events per request, 1 to 1000. Default 100. */
  readonly batchSize?: number | undefined
  /** Requests in flight at once. Default 4. */
  readonly concurrency?: number | undefined
  /** Called after every batch. */
  readonly onProgress?: ((progress: BulkIngest.Progress) => void) | undefined
}
