/** Response headers, lower-case names. */
type Headers = Readonly<Record<string, string | undefined>>
import * as MemsyError from "../MemsyError.js"
import { retryAfter } from "./headers.js"
import { isObject, type JsonObject as Json, parse, withoutUndefined as fields } from "./json.js"

const text = (u: unknown): string | undefined => (typeof u === "string" ? u : undefined)
const number = (u: unknown): number | undefined =>
  typeof u === "number" && Number.isFinite(u) ? u : undefined

/** The error body in one shape, whatever the server sent (contract §7.2). */
export interface Normalised {
  readonly errorCode: string | undefined
  readonly detail: string
  readonly effective: Json
}

export const normalise = (raw: string): Normalised => {
  const json = parse(raw)
  // Non-JSON and JSON that is not an object (null, arrays, numbers) keep the raw text as detail.
  const body: Json = json.ok && isObject(json.value) ? json.value : {}
  const inner = body.detail
  const effective = isObject(inner) ? { ...body, ...inner } : body
  const errorCode = text(effective.error)
  const detail =
    (isObject(inner) ? (text(inner.message) ?? text(inner.error)) : undefined) ??
    (typeof inner === "string" && inner !== "" ? inner : undefined) ??
    text(effective.message) ??
    text(effective.error) ??
    raw
  return { errorCode, detail, effective }
}

/**
 * The one place a non-2xx answer becomes an error class: the contract's table (§7.3), first
 * matching row wins, and an error code counts only together with its status.
 */
export const classify = (
  status: number,
  raw: string,
  headers: Headers,
  now: number
): MemsyError.MemsyAPIErrors => {
  const { detail, effective, errorCode } = normalise(raw)
  const base = fields({ statusCode: status, detail, errorCode })
  const limits = () => fields({ limit: number(effective.limit), current: number(effective.current) })
  const lowered = detail.toLowerCase()
  switch (status) {
    case 400:
      if (errorCode === "org_id_not_allowed") return new MemsyError.OrgIdNotAllowedError(base)
      break
    case 401:
      return new MemsyError.AuthenticationError(base)
    case 403: {
      const keys = Object.keys(effective)
      // The API gateway's authorizer rejects a bad key with exactly {"message":"Forbidden"}.
      if (errorCode === undefined && keys.length === 1 && effective.message === "Forbidden") {
        return new MemsyError.AuthenticationError(base)
      }
      switch (errorCode) {
        case "feature_not_available":
          return new MemsyError.FeatureNotAvailable({
            ...base,
            ...fields({
              feature: text(effective.feature),
              currentTier: text(effective.current_tier),
              upgradeUrl: text(effective.upgrade_url)
            })
          })
        case "seat_required":
          return new MemsyError.SeatRequiredError(base)
        case "org_limit_reached":
          return new MemsyError.OrgLimitReachedError({ ...base, ...limits() })
        case "key_limit_reached":
          return new MemsyError.KeyLimitReachedError({ ...base, ...limits() })
        case "billing_not_enabled":
          return new MemsyError.BillingNotEnabledError({
            ...base,
            ...fields({ interestPath: text(effective.interest_path) })
          })
      }
      const scoped =
        errorCode === "wrong_scope" || errorCode === "insufficient_scope" || lowered.includes("scope")
      const requiredScope = scoped ? (text(effective.required_scope) ?? text(effective.scope)) : undefined
      return new MemsyError.AuthorizationError({ ...base, ...fields({ requiredScope }) })
    }
    case 409:
      if (errorCode === "seat_limit_reached") {
        return new MemsyError.SeatLimitReachedError({
          ...base,
          ...fields({
            purchasedSeats: number(effective.purchased_seats),
            assignedSeats: number(effective.assigned_seats),
            pendingInvites: number(effective.pending_invites)
          })
        })
      }
      break
    case 429:
      if (errorCode === "usage_limit_exceeded" || lowered.includes("quota")) {
        return new MemsyError.UsageLimitExceeded({
          ...base,
          ...limits(),
          ...fields({ dimension: text(effective.dimension), upgradeUrl: text(effective.upgrade_url) })
        })
      }
      return new MemsyError.RateLimitExceeded({
        ...base,
        ...fields({ retryAfter: retryAfter(headers, now) })
      })
  }
  return new MemsyError.MemsyAPIError(base)
}
