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
import * as Fields from "./internal/fields.js"
import { StatusResult } from "./Events.js"

// Functions, so that each error class builds its fields when it is built (`Fields.TaggedError`).
const apiFields = () => ({
  /** The HTTP status the server answered with. */
  statusCode: Schema.Number,
  /** The server's explanation, normalised from whichever error body shape it sent. */
  detail: Schema.String,
  /** The machine-readable code (`admin_required`, `seat_required`, …), when the server sent one. */
  errorCode: Schema.optional(Schema.String)
})

const limitFields = () => ({ limit: Schema.optional(Schema.Number), current: Schema.optional(Schema.Number) })

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
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // A readiness probe: an unreachable service is an answer, not a failure.
 * const reachable = Effect.flatMap(MemsyClient.MemsyClient, (memsy) => memsy.health()).pipe(
 *   Effect.as(true),
 *   Effect.catchTag("MemsyConnectionError", (error) =>
 *     Effect.as(Effect.logWarning(`Memsy unreachable (${error.reason}): ${error.detail}`), false)
 *   )
 * )
 *
 * Effect.runPromise(reachable.pipe(Effect.provide(MemsyClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class MemsyConnectionError extends Fields.TaggedError<MemsyConnectionError>()(
  "MemsyConnectionError",
  () => ({
    reason: Schema.Literal("Transport", "Timeout"),
    detail: Schema.String,
    cause: Schema.optional(Schema.Defect)
  })
) {
  static readonly messageOf = (fields: Pick<MemsyConnectionError, "detail">): string =>
    describe("Could not reach Memsy", fields.detail)
  override get message() {
    return MemsyConnectionError.messageOf(this)
  }
}

/**
 * The input was rejected before anything was sent.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // A blank query is the caller's mistake: nothing reached the server, so nothing was found.
 * const count = (query: string) =>
 *   Effect.flatMap(MemsyClient.MemsyClient, (memsy) => memsy.search(query, { actorId: "user_1" })).pipe(
 *     Effect.map(({ results }) => results.length),
 *     Effect.catchTag("MemsyValidationError", (error) => Effect.as(Effect.logInfo(error.message), 0))
 *   )
 *
 * Effect.runPromise(count("   ").pipe(Effect.provide(MemsyClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class MemsyValidationError extends Fields.TaggedError<MemsyValidationError>()(
  "MemsyValidationError",
  () => ({
    /** The operation whose input was rejected, e.g. `search`. */
    operation: Schema.String,
    detail: Schema.String
  })
) {
  static readonly messageOf = (fields: Pick<MemsyValidationError, "operation" | "detail">): string =>
    `Invalid input to ${fields.operation}: ${fields.detail}`
  override get message() {
    return MemsyValidationError.messageOf(this)
  }
}

