/**
 * Fuzzing the two places a response turns into a result: the classifier (any status, any body, any
 * headers) and every endpoint's response decoder (arbitrary JSON, valid bodies with one value changed
 * or cut short), on their own and through the whole call in both packages. Whatever comes in, out
 * comes a valid model or a typed error: never a throw, a defect or an untyped rejection.
 */
import { MemsyClient, MemsyControlClient, MemsyError, Transport } from "@memsy/effect"
import * as Sdk from "@memsy/sdk"
import { Cause, Effect, Either, Exit, FastCheck as fc, ParseResult, Schema } from "effect"
import { assert, describe, it } from "vitest"
import { classify } from "../../effect/src/internal/classify.js"
import * as Decoder from "../../effect/src/internal/decoder.js"
import { type Case, cases } from "./faults.cases.js"
import { at, noUnhandledRejections } from "./faults.helpers.js"

noUnhandledRejections()

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

const KNOWN_HEADERS = [
  "retry-after",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-reset",
  "x-plan",
  "x-usage-apicalls",
  "x-usage-apicalls-limit",
  "x-usage-eventsingested",
  "x-usage-memoriesstored-limit",
  "x-usage-llmtokens",
  "x-usage-searchqueries-limit",
  "content-type"
]

/** Header values as servers and proxies send them, and as they should not. */
const headerValue = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.stringMatching(/^-?\d{1,400}(\.\d{0,20})?$/),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constantFrom(
    "",
    " ",
    "soon",
    "-5",
    "2.",
    "Sun 5",
    "Infinity",
    "NaN",
    "1e400",
    "0x10",
    "Fri, 31 Dec 9999 23:59:59 GMT"
  )
)

const headers = fc.dictionary(
  fc.oneof(
    fc.constantFrom(...KNOWN_HEADERS),
    fc.string().map((s) => s.toLowerCase())
  ),
  headerValue,
  { maxKeys: 8 }
)

/** The fields of an error body (§7.1), each holding what it should or anything else. */
const errorFields = fc.record(
  {
    error: fc.oneof(
      fc.constantFrom(
        "usage_limit_exceeded",
        "feature_not_available",
        "seat_limit_reached",
        "org_id_not_allowed",
        "billing_not_enabled",
        "insufficient_scope"
      ),
      fc.jsonValue()
    ),
    message: fc.oneof(
      fc.string(),
      fc.constantFrom("Forbidden", "Monthly quota", "missing scope"),
      fc.jsonValue()
    ),
    limit: fc.jsonValue(),
    current: fc.jsonValue(),
    dimension: fc.jsonValue(),
    upgrade_url: fc.jsonValue(),
    interest_path: fc.jsonValue(),
    required_scope: fc.jsonValue(),
    purchased_seats: fc.jsonValue()
  },
  { requiredKeys: [] }
)

/** Error bodies of every documented shape, flat or in the envelope, with any value in every field. */
const errorBody = fc
  .oneof(
    errorFields,
    fc.record({ detail: fc.oneof(errorFields, fc.string(), fc.array(fc.jsonValue()), fc.jsonValue()) })
  )
  .map((body) => JSON.stringify(body))

/** Every path to a value inside plain objects and arrays. */
const paths = (
  value: Json,
  at: ReadonlyArray<string | number> = []
): Array<ReadonlyArray<string | number>> => {
  const inner =
    value !== null && typeof value === "object"
      ? Object.entries(value).flatMap(([key, child]) =>
          paths(child as Json, [...at, Array.isArray(value) ? Number(key) : key])
        )
      : []
  return [at, ...inner]
}

/** `value` with the value at `path` replaced (`undefined`: removed). */
const mutate = (
  value: Json,
  path: ReadonlyArray<string | number>,
  replacement: Json | undefined
): Json | undefined => {
  if (path.length === 0) return replacement
  const [head, ...rest] = path
  if (Array.isArray(value)) {
    const copy = [...(value as ReadonlyArray<Json>)] as Array<Json | undefined>
    copy[head as number] = mutate(copy[head as number] as Json, rest, replacement)
    return copy.map((item) => (item === undefined ? null : item))
  }
  const copy: Record<string, Json | undefined> = { ...(value as Record<string, Json>) }
  copy[head as string] = mutate(copy[head as string] as Json, rest, replacement)
  if (copy[head as string] === undefined) delete copy[head as string]
  return copy as Json
}

