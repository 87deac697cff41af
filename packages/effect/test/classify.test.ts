/**
 * Every row of the contract's classification table (§7.3), first matching row wins, and the body
 * normalisation (§7.2): flat bodies, the FastAPI `detail` envelope, string and list details, the
 * gateway's bare 403, non-JSON and non-object JSON. Each row runs on both planes.
 */
import { assert, describe, it } from "@effect/vitest"
import { MemsyError } from "@memsy/effect"
import { Effect } from "effect"
import { type Call, clients, MockTransport } from "./support.js"

interface Row {
  readonly title: string
  readonly status: number
  /** A JSON body, or `text` for a raw one. */
  readonly body?: unknown
  readonly text?: string
  readonly headers?: Readonly<Record<string, string>>
  readonly tag: MemsyError.MemsyAPIErrors["_tag"]
  /** Every field of the error but `_tag` (absent fields must be absent). */
  readonly fields: Readonly<Record<string, unknown>>
  readonly message: string
}

const validation = { detail: [{ loc: ["body", "query"], msg: "Field required", type: "missing" }] }

const rows: ReadonlyArray<Row> = [
  {
    title: "400 org_id_not_allowed",
    status: 400,
    body: { error: "org_id_not_allowed", message: "org_id is not allowed on the free tier" },
    tag: "OrgIdNotAllowedError",
    fields: {
      statusCode: 400,
      errorCode: "org_id_not_allowed",
      detail: "org_id is not allowed on the free tier"
    },
    message: "org_id not allowed on this tier: org_id is not allowed on the free tier"
  },
  {
    title: "400 with another code is generic",
    status: 400,
    body: { error: "bad_request", message: "Bad request" },
    tag: "MemsyAPIError",
    fields: { statusCode: 400, errorCode: "bad_request", detail: "Bad request" },
    message: "Memsy API error 400: Bad request"
  },
  {
    title: "401, whatever the body",
    status: 401,
    body: { detail: "Invalid API key" },
    tag: "AuthenticationError",
    fields: { statusCode: 401, detail: "Invalid API key" },
    message: "Authentication failed: Invalid API key"
  },
  {
    title: "401 with a code still authenticates",
    status: 401,
    body: { error: "feature_not_available", message: "Key revoked" },
    tag: "AuthenticationError",
    fields: { statusCode: 401, errorCode: "feature_not_available", detail: "Key revoked" },
    message: "Authentication failed: Key revoked"
  },
  {
    title: '403 gateway {"message":"Forbidden"} is an authentication failure (status kept)',
    status: 403,
    text: '{"message":"Forbidden"}',
    tag: "AuthenticationError",
    fields: { statusCode: 403, detail: "Forbidden" },
    message: "Authentication failed: Forbidden"
  },
  {
    title: "403 Forbidden with a second key is not the gateway",
    status: 403,
    body: { message: "Forbidden", request_id: "r1" },
    tag: "AuthorizationError",
    fields: { statusCode: 403, detail: "Forbidden" },
    message: "Authorization failed: Forbidden"
  },
  {
    title: "403 feature_not_available with its extras",
    status: 403,
    body: {
      error: "feature_not_available",
      message: "Reranking needs Pro",
      feature: "reranking",
      current_tier: "free",
      upgrade_url: "https://app.memsy.io/upgrade"
    },
    tag: "FeatureNotAvailable",
    fields: {
      statusCode: 403,
      errorCode: "feature_not_available",
      detail: "Reranking needs Pro",
      feature: "reranking",
      currentTier: "free",
      upgradeUrl: "https://app.memsy.io/upgrade"
    },
    message: "Feature not available: Reranking needs Pro"
  },
  {
    title: "403 seat_required",
    status: 403,
    body: { error: "seat_required", message: "No seat assigned" },
    tag: "SeatRequiredError",
    fields: { statusCode: 403, errorCode: "seat_required", detail: "No seat assigned" },
    message: "Seat required: No seat assigned"
  },
  {
    title: "403 org_limit_reached with limit and current",
    status: 403,
    body: { error: "org_limit_reached", message: "Too many orgs", limit: 1, current: 1 },
    tag: "OrgLimitReachedError",
    fields: {
      statusCode: 403,
      errorCode: "org_limit_reached",
      detail: "Too many orgs",
      limit: 1,
      current: 1
    },
    message: "Org limit reached: Too many orgs"
  },
  {
    title: "403 key_limit_reached keeps only numeric limits",
    status: 403,
    body: { error: "key_limit_reached", message: "Too many keys", limit: "5", current: 5 },
    tag: "KeyLimitReachedError",
    fields: { statusCode: 403, errorCode: "key_limit_reached", detail: "Too many keys", current: 5 },
    message: "API key limit reached: Too many keys"
  },
  {
    title: "403 billing_not_enabled with interest_path",
    status: 403,
    body: { error: "billing_not_enabled", message: "Billing is off", interest_path: "/interest/pro" },
    tag: "BillingNotEnabledError",
    fields: {
      statusCode: 403,
      errorCode: "billing_not_enabled",
      detail: "Billing is off",
      interestPath: "/interest/pro"
    },
    message: "Billing not enabled: Billing is off"
  },
  {
    title: "403 wrong_scope reads required_scope",
    status: 403,
    body: { error: "wrong_scope", message: "Needs write", required_scope: "write" },
    tag: "AuthorizationError",
    fields: { statusCode: 403, errorCode: "wrong_scope", detail: "Needs write", requiredScope: "write" },
    message: "Authorization failed: Needs write"
  },
  {
    title: "403 insufficient_scope falls back to scope",
    status: 403,
    body: { error: "insufficient_scope", message: "Needs read", scope: "read" },
    tag: "AuthorizationError",
    fields: { statusCode: 403, errorCode: "insufficient_scope", detail: "Needs read", requiredScope: "read" },
    message: "Authorization failed: Needs read"
  },
  {
    title: "403 without a code whose detail mentions a scope",
    status: 403,
    body: { detail: "Key lacks the WRITE Scope", required_scope: "write" },
    tag: "AuthorizationError",
    fields: { statusCode: 403, detail: "Key lacks the WRITE Scope", requiredScope: "write" },
    message: "Authorization failed: Key lacks the WRITE Scope"
  },
  {
    title: "403 admin_required has no required scope, even when the body names one",
    status: 403,
    body: { error: "admin_required", message: "Organisation admin role needed", required_scope: "admin" },
    tag: "AuthorizationError",
    fields: { statusCode: 403, errorCode: "admin_required", detail: "Organisation admin role needed" },
    message: "Authorization failed: Organisation admin role needed"
  },
  {
    title: "403 + usage_limit_exceeded: a code counts only with its status",
    status: 403,
    body: { error: "usage_limit_exceeded", message: "Events quota reached", dimension: "events_ingested" },
    tag: "AuthorizationError",
    fields: { statusCode: 403, errorCode: "usage_limit_exceeded", detail: "Events quota reached" },
    message: "Authorization failed: Events quota reached"
  },
  {
    title: "409 seat_limit_reached with the seat counts",
    status: 409,
    body: {
      error: "seat_limit_reached",
      message: "No seats left",
      purchased_seats: 5,
      assigned_seats: 4,
      pending_invites: 1
    },
    tag: "SeatLimitReachedError",
    fields: {
      statusCode: 409,
      errorCode: "seat_limit_reached",
      detail: "No seats left",
      purchasedSeats: 5,
      assignedSeats: 4,
      pendingInvites: 1
    },
    message: "Seat limit reached: No seats left"
  },
  {
    title: "409 with another code is generic",
    status: 409,
    body: { error: "conflict", message: "Already exists" },
    tag: "MemsyAPIError",
    fields: { statusCode: 409, errorCode: "conflict", detail: "Already exists" },
    message: "Memsy API error 409: Already exists"
  },
  {
    title: "429 usage_limit_exceeded with its extras",
    status: 429,
    body: {
      error: "usage_limit_exceeded",
      message: "Monthly search quota reached",
      dimension: "search_queries",
      current: 1000,
      limit: 1000,
      upgrade_url: "https://app.memsy.io/settings/billing"
    },
    headers: { "retry-after": "30" },
    tag: "UsageLimitExceeded",
    fields: {
      statusCode: 429,
      errorCode: "usage_limit_exceeded",
      detail: "Monthly search quota reached",
      dimension: "search_queries",
      current: 1000,
      limit: 1000,
      upgradeUrl: "https://app.memsy.io/settings/billing"
    },
    message: "Usage limit exceeded: Monthly search quota reached"
  },
  {
    title: "429 without a code whose detail mentions a quota",
    status: 429,
    body: { detail: "QUOTA exhausted for api_calls" },
    tag: "UsageLimitExceeded",
    fields: { statusCode: 429, detail: "QUOTA exhausted for api_calls" },
    message: "Usage limit exceeded: QUOTA exhausted for api_calls"
  },
  {
    title: "429 otherwise is a rate limit with Retry-After",
    status: 429,
    body: { message: "Too many requests" },
    headers: { "retry-after": "2" },
    tag: "RateLimitExceeded",
    fields: { statusCode: 429, detail: "Too many requests", retryAfter: 2 },
    message: "Rate limit exceeded: Too many requests (retry after 2s)"
  },
  {
    title: "429 without Retry-After has no retryAfter",
    status: 429,
    body: { message: "Too many requests" },
    tag: "RateLimitExceeded",
    fields: { statusCode: 429, detail: "Too many requests" },
    message: "Rate limit exceeded: Too many requests"
  },
  {
    title: "429 + feature_not_available is a rate limit",
    status: 429,
    body: { error: "feature_not_available", message: "Slow down" },
    tag: "RateLimitExceeded",
    fields: { statusCode: 429, errorCode: "feature_not_available", detail: "Slow down" },
    message: "Rate limit exceeded: Slow down"
  },
  {
    title: "404 FastAPI string detail",
    status: 404,
    body: { detail: "Not Found" },
    tag: "MemsyAPIError",
    fields: { statusCode: 404, detail: "Not Found" },
    message: "Memsy API error 404: Not Found"
  },
  {
    title: "422 validation list detail keeps the raw body",
    status: 422,
    body: validation,
    tag: "MemsyAPIError",
    fields: { statusCode: 422, detail: JSON.stringify(validation) },
    message: `Memsy API error 422: ${JSON.stringify(validation)}`
  },
  {
    title: "500 non-JSON body keeps the raw text",
    status: 500,
    text: "<html>Internal Server Error</html>",
    tag: "MemsyAPIError",
    fields: { statusCode: 500, detail: "<html>Internal Server Error</html>" },
    message: "Memsy API error 500: <html>Internal Server Error</html>"
  },
  {
    title: "501 (the old /clear stub)",
    status: 501,
    body: { detail: "Not Implemented" },
    tag: "MemsyAPIError",
    fields: { statusCode: 501, detail: "Not Implemented" },
    message: "Memsy API error 501: Not Implemented"
  },
  {
    title: "502 with an empty body",
    status: 502,
    text: "",
    tag: "MemsyAPIError",
    fields: { statusCode: 502, detail: "" },
    message: "Memsy API error 502"
  },
  {
    title: "JSON null body keeps the raw text",
    status: 503,
    text: "null",
    tag: "MemsyAPIError",
    fields: { statusCode: 503, detail: "null" },
    message: "Memsy API error 503: null"
  },
  {
    title: "JSON array body keeps the raw text",
    status: 403,
    text: '["Forbidden"]',
    tag: "AuthorizationError",
    fields: { statusCode: 403, detail: '["Forbidden"]' },
    message: 'Authorization failed: ["Forbidden"]'
  },
  {
    title: "JSON number body keeps the raw text",
    status: 400,
    text: "42",
    tag: "MemsyAPIError",
    fields: { statusCode: 400, detail: "42" },
    message: "Memsy API error 400: 42"
  },
  {
    title: "envelope: the inner object's error and message",
    status: 403,
    body: { detail: { error: "admin_required", message: "Organisation admin role needed" } },
    tag: "AuthorizationError",
    fields: { statusCode: 403, errorCode: "admin_required", detail: "Organisation admin role needed" },
    message: "Authorization failed: Organisation admin role needed"
  },
  {
    title: "envelope: inner keys win and extras are read inside",
    status: 403,
    body: {
      error: "outer",
      limit: 1,
      detail: { error: "key_limit_reached", message: "Too many keys", limit: 10, current: 10 }
    },
    tag: "KeyLimitReachedError",
    fields: {
      statusCode: 403,
      errorCode: "key_limit_reached",
      detail: "Too many keys",
      limit: 10,
      current: 10
    },
    message: "API key limit reached: Too many keys"
  },
  {
    title: "envelope without a message: the code is the detail",
    status: 403,
    body: { detail: { error: "seat_required" } },
    tag: "SeatRequiredError",
    fields: { statusCode: 403, errorCode: "seat_required", detail: "seat_required" },
    message: "Seat required: seat_required"
  },
  {
    title: "envelope without message or code: the outer message",
    status: 400,
    body: { message: "Outer explanation", detail: { hint: "x" } },
    tag: "MemsyAPIError",
    fields: { statusCode: 400, detail: "Outer explanation" },
    message: "Memsy API error 400: Outer explanation"
  },
  {
    title: "envelope 429 quota with its extras inside",
    status: 429,
    body: {
      detail: { error: "usage_limit_exceeded", message: "Quota", dimension: "events_ingested", limit: 50 }
    },
    tag: "UsageLimitExceeded",
    fields: {
      statusCode: 429,
      errorCode: "usage_limit_exceeded",
      detail: "Quota",
      dimension: "events_ingested",
      limit: 50
    },
    message: "Usage limit exceeded: Quota"
  },
  {
    title: "flat body: error without message is the detail",
    status: 403,
    body: { error: "admin_required" },
    tag: "AuthorizationError",
    fields: { statusCode: 403, errorCode: "admin_required", detail: "admin_required" },
    message: "Authorization failed: admin_required"
  },
  {
    title: "a non-string error code is no code",
    status: 400,
    body: { error: 42, message: "Odd" },
    tag: "MemsyAPIError",
    fields: { statusCode: 400, detail: "Odd" },
    message: "Memsy API error 400: Odd"
  }
]

