/**
 * The errors a call can throw: plain `Error` classes in the seed's hierarchy, so `instanceof` works
 * at every level. Each mirrors a core class of `@memsy/effect` (same fields, and the message of the
 * core's `messageOf`) and is made from it by `fromCore`; no classification is done here.
 *
 * @since 0.1.0
 */
/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging --
 * Each class merges with an interface of its core twin's fields, which its constructor assigns:
 * the fields are typed once, in the core, and a field added there appears here. */
import { MemsyError as Core } from "@memsy/effect"

type Classes = typeof Core.classes

/**
 * The tag of every core error class, which is also the name of its facade twin.
 *
 * @since 0.1.0
 * @category models
 */
export type ErrorName = keyof Classes

/**
 * The data fields of a core error class (`statusCode`, `detail`, `retryAfter`, …), typed from it.
 *
 * @since 0.1.0
 * @category models
 */
export type ErrorFields<Name extends ErrorName> = Pick<
  InstanceType<Classes[Name]>,
  Extract<Exclude<keyof Classes[Name]["fields"], "_tag">, keyof InstanceType<Classes[Name]>>
>

// The message of each facade class: its core twin's, as a function of the fields. A user's subclass
// finds it up its prototype chain.
const messages = new Map<unknown, (fields: never) => string>()

const messageOf = (target: unknown, fields: object): string => {
  for (let c = target; c !== null && c !== undefined; c = Object.getPrototypeOf(c)) {
    const message = messages.get(c)
    if (message) return message(fields as never)
  }
  return "Memsy error"
}

/**
 * The root of every error the SDK throws.
 *
 * @since 0.1.0
 * @category errors
 */
export class MemsyError extends Error {}

/**
 * The request never got an HTTP answer: DNS, refused connection, TLS, a dropped connection or a
 * timeout (`reason: "Timeout"`).
 *
 * @since 0.1.0
 * @category errors
 */
export interface MemsyConnectionError extends ErrorFields<"MemsyConnectionError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class MemsyConnectionError extends MemsyError {
  constructor(fields: ErrorFields<"MemsyConnectionError">) {
    super(messageOf(new.target, fields), "cause" in fields ? { cause: fields.cause } : undefined)
    Object.assign(this, fields)
  }
}

/**
 * The input was rejected before anything was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export interface MemsyValidationError extends ErrorFields<"MemsyValidationError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class MemsyValidationError extends MemsyError {
  constructor(fields: ErrorFields<"MemsyValidationError">) {
    super(messageOf(new.target, fields))
    Object.assign(this, fields)
  }
}

/**
 * A 2xx answer whose body does not match the operation's response model.
 *
 * @since 0.1.0
 * @category errors
 */
export interface MemsyDecodeError extends ErrorFields<"MemsyDecodeError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class MemsyDecodeError extends MemsyError {
  constructor(fields: ErrorFields<"MemsyDecodeError">) {
    super(messageOf(new.target, fields))
    Object.assign(this, fields)
  }
}

/**
 * A non-2xx answer: the parent of every specific API error, and itself thrown for the rest
 * (404, 422, 5xx, …).
 *
 * @since 0.1.0
 * @category errors
 */
export interface MemsyAPIError extends ErrorFields<"MemsyAPIError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class MemsyAPIError extends MemsyError {
  constructor(fields: ErrorFields<"MemsyAPIError">) {
    super(messageOf(new.target, fields))
    Object.assign(this, fields)
  }
}

/**
 * 401, or the gateway's bare 403: the key is missing, unknown or revoked.
 *
 * @since 0.1.0
 * @category errors
 */
export interface AuthenticationError extends ErrorFields<"AuthenticationError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationError extends MemsyAPIError {
  constructor(fields: ErrorFields<"AuthenticationError">) {
    super(fields)
  }
}

/**
 * 403: the key lacks a scope (`requiredScope`) or the caller is not an org admin.
 *
 * @since 0.1.0
 * @category errors
 */
export interface AuthorizationError extends ErrorFields<"AuthorizationError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class AuthorizationError extends MemsyAPIError {
  constructor(fields: ErrorFields<"AuthorizationError">) {
    super(fields)
  }
}

/**
 * 403 `feature_not_available`: the plan does not include the feature.
 *
 * @since 0.1.0
 * @category errors
 */
export interface FeatureNotAvailable extends ErrorFields<"FeatureNotAvailable"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class FeatureNotAvailable extends MemsyAPIError {
  constructor(fields: ErrorFields<"FeatureNotAvailable">) {
    super(fields)
  }
}

/**
 * 400 `org_id_not_allowed`: a free-tier request carried `org_id` in its body.
 *
 * @since 0.1.0
 * @category errors
 */
export interface OrgIdNotAllowedError extends ErrorFields<"OrgIdNotAllowedError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class OrgIdNotAllowedError extends MemsyAPIError {
  constructor(fields: ErrorFields<"OrgIdNotAllowedError">) {
    super(fields)
  }
}

/**
 * 403 `seat_required`: the endpoint needs an assigned seat.
 *
 * @since 0.1.0
 * @category errors
 */
