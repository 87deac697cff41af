/**
 * The fault matrix's two axes and what each cell must end in.
 *
 * Endpoints: every endpoint of both clients, walked from the declarations, each with arguments and a
 * valid answer generated from its own request and response models (fixed seed), so a new endpoint
 * joins the matrix with nothing to write. Faults: every fault the emulator injects, each with the
 * outcome the contract documents for it (§1.5, §7.3, §8), the number of attempts and the virtual
 * time the call takes.
 */
import { Endpoint, MemsyClient, MemsyControlClient, type MemsyError } from "@memsy/effect"
import type { Emulator } from "@memsy/testing"
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect"

export type Plane = "data" | "control"

/** One endpoint, ready to call. */
export interface Case {
  /** `data:orgs.get`, `control:health`. */
  readonly key: string
  readonly plane: Plane
  readonly endpoint: Endpoint.Any
  /** Where the method sits in the client: `["orgs", "get"]`. */
  readonly path: ReadonlyArray<string>
  readonly args: ReadonlyArray<unknown>
  /** A valid answer's body, JSON text. */
  readonly answer: string
  /** Whether `retryTransient` may repeat this request, as its declaration says. */
  readonly idempotent: boolean
}

// A URL parser would resolve a `.` or `..` segment: the pipeline rejects them, so samples avoid them.
const dotSegment = /\/\.\.?(?=\/|$)/

/**
 * The method's arguments for a request model: a parameter named like one of the model's fields gets
 * that field; the one that is not (`options`, `patch`-less option bags) gets the remaining fields.
 */
const argsFor = (endpoint: Endpoint.Any, request: Record<string, unknown>): ReadonlyArray<unknown> => {
  const params: ReadonlyArray<string> = endpoint.params
  const named = new Set(params.filter((p) => p in request))
  const rest = Object.fromEntries(Object.entries(request).filter(([k]) => !named.has(k)))
  return params.map((p) => (named.has(p) ? request[p] : rest))
}

/** The first of a fixed sequence of generated values that `accept` takes: the same on every run. */
const sample = <A>(arbitrary: fc.Arbitrary<A>, accept: (a: A) => boolean, what: string): A => {
  for (let seed = 1; seed <= 100; seed++) {
    const [value] = fc.sample(arbitrary, { seed, numRuns: 1 })
    if (value !== undefined && accept(value)) return value
  }
  throw new Error(`no usable sample for ${what}`)
}

const isIdempotent = (endpoint: Endpoint.Any, wire: unknown): boolean => {
  const declared = endpoint.idempotent ?? (endpoint.method === "GET" || endpoint.method === "DELETE")
  return typeof declared === "function" ? declared(wire) : declared
}

const caseOf = (plane: Plane, path: ReadonlyArray<string>, endpoint: Endpoint.Any): Case => {
  const key = `${plane}:${endpoint.name}`
  const encode = Schema.encodeEither(endpoint.request)
  const request = sample(
    Arbitrary.make(endpoint.request),
    (req) => {
      const args = argsFor(endpoint, req as Record<string, unknown>)
      const wire = encode(endpoint.input(...args))
      return (
        Either.isRight(wire) &&
        !dotSegment.test(endpoint.path(wire.right)) &&
        JSON.stringify(endpoint.input(...args)) === JSON.stringify(req)
      )
    },
    `${key} arguments`
  ) as Record<string, unknown>
  const args = argsFor(endpoint, request)
  const decode = Schema.decodeUnknownEither(endpoint.response)
  const answer = sample(
    Arbitrary.make(endpoint.response).map((value) =>
      JSON.stringify(Schema.encodeSync(endpoint.response)(value))
    ),
    (text) => text !== undefined && Either.isRight(decode(JSON.parse(text))),
    `${key} answer`
  )
  const wire = Either.getOrThrow(encode(endpoint.input(...args)))
  return { key, plane, endpoint, path, args, answer, idempotent: isIdempotent(endpoint, wire) }
}

const walk = (plane: Plane, tree: Endpoint.Tree, at: ReadonlyArray<string> = []): ReadonlyArray<Case> =>
  Object.entries(tree).flatMap(([name, node]) =>
    Endpoint.isEndpoint(node) ? [caseOf(plane, [...at, name], node)] : walk(plane, node, [...at, name])
  )

/** Every endpoint of both clients, in declaration order. */
export const cases: ReadonlyArray<Case> = [
  ...walk("data", MemsyClient.endpoints),
  ...walk("control", MemsyControlClient.endpoints)
]

