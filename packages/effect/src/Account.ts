/**
 * Control plane: who the key belongs to (`me`) and Pro-plan interest (`interest`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.js"
import * as Fields from "./internal/fields.js"
import * as ResponseMeta from "./ResponseMeta.js"

/**
 * Who the key belongs to: the customer, the plan (`tier`), the org the onboarding calls take, and
 * whether the user administers it.
 *
 * @since 0.1.0
 * @category models
 */
export class Me extends Fields.Class<Me>("Me")(() => ({
  customerId: Fields.required("customer_id", Schema.String),
  email: Schema.String,
  tier: Schema.String,
  isSuperadmin: Fields.required("is_superadmin", Schema.Boolean),
  /** The key's org: the one the onboarding calls take. */
  orgId: Fields.required("org_id", Schema.String),
  isBillingAdmin: Fields.required("is_billing_admin", Schema.Boolean),
  userId: Fields.optional("user_id", Schema.String),
  /** `org:admin` for admins. */
  orgRole: Fields.optional("org_role", Schema.String),
  ...ResponseMeta.fields
})) {}

/**
 * `GET /me`: who the key belongs to, and the org the onboarding calls (`orgs.create`, `roles`,
 * `teams`) take.
 *
 * @example
 * ```ts
 * import { MemsyControlClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * const whoAmI = Effect.gen(function* () {
 *   const control = yield* MemsyControlClient.MemsyControlClient
 *   const { email, tier, orgId } = yield* control.me()
 *   return `${email} (${tier}) in ${orgId}`
 * })
 * ```
 *
 * @promiseExample
 * ```ts
 * import type { MemsyControlClient } from "@memsy/sdk"
 *
 * const whoAmI = async (control: MemsyControlClient) => {
 *   const { email, tier, orgId } = await control.me()
 *   return `${email} (${tier}) in ${orgId}`
 * }
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const me = Endpoint.make({
  name: "me",
  method: "GET",
  params: [],
  input: () => ({}),
  request: Endpoint.NoInput,
  path: () => "/me",
  response: Me
})

/**
 * What `interest.express` sends: who is interested (`email` and `name`, not blank), and optionally
 * the company, the use case and notes.
 *
 * @since 0.1.0
 * @category models
 */
export const InterestRequest = Fields.Struct(() => ({
  email: Fields.NonBlank,
  name: Fields.NonBlank,
  company: Schema.optional(Schema.String),
  useCase: Fields.omittable("use_case", Schema.String),
  notes: Schema.optional(Schema.String)
}))

/**
 * What `interest.express` takes.
 *
 * @since 0.1.0
 * @category models
 */
export type InterestRequest = typeof InterestRequest.Type

/**
 * The service's acknowledgement of an `interest.express`.
 *
 * @since 0.1.0
 * @category models
 */
export class InterestResult extends Fields.Class<InterestResult>("InterestResult")(() => ({
  message: Fields.withDefault("message", Schema.String, () => ""),
  ...ResponseMeta.fields
})) {}

/**
 * `interest`: express interest in the Pro plan, and whether this org already did.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const interest = {
  /**
   * `POST /interest/pro`: registers interest in the Pro plan.
   *
   * @example
   * ```ts
   * import { MemsyControlClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const askForPro = Effect.gen(function* () {
   *   const control = yield* MemsyControlClient.MemsyControlClient
   *   const { message } = yield* control.interest.express({ email: "ada@example.com", name: "Ada", useCase: "support" })
   *   return message
   * })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyControlClient } from "@memsy/sdk"
   *
   * const askForPro = async (control: MemsyControlClient) => {
   *   const { message } = await control.interest.express({ email: "ada@example.com", name: "Ada", useCase: "support" })
   *   return message
   * }
   * ```
   */
  express: Endpoint.make({
    name: "interest.express",
    method: "POST",
    params: ["request"],
    input: (request: InterestRequest) => request,
    request: InterestRequest,
    path: () => "/interest/pro",
    body: (wire) => wire,
    response: InterestResult
  }),
  /**
   * `GET /interest/pro/status`: whether this org has already expressed interest in the Pro plan.
   *
   * @example
   * ```ts
   * import { MemsyControlClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const askedBefore = Effect.gen(function* () {
   *   const control = yield* MemsyControlClient.MemsyControlClient
   *   return yield* control.interest.status()
   * })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyControlClient } from "@memsy/sdk"
   *
   * const askedBefore = async (control: MemsyControlClient) => control.interest.status()
   * ```
   */
  status: Endpoint.make({
    name: "interest.status",
    method: "GET",
    params: [],
    input: () => ({}),
    request: Endpoint.NoInput,
    path: () => "/interest/pro/status",
    // A missing or null body reads as "not expressed".
    response: Fields.lazy(() =>
      Schema.transform(
        Schema.NullOr(Schema.Struct({ expressed: Schema.optionalWith(Schema.Boolean, { nullable: true }) })),
        Schema.Boolean,
        { strict: true, decode: (body) => body?.expressed ?? false, encode: (expressed) => ({ expressed }) }
      )
    )
  })
}
