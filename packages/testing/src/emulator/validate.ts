/**
 * FastAPI-style request validation (§7.1): every problem becomes one `{"type","loc","msg","input"}`.
 *
 * @internal
 */
import type { Issue } from "./http.js"
import { invalid } from "./http.js"

export type Json = Record<string, unknown>
export type Loc = ReadonlyArray<string | number>

export const isObject = (u: unknown): u is Json => typeof u === "object" && u !== null && !Array.isArray(u)

/** FastAPI's issue for a list over its maximum length. */
export const listTooLong = (loc: Loc, max: number, length: number): Issue => ({
  type: "too_long",
  loc,
  msg: `List should have at most ${max} items after validation, not ${length}`,
  input: null
})

/** NUL characters are dropped from every string before storage (§4.1). */
export const stripNul = (s: string): string => s.replace(/\u0000/g, "")

/** Parses a JSON object body; an empty body is `{}` only where the route accepts none (§1.4). */
export const parseBody = (text: string, allowEmpty = false): Json => {
  if (text.trim() === "") {
    return allowEmpty ? {} : invalid([{ type: "missing", loc: ["body"], msg: "Field required", input: null }])
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return invalid([{ type: "json_invalid", loc: ["body", 0], msg: "JSON decode error", input: {} }])
  }
  if (!isObject(value)) {
    return invalid([
      {
        type: "model_attributes_type",
        loc: ["body"],
        msg: "Input should be a valid dictionary or object to extract fields from",
        input: value
      }
    ])
  }
  return value
}

export interface StringRule {
  readonly required?: boolean
  readonly max?: number
  /** At least one non-whitespace character. */
  readonly nonBlank?: boolean
  readonly nullable?: boolean
}

/**
 * Reads a string field, pushing an issue when it breaks `rule`. `undefined` when absent (or invalid),
 * `null` when explicitly null and nullable.
 */
export const str = (
  obj: Json,
  name: string,
  loc: Loc,
  issues: Array<Issue>,
  rule: StringRule = {}
): string | null | undefined => {
  const at = [...loc, name]
  const value = obj[name]
  if (value === undefined || (value === null && !rule.required)) {
    if (rule.required) issues.push({ type: "missing", loc: at, msg: "Field required", input: obj })
    return value === null ? null : undefined
  }
  if (typeof value !== "string") {
    issues.push({ type: "string_type", loc: at, msg: "Input should be a valid string", input: value })
    return undefined
  }
  const clean = stripNul(value)
  if (rule.nonBlank && clean.trim() === "") {
    issues.push({
      type: "string_too_short",
      loc: at,
      msg: "String should have at least 1 character",
      input: value
    })
    return undefined
  }
  if (rule.max !== undefined && clean.length > rule.max) {
    issues.push({
      type: "string_too_long",
      loc: at,
      msg: `String should have at most ${rule.max} characters`,
      input: value
    })
    return undefined
  }
  return clean
}

export const stringList = (
  obj: Json,
  name: string,
  loc: Loc,
  issues: Array<Issue>
): Array<string> | undefined => {
  const value = obj[name]
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) {
    issues.push({ type: "list_type", loc: [...loc, name], msg: "Input should be a valid list", input: value })
    return undefined
  }
  const out: Array<string> = []
  value.forEach((item: unknown, i) => {
    if (typeof item === "string") out.push(stripNul(item))
    else
      issues.push({
        type: "string_type",
        loc: [...loc, name, i],
        msg: "Input should be a valid string",
        input: item
      })
  })
  return out
}

export const literal = (values: ReadonlyArray<string>): string =>
  values.length === 1
    ? `Input should be '${values[0]}'`
    : `Input should be ${values
        .slice(0, -1)
        .map((v) => `'${v}'`)
        .join(", ")} or '${values[values.length - 1]}'`

export const ensure = (issues: ReadonlyArray<Issue>): void => {
  if (issues.length > 0) invalid(issues)
}

const intIssue = (loc: Loc, input: unknown, min?: number, max?: number): Issue | undefined => {
  const n =
    typeof input === "number"
      ? input
      : typeof input === "string" && /^-?\d+$/.test(input.trim())
        ? Number(input)
        : NaN
  if (!Number.isInteger(n)) {
    return typeof input === "string"
      ? {
          type: "int_parsing",
          loc,
          msg: "Input should be a valid integer, unable to parse string as an integer",
          input
        }
      : { type: "int_type", loc, msg: "Input should be a valid integer", input }
  }
  if (min !== undefined && n < min) {
    return { type: "greater_than_equal", loc, msg: `Input should be greater than or equal to ${min}`, input }
  }
  if (max !== undefined && n > max) {
    return { type: "less_than_equal", loc, msg: `Input should be less than or equal to ${max}`, input }
  }
  return undefined
}

/** An integer (body or query) within [min, max]; `fallback` when absent. */
export const int = (
  input: unknown,
  loc: Loc,
  issues: Array<Issue>,
  fallback: number,
  min?: number,
  max?: number
): number => {
  if (input === undefined || input === null) return fallback
  const issue = intIssue(loc, input, min, max)
  if (issue) {
    issues.push(issue)
    return fallback
  }
  return Number(input)
}

export const query = (url: URL, name: string): string | undefined => url.searchParams.get(name) ?? undefined

/** Validates the common query parameters of a list route in one go. */
export const queryInt = (url: URL, name: string, fallback: number, min?: number, max?: number): number => {
  const issues: Array<Issue> = []
  const n = int(query(url, name), ["query", name], issues, fallback, min, max)
  ensure(issues)
  return n
}

export const queryEnum = <A extends string>(
  url: URL,
  name: string,
  values: ReadonlyArray<A>,
  fallback: A
): A => {
  const value = query(url, name)
  if (value === undefined) return fallback
  if (!(values as ReadonlyArray<string>).includes(value)) {
    invalid([{ type: "literal_error", loc: ["query", name], msg: literal(values), input: value }])
  }
  return value as A
}

export const requireQuery = (url: URL, name: string): string => {
  const value = query(url, name)
  return value === undefined
    ? invalid([{ type: "missing", loc: ["query", name], msg: "Field required", input: null }])
    : value
}