/** How the clients are configured for a run: the defaults, or with `retryTransient`. */
export interface Mode {
  readonly retryTransient: boolean
}

export type Tag = MemsyError.CallError["_tag"]

export type Outcome =
  | { readonly _tag: "Success"; readonly value: unknown }
  | {
      readonly _tag: "Failure"
      readonly tag: Tag
      /** The error's own fields: exactly these for an API error, at least these for the others. */
      readonly fields: Readonly<Record<string, unknown>>
    }

export interface Expected {
  readonly outcome: Outcome
  readonly attempts: number
  /** Virtual milliseconds from the call to its end: exact, or a range where waits are jittered. */
  readonly elapsed: number | readonly [number, number]
}

/** What the fault is, given the case and the clock at the call (for HTTP dates). */
export interface FaultCase {
  readonly name: string
  readonly fault: (c: Case, now: number) => Emulator.Fault
  readonly expect: (c: Case, mode: Mode, now: number) => Expected
}

const TIMEOUT = 30_000
/** The default backoff before retries 1, 2 and 3: 1 s, 2 s, 4 s (contract §8.1). */
const BACKOFF = 1_000 + 2_000 + 4_000
const API_TAGS: ReadonlySet<string> = new Set([
  "MemsyAPIError",
  "AuthenticationError",
  "AuthorizationError",
  "FeatureNotAvailable",
  "OrgIdNotAllowedError",
  "SeatRequiredError",
  "OrgLimitReachedError",
  "KeyLimitReachedError",
  "BillingNotEnabledError",
  "SeatLimitReachedError",
  "RateLimitExceeded",
  "UsageLimitExceeded"
])

export const isApiTag = (tag: string): boolean => API_TAGS.has(tag)

const failure = (tag: Tag, fields: Record<string, unknown>): Outcome => ({ _tag: "Failure", tag, fields })

/**
 * A failure that takes `perAttempt` ms: retried three times with jittered backoff (×0.8 to ×1.2)
 * when it is transient (a lost connection, a timeout, a 5xx or 408), the client retries those, and
 * the request is safe to repeat; else surfaced at once.
 */
const once = (outcome: Outcome, c: Case, mode: Mode, perAttempt = 0): Expected => {
  const transient =
    outcome._tag === "Failure" &&
    (outcome.tag === "MemsyConnectionError" ||
      (isApiTag(outcome.tag) &&
        typeof outcome.fields.statusCode === "number" &&
        (outcome.fields.statusCode >= 500 || outcome.fields.statusCode === 408)))
  if (!(transient && mode.retryTransient && c.idempotent)) {
    return { outcome, attempts: 1, elapsed: perAttempt }
  }
  return { outcome, attempts: 4, elapsed: [4 * perAttempt + 0.8 * BACKOFF, 4 * perAttempt + 1.2 * BACKOFF] }
}

/** What a 2xx body reads as: empty is no data (`null`), not JSON or not the model is a decode error (§1.5). */
export const twoHundred = (c: Case, status: number, text: string): Outcome => {
  let body: unknown = null
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text)
    } catch {
      return failure("MemsyDecodeError", { operation: c.endpoint.name, statusCode: status })
    }
  }
  const decoded = Schema.decodeUnknownEither(c.endpoint.response)(body)
  return Either.isRight(decoded)
    ? { _tag: "Success", value: decoded.right }
    : failure("MemsyDecodeError", { operation: c.endpoint.name, statusCode: status })
}

const answered = (
  name: string,
  status: number,
  text: (c: Case) => string,
  headers: Record<string, string> = {}
): FaultCase => ({
  name,
  fault: (c) => ({ status, body: text(c), headers: { "content-type": "application/json", ...headers } }),
  expect: (c, mode) => once(twoHundred(c, status, text(c)), c, mode)
})

/** A non-2xx answer and the class the contract's table gives it (§7.3). */
const status = (
  name: string,
  code: number,
  body: unknown,
  tag: Tag,
  fields: Record<string, unknown>,
  headers: Record<string, string> = {}
): FaultCase => ({
  name,
  fault: () => ({ status: code, body, headers }),
  expect: (c, mode) => once(failure(tag, { statusCode: code, ...fields }), c, mode)
})

const raw = (body: unknown) => (typeof body === "string" ? body : JSON.stringify(body))

