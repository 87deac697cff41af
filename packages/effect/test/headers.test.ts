/**
 * `usage` and `rateLimit` read from the response headers (contract §2): the plural names, strict
 * integers, a lone `X-Plan` counts, `X-RateLimit-Reset` alone does not, absent without headers.
 */
import { assert, describe, it } from "@effect/vitest"
import { ResponseMeta } from "@memsy/effect"
import { Effect, Equal, FastCheck } from "effect"
import * as Headers from "../src/internal/headers.js"
import { type Call, clients, MockTransport } from "./support.js"

const every = {
  "X-Usage-ApiCalls": "120",
  "X-Usage-ApiCalls-Limit": "1000",
  "X-Usage-EventsIngested": "40",
  "X-Usage-EventsIngested-Limit": "5000",
  "X-Usage-MemoriesStored": "12",
  "X-Usage-MemoriesStored-Limit": "100",
  "X-Usage-LlmTokens": "9000",
  "X-Usage-LlmTokens-Limit": "100000",
  "X-Usage-SearchQueries": "7",
  "X-Usage-SearchQueries-Limit": "1000",
  "X-Plan": "free",
  "X-RateLimit-Limit": "60",
  "X-RateLimit-Remaining": "0",
  "X-RateLimit-Reset": "1767225600"
}

const fullUsage = {
  apiCalls: 120,
  apiCallsLimit: 1000,
  eventsIngested: 40,
  eventsIngestedLimit: 5000,
  memoriesStored: 12,
  memoriesStoredLimit: 100,
  llmTokens: 9000,
  llmTokensLimit: 100000,
  searchQueries: 7,
  searchQueriesLimit: 1000,
  plan: "free"
}

interface Meta {
  readonly usage?: ResponseMeta.Usage | undefined
  readonly rateLimit?: ResponseMeta.RateLimit | undefined
}

const withHeaders = (headers: Readonly<Record<string, string>>) =>
  Effect.gen(function* () {
    const mock = yield* MockTransport.MockTransport
    yield* mock.reply("POST /search", MockTransport.json({ results: [] }, { headers }))
    const { data } = yield* clients
    return yield* data.search("q")
  }).pipe(Effect.provide(MockTransport.layerClients()))

const plain = (value: object | undefined) => (value === undefined ? undefined : { ...value })

