/** Response headers, lower-case names. */
type Headers = Readonly<Record<string, string | undefined>>
import { RateLimit, Usage } from "../ResponseMeta.js"
import { withoutUndefined } from "./json.js"

// Strict: "12.5" or "12abc" are not counters (contract §2.2 prefers this over parseInt).
const integer = (value: string | undefined): number | undefined =>
  value !== undefined && /^\s*-?\d+\s*$/.test(value) ? Number(value) : undefined

// [field, header, limit field, limit header], in the order the fields are read.
const usageHeaders = [
  ["apiCalls", "x-usage-apicalls"],
  ["eventsIngested", "x-usage-eventsingested"],
  ["memoriesStored", "x-usage-memoriesstored"],
  ["llmTokens", "x-usage-llmtokens"],
  ["searchQueries", "x-usage-searchqueries"]
].map(([field, name]) => [field!, name!, `${field}Limit`, `${name}-limit`] as const)

/**
 * `undefined` when none of the eleven usage headers is present (a lone `X-Plan` counts). Read on every
 * response: fields are set as found, with no intermediate record to filter.
 */
export const usage = (headers: Headers): Usage | undefined => {
  let present: Record<string, number | string> | undefined
  const plan = headers["x-plan"]
  if (plan !== undefined) present = { plan }
  for (const [field, name, limitField, limitName] of usageHeaders) {
    const value = integer(headers[name])
    if (value !== undefined) (present ??= {})[field] = value
    const limit = integer(headers[limitName])
    if (limit !== undefined) (present ??= {})[limitField] = limit
  }
  return present && new Usage(present, { disableValidation: true })
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

// Each of the three HTTP-date forms opens with the day's name and holds the time of day
// (RFC 9110, section 5.6.7).
const httpDate = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? .*\b\d\d:\d\d:\d\d\b/i

/**
 * `Retry-After` in seconds: delta-seconds (fractions allowed) or an HTTP-date relative to `now`.
 * Unparseable or negative values are ignored. Only a value that opens like an HTTP-date reaches
 * `Date.parse`, which would read "-5" or "2." as dates in 2001: waits of zero.
 */
export const retryAfter = (headers: Headers, now: number): number | undefined => {
  const value = headers["retry-after"]?.trim()
  if (value === undefined || value === "") return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value)
  if (!httpDate.test(value)) return undefined
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}