/** Every status of the contract with an empty body: the class the status alone decides. */
const bare: ReadonlyArray<FaultCase> = [400, 401, 403, 404, 405, 408, 409, 422, 500, 501, 502, 503, 504].map(
  (code) =>
    status(
      `${code}, no body`,
      code,
      "",
      code === 401 ? "AuthenticationError" : code === 403 ? "AuthorizationError" : "MemsyAPIError",
      { detail: "" }
    )
)

const coded = (error: string, message: string, extra: Record<string, unknown> = {}) => ({
  error,
  message,
  ...extra
})

const VALIDATION = {
  detail: [{ type: "missing", loc: ["body", "actor_id"], msg: "Field required", input: {} }]
}
const HTML = "<!doctype html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"

/** The bodies the contract documents, flat (data plane) and in the `detail` envelope (control plane). */
const bodied: ReadonlyArray<FaultCase> = [
  status(
    "400 org_id_not_allowed",
    400,
    coded("org_id_not_allowed", "org_id is not allowed on the free tier"),
    "OrgIdNotAllowedError",
    { errorCode: "org_id_not_allowed", detail: "org_id is not allowed on the free tier" }
  ),
  status("400 with a string detail", 400, { detail: "Bad Request" }, "MemsyAPIError", {
    detail: "Bad Request"
  }),
  status("401 flat", 401, coded("unauthorized", "Invalid or missing API key"), "AuthenticationError", {
    errorCode: "unauthorized",
    detail: "Invalid or missing API key"
  }),
  status(
    "401 in the envelope",
    401,
    { detail: coded("unauthorized", "Invalid or missing API key") },
    "AuthenticationError",
    { errorCode: "unauthorized", detail: "Invalid or missing API key" }
  ),
  status("403 from the gateway", 403, { message: "Forbidden" }, "AuthenticationError", {
    detail: "Forbidden"
  }),
  status(
    "403 admin_required",
    403,
    { detail: coded("admin_required", "Organisation admin role needed") },
    "AuthorizationError",
    { errorCode: "admin_required", detail: "Organisation admin role needed" }
  ),
  status(
    "403 insufficient_scope",
    403,
    coded("insufficient_scope", "This key lacks the write scope", { required_scope: "write" }),
    "AuthorizationError",
    { errorCode: "insufficient_scope", detail: "This key lacks the write scope", requiredScope: "write" }
  ),
  status(
    "403 feature_not_available",
    403,
    {
      detail: coded("feature_not_available", "Upgrade to use this", {
        feature: "console",
        current_tier: "free",
        upgrade_url: "https://app.memsy.io/settings/billing"
      })
    },
    "FeatureNotAvailable",
    {
      errorCode: "feature_not_available",
      detail: "Upgrade to use this",
      feature: "console",
      currentTier: "free",
      upgradeUrl: "https://app.memsy.io/settings/billing"
    }
  ),
  status(
    "403 seat_required",
    403,
    { detail: coded("seat_required", "A seat is required") },
    "SeatRequiredError",
    { errorCode: "seat_required", detail: "A seat is required" }
  ),
  status(
    "403 org_limit_reached",
    403,
    coded("org_limit_reached", "Org limit reached", { limit: 1, current: 1 }),
    "OrgLimitReachedError",
    { errorCode: "org_limit_reached", detail: "Org limit reached", limit: 1, current: 1 }
  ),
  status(
    "403 key_limit_reached",
    403,
    { detail: coded("key_limit_reached", "Key limit reached", { limit: 2, current: 2 }) },
    "KeyLimitReachedError",
    { errorCode: "key_limit_reached", detail: "Key limit reached", limit: 2, current: 2 }
  ),
  status(
    "403 billing_not_enabled",
    403,
    { detail: coded("billing_not_enabled", "Billing is not enabled", { interest_path: "/interest/pro" }) },
    "BillingNotEnabledError",
    { errorCode: "billing_not_enabled", detail: "Billing is not enabled", interestPath: "/interest/pro" }
  ),
  status("404", 404, { detail: "Not Found" }, "MemsyAPIError", { detail: "Not Found" }),
  status("405", 405, { detail: "Method Not Allowed" }, "MemsyAPIError", { detail: "Method Not Allowed" }),
  status("408", 408, { detail: "Request Timeout" }, "MemsyAPIError", { detail: "Request Timeout" }),
  status(
    "409 seat_limit_reached",
    409,
    {
      detail: coded("seat_limit_reached", "No seat left", {
        purchased_seats: 3,
        assigned_seats: 3,
        pending_invites: 1
      })
    },
    "SeatLimitReachedError",
    {
      errorCode: "seat_limit_reached",
      detail: "No seat left",
      purchasedSeats: 3,
      assignedSeats: 3,
      pendingInvites: 1
    }
  ),
  status("409 without a code", 409, { detail: "Conflict" }, "MemsyAPIError", { detail: "Conflict" }),
  status("422 validation", 422, VALIDATION, "MemsyAPIError", { detail: raw(VALIDATION) }),
  status(
    "429 usage_limit_exceeded",
    429,
    coded("usage_limit_exceeded", "Monthly search quota reached", {
      dimension: "search_queries",
      current: 1000,
      limit: 1000,
      upgrade_url: "https://app.memsy.io/settings/billing"
    }),
    "UsageLimitExceeded",
    {
      errorCode: "usage_limit_exceeded",
      detail: "Monthly search quota reached",
      dimension: "search_queries",
      current: 1000,
      limit: 1000,
      upgradeUrl: "https://app.memsy.io/settings/billing"
    }
  ),
  status("429 quota in the message", 429, { message: "Events quota exhausted" }, "UsageLimitExceeded", {
    detail: "Events quota exhausted"
  }),
  status("500", 500, { detail: "Internal Server Error" }, "MemsyAPIError", {
    detail: "Internal Server Error"
  }),
  status("501", 501, { detail: "Not Implemented" }, "MemsyAPIError", { detail: "Not Implemented" }),
  status(
    "502 HTML error page",
    502,
    HTML,
    "MemsyAPIError",
    { detail: HTML },
    { "content-type": "text/html" }
  ),
  status(
    "503 with Retry-After (not a rate limit: not waited for)",
    503,
    { detail: "Service Unavailable" },
    "MemsyAPIError",
    { detail: "Service Unavailable" },
    { "retry-after": "5" }
  ),
  status("504 from the gateway", 504, { message: "Endpoint request timed out" }, "MemsyAPIError", {
    detail: "Endpoint request timed out"
  })
]