/**
 * A 2xx answer whose body does not match the operation's response model.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // An answer this SDK cannot read is a defect to report, not a condition to handle.
 * const health = Effect.flatMap(MemsyClient.MemsyClient, (memsy) => memsy.health()).pipe(
 *   Effect.catchTag("MemsyDecodeError", (error) =>
 *     Effect.dieMessage(`unexpected answer to ${error.operation} (${error.statusCode}): ${error.detail}`)
 *   )
 * )
 *
 * Effect.runPromise(health.pipe(Effect.provide(MemsyClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class MemsyDecodeError extends Fields.TaggedError<MemsyDecodeError>()("MemsyDecodeError", () => ({
  operation: Schema.String,
  statusCode: Schema.Number,
  detail: Schema.String
})) {
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
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // A memory that is gone is `undefined`; any other refusal stays an error.
 * const find = (memoryId: string) =>
 *   Effect.flatMap(MemsyClient.MemsyClient, (memsy) => memsy.memories.get(memoryId)).pipe(
 *     Effect.catchTag("MemsyAPIError", (error) =>
 *       error.statusCode === 404 ? Effect.succeed(undefined) : Effect.fail(error)
 *     )
 *   )
 *
 * const gone = "00000000-0000-4000-8000-000000000000"
 * Effect.runPromise(find(gone).pipe(Effect.provide(MemsyClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class MemsyAPIError extends Fields.TaggedError<MemsyAPIError>()("MemsyAPIError", apiFields) {
  static readonly messageOf = (fields: Pick<MemsyAPIError, "statusCode" | "detail">): string =>
    describe(`Memsy API error ${fields.statusCode}`, fields.detail)
  override get message() {
    return MemsyAPIError.messageOf(this)
  }
}

/**
 * 401, or the gateway's bare 403 `{"message":"Forbidden"}`: the key is missing, unknown or revoked.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // No retry or fallback can fix a refused key: stop, saying what to check.
 * const search = Effect.flatMap(MemsyClient.MemsyClient, (memsy) =>
 *   memsy.search("dark mode", { actorId: "user_1" })
 * ).pipe(
 *   Effect.catchTag("AuthenticationError", () => Effect.dieMessage("check MEMSY_API_KEY: it was refused"))
 * )
 *
 * Effect.runPromise(search.pipe(Effect.provide(MemsyClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationError extends Fields.TaggedError<AuthenticationError>()(
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
 * @example
 * ```ts
 * import { MemsyControlClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // Usage needs an org admin: say which right is missing instead of failing the report.
 * const tier = Effect.flatMap(MemsyControlClient.MemsyControlClient, (control) =>
 *   control.usage.summary()
 * ).pipe(
 *   Effect.map((summary) => summary.tier),
 *   Effect.catchTag("AuthorizationError", (error) =>
 *     Effect.succeed(`not allowed: ${error.requiredScope ?? error.errorCode ?? "admin only"}`)
 *   )
 * )
 *
 * Effect.runPromise(tier.pipe(Effect.provide(MemsyControlClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthorizationError extends Fields.TaggedError<AuthorizationError>()(
  "AuthorizationError",
  () => ({
    ...apiFields(),
    requiredScope: Schema.optional(Schema.String)
  })
) {
  static readonly messageOf = apiMessage("Authorization failed")
  override get message() {
    return AuthorizationError.messageOf(this)
  }
}

/**
 * 403 `feature_not_available`: the plan does not include the feature.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // Point the user at the upgrade rather than at an error.
 * const search = Effect.flatMap(MemsyClient.MemsyClient, (memsy) =>
 *   memsy.search("dark mode", { actorId: "user_1" })
 * ).pipe(
 *   Effect.catchTag("FeatureNotAvailable", (error) =>
 *     Effect.fail(`not in the ${error.currentTier ?? "current"} plan: ${error.upgradeUrl ?? error.detail}`)
 *   )
 * )
 *
 * Effect.runPromise(search.pipe(Effect.provide(MemsyClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class FeatureNotAvailable extends Fields.TaggedError<FeatureNotAvailable>()(
  "FeatureNotAvailable",
  () => ({
    ...apiFields(),
    feature: Schema.optional(Schema.String),
    currentTier: Schema.optional(Schema.String),
    upgradeUrl: Schema.optional(Schema.String)
  })
) {
  static readonly messageOf = apiMessage("Feature not available")
  override get message() {
    return FeatureNotAvailable.messageOf(this)
  }
}

/**
 * 400 `org_id_not_allowed`: a free-tier request carried `org_id` in its body.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // The free tier takes the org from the key and refuses a body naming one: a retry cannot help.
 * const search = Effect.flatMap(MemsyClient.MemsyClient, (memsy) =>
 *   memsy.search("dark mode", { actorId: "user_1" })
 * ).pipe(
 *   Effect.catchTag("OrgIdNotAllowedError", (error) =>
 *     Effect.dieMessage(`remove org_id from the request body: ${error.detail}`)
 *   )
 * )
 *
 * Effect.runPromise(search.pipe(Effect.provide(MemsyClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class OrgIdNotAllowedError extends Fields.TaggedError<OrgIdNotAllowedError>()(
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
 * @example
 * ```ts
 * import { MemsyControlClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // Browsing raw events needs a seat; without one, there is nothing to show.
 * const recent = Effect.flatMap(MemsyControlClient.MemsyControlClient, (control) =>
 *   control.events.list({ limit: 10 })
 * ).pipe(
 *   Effect.map((page) => page.items),
 *   Effect.catchTag("SeatRequiredError", () => Effect.succeed([]))
 * )
 *
 * Effect.runPromise(recent.pipe(Effect.provide(MemsyControlClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class SeatRequiredError extends Fields.TaggedError<SeatRequiredError>()(
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
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * const create = (orgId: string) =>
 *   Effect.flatMap(MemsyClient.MemsyClient, (memsy) =>
 *     memsy.orgs.create({ orgId, name: "Acme", focus: "Support" })
 *   ).pipe(
 *     Effect.catchTag("OrgLimitReachedError", (error) =>
 *       Effect.fail(
 *         `the plan allows ${error.limit ?? "no more"} orgs and ${error.current ?? "that many"} exist`
 *       )
 *     )
 *   )
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class OrgLimitReachedError extends Fields.TaggedError<OrgLimitReachedError>()(
  "OrgLimitReachedError",
  () => ({
    ...apiFields(),
    ...limitFields()
  })
) {
  static readonly messageOf = apiMessage("Org limit reached")
  override get message() {
    return OrgLimitReachedError.messageOf(this)
  }
}

/**
 * 403 `key_limit_reached`: the plan's cap on API keys.
 *
 * @example
 * ```ts
 * import { MemsyControlClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // The new key's secret is in the answer only: keep it out of logs.
 * const create = Effect.flatMap(MemsyControlClient.MemsyControlClient, (control) =>
 *   control.keys.create("ci-pipeline")
 * ).pipe(
 *   Effect.map((created) => created.keyId),
 *   Effect.catchTag("KeyLimitReachedError", (error) =>
 *     Effect.fail(
 *       `revoke a key first: ${error.current ?? "all"} of ${error.limit ?? "the"} allowed are in use`
 *     )
 *   )
 * )
 *
 * Effect.runPromise(create.pipe(Effect.provide(MemsyControlClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class KeyLimitReachedError extends Fields.TaggedError<KeyLimitReachedError>()(
  "KeyLimitReachedError",
  () => ({
    ...apiFields(),
    ...limitFields()
  })
) {
  static readonly messageOf = apiMessage("API key limit reached")
  override get message() {
    return KeyLimitReachedError.messageOf(this)
  }
}

/**
 * 403 `billing_not_enabled`: a billing route on an org without billing; `interestPath` says where to
 * express interest in a paid plan.
 *
 * @example
 * ```ts
 * import { MemsyControlClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // An org without billing has no seats to report.
 * const seats = Effect.flatMap(MemsyControlClient.MemsyControlClient, (control) =>
 *   control.billing.summary()
 * ).pipe(
 *   Effect.map((billing) => billing.purchasedSeats),
 *   Effect.catchTag("BillingNotEnabledError", () => Effect.succeed(0))
 * )
 *
 * Effect.runPromise(seats.pipe(Effect.provide(MemsyControlClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class BillingNotEnabledError extends Fields.TaggedError<BillingNotEnabledError>()(
  "BillingNotEnabledError",
  () => ({ ...apiFields(), interestPath: Schema.optional(Schema.String) })
) {
  static readonly messageOf = apiMessage("Billing not enabled")
  override get message() {
    return BillingNotEnabledError.messageOf(this)
  }
}

/**
 * 409 `seat_limit_reached`: a seat operation beyond the purchased seats.
 *
 * @example
 * ```ts
 * import { MemsyClient, type MemsyError } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // Whichever call meets the cap on seats, the advice is the same.
 * const seatAdvice = <A, R>(call: Effect.Effect<A, MemsyError.CallError, R>) =>
 *   call.pipe(
 *     Effect.catchTag("SeatLimitReachedError", (error) =>
 *       Effect.fail(`all ${error.purchasedSeats ?? "purchased"} seats are taken: buy more or free one`)
 *     )
 *   )
 *
 * const search = seatAdvice(
 *   Effect.flatMap(MemsyClient.MemsyClient, (memsy) => memsy.search("dark mode", { actorId: "user_1" }))
 * )
 *
 * Effect.runPromise(search.pipe(Effect.provide(MemsyClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class SeatLimitReachedError extends Fields.TaggedError<SeatLimitReachedError>()(
  "SeatLimitReachedError",
  () => ({
    ...apiFields(),
    purchasedSeats: Schema.optional(Schema.Number),
    assignedSeats: Schema.optional(Schema.Number),
    pendingInvites: Schema.optional(Schema.Number)
  })
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
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // The client has already waited and retried: tell the user when to come back.
 * const search = Effect.flatMap(MemsyClient.MemsyClient, (memsy) =>
 *   memsy.search("dark mode", { actorId: "user_1" })
 * ).pipe(
 *   Effect.catchTag("RateLimitExceeded", (error) =>
 *     Effect.fail(`busy: try again in ${error.retryAfter ?? "a few"} seconds`)
 *   )
 * )
 *
 * Effect.runPromise(search.pipe(Effect.provide(MemsyClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitExceeded extends Fields.TaggedError<RateLimitExceeded>()("RateLimitExceeded", () => ({
  ...apiFields(),
  retryAfter: Schema.optional(Schema.Number)
})) {
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
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // Waiting cannot help: the quota is spent until the plan changes or the period ends.
 * const search = Effect.flatMap(MemsyClient.MemsyClient, (memsy) =>
 *   memsy.search("dark mode", { actorId: "user_1" })
 * ).pipe(
 *   Effect.catchTag("UsageLimitExceeded", (error) =>
 *     Effect.fail(`the ${error.dimension ?? "plan's"} quota is used up: ${error.upgradeUrl ?? "upgrade"}`)
 *   )
 * )
 *
 * Effect.runPromise(search.pipe(Effect.provide(MemsyClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class UsageLimitExceeded extends Fields.TaggedError<UsageLimitExceeded>()(
  "UsageLimitExceeded",
  () => ({
    ...apiFields(),
    ...limitFields(),
    dimension: Schema.optional(Schema.String),
    upgradeUrl: Schema.optional(Schema.String)
  })
) {
  static readonly messageOf = apiMessage("Usage limit exceeded")
  override get message() {
    return UsageLimitExceeded.messageOf(this)
  }
}

/**
 * `waitForProcessing` gave up: some events were still pending when its `timeout` passed. `status` is
 * the last answer it had (absent if the first poll never returned); the events keep processing.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * // Wait a minute at most: events still pending then are processed later all the same.
 * const pending = (content: string) =>
 *   Effect.gen(function* () {
 *     const memsy = yield* MemsyClient.MemsyClient
 *     const { eventIds } = yield* memsy.ingest([
 *       { actorId: "user_1", sessionId: "s1", kind: "user_message", content }
 *     ])
 *     return yield* memsy.waitForProcessing(eventIds, { timeout: "1 minute" }).pipe(
 *       Effect.map((status) => status.pendingIds.length),
 *       Effect.catchTag("ProcessingTimeout", (error) =>
 *         Effect.succeed(error.status?.pendingIds.length ?? eventIds.length)
 *       )
 *     )
 *   })
 *
 * Effect.runPromise(pending("I like jazz").pipe(Effect.provide(MemsyClient.layerConfig()))).then(console.log)
 * ```
 *
 * @since 0.2.0
 * @category errors
 */
export class ProcessingTimeout extends Fields.TaggedError<ProcessingTimeout>()("ProcessingTimeout", () => ({
  /** The timeout, in milliseconds. */
  timeout: Schema.Number,
  status: Schema.optional(StatusResult)
})) {
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
 * Whether a value is one of these errors: for a `catchAll` or a `Cause` that may hold defects too.
 *
 * @since 0.1.0
 * @category guards
 */
export const isMemsyError = (u: unknown): u is MemsyError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && u._tag in classes && u instanceof Error

/**
 * Whether a value is an error of the `MemsyAPIErrors` family: the server answered, with a non-2xx.
 *
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