const sites: ReadonlyArray<readonly [string, string, Call]> = [
  ["data plane", "POST /v1/search", (c) => c.data.search("dark mode")],
  ["control plane", "GET /api/keys", (c) => c.control.keys.list()]
]

const ownFields = (error: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(error).filter(([key]) => key !== "_tag"))

describe("classification", () => {
  for (const [plane, route, call] of sites) {
    describe(plane, () => {
      for (const r of rows) {
        it.effect(r.title, () =>
          Effect.gen(function* () {
            const mock = yield* MockTransport.MockTransport
            yield* mock.reply(route, {
              status: r.status,
              ...(r.text === undefined ? { body: r.body } : { text: r.text }),
              ...(r.headers && { headers: r.headers })
            })
            const error = yield* Effect.flip(call(yield* clients))
            assert.strictEqual(error._tag, r.tag)
            assert.isTrue(error instanceof MemsyError.classes[r.tag])
            assert.isTrue(MemsyError.isMemsyAPIError(error))
            assert.isTrue(MemsyError.isMemsyError(error))
            assert.deepStrictEqual(ownFields(error), r.fields)
            assert.strictEqual(error.message, r.message)
            assert.strictEqual((yield* mock.requests).length, 1)
          }).pipe(Effect.provide(MockTransport.layerClients({ client: { maxRetries: 0 } })))
        )
      }
    })
  }

  it("non-API errors are not API errors", () => {
    const error = new MemsyError.MemsyConnectionError({ reason: "Transport", detail: "refused" })
    const others = [
      error,
      new MemsyError.MemsyValidationError({ operation: "search", detail: "query: must not be blank" }),
      new MemsyError.MemsyDecodeError({ operation: "health", statusCode: 200, detail: "not JSON" }),
      new MemsyError.ProcessingTimeout({ timeout: 1000 })
    ]
    for (const other of others) {
      assert.isTrue(MemsyError.isMemsyError(other), other._tag)
      assert.isFalse(MemsyError.isMemsyAPIError(other), other._tag)
    }
    assert.isFalse(MemsyError.isMemsyError({ _tag: "MemsyAPIError" }))
    assert.strictEqual(error.message, "Could not reach Memsy: refused")
  })
})
