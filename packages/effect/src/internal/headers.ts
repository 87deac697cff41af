/** Response headers, lower-case names. */
type Headers = Readonly<Record<string, string | undefined>>
import { RateLimit, Usage } from "../ResponseMeta.js"
import { withoutUndefined } from "./json.js"

// Strict: "12.5" or "12abc" are not counters (contract §2.2 prefers this over parseInt).
const integer = (value: string | undefined): number | undefined =>
  value !== undefined && /^\s*-?\d+\s*$/.test(value) ? Number(value) : undefined

const usageHeaders = {
  apiCalls: "x-usage-apicalls",
  eventsIngested: "x-usage-eventsingested",
  memoriesStored: "x-usage-memoriesstored",
  llmTokens: "x-usage-llmtokens",
  searchQueries: "x-usage-searchqueries"
} as const

/** `undefined` when none of the eleven usage headers is present (a lone `X-Plan` counts). */
export const usage = (headers: Headers): Usage | undefined => {
  const values: Record<string, number | string | undefined> = { plan: headers["x-plan"] }
  for (const [field, name] of Object.entries(usageHeaders)) {
    values[field] = integer(headers[name])
    values[`${field}Limit`] = integer(headers[`${name}-limit`])
  }
  const present = withoutUndefined(values)
  return Object.keys(present).length === 0 ? undefined : new Usage(present, { disableValidation: true })
}

/** `undefined` unless `limit` or `remaining` is present (`reset` alone does not count). */
export const rateLimit = (headers: Headers): RateLimit | undefined => {
  const limit = integer(headers["x-ratelimit-limit"])
  const remaining = integer(headers["x-ratelimit-remaining"])
  if (limit === undefined && remaining === undefined) return undefined
  return new RateLimit(withoutUndefined({ limit, remaining, reset: integer(headers["x-ratelimit-reset"]) }), {
    disableValidation: true
  })
}

/**
 * `Retry-After` in seconds: delta-seconds (fractions allowed) or an HTTP-date relative to `now`.
 * Unparseable or negative values are ignored.
 */
export const retryAfter = (headers: Headers, now: number): number | undefined => {
  const value = headers["retry-after"]?.trim()
  if (value === undefined || value === "") return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}