const RATE_LIMITED = { error: "rate_limited", message: "Too many requests" }

/**
 * A plain 429 on every attempt, with `Retry-After` as `header(now)`: retried three times, each wait
 * `Retry-After` seconds, else the backoff; one beyond 60 s is not waited for (contract §8.1, §8.2).
 */
const limited = (
  name: string,
  header: ((now: number) => string) | undefined,
  /** The seconds each wait lasts, by retry, and the final error's `retryAfter`. */
  waits:
    | ((now: number) => { readonly waits: ReadonlyArray<number>; readonly last: number | undefined })
    | "backoff"
): FaultCase => ({
  name,
  fault: (_, now) => ({ status: 429, ...(header && { retryAfter: header(now) }) }),
  expect: (_, __, now) => {
    const plan = waits === "backoff" ? { waits: [1, 2, 4], last: undefined } : waits(now)
    return {
      outcome: failure("RateLimitExceeded", {
        detail: RATE_LIMITED.message,
        errorCode: RATE_LIMITED.error,
        statusCode: 429,
        ...(plan.last !== undefined && { retryAfter: plan.last })
      }),
      attempts: plan.waits.length + 1,
      elapsed: plan.waits.reduce((a, b) => a + b, 0) * 1000
    }
  }
})

const steady = (seconds: number) => () => ({ waits: [seconds, seconds, seconds], last: seconds })
const atOnce = (seconds: number) => () => ({ waits: [], last: seconds })
const httpDate = (ms: number) => new Date(ms).toUTCString()

