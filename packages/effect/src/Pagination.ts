/**
 * Reading a whole list: the options of `listAll`.
 *
 * @since 0.2.0
 */

/**
 * @since 0.2.0
 * @category models
 */
export interface ListAllOptions {
  /** Items per request, 1 to 200. Default 100. */
  readonly pageSize?: number | undefined
}
