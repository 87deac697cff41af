/**
 * Type-level promises, checked by `tsc -p tsconfig.test.json` (part of the project's test command):
 * a `catchTags` handling every error class of `search` leaves `never` in the error channel, and
 * leaving one class out does not compile. The runtime half shows the handlers are the ones used.
 */
import { assert, describe, it } from "@effect/vitest"
import { MemsyClient, type MemsyError, type Search } from "@memsy/effect"
import { Effect } from "effect"
import { expectTypeOf } from "vitest"
import { MockTransport } from "./support.js"

const handled = (memsy: MemsyClient.Service) =>
  memsy.search("dark mode").pipe(
    Effect.map(() => "found"),
    Effect.catchTags({
      MemsyConnectionError: (e) => Effect.succeed(`connection: ${e.reason}`),
      MemsyValidationError: (e) => Effect.succeed(`validation: ${e.operation}`),
      MemsyDecodeError: (e) => Effect.succeed(`decode: ${e.statusCode}`),
      MemsyAPIError: (e) => Effect.succeed(`api: ${e.statusCode}`),
      AuthenticationError: () => Effect.succeed("authentication"),
      AuthorizationError: (e) => Effect.succeed(`authorization: ${e.requiredScope ?? "-"}`),
      FeatureNotAvailable: (e) => Effect.succeed(`feature: ${e.feature ?? "-"}`),
      OrgIdNotAllowedError: () => Effect.succeed("org id"),
      SeatRequiredError: () => Effect.succeed("seat"),
      OrgLimitReachedError: (e) => Effect.succeed(`orgs: ${e.limit ?? "-"}`),
      KeyLimitReachedError: (e) => Effect.succeed(`keys: ${e.limit ?? "-"}`),
      BillingNotEnabledError: (e) => Effect.succeed(`billing: ${e.interestPath ?? "-"}`),
      SeatLimitReachedError: (e) => Effect.succeed(`seats: ${e.purchasedSeats ?? "-"}`),
      RateLimitExceeded: (e) => Effect.succeed(`rate: ${e.retryAfter ?? "-"}`),
      UsageLimitExceeded: (e) => Effect.succeed(`usage: ${e.dimension ?? "-"}`)
    })
  )

// Compile-time assertions: the assignment fails to type-check if an error class joins the channel
// without a handler above.
export const everyErrorHandled: (memsy: MemsyClient.Service) => Effect.Effect<string, never> = handled

export const oneErrorUnhandled = (memsy: MemsyClient.Service) => {
  const partial = memsy.search("q").pipe(
    Effect.catchTags({
      MemsyConnectionError: () => Effect.void,
      MemsyValidationError: () => Effect.void,
      MemsyDecodeError: () => Effect.void,
      MemsyAPIError: () => Effect.void,
      AuthenticationError: () => Effect.void,
      AuthorizationError: () => Effect.void,
      FeatureNotAvailable: () => Effect.void,
      OrgIdNotAllowedError: () => Effect.void,
      SeatRequiredError: () => Effect.void,
      OrgLimitReachedError: () => Effect.void,
      KeyLimitReachedError: () => Effect.void,
      BillingNotEnabledError: () => Effect.void,
      SeatLimitReachedError: () => Effect.void,
      RateLimitExceeded: () => Effect.void
    })
  )
  // @ts-expect-error UsageLimitExceeded is still in the error channel
  const none: Effect.Effect<unknown, never> = partial
  return none
}

describe("types", () => {
  it("search's channels", () => {
    type Searched = ReturnType<MemsyClient.Service["search"]>
    expectTypeOf<Effect.Effect.Success<Searched>>().toEqualTypeOf<Search.SearchResponse>()
    expectTypeOf<Effect.Effect.Error<Searched>>().toEqualTypeOf<MemsyError.CallError>()
    expectTypeOf<Effect.Effect.Context<Searched>>().toEqualTypeOf<never>()
    expectTypeOf<Effect.Effect.Error<ReturnType<typeof handled>>>().toEqualTypeOf<never>()
  })

  const cases: ReadonlyArray<readonly [MockTransport.Reply, string]> = [
    [MockTransport.json({ results: [] }), "found"],
    [MockTransport.json({ message: "slow" }, { status: 429, headers: { "retry-after": "7" } }), "rate: 7"],
    [
      MockTransport.json({ error: "usage_limit_exceeded", dimension: "api_calls" }, { status: 429 }),
      "usage: api_calls"
    ],
    [
      MockTransport.json({ error: "wrong_scope", required_scope: "read" }, { status: 403 }),
      "authorization: read"
    ],
    [MockTransport.json({ detail: "boom" }, { status: 500 }), "api: 500"],
    [MockTransport.json({ results: 3 }), "decode: 200"],
    [MockTransport.drop, "connection: Transport"]
  ]

  for (const [reply, expected] of cases) {
    it.effect(`the handler for "${expected}" runs`, () =>
      Effect.gen(function* () {
        const mock = yield* MockTransport.MockTransport
        yield* mock.reply("POST /search", reply)
        assert.strictEqual(yield* handled(yield* MemsyClient.MemsyClient), expected)
      }).pipe(Effect.provide(MockTransport.layerClients({ client: { maxRetries: 0 } })))
    )
  }
})
