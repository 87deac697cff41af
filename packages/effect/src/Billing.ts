/**
 * Control plane: billing (org admins of orgs with billing enabled).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.js"
import * as Fields from "./internal/fields.js"
import * as ResponseMeta from "./ResponseMeta.js"

/**
 * The card on file, as much of it as the service shows.
 *
 * @since 0.1.0
 * @category models
 */
export class PaymentMethod extends Fields.Class<PaymentMethod>("PaymentMethod")(() => ({
  brand: Schema.String,
  last4: Schema.String,
  expMonth: Fields.required("exp_month", Schema.Number),
  expYear: Fields.required("exp_year", Schema.Number)
})) {}

/**
 * The next invoice: the amount due in minor units, and the end of its period in Unix seconds.
 *
 * @since 0.1.0
 * @category models
 */
export class UpcomingInvoice extends Fields.Class<UpcomingInvoice>("UpcomingInvoice")(() => ({
  /** In minor units (cents). */
  amountDue: Fields.required("amount_due", Schema.Number),
  currency: Schema.String,
  /** Unix seconds. */
  periodEnd: Fields.required("period_end", Schema.Number)
})) {}

/**
 * The org's plan and seats, with its payment method and next invoice where there are any.
 *
 * @since 0.1.0
 * @category models
 */
export class BillingSummary extends Fields.Class<BillingSummary>("BillingSummary")(() => ({
  tier: Schema.String,
  purchasedSeats: Fields.required("purchased_seats", Schema.Number),
  assignedSeats: Fields.required("assigned_seats", Schema.Number),
  availableSeats: Fields.required("available_seats", Schema.Number),
  stripeCustomerId: Fields.optional("stripe_customer_id", Schema.String),
  subscriptionStatus: Fields.optional("subscription_status", Schema.String),
  billingContact: Fields.optional("billing_contact", Schema.String),
  stripeSubscriptionId: Fields.optional("stripe_subscription_id", Schema.String),
  paymentMethod: Fields.optional("payment_method", PaymentMethod),
  upcomingInvoice: Fields.optional("upcoming_invoice", UpcomingInvoice),
  ...ResponseMeta.fields
})) {}

/**
 * A past invoice; amounts in minor units (cents).
 *
 * @since 0.1.0
 * @category models
 */
export class Invoice extends Fields.Class<Invoice>("Invoice")(() => ({
  id: Schema.String,
  amountDue: Fields.required("amount_due", Schema.Number),
  amountPaid: Fields.required("amount_paid", Schema.Number),
  currency: Schema.String,
  status: Schema.String,
  /** A Unix timestamp rendered as a string, as the server sends it. */
  created: Schema.String,
  hostedInvoiceUrl: Fields.optional("hosted_invoice_url", Schema.String)
})) {}

/**
 * `billing`: the plan, seats and invoices of orgs with billing enabled (admins only); elsewhere a
 * `BillingNotEnabledError` naming where to express interest.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const billing = {
  /**
   * `GET /billing/summary`: the org's plan, seats, payment method and next invoice.
   *
   * @example
   * ```ts
   * import { MemsyControlClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const seats = Effect.gen(function* () {
   *   const control = yield* MemsyControlClient.MemsyControlClient
   *   const { tier, assignedSeats, purchasedSeats } = yield* control.billing.summary()
   *   return `${tier}: ${assignedSeats} of ${purchasedSeats} seats assigned`
   * })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyControlClient } from "@memsy/sdk"
   *
   * const seats = async (control: MemsyControlClient) => {
   *   const { tier, assignedSeats, purchasedSeats } = await control.billing.summary()
   *   return `${tier}: ${assignedSeats} of ${purchasedSeats} seats assigned`
   * }
   * ```
   */
  summary: Endpoint.make({
    name: "billing.summary",
    method: "GET",
    params: [],
    input: () => ({}),
    request: Endpoint.NoInput,
    path: () => "/billing/summary",
    response: BillingSummary
  }),
  /**
   * `GET /billing/invoices`: the org's invoices (none is an empty list).
   *
   * @example
   * ```ts
   * import { MemsyControlClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const unpaid = Effect.gen(function* () {
   *   const control = yield* MemsyControlClient.MemsyControlClient
   *   const invoices = yield* control.billing.invoices()
   *   return invoices.filter((invoice) => invoice.amountPaid < invoice.amountDue)
   * })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyControlClient } from "@memsy/sdk"
   *
   * const unpaid = async (control: MemsyControlClient) => {
   *   const invoices = await control.billing.invoices()
   *   return invoices.filter((invoice) => invoice.amountPaid < invoice.amountDue)
   * }
   * ```
   */
  invoices: Endpoint.make({
    name: "billing.invoices",
    method: "GET",
    params: [],
    input: () => ({}),
    request: Endpoint.NoInput,
    path: () => "/billing/invoices",
    response: Fields.listOrEmpty(Invoice)
  })
}