export interface SeatRequiredError extends ErrorFields<"SeatRequiredError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class SeatRequiredError extends MemsyAPIError {
  constructor(fields: ErrorFields<"SeatRequiredError">) {
    super(fields)
  }
}

/**
 * 403 `org_limit_reached`: the plan's cap on org records.
 *
 * @since 0.1.0
 * @category errors
 */
export interface OrgLimitReachedError extends ErrorFields<"OrgLimitReachedError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class OrgLimitReachedError extends MemsyAPIError {
  constructor(fields: ErrorFields<"OrgLimitReachedError">) {
    super(fields)
  }
}

/**
 * 403 `key_limit_reached`: the plan's cap on API keys.
 *
 * @since 0.1.0
 * @category errors
 */
export interface KeyLimitReachedError extends ErrorFields<"KeyLimitReachedError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class KeyLimitReachedError extends MemsyAPIError {
  constructor(fields: ErrorFields<"KeyLimitReachedError">) {
    super(fields)
  }
}

/**
 * 403 `billing_not_enabled`: `interestPath` says where to express interest in a paid plan.
 *
 * @since 0.1.0
 * @category errors
 */
export interface BillingNotEnabledError extends ErrorFields<"BillingNotEnabledError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class BillingNotEnabledError extends MemsyAPIError {
  constructor(fields: ErrorFields<"BillingNotEnabledError">) {
    super(fields)
  }
}

/**
 * 409 `seat_limit_reached`: a seat operation beyond the purchased seats.
 *
 * @since 0.1.0
 * @category errors
 */
export interface SeatLimitReachedError extends ErrorFields<"SeatLimitReachedError"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class SeatLimitReachedError extends MemsyAPIError {
  constructor(fields: ErrorFields<"SeatLimitReachedError">) {
    super(fields)
  }
}

/**
 * 429 without a quota code, once the automatic retries are spent. `retryAfter` is in seconds.
 *
 * @since 0.1.0
 * @category errors
 */
export interface RateLimitExceeded extends ErrorFields<"RateLimitExceeded"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class RateLimitExceeded extends MemsyAPIError {
  constructor(fields: ErrorFields<"RateLimitExceeded">) {
    super(fields)
  }
}

/**
 * 429 `usage_limit_exceeded`: a plan quota is exhausted. Never retried.
 *
 * @since 0.1.0
 * @category errors
 */
export interface UsageLimitExceeded extends ErrorFields<"UsageLimitExceeded"> {}
/**
 * @since 0.1.0
 * @category errors
 */
export class UsageLimitExceeded extends MemsyAPIError {
  constructor(fields: ErrorFields<"UsageLimitExceeded">) {
    super(fields)
  }
}

/**
 * `waitForProcessing` gave up: some events were still pending when its `timeout` passed. `status` is
 * the last answer it had; the events keep processing.
 *
 * @since 0.2.0
 * @category errors
 */
export interface ProcessingTimeout extends ErrorFields<"ProcessingTimeout"> {}
/**
 * @since 0.2.0
 * @category errors
 */
export class ProcessingTimeout extends MemsyError {
  constructor(fields: ErrorFields<"ProcessingTimeout">) {
    super(messageOf(new.target, fields))
    Object.assign(this, fields)
  }
}

/**
 * Thrown by any call on a client after `close()` (and by calls still in flight when it closed).
 * A class of its own rather than a `MemsyConnectionError`: it is a programming error, which code
 * that retries connection failures must not retry.
 *
 * @since 0.1.0
 * @category errors
 */
export class MemsyClientClosedError extends MemsyError {
  constructor(client = "MemsyClient") {
    super(`This ${client} is closed`)
  }
}

/**
 * Every facade class by core tag: a core error without a twin here is a compile error.
 *
 * @since 0.1.0
 * @category errors
 */
export const classes = {
  MemsyConnectionError,
  MemsyValidationError,
  MemsyDecodeError,
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
  UsageLimitExceeded,
  ProcessingTimeout
} as const satisfies { readonly [Name in ErrorName]: new (fields: ErrorFields<Name>) => MemsyError }

// `name` lives on each prototype (set before any instance exists, so `stack` starts with it too)
// and comes from the table's keys: minifiers rename classes, never string keys.
const named = (target: { readonly prototype: Error }, name: string) =>
  Object.defineProperty(target.prototype, "name", { value: name, writable: true, configurable: true })
named(MemsyError, "MemsyError")
named(MemsyClientClosedError, "MemsyClientClosedError")
for (const [name, target] of Object.entries(classes)) {
  named(target, name)
  messages.set(target, Core.classes[name as ErrorName].messageOf)
}

/**
 * The facade twin of a core error, with the same fields and message.
 *
 * @since 0.1.0
 * @category conversions
 */
export const fromCore = (error: Core.MemsyError): MemsyError => {
  const fields: Record<string, unknown> = {}
  for (const key of Object.keys(Core.classes[error._tag].fields)) {
    if (key !== "_tag" && key in error) fields[key] = error[key as keyof typeof error]
  }
  return new classes[error._tag](fields as never)
}