/** A case's valid answer with one value changed or removed. */
const mutated = (c: Case) => {
  const valid = JSON.parse(c.answer) as Json
  const all = paths(valid)
  return fc
    .tuple(fc.nat(), fc.option(fc.jsonValue() as fc.Arbitrary<Json>, { nil: undefined }))
    .map(([n, replacement]) => mutate(valid, all[n % all.length]!, replacement) ?? null)
}

/** Text a 2xx might carry for this case: JSON of any shape, its valid body changed or cut short, anything. */
const bodyText = (c: Case) =>
  fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    mutated(c).map((v) => JSON.stringify(v)),
    fc.nat({ max: c.answer.length }).map((n) => c.answer.slice(0, n)),
    fc.string({ unit: "binary" }),
    errorBody
  )

const status = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 200, max: 299 }) },
  { weight: 1, arbitrary: fc.constantFrom(400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503) },
  { weight: 1, arbitrary: fc.integer({ min: 300, max: 599 }) }
)

// The rows of the contract's table a status can reach (§7.3).
const reachable: Record<number, ReadonlyArray<string>> = {
  400: ["OrgIdNotAllowedError", "MemsyAPIError"],
  401: ["AuthenticationError"],
  403: [
    "AuthenticationError",
    "AuthorizationError",
    "FeatureNotAvailable",
    "SeatRequiredError",
    "OrgLimitReachedError",
    "KeyLimitReachedError",
    "BillingNotEnabledError"
  ],
  409: ["SeatLimitReachedError", "MemsyAPIError"],
  429: ["RateLimitExceeded", "UsageLimitExceeded"]
}

/** What every API error must be, whatever the answer was. */
const checkApiError = (error: unknown, code: number): void => {
  assert.isTrue(MemsyError.isMemsyAPIError(error), `not an API error: ${String(error)}`)
  const e = error as MemsyError.MemsyAPIErrors
  assert.isTrue(e instanceof MemsyError.classes[e._tag], `not an instance of ${e._tag}`)
  assert.include(reachable[code] ?? ["MemsyAPIError"], e._tag)
  assert.strictEqual(e.statusCode, code)
  assert.isString(e.detail)
  assert.isTrue(e.errorCode === undefined || typeof e.errorCode === "string")
  if (e._tag === "RateLimitExceeded" && e.retryAfter !== undefined) assert.isAtLeast(e.retryAfter, 0)
  // Rendering it must not throw either.
  assert.isString(e.message)
  assert.isString(JSON.stringify(e))
  assert.isString(String(e))
}

describe("the classifier", () => {
  it("turns any status, body and headers into the API error the table allows", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        fc.oneof(
          errorBody,
          fc.string({ unit: "binary" }),
          fc.jsonValue().map((v) => JSON.stringify(v))
        ),
        headers,
        fc.integer({ min: 0, max: 2 ** 45 }),
        (code, raw, hs, now) => checkApiError(classify(code, raw, hs, now), code)
      ),
      { numRuns: 3_000 }
    )
  })
})

describe("the response decoders", () => {
  for (const c of cases) {
    it(`${c.key}: a valid model or a parse error, on any JSON and on valid bodies changed`, () => {
      const decode = Decoder.decoder(c.endpoint.response)
      const is = Schema.is(c.endpoint.response)
      fc.assert(
        fc.property(fc.oneof(fc.jsonValue(), mutated(c)), (input) => {
          const result = decode(input)
          if (Either.isRight(result)) assert.isTrue(is(result.right), "decoded into an invalid model")
          else assert.isTrue(ParseResult.isParseError(result.left))
        }),
        { numRuns: 150 }
      )
    })
  }
})