const rateLimits: ReadonlyArray<FaultCase> = [
  {
    name: "429, no body",
    fault: () => ({ status: 429, body: "" }),
    expect: () => ({
      outcome: failure("RateLimitExceeded", { statusCode: 429, detail: "" }),
      attempts: 4,
      elapsed: BACKOFF
    })
  },
  limited("429 without Retry-After", undefined, "backoff"),
  limited("429 Retry-After 2", () => "2", steady(2)),
  limited("429 Retry-After 2.5 (a fraction)", () => "2.5", steady(2.5)),
  limited("429 Retry-After 0", () => "0", steady(0)),
  limited("429 Retry-After 60 (the ceiling, waited for)", () => "60", steady(60)),
  limited("429 Retry-After 61 (past the ceiling)", () => "61", atOnce(61)),
  limited("429 Retry-After absurdly large", () => "100000000000000000000", atOnce(1e20)),
  // An HTTP date 3 s ahead: 3 s the first time, then it has passed: 0, never negative.
  limited(
    "429 Retry-After an HTTP date 3 s ahead",
    (now) => httpDate(now + 3_000),
    () => ({ waits: [3, 0, 0], last: 0 })
  ),
  limited("429 Retry-After an HTTP date in the past", (now) => httpDate(now - 60_000), steady(0)),
  limited(
    "429 Retry-After an HTTP date years ahead",
    () => "Fri, 31 Dec 9999 23:59:59 GMT",
    (now) => ({
      waits: [],
      last: Math.ceil((Date.UTC(9999, 11, 31, 23, 59, 59) - now) / 1000)
    })
  ),
  limited("429 Retry-After garbage", () => "soon", "backoff"),
  limited("429 Retry-After negative", () => "-5", "backoff"),
  limited("429 Retry-After negative fraction", () => "-1.5", "backoff"),
  limited("429 Retry-After blank", () => "  ", "backoff")
]

/** A valid answer, `status` 2xx, the model's own. */
const valid = (code: number, latency = 0): FaultCase => ({
  name: latency === 0 ? `${code} with a valid body` : `${code} with a valid body after ${latency} ms`,
  fault: (c) => ({ status: code, body: c.answer, headers: { "content-type": "application/json" }, latency }),
  expect: (c, mode) => once(twoHundred(c, code, c.answer), c, mode, latency)
})

const transport = (name: string, fault: (c: Case) => Emulator.Fault): FaultCase => ({
  name,
  fault,
  expect: (c, mode) => once(failure("MemsyConnectionError", { reason: "Transport" }), c, mode)
})

/** Faults a real socket shows best; in process they fail the same way. */
export const wire: ReadonlyArray<FaultCase> = [
  transport("connection reset before the server acts (mid-request)", () => ({ drop: true })),
  transport("connection reset after the server acted", () => ({ drop: "after" })),
  transport("connection reset mid-body", (c) => ({
    status: 200,
    body: c.answer,
    headers: { "content-type": "application/json" },
    drop: "body"
  })),
  transport("gzip body announcing more bytes than sent", (c) => ({
    status: 200,
    body: c.answer,
    headers: { "content-type": "application/json" },
    gzip: "long"
  })),
  transport("gzip body announcing fewer bytes than sent", (c) => ({
    status: 200,
    body: c.answer,
    headers: { "content-type": "application/json" },
    gzip: "short"
  }))
]

const bodies: ReadonlyArray<FaultCase> = [
  valid(200),
  valid(202),
  valid(200, TIMEOUT - 1_000),
  {
    name: "latency past the timeout",
    fault: (c) => ({ status: 200, body: c.answer, latency: TIMEOUT + 1_000 }),
    expect: (c, mode) => once(failure("MemsyConnectionError", { reason: "Timeout" }), c, mode, TIMEOUT)
  },
  {
    name: "200 malformed (the emulator's truncated JSON)",
    fault: () => ({ malformed: true }),
    expect: (c, mode) => once(twoHundred(c, 200, '{"results": [{"id": "0b7c'), c, mode)
  },
  answered("200 with the valid body truncated", 200, (c) =>
    c.answer.slice(0, Math.ceil(c.answer.length / 2))
  ),
  answered("200 with malformed JSON", 200, () => '{"event_ids": [1,, 2], }'),
  answered("200 with an HTML page", 200, () => HTML, { "content-type": "text/html" }),
  answered("200 empty", 200, () => ""),
  answered("200 of whitespace", 200, () => " \n\t "),
  {
    name: "204",
    fault: () => ({ status: 204 }),
    expect: (c, mode) => once(twoHundred(c, 204, ""), c, mode)
  },
  answered("200 of the wrong shape: an unrelated object", 200, () => '{"unexpected": true}'),
  answered("200 of the wrong shape: an array", 200, () => "[1, 2, 3]"),
  answered("200 of the wrong shape: a string", 200, () => '"ok"'),
  answered("200 of the wrong shape: a number", 200, () => "42"),
  answered("200 of the wrong shape: null", 200, () => "null"),
  answered("200 of the wrong shape: an error body", 200, () => '{"detail": "Not Found"}')
]

/** Every fault, in process. */
export const faults: ReadonlyArray<FaultCase> = [...bare, ...bodied, ...rateLimits, ...bodies, ...wire]
