/**
 * Every way a Memsy call can fail, one tagged class each, in the hierarchy of the official SDKs:
 * `MemsyError` › `MemsyConnectionError`, `MemsyValidationError`, `MemsyDecodeError`, and the
 * `MemsyAPIErrors` family (a non-2xx answer, classified by the contract's table).
 *
 * Each class's `messageOf` is its message as a function of its fields: the getter's, and the one the
 * Promise facade's twin of the class is built with.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { StatusResult } from "./Events.js"

const apiFields = {
  /** The HTTP status the server answered with. */
  statusCode: Schema.Number,
  /** The server's explanation, normalised from whichever error body shape it sent. */
  detail: Schema.String,
  /** The machine-readable code (`admin_required`, `seat_required`, …), when the server sent one. */
  errorCode: Schema.optional(Schema.String)
}

const limitFields = { limit: Schema.optional(Schema.Number), current: Schema.optional(Schema.Number) }

const describe = (prefix: string, detail: string) => (detail === "" ? prefix : `${prefix}: ${detail}`)

// The prefix the contract gives the class, then the server's explanation (contract §7.3).
const apiMessage =
  (prefix: string) =>
  (fields: { readonly detail: string }): string =>
    describe(prefix, fields.detail)

/**
 * The request never got an HTTP answer: DNS, refused connection, TLS, a dropped connection or a
 * timeout (`reason: "Timeout"`).
 *
 * @since 0.1.0
 * @category errors
 */
export class MemsyConnectionError extends Schema.TaggedError<MemsyConnectionError>()("MemsyConnectionError", {
  reason: Schema.Literal("Transport", "Timeout"),
  detail: Schema.String,
  cause: Schema.optional(Schema.Defect)
}) {
  static readonly messageOf = (fields: Pick<MemsyConnectionError, "detail">): string =>
    describe("Could not reach Memsy", fields.detail)
  override get message() {
    return MemsyConnectionError.messageOf(this)
  }
}

/**
 * The input was rejected before anything was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class MemsyValidationError extends Schema.TaggedError<MemsyValidationError>()("MemsyValidationError", {
  /** The operation whose input was rejected, e.g. `search`. */
  operation: Schema.String,
  detail: Schema.String
}) {
  static readonly messageOf = (fields: Pick<MemsyValidationError, "operation" | "detail">): string =>
    `Invalid input to ${fields.operation}: ${fields.detail}`
  override get message() {
    return MemsyValidationError.messageOf(this)
  }
}

/**
 * A 2xx answer whose body does not match the operation's response model.
 *
 * @since 0.1.0
 * @category errors
 */
export class MemsyDecodeError extends Schema.TaggedError<MemsyDecodeError>()("MemsyDecodeError", {
  operation: Schema.String,
  statusCode: Schema.Number,
  detail: Schema.String
}) {
  static readonly messageOf = (
    fields: Pick<MemsyDecodeError, "operation" | "statusCode" | "detail">
  ): string => `Unexpected response to ${fields.operation} (${fields.statusCode}): ${fields.detail}`
  override get message() {
    return MemsyDecodeError.messageOf(this)
  }
}

/**
 * Any non-2xx answer that no more specific class describes (404, 422, 5xx, …).
 *
 * @since 0.1.0
 * @category errors
 */
export class MemsyAPIError extends Schema.TaggedError<MemsyAPIError>()("MemsyAPIError", apiFields) {
  static readonly messageOf = (fields: Pick<MemsyAPIError, "statusCode" | "detail">): string =>
    describe(`Memsy API error ${fields.statusCode}`, fields.detail)
  override get message() {
    return MemsyAPIError.messageOf(this)
  }
}

/**
 * 401, or the gateway's bare 403 `{"message":"Forbidden"}`: the key is missing, unknown or revoked.
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationError extends Schema.TaggedError<AuthenticationError>()(
  "AuthenticationError",
  apiFields
) {
  static readonly messageOf = apiMessage("Authentication failed")
  override get message() {
    return AuthenticationError.messageOf(this)
  }
}

/**
 * 403: the key lacks a scope (`requiredScope`) or the caller is not an org admin.
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthorizationError extends Schema.TaggedError<AuthorizationError>()("AuthorizationError", {
  ...apiFields,
  requiredScope: Schema.optional(Schema.String)
}) {
  static readonly messageOf = apiMessage("Authorization failed")
  override get message() {
    return AuthorizationError.messageOf(this)
  }
}

/**
 * 403 `feature_not_available`: the plan does not include the feature.
 *
 * @since 0.1.0
 * @category errors
 */