/** Both clients over a transport that answers whatever `reply` holds; no retries, so no waits. */
const reply: { current: Transport.Response } = { current: { status: 200, headers: {}, text: "" } }
const transport = Transport.make(() => Effect.sync(() => reply.current))
const options = { apiKey: "msy_0123456789abcdef0123456789abcdef", maxRetries: 0 }
const effectClients = Effect.runSync(
  Effect.all({
    data: MemsyClient.make({ ...options, baseUrl: "http://memsy.test/v1" }),
    control: MemsyControlClient.make({ ...options, baseUrl: "http://memsy.test/api" })
  }).pipe(Effect.provideService(Transport.Transport, transport))
)

const replyOf = (code: number, hs: Record<string, string>, text: string): Transport.Response => ({
  status: code,
  headers: hs,
  text
})

describe("whole calls", () => {
  for (const c of cases) {
    it(`@memsy/effect ${c.key}: success with a valid model, or a typed failure; never a defect`, async () => {
      const is = Schema.is(c.endpoint.response)
      await fc.assert(
        fc.asyncProperty(status, headers, bodyText(c), async (code, hs, text) => {
          reply.current = replyOf(code, hs, text)
          const method = at(effectClients[c.plane], c.path)
          const exit = await Effect.runPromiseExit(method(...c.args) as Effect.Effect<unknown, unknown>)
          if (Exit.isSuccess(exit)) {
            assert.isTrue(code >= 200 && code < 300, `success on ${code}`)
            assert.isTrue(is(exit.value), "an invalid model")
            return
          }
          assert.isFalse(Cause.isDie(exit.cause), Cause.pretty(exit.cause))
          const [error] = Cause.failures(exit.cause)
          if (code >= 200 && code < 300) {
            assert.strictEqual((error as MemsyError.MemsyError)._tag, "MemsyDecodeError", String(error))
            assert.strictEqual((error as MemsyError.MemsyDecodeError).statusCode, code)
          } else checkApiError(error, code)
        }),
        { numRuns: 120 }
      )
    })
  }

  it("@memsy/sdk, every endpoint: resolves with a valid model or rejects with the SDK's own error", async () => {
    let current: { status: number; headers: Record<string, string>; text: string } = {
      status: 200,
      headers: {},
      text: ""
    }
    const fetch: typeof globalThis.fetch = () =>
      Promise.resolve(
        // A Response of 204, 205 or 304 may have no body.
        new Response([204, 205, 304].includes(current.status) ? null : current.text, {
          status: current.status,
          headers: current.headers
        })
      )
    const clients = {
      data: new Sdk.MemsyClient({ ...options, baseUrl: "http://memsy.test/v1", fetch }),
      control: new Sdk.MemsyControlClient({ ...options, baseUrl: "http://memsy.test/api", fetch })
    }
    // Header names and values a `Headers` object accepts: what reaches a fetch caller.
    const webHeaders = fc.dictionary(
      fc.constantFrom(...KNOWN_HEADERS),
      headerValue.filter((v) => /^[\t\x20-\x7e]*$/.test(v)),
      { maxKeys: 6 }
    )
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...cases),
          fc.integer({ min: 200, max: 599 }),
          webHeaders,
          fc.string({ unit: "binary" }),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.boolean(),
          async (c, code, hs, text, json, asJson) => {
            current = { status: code, headers: hs, text: asJson ? json : text }
            const outcome = await (at(clients[c.plane], c.path)(...c.args) as Promise<unknown>).then(
              (value) => ({ ok: true, value }) as const,
              (error: unknown) => ({ ok: false, error }) as const
            )
            if (outcome.ok) assert.isTrue(Schema.is(c.endpoint.response)(outcome.value), "an invalid model")
            else assert.instanceOf(outcome.error, Sdk.MemsyError, String(outcome.error))
          }
        ),
        { numRuns: 1_500 }
      )
    } finally {
      await clients.data.close()
      await clients.control.close()
    }
  })
})
