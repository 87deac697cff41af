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
 * @example
 * ```ts
 * import { MemsyClient, MemsyError } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // Memories are a nicety here: if Memsy fails, answer without them. Any other error is a bug.
 * const recall = async (query: string) => {
 *   try {
 *     const { results } = await memsy.search(query, { actorId: "user_1" })
 *     return results.map((result) => result.content)
 *   } catch (error) {
 *     if (!(error instanceof MemsyError)) throw error
 *     console.warn(`no memories: ${error.message}`)
 *     return []
 *   }
 * }
 *
 * recall("dark mode").then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class MemsyError extends Error {}

/**
 * The request never got an HTTP answer: DNS, refused connection, TLS, a dropped connection or a
 * timeout (`reason: "Timeout"`).
 *
 * @example
 * ```ts
 * import { MemsyClient, MemsyConnectionError } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // A readiness probe: an unreachable service is an answer, not a failure.
 * const reachable = async () => {
 *   try {
 *     await memsy.health()
 *     return true
 *   } catch (error) {
 *     if (!(error instanceof MemsyConnectionError)) throw error
 *     console.warn(`Memsy unreachable (${error.reason}): ${error.detail}`)
 *     return false
 *   }
 * }
 *
 * reachable().then(console.log)
 * ```
 *
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
 * The fields of `MemsyConnectionError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface MemsyConnectionError extends ErrorFields<"MemsyConnectionError"> {}