describe("usage and rate-limit headers", () => {
  it.effect("every header maps to its field", () =>
    Effect.gen(function* () {
      const result = yield* withHeaders(every)
      assert.instanceOf(result.usage, ResponseMeta.Usage)
      assert.deepStrictEqual(plain(result.usage), fullUsage)
      assert.instanceOf(result.rateLimit, ResponseMeta.RateLimit)
      assert.deepStrictEqual(plain(result.rateLimit), { limit: 60, remaining: 0, reset: 1767225600 })
    })
  )

  it.effect("both are absent when the headers are", () =>
    Effect.gen(function* () {
      const result = yield* withHeaders({})
      assert.strictEqual(result.usage, undefined)
      assert.strictEqual(result.rateLimit, undefined)
    })
  )

  it.effect("a lone X-Plan makes usage present", () =>
    Effect.gen(function* () {
      const result = yield* withHeaders({ "X-Plan": "pro" })
      assert.deepStrictEqual(plain(result.usage), { plan: "pro" })
      assert.strictEqual(result.rateLimit, undefined)
    })
  )

  it.effect("X-RateLimit-Reset alone does not make rateLimit present", () =>
    Effect.gen(function* () {
      const result = yield* withHeaders({ "X-RateLimit-Reset": "1767225600" })
      assert.strictEqual(result.rateLimit, undefined)
      assert.strictEqual(result.usage, undefined)
    })
  )

  it.effect("limit or remaining alone makes rateLimit present", () =>
    Effect.gen(function* () {
      const remaining = yield* withHeaders({ "X-RateLimit-Remaining": "3" })
      assert.deepStrictEqual(plain(remaining.rateLimit), { remaining: 3 })
      const limit = yield* withHeaders({ "X-RateLimit-Limit": "60", "X-RateLimit-Reset": "5" })
      assert.deepStrictEqual(plain(limit.rateLimit), { limit: 60, reset: 5 })
    })
  )

  it.effect("only strict integers count", () =>
    Effect.gen(function* () {
      const result = yield* withHeaders({
        "X-Usage-ApiCalls": "12.5",
        "X-Usage-ApiCalls-Limit": "12abc",
        "X-Usage-EventsIngested": "",
        "X-Usage-LlmTokens": "1e3",
        "X-Usage-SearchQueries": "0x10",
        "X-Usage-MemoriesStored": "8",
        "X-RateLimit-Limit": "60.0",
        "X-RateLimit-Remaining": "ten"
      })
      assert.deepStrictEqual(plain(result.usage), { memoriesStored: 8 })
      assert.strictEqual(result.rateLimit, undefined)
    })
  )

  it.effect("the legacy singular names are ignored", () =>
    Effect.gen(function* () {
      const result = yield* withHeaders({ "X-Usage-ApiCall": "5", "X-Usage-MemoryStored": "2" })
      assert.strictEqual(result.usage, undefined)
    })
  )

  it.effect("header names are read case-insensitively", () =>
    Effect.gen(function* () {
      const result = yield* withHeaders({
        "x-usage-apicalls": "1",
        "X-USAGE-APICALLS-LIMIT": "2",
        "x-plan": "pro"
      })
      assert.deepStrictEqual(plain(result.usage), { apiCalls: 1, apiCallsLimit: 2, plan: "pro" })
    })
  )

  const carriers: ReadonlyArray<readonly [string, string, unknown, Call<Meta>]> = [
    [
      "ingest",
      "POST /ingest",
      { event_ids: ["e1"] },
      (c) => c.data.ingest([{ actorId: "u", sessionId: "s", kind: "user_message", content: "hi" }])
    ],
    ["status", "POST /status", {}, (c) => c.data.status(["e1"])],
    ["health (data plane)", "GET /v1/health", { status: "ok" }, (c) => c.data.health()],
    ["health (control plane)", "GET /api/health", { status: "ok" }, (c) => c.control.health()]
  ]

  for (const [name, route, body, call] of carriers) {
    it.effect(`${name} carries usage and rateLimit too`, () =>
      Effect.gen(function* () {
        const mock = yield* MockTransport.MockTransport
        yield* mock.reply(route, MockTransport.json(body, { headers: every }))
        const result = yield* call(yield* clients)
        assert.deepStrictEqual(plain(result.usage), fullUsage)
        assert.deepStrictEqual(plain(result.rateLimit), { limit: 60, remaining: 0, reset: 1767225600 })
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }

  it.effect("array answers ignore the headers", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("GET /orgs", MockTransport.json([], { headers: every }))
      const { data } = yield* clients
      assert.deepStrictEqual(yield* data.orgs.list(), [])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )

  it.effect("a body key cannot pose as the parsed headers", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({ results: [], usage: { plan: "spoofed" } }))
      const { data } = yield* clients
      const result = yield* data.search("q")
      assert.strictEqual(result.usage, undefined)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})

describe("the header models are built as their constructors build them", () => {
  // `usage` and `rateLimit` build their instances with the compiled decoder instead of Schema's
  // constructor (see internal/headers.ts): for any set of headers, the same instance.
  const names = Object.keys(every).map((name) => name.toLowerCase())
  const headerSets = FastCheck.dictionary(
    FastCheck.constantFrom(...names),
    FastCheck.oneof(FastCheck.integer({ min: -5, max: 10 ** 9 }).map(String), FastCheck.string())
  )
  const same = (actual: unknown, expected: object) => {
    assert.strictEqual(Object.getPrototypeOf(actual), Object.getPrototypeOf(expected))
    assert.deepStrictEqual(Reflect.ownKeys(actual as object), Reflect.ownKeys(expected))
    assert.deepStrictEqual({ ...(actual as object) }, { ...expected })
    assert.isTrue(Equal.equals(actual, expected))
  }

  it("usage", () =>
    FastCheck.assert(
      FastCheck.property(headerSets, (headers) => {
        const actual = Headers.usage(headers)
        if (actual === undefined) return
        same(actual, new ResponseMeta.Usage({ ...actual }, { disableValidation: true }))
      })
    ))

  it("rateLimit", () =>
    FastCheck.assert(
      FastCheck.property(headerSets, (headers) => {
        const actual = Headers.rateLimit(headers)
        if (actual === undefined) return
        same(actual, new ResponseMeta.RateLimit({ ...actual }, { disableValidation: true }))
      })
    ))
})
