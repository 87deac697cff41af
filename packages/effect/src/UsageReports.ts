/**
 * Control plane: usage of the billing period, in total and over time (org admins only).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.js"
import * as Fields from "./internal/fields.js"
import * as ResponseMeta from "./ResponseMeta.js"

/**
 * One metered dimension of the period: what was used, and the plan's limit for it.
 *
 * @since 0.1.0
 * @category models
 */
export class Dimension extends Fields.Class<Dimension>("Dimension")(() => ({
  dimension: Schema.String,
  used: Schema.Number,
  /** Absent: unlimited. */
  limit: Fields.optional("limit", Schema.Number),
  overageRate: Fields.optional("overage_rate", Schema.Number)
})) {}

/**
 * Usage of the current billing period, dimension by dimension.
 *
 * @since 0.1.0
 * @category models
 */
export class UsageSummary extends Fields.Class<UsageSummary>("UsageSummary")(() => ({
  orgId: Fields.required("org_id", Schema.String),
  tier: Schema.String,
  periodStart: Fields.required("period_start", Schema.String),
  periodEnd: Fields.required("period_end", Schema.String),
  dimensions: Fields.withDefault("dimensions", Schema.Array(Dimension), () => []),
  ...ResponseMeta.fields
})) {}

/**
 * How much of one dimension was used on one day (or in one hour).
 *
 * @since 0.1.0
 * @category models
 */
export class UsagePoint extends Fields.Class<UsagePoint>("UsagePoint")(() => ({
  date: Schema.String,
  dimension: Schema.String,
  quantity: Schema.Number
})) {}

/**
 * Usage over time, one point per dimension and day (or hour).
 *
 * @since 0.1.0
 * @category models
 */
export class UsageTimeseries extends Fields.Class<UsageTimeseries>("UsageTimeseries")(() => ({
  orgId: Fields.required("org_id", Schema.String),
  granularity: Schema.String,
  data: Fields.withDefault("data", Schema.Array(UsagePoint), () => []),
  ...ResponseMeta.fields
})) {}

/** A calendar date as the query takes it (`2026-04-01`); both ends are inclusive. */
const Day = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}/, { message: () => "must be an ISO date such as 2026-04-01" })
)

/**
 * What `usage.timeseries` takes: `daily` or `hourly` points (`daily` by default), one dimension or
 * all, and the days to cover, both inclusive.
 *
 * @since 0.1.0
 * @category models
 */
export const TimeseriesOptions = Fields.Struct(() => ({
  granularity: Fields.defaulted("granularity", Schema.Literal("daily", "hourly"), "daily"),
  /** `api_calls`, `events_ingested`, `memories_stored`, `llm_tokens` or `search_queries`. */
  dimension: Schema.optional(Schema.String),
  periodStart: Fields.omittable("period_start", Day),
  periodEnd: Fields.omittable("period_end", Day)
}))

/**
 * What `usage.timeseries` takes.
 *
 * @since 0.1.0
 * @category models
 */
export type TimeseriesOptions = typeof TimeseriesOptions.Type

/**
 * `usage`: the org's metered usage (admins only).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const usage = {
  /**
   * `GET /usage/summary`: usage of the current billing period against the plan's limits.
   *
   * @example
   * ```ts
   * import { MemsyControlClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const nearLimits = Effect.gen(function* () {
   *   const control = yield* MemsyControlClient.MemsyControlClient
   *   const { dimensions } = yield* control.usage.summary()
   *   return dimensions.filter((d) => d.limit !== undefined && d.used > 0.8 * d.limit).map((d) => d.dimension)
   * })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyControlClient } from "@memsy/sdk"
   *
   * const nearLimits = async (control: MemsyControlClient) => {
   *   const { dimensions } = await control.usage.summary()
   *   return dimensions.filter((d) => d.limit !== undefined && d.used > 0.8 * d.limit).map((d) => d.dimension)
   * }
   * ```
   */
  summary: Endpoint.make({
    name: "usage.summary",
    method: "GET",
    params: [],
    input: () => ({}),
    request: Endpoint.NoInput,
    path: () => "/usage/summary",
    response: UsageSummary
  }),
  /**
   * `GET /usage/timeseries`: usage over time, by day or hour, for one dimension or all.
   *
   * @example
   * ```ts
   * import { MemsyControlClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const april = Effect.gen(function* () {
   *   const control = yield* MemsyControlClient.MemsyControlClient
   *   const { data } = yield* control.usage.timeseries({
   *     dimension: "search_queries",
   *     periodStart: "2026-04-01",
   *     periodEnd: "2026-04-30"
   *   })
   *   return data.reduce((sum, point) => sum + point.quantity, 0)
   * })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyControlClient } from "@memsy/sdk"
   *
   * const april = async (control: MemsyControlClient) => {
   *   const { data } = await control.usage.timeseries({
   *     dimension: "search_queries",
   *     periodStart: "2026-04-01",
   *     periodEnd: "2026-04-30"
   *   })
   *   return data.reduce((sum, point) => sum + point.quantity, 0)
   * }
   * ```
   */
  timeseries: Endpoint.make({
    name: "usage.timeseries",
    method: "GET",
    params: ["options"],
    input: (options?: TimeseriesOptions) => ({ ...options }),
    request: TimeseriesOptions,
    path: () => "/usage/timeseries",
    query: (wire) => wire,
    response: UsageTimeseries
  })
}
