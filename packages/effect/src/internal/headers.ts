/** Response headers, lower-case names. */
type Headers = Readonly<Record<string, string | undefined>>
import { RateLimit, Usage } from "../ResponseMeta.js"
import * as Decoder from "./decoder.js"

// Strict: "12.5" or "12abc" are not counters (contract §2.2 prefers this over parseInt).
const integer = (value: string | undefined): number | undefined =>
  value !== undefined && /^\s*-?\d+\s*$/.test(value) ? Number(value) : undefined

// Each counter's field and header, and its limit's, in the order the fields are read.
const usageHeaders = [
  ["apiCalls", "x-usage-apicalls"],
  ["eventsIngested", "x-usage-eventsingested"],
  ["memoriesStored", "x-usage-memoriesstored"],
  ["llmTokens", "x-usage-llmtokens"],
  ["searchQueries", "x-usage-searchqueries"]
].map(([field, name]) => ({
  field: field!,
  name: name!,
  limitField: `${field}Limit`,
  limitName: `${name}-limit`
}))

/**
 * A model instance of the fields read, as `new Model(fields, { disableValidation: true })` makes it.
 * Both models are read from every response, and Schema's constructor walks all of a class's fields to
 * merge defaults these classes do not have: the compiled decoder builds the same instance directly
 * (and hands back `FAIL` where it would not, when the constructor does it).
 */
const instanceOf = <A>(Model: new (fields: never, options: { disableValidation: true }) => A) => {
  let build: ((input: unknown) => unknown) | undefined
  return (fields: Record<string, number | string>): A => {
    const built = (build ??= Decoder.attempt(Model as never))(fields)
    return built === Decoder.FAIL ? new Model(fields as never, { disableValidation: true }) : (built as A)
  }
}
const usageOf = instanceOf(Usage)
const rateLimitOf = instanceOf(RateLimit)

/**
 * `undefined` when none of the eleven usage headers is present (a lone `X-Plan` counts). Read on every
 * response: fields are set as found (in the model's order), with no intermediate record to filter.
 */
export const usage = (headers: Headers): Usage | undefined => {
  let present: Record<string, number | string> | undefined
  // Records, not tuples: destructuring a tuple runs the array iterator protocol, five times a
  // response, ~1 kB of garbage on every call.
  for (const { field, name, limitField, limitName } of usageHeaders) {
    const value = integer(headers[name])
    if (value !== undefined) (present ??= {})[field] = value
    const limit = integer(headers[limitName])
    if (limit !== undefined) (present ??= {})[limitField] = limit
  }
  const plan = headers["x-plan"]
  if (plan !== undefined) (present ??= {}).plan = plan
  return present && usageOf(present)
}

/** `undefined` unless `limit` or `remaining` is present (`reset` alone does not count). */
export const rateLimit = (headers: Headers): RateLimit | undefined => {
  const limit = integer(headers["x-ratelimit-limit"])
  const remaining = integer(headers["x-ratelimit-remaining"])
  if (limit === undefined && remaining === undefined) return undefined
  const present: Record<string, number> = {}
  if (limit !== undefined) present.limit = limit
  if (remaining !== undefined) present.remaining = remaining
  const reset = integer(headers["x-ratelimit-reset"])
  if (reset !== undefined) present.reset = reset
  return rateLimitOf(present)
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
