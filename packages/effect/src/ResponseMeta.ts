/**
 * What every response says about the caller's plan, read from the `X-Usage-*`, `X-Plan` and
 * `X-RateLimit-*` headers (contract §2).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Fields from "./internal/fields.js"

/**
 * Usage of the current billing period; each counter is absent when its header was absent or not an
 * integer.
 *
 * @since 0.1.0
 * @category models
 */
export class Usage extends Fields.Class<Usage>("Usage")(() => ({
  apiCalls: Schema.optional(Schema.Number),
  apiCallsLimit: Schema.optional(Schema.Number),
  eventsIngested: Schema.optional(Schema.Number),
  eventsIngestedLimit: Schema.optional(Schema.Number),
  memoriesStored: Schema.optional(Schema.Number),
  memoriesStoredLimit: Schema.optional(Schema.Number),
  llmTokens: Schema.optional(Schema.Number),
  llmTokensLimit: Schema.optional(Schema.Number),
  searchQueries: Schema.optional(Schema.Number),
  searchQueriesLimit: Schema.optional(Schema.Number),
  plan: Schema.optional(Schema.String)
})) {}

/**
 * The rate-limit triple. `reset` is a Unix timestamp in seconds.
 *
 * @since 0.1.0
 * @category models
 */
export class RateLimit extends Fields.Class<RateLimit>("RateLimit")(() => ({
  limit: Schema.optional(Schema.Number),
  remaining: Schema.optional(Schema.Number),
  reset: Schema.optional(Schema.Number)
})) {}

/**
 * What a response said besides its body: `withResponse.<method>` gives it beside the result.
 *
 * @since 0.2.0
 * @category models
 */
export interface Meta {
  readonly status: number
  /** Every response header, keyed by lower-case name. */
  readonly headers: Readonly<Record<string, string>>
  readonly usage: Usage | undefined
  readonly rateLimit: RateLimit | undefined
}

/**
 * A result with its response's metadata.
 *
 * @since 0.2.0
 * @category models
 */
export interface WithResponse<A> {
  readonly data: A
  readonly meta: Meta
}

/**
 * Where the call pipeline puts the parsed headers on a decoded body: symbols, so no JSON key can
 * collide with them.
 *
 * @since 0.1.0
 * @category models
 */
export const UsageKey: unique symbol = Symbol.for("@memsy/effect/ResponseMeta/Usage")

/**
 * Where the call pipeline puts the parsed rate limit on a decoded body, beside `UsageKey`.
 *
 * @since 0.1.0
 * @category models
 */
export const RateLimitKey: unique symbol = Symbol.for("@memsy/effect/ResponseMeta/RateLimit")

/**
 * The two fields every object response model carries; absent when the headers were absent.
 *
 * @since 0.1.0
 * @category models
 */
export const fields = {
  // Getters, so that `Usage` and `RateLimit` are built with the first model that spreads these.
  get usage(): ReturnType<typeof usageField> {
    return (usage ??= usageField())
  },
  get rateLimit(): ReturnType<typeof rateLimitField> {
    return (rateLimit ??= rateLimitField())
  }
}

const usageField = () => Schema.optional(Usage).pipe(Schema.fromKey(UsageKey))
const rateLimitField = () => Schema.optional(RateLimit).pipe(Schema.fromKey(RateLimitKey))
let usage: ReturnType<typeof usageField> | undefined
let rateLimit: ReturnType<typeof rateLimitField> | undefined
