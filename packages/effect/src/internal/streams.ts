/**
 * The stream forms of the helpers, for the Effect clients: `listAll` over `Pagination.pages`, and
 * `watchProcessing` over `Processing.polls`. Kept apart so that a client without streams (the Promise
 * facade) bundles no stream machinery.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { StatusResult } from "../Events.js"
import * as MemsyError from "../MemsyError.js"
import * as Pagination from "../Pagination.js"
import * as Processing from "../Processing.js"
import type * as RequestOptions from "../RequestOptions.js"
import * as Rules from "./rules.js"

/** Every item of a list, one page per pull, in the server's (stable) order. */
export const listAll =
  <F extends { readonly limit?: number; readonly offset?: number }, A>(
    list: Parameters<typeof Pagination.pages<F, A>>[0],
    operation: string
  ) =>
  (
    filters?: Omit<F, "limit" | "offset">,
    options?: Pagination.ListAllOptions & RequestOptions.RequestOptions
  ): Stream.Stream<A, MemsyError.CallError> => {
    const step = Pagination.pages(list, operation)(filters, options)
    return Stream.paginateChunkEffect(0, (offset) =>
      Effect.map(
        step(offset),
        (page) => [Chunk.unsafeFromArray([...page.items]), Option.fromNullable(page.next)] as const
      )
    )
  }

/** Every answer of `waitForProcessing`'s polls, the settled one last; the same plan and timeout. */
export const watchProcessing =
  (status: Processing.Status) =>
  (
    eventIds: ReadonlyArray<string>,
    options: Processing.WaitOptions = {}
  ): Stream.Stream<StatusResult, MemsyError.MemsyError> => {
    const problem = Rules.check(Rules.wait, options, "options")
    if (problem !== undefined) {
      return Stream.fail(
        new MemsyError.MemsyValidationError({ operation: "watchProcessing", detail: problem })
      )
    }
    const { schedule, timeout } = Processing.plan(options)
    let last: StatusResult | undefined
    const poll = Effect.tap(status(eventIds), (result) => {
      last = result
      options.onProgress?.(Processing.progress(result))
    })
    const expired = Effect.flatMap(Effect.sleep(timeout), () =>
      Effect.fail(Processing.timedOut(timeout, last))
    )
    return Stream.repeatEffectWithSchedule(poll, schedule).pipe(
      Stream.takeUntil(Processing.isSettled),
      Stream.interruptWhen(expired)
    )
  }
