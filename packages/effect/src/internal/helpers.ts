/**
 * What the clients add over their endpoints, built from the endpoint methods alone: `status` over any
 * number of ids, `listAll` streams, and the processing waits.
 */
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"
import { StatusResult } from "../Events.js"
import * as MemsyError from "../MemsyError.js"
import type * as Pagination from "../Pagination.js"
import * as Processing from "../Processing.js"
import type * as RequestOptions from "../RequestOptions.js"

type Status = (
  eventIds: ReadonlyArray<string>,
  options?: RequestOptions.RequestOptions
) => Effect.Effect<StatusResult, MemsyError.CallError>

/** The server's cap on ids per `status` call (contract §4.3). */
export const STATUS_BATCH = 500

/**
 * `status` for any number of ids: batches of 500, one after the other, merged into one answer (lists
 * in input order, counts summed). Up to 500 ids it is the endpoint itself.
 */
export const statusAll =
  (status: Status): Status =>
  (eventIds, options) => {
    if (eventIds.length <= STATUS_BATCH) return status(eventIds, options)
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

interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly total: number
}

/**
 * Every item of a list, one page per pull, in the server's (stable) order: a page is fetched only
 * when the consumer wants more, and none after the one that reaches `total` or comes back short.
 */
export const listAll =
  <F extends { readonly limit?: number; readonly offset?: number }, A>(
    list: (
      filters: F,
      options?: RequestOptions.RequestOptions
    ) => Effect.Effect<Page<A>, MemsyError.CallError>
  ) =>
  (
    filters?: Omit<F, "limit" | "offset">,
    options?: Pagination.ListAllOptions & RequestOptions.RequestOptions
  ): Stream.Stream<A, MemsyError.CallError> => {
    const { pageSize = 100, ...request } = options ?? {}
    return Stream.paginateChunkEffect(0, (offset) =>
      Effect.map(list({ ...filters, limit: pageSize, offset } as F, request), (page) => {
        const next = offset + page.items.length
        const more = page.items.length === pageSize && next < page.total
        return [Chunk.unsafeFromArray(page.items), more ? Option.some(next) : Option.none()] as const
      })
    )
  }

const DEFAULT_TIMEOUT = Duration.minutes(5)
const DEFAULT_INTERVAL = Duration.seconds(1)

/**
 * Polls `status` until nothing is pending, emitting every answer (the last is settled). Fails with
 * `ProcessingTimeout`, carrying the last answer, when `timeout` passes first.
 */
export const watchProcessing =
  (status: Status) =>
  (
    eventIds: ReadonlyArray<string>,
    options: Processing.WaitOptions = {}
  ): Stream.Stream<StatusResult, MemsyError.MemsyError> => {
    const timeout = Duration.decode(options.timeout ?? DEFAULT_TIMEOUT)
    const schedule = options.schedule ?? Schedule.spaced(options.pollInterval ?? DEFAULT_INTERVAL)
    let last: StatusResult | undefined
    const poll = Effect.tap(status(eventIds), (result) => {
      last = result
      options.onProgress?.(Processing.progress(result))
    })
    const expired = Effect.flatMap(Effect.sleep(timeout), () =>
      Effect.fail(
        new MemsyError.ProcessingTimeout({
          timeout: Duration.toMillis(timeout),
          ...(last && { status: last })
        })
      )
    )
    return Stream.repeatEffectWithSchedule(poll, schedule).pipe(
      Stream.takeUntil(Processing.isSettled),
      Stream.interruptWhen(expired)
    )
  }

/** The settled status of `eventIds`, after `watchProcessing`'s polls. */
export const waitForProcessing =
  (status: Status) =>
  (
    eventIds: ReadonlyArray<string>,
    options?: Processing.WaitOptions
  ): Effect.Effect<StatusResult, MemsyError.MemsyError> =>
    Effect.map(Stream.runLast(watchProcessing(status)(eventIds, options)), Option.getOrThrow)