/**
 * The input was rejected before anything was sent.
 *
 * @example
 * ```ts
 * import { MemsyClient, MemsyValidationError } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // A blank query is the caller's mistake: nothing reached the server, so nothing was found.
 * const count = async (query: string) => {
 *   try {
 *     return (await memsy.search(query, { actorId: "user_1" })).results.length
 *   } catch (error) {
 *     if (!(error instanceof MemsyValidationError)) throw error
 *     console.info(error.message)
 *     return 0
 *   }
 * }
 *
 * count("   ").then(console.log)
 * ```
 *
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
 * The fields of `MemsyValidationError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface MemsyValidationError extends ErrorFields<"MemsyValidationError"> {}

/**
 * A 2xx answer whose body does not match the operation's response model.
 *
 * @example
 * ```ts
 * import { MemsyClient, MemsyDecodeError } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // An answer this SDK cannot read is a bug to report, with what was called and what came back.
 * const health = async () => {
 *   try {
 *     return await memsy.health()
 *   } catch (error) {
 *     if (error instanceof MemsyDecodeError) {
 *       console.error(`unexpected answer to ${error.operation} (${error.statusCode}): ${error.detail}`)
 *     }
 *     throw error
 *   }
 * }
 *
 * health().then(console.log)
 * ```
 *
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
 * The fields of `MemsyDecodeError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface MemsyDecodeError extends ErrorFields<"MemsyDecodeError"> {}

/**
 * A non-2xx answer: the parent of every specific API error, and itself thrown for the rest
 * (404, 422, 5xx, …).
 *
 * @example
 * ```ts
 * import { MemsyAPIError, MemsyClient } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // A memory that is gone is `undefined`; any other refusal stays an error. Every specific API error
 * // is a `MemsyAPIError` too: where both are tested, test the specific class first.
 * const find = async (memoryId: string) => {
 *   try {
 *     return await memsy.memories.get(memoryId)
 *   } catch (error) {
 *     if (error instanceof MemsyAPIError && error.statusCode === 404) return undefined
 *     throw error
 *   }
 * }
 *
 * find("00000000-0000-4000-8000-000000000000").then(console.log)
 * ```
 *
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
 * The fields of `MemsyAPIError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface MemsyAPIError extends ErrorFields<"MemsyAPIError"> {}

/**
 * 401, or the gateway's bare 403: the key is missing, unknown or revoked.
 *
 * @example
 * ```ts
 * import { MemsyClient, AuthenticationError } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // No retry or fallback can fix a refused key: stop, saying what to check.
 * const search = async (query: string) => {
 *   try {
 *     return await memsy.search(query, { actorId: "user_1" })
 *   } catch (error) {
 *     if (error instanceof AuthenticationError) {
 *       throw new Error("check MEMSY_API_KEY: it was refused", { cause: error })
 *     }
 *     throw error
 *   }
 * }
 *
 * search("dark mode").then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationError extends MemsyAPIError {
  constructor(fields: ErrorFields<"AuthenticationError">) {
    super(fields)
  }
}

/**
 * The fields of `AuthenticationError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface AuthenticationError extends ErrorFields<"AuthenticationError"> {}

/**
 * 403: the key lacks a scope (`requiredScope`) or the caller is not an org admin.
 *
 * @example
 * ```ts
 * import { AuthorizationError, MemsyControlClient } from "@memsy/sdk"
 *
 * const control = new MemsyControlClient()
 *
 * // Usage needs an org admin: say which right is missing instead of failing the report.
 * const tier = async () => {
 *   try {
 *     return (await control.usage.summary()).tier
 *   } catch (error) {
 *     if (!(error instanceof AuthorizationError)) throw error
 *     return `not allowed: ${error.requiredScope ?? error.errorCode ?? "admin only"}`
 *   }
 * }
 *
 * tier().then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthorizationError extends MemsyAPIError {
  constructor(fields: ErrorFields<"AuthorizationError">) {
    super(fields)
  }
}

/**
 * The fields of `AuthorizationError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface AuthorizationError extends ErrorFields<"AuthorizationError"> {}

/**
 * 403 `feature_not_available`: the plan does not include the feature.
 *
 * @example
 * ```ts
 * import { MemsyClient, FeatureNotAvailable } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // Point the user at the upgrade rather than at an error.
 * const search = async (query: string) => {
 *   try {
 *     return await memsy.search(query, { actorId: "user_1" })
 *   } catch (error) {
 *     if (error instanceof FeatureNotAvailable) {
 *       throw new Error(
 *         `not in the ${error.currentTier ?? "current"} plan: ${error.upgradeUrl ?? error.detail}`
 *       )
 *     }
 *     throw error
 *   }
 * }
 *
 * search("dark mode").then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class FeatureNotAvailable extends MemsyAPIError {
  constructor(fields: ErrorFields<"FeatureNotAvailable">) {
    super(fields)
  }
}

/**
 * The fields of `FeatureNotAvailable`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface FeatureNotAvailable extends ErrorFields<"FeatureNotAvailable"> {}

/**
 * 400 `org_id_not_allowed`: a free-tier request carried `org_id` in its body.
 *
 * @example
 * ```ts
 * import { MemsyClient, OrgIdNotAllowedError } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // The free tier takes the org from the key and refuses a body naming one: a retry cannot help.
 * const search = async (query: string) => {
 *   try {
 *     return await memsy.search(query, { actorId: "user_1" })
 *   } catch (error) {
 *     if (error instanceof OrgIdNotAllowedError) {
 *       throw new Error(`remove org_id from the request body: ${error.detail}`, { cause: error })
 *     }
 *     throw error
 *   }
 * }
 *
 * search("dark mode").then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class OrgIdNotAllowedError extends MemsyAPIError {
  constructor(fields: ErrorFields<"OrgIdNotAllowedError">) {
    super(fields)
  }
}

/**
 * The fields of `OrgIdNotAllowedError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface OrgIdNotAllowedError extends ErrorFields<"OrgIdNotAllowedError"> {}

/**
 * 403 `seat_required`: the endpoint needs an assigned seat.
 *
 * @example
 * ```ts
 * import { MemsyControlClient, SeatRequiredError } from "@memsy/sdk"
 *
 * const control = new MemsyControlClient()
 *
 * // Browsing raw events needs a seat; without one, there is nothing to show.
 * const recent = async () => {
 *   try {
 *     return (await control.events.list({ limit: 10 })).items
 *   } catch (error) {
 *     if (error instanceof SeatRequiredError) return []
 *     throw error
 *   }
 * }
 *
 * recent().then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class SeatRequiredError extends MemsyAPIError {
  constructor(fields: ErrorFields<"SeatRequiredError">) {
    super(fields)
  }
}

/**
 * The fields of `SeatRequiredError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface SeatRequiredError extends ErrorFields<"SeatRequiredError"> {}

/**
 * 403 `org_limit_reached`: the plan's cap on org records.
 *
 * @example
 * ```ts
 * import { MemsyClient, OrgLimitReachedError } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * const create = async (orgId: string) => {
 *   try {
 *     return await memsy.orgs.create({ orgId, name: "Acme", focus: "Support" })
 *   } catch (error) {
 *     if (error instanceof OrgLimitReachedError) {
 *       throw new Error(
 *         `the plan allows ${error.limit ?? "no more"} orgs and ${error.current ?? "that many"} exist`
 *       )
 *     }
 *     throw error
 *   }
 * }
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class OrgLimitReachedError extends MemsyAPIError {
  constructor(fields: ErrorFields<"OrgLimitReachedError">) {
    super(fields)
  }
}

/**
 * The fields of `OrgLimitReachedError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface OrgLimitReachedError extends ErrorFields<"OrgLimitReachedError"> {}

/**
 * 403 `key_limit_reached`: the plan's cap on API keys.
 *
 * @example
 * ```ts
 * import { KeyLimitReachedError, MemsyControlClient } from "@memsy/sdk"
 *
 * const control = new MemsyControlClient()
 *
 * // The new key's secret is in the answer only: keep it out of logs.
 * const create = async () => {
 *   try {
 *     return (await control.keys.create("ci-pipeline")).keyId
 *   } catch (error) {
 *     if (error instanceof KeyLimitReachedError) {
 *       throw new Error(
 *         `revoke a key first: ${error.current ?? "all"} of ${error.limit ?? "the"} allowed are in use`
 *       )
 *     }
 *     throw error
 *   }
 * }
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class KeyLimitReachedError extends MemsyAPIError {
  constructor(fields: ErrorFields<"KeyLimitReachedError">) {
    super(fields)
  }
}

/**
 * The fields of `KeyLimitReachedError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface KeyLimitReachedError extends ErrorFields<"KeyLimitReachedError"> {}

/**
 * 403 `billing_not_enabled`: `interestPath` says where to express interest in a paid plan.
 *
 * @example
 * ```ts
 * import { BillingNotEnabledError, MemsyControlClient } from "@memsy/sdk"
 *
 * const control = new MemsyControlClient()
 *
 * // An org without billing has no seats to report.
 * const seats = async () => {
 *   try {
 *     return (await control.billing.summary()).purchasedSeats
 *   } catch (error) {
 *     if (error instanceof BillingNotEnabledError) return 0
 *     throw error
 *   }
 * }
 *
 * seats().then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class BillingNotEnabledError extends MemsyAPIError {
  constructor(fields: ErrorFields<"BillingNotEnabledError">) {
    super(fields)
  }
}

/**
 * The fields of `BillingNotEnabledError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface BillingNotEnabledError extends ErrorFields<"BillingNotEnabledError"> {}

/**
 * 409 `seat_limit_reached`: a seat operation beyond the purchased seats.
 *
 * @example
 * ```ts
 * import { MemsyClient, SeatLimitReachedError } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // Whichever call meets the cap on seats, the advice is the same.
 * const seatAdvice = async <A,>(call: () => Promise<A>): Promise<A> => {
 *   try {
 *     return await call()
 *   } catch (error) {
 *     if (error instanceof SeatLimitReachedError) {
 *       const seats = error.purchasedSeats ?? "purchased"
 *       throw new Error(`all ${seats} seats are taken: buy more or free one`, { cause: error })
 *     }
 *     throw error
 *   }
 * }
 *
 * seatAdvice(() => memsy.search("dark mode", { actorId: "user_1" })).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class SeatLimitReachedError extends MemsyAPIError {
  constructor(fields: ErrorFields<"SeatLimitReachedError">) {
    super(fields)
  }
}

/**
 * The fields of `SeatLimitReachedError`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface SeatLimitReachedError extends ErrorFields<"SeatLimitReachedError"> {}

/**
 * 429 without a quota code, once the automatic retries are spent. `retryAfter` is in seconds.
 *
 * @example
 * ```ts
 * import { MemsyClient, RateLimitExceeded } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // The client has already waited and retried: tell the user when to come back.
 * const search = async (query: string) => {
 *   try {
 *     return await memsy.search(query, { actorId: "user_1" })
 *   } catch (error) {
 *     if (error instanceof RateLimitExceeded) {
 *       throw new Error(`busy: try again in ${error.retryAfter ?? "a few"} seconds`, { cause: error })
 *     }
 *     throw error
 *   }
 * }
 *
 * search("dark mode").then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitExceeded extends MemsyAPIError {
  constructor(fields: ErrorFields<"RateLimitExceeded">) {
    super(fields)
  }
}

/**
 * The fields of `RateLimitExceeded`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface RateLimitExceeded extends ErrorFields<"RateLimitExceeded"> {}

/**
 * 429 `usage_limit_exceeded`: a plan quota is exhausted. Never retried.
 *
 * @example
 * ```ts
 * import { MemsyClient, UsageLimitExceeded } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // Waiting cannot help: the quota is spent until the plan changes or the period ends.
 * const search = async (query: string) => {
 *   try {
 *     return await memsy.search(query, { actorId: "user_1" })
 *   } catch (error) {
 *     if (error instanceof UsageLimitExceeded) {
 *       throw new Error(
 *         `the ${error.dimension ?? "plan's"} quota is used up: ${error.upgradeUrl ?? "upgrade"}`
 *       )
 *     }
 *     throw error
 *   }
 * }
 *
 * search("dark mode").then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class UsageLimitExceeded extends MemsyAPIError {
  constructor(fields: ErrorFields<"UsageLimitExceeded">) {
    super(fields)
  }
}

/**
 * The fields of `UsageLimitExceeded`, typed from its core twin's.
 *
 * @since 0.1.0
 * @category errors
 */
