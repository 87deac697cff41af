/**
 * The rules of the plain options a client, a call and the helpers take, stated as the request models'
 * rules are (`timeout: must be …`), never with the value. From JavaScript an option may be anything:
 * a `NaN` timeout would fire at once, a header with a line break would throw inside Node's `http`, so
 * each is rejected before anything is sent.
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Json from "./json.js"

/** `name: rule` for a value that breaks the rule; `undefined` for one that keeps it or is left out. */
export type Rule = (value: unknown, name: string) => string | undefined

export type Rules = Readonly<Record<string, Rule>>

const rule =
  (keeps: (value: unknown) => boolean, text: string | ((value: unknown) => string)): Rule =>
  (value, name) =>
    value === undefined || keeps(value)
      ? undefined
      : `${name}: ${typeof text === "string" ? text : text(value)}`

const required =
  (inner: Rule): Rule =>
  (value, name) =>
    value === undefined ? `${name}: is required` : inner(value, name)

/** Milliseconds of a `Duration.DurationInput`; `NaN` for anything else (Effect reads `NaN` as zero). */
const millisOf = (value: unknown): number => {
  if (typeof value === "number") return value
  if (Array.isArray(value) && !value.every(Number.isFinite)) return Number.NaN
  return Option.match(Duration.decodeUnknown(value), { onNone: () => Number.NaN, onSome: Duration.toMillis })
}

const durationRule = (min: "positive" | "non-negative") =>
  rule(
    (value) => {
      const millis = millisOf(value)
      return Number.isFinite(millis) && (min === "positive" ? millis > 0 : millis >= 0)
    },
    (value) => `must be a ${min}, finite ${typeof value === "number" ? "number of milliseconds" : "duration"}`
  )

/** A timeout or an interval: `0` would fire at once, `Infinity` never. */
export const positiveDuration = durationRule("positive")
export const nonNegativeDuration = durationRule("non-negative")

export const count = rule(
  (value) => Number.isInteger(value) && (value as number) >= 0,
  "must be a non-negative integer"
)

export const intBetween = (min: number, max: number) =>
  rule(
    (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
    `must be an integer from ${min} to ${max}`
  )

export const flag = rule((value) => typeof value === "boolean", "must be true or false")

export const callback = rule((value) => typeof value === "function", "must be a function")

export const schedule = rule(Schedule.isSchedule, "must be a Schedule")

// By shape, not `instanceof`: a signal may come from another realm (a test DOM, a polyfill).
export const abortSignal = rule(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    typeof (value as AbortSignal).aborted === "boolean" &&
    typeof (value as AbortSignal).addEventListener === "function",
  "must be an AbortSignal"
)

// RFC 9110: a header name is a token; a value holds no control character but tab (a line break
// would start another header), and fetch takes only Latin-1 (a `ByteString`).
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const headerValue = /^[\t\x20-\x7e\x80-\xff]*$/

export const headers: Rule = (value, name) => {
  if (value === undefined) return undefined
  // A `Headers` or a `Map` has no own entries: taken as an object, every header would vanish.
  if (Object.prototype.toString.call(value) !== "[object Object]") {
    return `${name}: must be a plain object of header names and values`
  }
  const problems: Array<string> = []
  for (const [key, text] of Object.entries(value as object)) {
    // A name that is not a token may hold anything: it is not repeated.
    if (!token.test(key)) problems.push(`${name}: a header name must be letters, digits or !#$%&'*+-.^_\`|~`)
    else if (typeof text !== "string") problems.push(`${name}[${JSON.stringify(key)}]: must be a string`)
    else if (!headerValue.test(text)) {
      problems.push(
        `${name}[${JSON.stringify(key)}]: must be Latin-1 text without line breaks or control characters`
      )
    }
  }
  return problems.length > 0 ? [...new Set(problems)].join("; ") : undefined
}

const httpUrl = (value: unknown): boolean => {
  if (typeof value !== "string") return false
  try {
    const url = new URL(value)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}

export const baseUrl = required(rule(httpUrl, "must be an absolute http(s) URL"))

// The key travels in a header: a character a header cannot carry would make the platform throw, with
// the key in its message.
export const apiKey = required(
  rule((value) => {
    const key = Redacted.isRedacted(value) ? Redacted.value(value) : value
    return typeof key === "string" && /^[\x21-\x7e]+$/.test(key)
  }, "must be a non-empty string of visible ASCII characters")
)

/**
 * Every rule `options` breaks, joined by `; `: `options` itself must be an object (or left out, when
 * `optional`).
 */
export const check = (rules: Rules, options: unknown, name: string, optional = true): string | undefined => {
  if (options === undefined && optional) return undefined
  if (!Json.isObject(options)) return `${name}: must be an object`
  const problems: Array<string> = []
  for (const key in rules) {
    const problem = rules[key]!(options[key], key)
    if (problem !== undefined) problems.push(problem)
  }
  return problems.length > 0 ? problems.join("; ") : undefined
}

/** `RequestOptions`: what every method takes after its own arguments. */
export const request: Rules = {
  timeout: positiveDuration,
  maxRetries: count,
  retryTransient: flag,
  headers
}

/** The options `withOptions` may change, over a client's. */
export const defaults: Rules = {
  timeout: positiveDuration,
  maxRetries: count,
  retryBackoff: nonNegativeDuration,
  retrySchedule: schedule,
  retryTransient: flag
}

/** The options a client is made with. */
export const client: Rules = { baseUrl, apiKey, ...defaults }

/** The name the trailing options of a call go by in messages. */
export const REQUEST_OPTIONS = "requestOptions"

/** `Processing.WaitOptions`. */
export const wait: Rules = {
  timeout: positiveDuration,
  pollInterval: positiveDuration,
  schedule,
  onProgress: callback
}

/** `Pagination.ListAllOptions` with a page's `RequestOptions`. */
export const listAll: Rules = { pageSize: intBetween(1, 200), ...request }
