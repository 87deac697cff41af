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
 * @since 0.1.0
 * @category models
 */
export class PaymentMethod extends Schema.Class<PaymentMethod>("PaymentMethod")({
  brand: Schema.String,
  last4: Schema.String,
  expMonth: Fields.required("exp_month", Schema.Number),
  expYear: Fields.required("exp_year", Schema.Number)
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export class UpcomingInvoice extends Schema.Class<UpcomingInvoice>("UpcomingInvoice")({
  /** In minor units (cents). */
  amountDue: Fields.required("amount_due", Schema.Number),
  currency: Schema.String,
  /** Unix seconds. */
  periodEnd: Fields.required("period_end", Schema.Number)
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export class BillingSummary extends Schema.Class<BillingSummary>("BillingSummary")({
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
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export class Invoice extends Schema.Class<Invoice>("Invoice")({
  id: Schema.String,
  amountDue: Fields.required("amount_due", Schema.Number),
  amountPaid: Fields.required("amount_paid", Schema.Number),
  currency: Schema.String,
  status: Schema.String,
  /** A Unix timestamp rendered as a string, as the server sends it. */
  created: Schema.String,
  hostedInvoiceUrl: Fields.optional("hosted_invoice_url", Schema.String)
}) {}

/**
 * `billing`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const billing = {
  summary: Endpoint.make({
    name: "billing.summary",
    method: "GET",
    params: [],
    input: () => ({}),
    request: Endpoint.NoInput,
    path: () => "/billing/summary",
    response: BillingSummary
  }),
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