export class FeatureNotAvailable extends Schema.TaggedError<FeatureNotAvailable>()("FeatureNotAvailable", {
  ...apiFields,
  feature: Schema.optional(Schema.String),
  currentTier: Schema.optional(Schema.String),
  upgradeUrl: Schema.optional(Schema.String)
}) {
  static readonly messageOf = apiMessage("Feature not available")
  override get message() {
    return FeatureNotAvailable.messageOf(this)
  }
}

/**
 * 400 `org_id_not_allowed`: a free-tier request carried `org_id` in its body.
 *
 * @since 0.1.0
 * @category errors
 */
export class OrgIdNotAllowedError extends Schema.TaggedError<OrgIdNotAllowedError>()(
  "OrgIdNotAllowedError",
  apiFields
) {
  static readonly messageOf = apiMessage("org_id not allowed on this tier")
  override get message() {
    return OrgIdNotAllowedError.messageOf(this)
  }
}

/**
 * 403 `seat_required`: the endpoint needs an assigned seat.
 *
 * @since 0.1.0
 * @category errors
 */
export class SeatRequiredError extends Schema.TaggedError<SeatRequiredError>()(
  "SeatRequiredError",
  apiFields
) {
  static readonly messageOf = apiMessage("Seat required")
  override get message() {
    return SeatRequiredError.messageOf(this)
  }
}

/**
 * 403 `org_limit_reached`: the plan's cap on org records.
 *
 * @since 0.1.0
 * @category errors
 */
export class OrgLimitReachedError extends Schema.TaggedError<OrgLimitReachedError>()("OrgLimitReachedError", {
  ...apiFields,
  ...limitFields
}) {
  static readonly messageOf = apiMessage("Org limit reached")
  override get message() {
    return OrgLimitReachedError.messageOf(this)
  }
}

/**
 * 403 `key_limit_reached`: the plan's cap on API keys.
 *
 * @since 0.1.0
 * @category errors
 */
export class KeyLimitReachedError extends Schema.TaggedError<KeyLimitReachedError>()("KeyLimitReachedError", {
  ...apiFields,
  ...limitFields
}) {
  static readonly messageOf = apiMessage("API key limit reached")
  override get message() {
    return KeyLimitReachedError.messageOf(this)
  }
}

/**
 * 403 `billing_not_enabled`: a billing route on an org without billing; `interestPath` says where to
 * express interest in a paid plan.
 *
 * @since 0.1.0
 * @category errors
 */
export class BillingNotEnabledError extends Schema.TaggedError<BillingNotEnabledError>()(
  "BillingNotEnabledError",
  { ...apiFields, interestPath: Schema.optional(Schema.String) }
) {
  static readonly messageOf = apiMessage("Billing not enabled")
  override get message() {
    return BillingNotEnabledError.messageOf(this)
  }
}

/**
 * 409 `seat_limit_reached`: a seat operation beyond the purchased seats.
 *
 * @since 0.1.0
 * @category errors
 */
export class SeatLimitReachedError extends Schema.TaggedError<SeatLimitReachedError>()(
  "SeatLimitReachedError",
  {
    ...apiFields,
    purchasedSeats: Schema.optional(Schema.Number),
    assignedSeats: Schema.optional(Schema.Number),
    pendingInvites: Schema.optional(Schema.Number)
  }
) {
  static readonly messageOf = apiMessage("Seat limit reached")
  override get message() {
    return SeatLimitReachedError.messageOf(this)
  }
}

/**
 * 429 without a quota code: too many requests. `retryAfter` is the server's `Retry-After` in seconds.
 * Retried automatically (see `Retry`); this surfaces once the retries are spent.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitExceeded extends Schema.TaggedError<RateLimitExceeded>()("RateLimitExceeded", {
  ...apiFields,
  retryAfter: Schema.optional(Schema.Number)
}) {
  static readonly messageOf = (fields: Pick<RateLimitExceeded, "detail" | "retryAfter">): string => {
    const wait = fields.retryAfter === undefined ? "" : ` (retry after ${fields.retryAfter}s)`
    return describe("Rate limit exceeded", fields.detail) + wait
  }
  override get message() {
    return RateLimitExceeded.messageOf(this)
  }
}

/**
 * 429 `usage_limit_exceeded`: a plan quota is exhausted. Never retried: waiting cannot fix it.
 *
 * @since 0.1.0
 * @category errors
 */