export interface UsageLimitExceeded extends ErrorFields<"UsageLimitExceeded"> {}

/**
 * `waitForProcessing` gave up: some events were still pending when its `timeout` passed. `status` is
 * the last answer it had; the events keep processing.
 *
 * @example
 * ```ts
 * import { MemsyClient, ProcessingTimeout } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient()
 *
 * // Wait a minute at most: events still pending then are processed later all the same.
 * const pending = async (content: string) => {
 *   const { eventIds } = await memsy.ingest([
 *     { actorId: "user_1", sessionId: "s1", kind: "user_message", content }
 *   ])
 *   try {
 *     return (await memsy.waitForProcessing(eventIds, { timeout: 60_000 })).pendingIds.length
 *   } catch (error) {
 *     if (!(error instanceof ProcessingTimeout)) throw error
 *     return error.status?.pendingIds.length ?? eventIds.length
 *   }
 * }
 *
 * pending("I like jazz").then(console.log)
 * ```
 *
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
 * The fields of `ProcessingTimeout`, typed from its core twin's.
 *
 * @since 0.2.0
 * @category errors
 */
export interface ProcessingTimeout extends ErrorFields<"ProcessingTimeout"> {}

/**
 * Thrown by any call on a client after `close()` (and by calls still in flight when it closed).
 * A class of its own rather than a `MemsyConnectionError`: it is a programming error, which code
 * that retries connection failures must not retry.
 *
 * @example
 * ```ts
 * import { MemsyClient, MemsyClientClosedError } from "@memsy/sdk"
 *
 * const memsy = new MemsyClient({ baseUrl: "https://api.memsy.io/v1", apiKey: "msy_example" })
 *
 * // A health check that runs after shutdown closed the client reports that, and does not retry.
 * const healthy = async () => {
 *   try {
 *     return (await memsy.health()).status === "ok"
 *   } catch (error) {
 *     if (error instanceof MemsyClientClosedError) return false
 *     throw error
 *   }
 * }
 *
 * await memsy.close()
 * assert.strictEqual(await healthy(), false)
 * ```
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
 * Every facade class by core tag: a core class without a twin here, or an entry here without a core
 * class, is a compile error.
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
