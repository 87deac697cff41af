/**
 * Reading a whole list: the options of `listAll`, and its pages as steps, built from any list
 * method.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Json from "./internal/json.js"
import * as Rules from "./internal/rules.js"
import * as MemsyError from "./MemsyError.js"
import type * as RequestOptions from "./RequestOptions.js"

/**
 * What `listAll` takes besides its filters and the per-call options.
 *
 * @since 0.2.0
 * @category models
 */
export interface ListAllOptions {
  /** Items per request, 1 to 200. Default 100. */
  readonly pageSize?: number | undefined
}

/**
 * One page of a list, and the offset of the next one (`undefined` after the last).
 *
 * @since 0.2.0
 * @category models
 */
export interface Step<A> {
  readonly items: ReadonlyArray<A>
  readonly next: number | undefined
}

/**
 * The pages of a list method for the given filters: the page at an offset, and where the next one
 * starts. There is none after the page that reaches `total` or comes back short, so a consumer that
 * stops early, or reaches the end, asks for no further page. Bad filters or options fail every page
 * with a `MemsyValidationError` of `operation`, before anything is sent.
 *
 * @since 0.2.0
 * @category constructors
 */
export const pages =
  <F extends { readonly limit?: number; readonly offset?: number }, A>(
    list: (
      filters: F,
      options?: RequestOptions.RequestOptions
    ) => Effect.Effect<{ readonly items: ReadonlyArray<A>; readonly total: number }, MemsyError.CallError>,
    operation = "listAll"
  ) =>
  (
    filters?: Omit<F, "limit" | "offset">,
    options?: ListAllOptions & RequestOptions.RequestOptions
  ): ((offset: number) => Effect.Effect<Step<A>, MemsyError.CallError>) => {
    const problem =
      filters !== undefined && !Json.isObject(filters)
        ? "filters: must be an object"
        : Rules.check(Rules.listAll, options, "options")
    if (problem !== undefined) {
      const error = new MemsyError.MemsyValidationError({ operation, detail: problem })
      return () => Effect.fail(error)
    }
    const { pageSize = 100, ...request } = options ?? {}
    return (offset) =>
      Effect.map(list({ ...filters, limit: pageSize, offset } as F, request), (page) => {
        const next = offset + page.items.length
        return {
          items: page.items,
          next: page.items.length === pageSize && next < page.total ? next : undefined
        }
      })
  }