export class UsageLimitExceeded extends Schema.TaggedError<UsageLimitExceeded>()("UsageLimitExceeded", {
  ...apiFields,
  ...limitFields,
  dimension: Schema.optional(Schema.String),
  upgradeUrl: Schema.optional(Schema.String)
}) {
  static readonly messageOf = apiMessage("Usage limit exceeded")
  override get message() {
    return UsageLimitExceeded.messageOf(this)
  }
}

/**
 * `waitForProcessing` gave up: some events were still pending when its `timeout` passed. `status` is
 * the last answer it had (absent if the first poll never returned); the events keep processing.
 *
 * @since 0.2.0
 * @category errors
 */
export class ProcessingTimeout extends Schema.TaggedError<ProcessingTimeout>()("ProcessingTimeout", {
  /** The timeout, in milliseconds. */
  timeout: Schema.Number,
  status: Schema.optional(StatusResult)
}) {
  static readonly messageOf = (fields: Pick<ProcessingTimeout, "timeout" | "status">): string => {
    const pending = fields.status
      ? `, ${fields.status.pendingIds.length} of ${fields.status.total} still pending`
      : ""
    return `Processing did not finish within ${fields.timeout} ms${pending}`
  }
  override get message() {
    return ProcessingTimeout.messageOf(this)
  }
}

// Each class under its own `_tag`, by which `isMemsyError` and the facade look it up, and with its
// `messageOf`, which the facade's twin of the class takes its message from.
const byTag = <
  const Classes extends {
    readonly [Tag in keyof Classes]: (new (...args: never) => { readonly _tag: Tag }) & {
      readonly messageOf: (fields: never) => string
    }
  }
>(
  classes: Classes
): Classes => classes

// The seed's `MemsyAPIError` family, declared here once: its union type and `isMemsyAPIError` follow.
const apiClasses = byTag({
  MemsyAPIError,
  AuthenticationError,
  AuthorizationError,
  FeatureNotAvailable,
  OrgIdNotAllowedError,
  SeatRequiredError,
  OrgLimitReachedError,
  KeyLimitReachedError,
  BillingNotEnabledError,
  SeatLimitReachedError,
  RateLimitExceeded,
  UsageLimitExceeded
})

/**
 * Every error class by tag, for code that walks them (the Promise facade, tests).
 *
 * @since 0.1.0
 * @category errors
 */
export const classes = byTag({
  MemsyConnectionError,
  MemsyValidationError,
  MemsyDecodeError,
  ...apiClasses,
  ProcessingTimeout
})

type Instances<Classes> = {
  readonly [Tag in keyof Classes]: Classes[Tag] extends new (...args: never) => infer Instance
    ? Instance
    : never
}[keyof Classes]

/**
 * The seed's `MemsyAPIError` family: the generic class and every specific one.
 *
 * @since 0.1.0
 * @category errors
 */
export type MemsyAPIErrors = Instances<typeof apiClasses>

/**
 * Everything a Memsy call can fail with: the failure channel of every operation.
 *
 * @since 0.1.0
 * @category errors
 */
export type MemsyError = Instances<typeof classes>

/**
 * What an endpoint's call can fail with: every class but `ProcessingTimeout`, which only the
 * processing waits raise.
 *
 * @since 0.2.0
 * @category errors
 */
export type CallError = Exclude<MemsyError, ProcessingTimeout>

const apiTags: ReadonlySet<string> = new Set(Object.keys(apiClasses))

/**
 * @since 0.1.0
 * @category guards
 */
export const isMemsyError = (u: unknown): u is MemsyError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && u._tag in classes && u instanceof Error

/**
 * @since 0.1.0
 * @category guards
 */
export const isMemsyAPIError = (u: unknown): u is MemsyAPIErrors => isMemsyError(u) && apiTags.has(u._tag)

/**
 * Whether waiting and sending again can help. Only a rate limit can: quota exhaustion, other 4xx,
 * 5xx and transport failures are surfaced at once (contract §8.1; quota errors, §8.2).
 *
 * @since 0.1.0
 * @category guards
 */
export const isRetryable = (error: MemsyError): error is RateLimitExceeded =>
  error._tag === "RateLimitExceeded"
