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
 * @since 0.1.0
 * @category models
 */
export class Dimension extends Schema.Class<Dimension>("Dimension")({
  dimension: Schema.String,
  used: Schema.Number,
  /** Absent: unlimited. */
  limit: Fields.optional("limit", Schema.Number),
  overageRate: Fields.optional("overage_rate", Schema.Number)
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export class UsageSummary extends Schema.Class<UsageSummary>("UsageSummary")({
  orgId: Fields.required("org_id", Schema.String),
  tier: Schema.String,
  periodStart: Fields.required("period_start", Schema.String),
  periodEnd: Fields.required("period_end", Schema.String),
  dimensions: Fields.withDefault("dimensions", Schema.Array(Dimension), () => []),
  ...ResponseMeta.fields
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export class UsagePoint extends Schema.Class<UsagePoint>("UsagePoint")({
  date: Schema.String,
  dimension: Schema.String,
  quantity: Schema.Number
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export class UsageTimeseries extends Schema.Class<UsageTimeseries>("UsageTimeseries")({
  orgId: Fields.required("org_id", Schema.String),
  granularity: Schema.String,
  data: Fields.withDefault("data", Schema.Array(UsagePoint), () => []),
  ...ResponseMeta.fields
}) {}

/** A calendar date as the query takes it (`2026-04-01`); both ends are inclusive. */
const Day = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}/, { message: () => "must be an ISO date such as 2026-04-01" })
)

/**
 * @since 0.1.0
 * @category models
 */
export const TimeseriesOptions = Schema.Struct({
  granularity: Fields.defaulted("granularity", Schema.Literal("daily", "hourly"), "daily"),
  /** `api_calls`, `events_ingested`, `memories_stored`, `llm_tokens` or `search_queries`. */
  dimension: Schema.optional(Schema.String),
  periodStart: Fields.omittable("period_start", Day),
  periodEnd: Fields.omittable("period_end", Day)
})

/**
 * @since 0.1.0
 * @category models
 */
export type TimeseriesOptions = typeof TimeseriesOptions.Type

/**
 * `usage`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const usage = {
  summary: Endpoint.make({
    name: "usage.summary",
    method: "GET",
    params: [],
    input: () => ({}),
    request: Endpoint.NoInput,
    path: () => "/usage/summary",
    response: UsageSummary
  }),
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
