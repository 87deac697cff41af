/**
 * The models: camelCase fields on wire keys, unknown keys tolerated, the contract's defaults for
 * missing ones; the event payload (`kind`, `metadata`, `ts`); the search result accessors; bad
 * input rejected before anything is sent; bodies that do not match surfacing as `MemsyDecodeError`.
 */
import { assert, describe, it } from "@effect/vitest"
import { type Events, Memories, MemsyError, Search } from "@memsy/effect"
import { Cause, Effect, Exit } from "effect"
import { type Call, clients, MockTransport } from "./support.js"

const event = { actorId: "u1", sessionId: "s1", kind: "user_message", content: "hello" } as const

/** Ingests one event and returns the wire form of it. */
const sentEvent = (payload: Events.EventPayload) =>
  Effect.gen(function* () {
    const mock = yield* MockTransport.MockTransport
    yield* mock.reply("POST /ingest", MockTransport.json({ event_ids: ["e1"] }))
    const { data } = yield* clients
    yield* data.ingest([payload])
    const [sent] = yield* mock.requests
    return (sent?.body as { events: ReadonlyArray<Record<string, unknown>> }).events[0]
  }).pipe(Effect.provide(MockTransport.layerClients()))

/** Answers `route` with `body` and returns what `call` decoded. */
const decoded = <A>(route: string, reply: MockTransport.Reply, call: Call<A>) =>
  Effect.gen(function* () {
    const mock = yield* MockTransport.MockTransport
    yield* mock.reply(route, reply)
    return yield* call(yield* clients)
  }).pipe(Effect.provide(MockTransport.layerClients()))

describe("event payload", () => {
  it.effect("metadata as a JSON string is sent as is", () =>
    Effect.gen(function* () {
      const wire = yield* sentEvent({ ...event, metadata: '{"source": "chat"}' })
      assert.strictEqual(wire?.metadata, '{"source": "chat"}')
    })
  )

  it.effect("metadata as a plain object is serialised to JSON text", () =>
    Effect.gen(function* () {
      const wire = yield* sentEvent({ ...event, metadata: { source: "chat", n: 1, nested: { ok: true } } })
      assert.strictEqual(wire?.metadata, '{"source":"chat","n":1,"nested":{"ok":true}}')
    })
  )

  it.effect("ts as an ISO string is sent as is", () =>
    Effect.gen(function* () {
      const wire = yield* sentEvent({ ...event, ts: "2026-03-15T14:22:10Z" })
      assert.strictEqual(wire?.ts, "2026-03-15T14:22:10Z")
    })
  )

  it.effect("ts as a Date is sent as ISO text", () =>
    Effect.gen(function* () {
      const wire = yield* sentEvent({ ...event, ts: new Date(Date.UTC(2026, 2, 15, 14, 22, 10)) })
      assert.strictEqual(wire?.ts, "2026-03-15T14:22:10.000Z")
    })
  )

  it.effect("unset optional fields are left out", () =>
    Effect.gen(function* () {
      const wire = yield* sentEvent(event)
      assert.deepStrictEqual(Object.keys(wire ?? {}).sort(), ["actor_id", "content", "kind", "session_id"])
    })
  )
})

describe("search results", () => {
  const full = {
    id: "m1",
    content: "User prefers dark mode",
    score: 0.84,
    metadata: {
      title: "Dark mode",
      summary: "Prefers dark UIs",
      tags: ["ui"],
      entities: [{ name: "dark mode", type: "setting" }],
      source_event_ids: ["e1"],
      source_events: [{ event_id: "e1", kind: "user_message", content: "I like dark mode", ts: null }],
      source_metadata: [
        { event_id: "e1", metadata: { plan: "pro" } },
        { event_id: "e2", raw: "not json" }
      ],
      kind: "semantic",
      type: "preference",
      strength: 1.2,
      confidence: 0.91,
      observed_at: "2026-03-15T14:22:10Z",
      actor_id: "u1",
      brand_new_key: { anything: true }
    },
    rank: 1
  }

  const searchWith = (results: ReadonlyArray<unknown>) =>
    decoded("POST /search", MockTransport.json({ results, took_ms: 12 }), (c) => c.data.search("q"))

  it.effect("the accessors read the metadata, unknown keys tolerated", () =>
    Effect.gen(function* () {
      const [result] = (yield* searchWith([full])).results
      assert.instanceOf(result, Search.SearchResult)
      assert.strictEqual(result?.id, "m1")
      assert.strictEqual(result?.content, "User prefers dark mode")
      assert.strictEqual(result?.score, 0.84)
      assert.strictEqual(result?.title, "Dark mode")
      assert.strictEqual(result?.summary, "Prefers dark UIs")
      assert.deepStrictEqual(result?.tags, ["ui"])
      assert.deepStrictEqual(result?.entities, [{ name: "dark mode", type: "setting" }])
      assert.deepStrictEqual(result?.sourceEventIds, ["e1"])
      assert.strictEqual(result?.sourceEvents.length, 1)
      const source = result?.sourceEvents[0]
      assert.instanceOf(source, Search.SourceEvent)
      assert.strictEqual(source?.eventId, "e1")
      assert.strictEqual(source?.kind, "user_message")
      assert.strictEqual(source?.content, "I like dark mode")
      assert.strictEqual(source?.ts, undefined)
      assert.deepStrictEqual(result?.sourceMetadata, [
        { eventId: "e1", metadata: { plan: "pro" } },
        { eventId: "e2", raw: "not json" }
      ])
      assert.strictEqual(result?.kind, "semantic")
      assert.strictEqual(result?.type, "preference")
      assert.strictEqual(result?.strength, 1.2)
      assert.strictEqual(result?.confidence, 0.91)
      assert.strictEqual(result?.observedAt, "2026-03-15T14:22:10Z")
      assert.strictEqual(result?.metadata.actorId, "u1")
    })
  )

  const bare = { id: "m2", content: "c", score: 0.01 }
  const safe = [
    ["without metadata", bare],
    ["with metadata null", { ...bare, metadata: null }],
    ["with empty metadata", { ...bare, metadata: {} }],
    ["with null lists", { ...bare, metadata: { tags: null, source_events: null, title: null } }]
  ] as const

  for (const [title, wire] of safe) {
    it.effect(`the accessors are safe ${title}`, () =>
      Effect.gen(function* () {
        const [result] = (yield* searchWith([wire])).results
        assert.strictEqual(result?.title, undefined)
        assert.strictEqual(result?.summary, undefined)
        assert.deepStrictEqual(result?.tags, [])
        assert.deepStrictEqual(result?.entities, [])
        assert.deepStrictEqual(result?.sourceEventIds, [])
        assert.deepStrictEqual(result?.sourceEvents, [])
        assert.deepStrictEqual(result?.sourceMetadata, [])
        assert.strictEqual(result?.kind, undefined)
        assert.strictEqual(result?.type, undefined)
        assert.strictEqual(result?.strength, undefined)
        assert.strictEqual(result?.confidence, undefined)
        assert.strictEqual(result?.observedAt, undefined)
      })
    )
  }
})

describe("response models", () => {
  it.effect("every MemoryItem field maps from its wire key", () =>
    Effect.gen(function* () {
      const memory = yield* decoded(
        "GET /console/memories/550e8400-e29b-41d4-a716-446655440000",
        MockTransport.json({
          memory_id: "550e8400-e29b-41d4-a716-446655440000",
          org_id: "org_1",
          scope: { level: "team", actor_id: null, team_id: "t1", role_id: "r1" },
          type: "fact",
          kind: "semantic",
          memory_kind: "statement",
          status: "active",
          text: "Dark mode",
          confidence: 0.9,
          strength: 2.5,
          recall_count: 4,
          decay_half_life_days: 30,
          pinned: true,
          tags: ["ui"],
          entity_refs: [{ name: "ui" }],
          source_event_ids: ["e1"],
          source_urls: ["https://x"],
          summary: "s",
          payload: { raw: 1 },
          last_recalled_at: "2026-04-01T00:00:00Z",
          effective_from: "2026-01-01T00:00:00Z",
          effective_to: null,
          observed_at: "2026-01-01T00:00:00Z",
          created_at: "2026-01-01T00:00:01Z",
          updated_at: "2026-01-01T00:00:02Z",
          a_future_field: 1
        }),
        (c) => c.data.memories.get("550e8400-e29b-41d4-a716-446655440000")
      )
      assert.instanceOf(memory, Memories.MemoryDetail)
      assert.deepStrictEqual(
        { ...memory, scope: { ...memory.scope } },
        {
          memoryId: "550e8400-e29b-41d4-a716-446655440000",
          orgId: "org_1",
          scope: { level: "team", teamId: "t1", roleId: "r1" },
          type: "fact",
          kind: "semantic",
          memoryKind: "statement",
          status: "active",
          text: "Dark mode",
          confidence: 0.9,
          strength: 2.5,
          recallCount: 4,
          decayHalfLifeDays: 30,
          pinned: true,
          tags: ["ui"],
          entityRefs: [{ name: "ui" }],
          sourceEventIds: ["e1"],
          sourceUrls: ["https://x"],
          summary: "s",
          payload: { raw: 1 },
          lastRecalledAt: "2026-04-01T00:00:00Z",
          effectiveFrom: "2026-01-01T00:00:00Z",
          observedAt: "2026-01-01T00:00:00Z",
          createdAt: "2026-01-01T00:00:01Z",
          updatedAt: "2026-01-01T00:00:02Z"
        }
      )
    })
  )

  it.effect("a minimal MemoryItem gets the contract's defaults", () =>
    Effect.gen(function* () {
      const page = yield* decoded(
        "GET /console/memories",
        MockTransport.json({
          items: [{ memory_id: "m", org_id: "o", scope: { level: "org" }, tags: null, pinned: null }],
          total: 1,
          limit: 50,
          offset: 0
        }),
        (c) => c.data.memories.list()
      )
      const [item] = page.items
      assert.deepStrictEqual(
        { ...item, scope: { ...item?.scope } },
        {
          memoryId: "m",
          orgId: "o",
          scope: { level: "org" },
          type: "",
          kind: "",
          memoryKind: "",
          status: "",
          text: "",
          confidence: 0,
          strength: 0,
          recallCount: 0,
          decayHalfLifeDays: 0,
          pinned: false,
          tags: [],
          entityRefs: [],
          sourceEventIds: [],
          sourceUrls: []
        }
      )
    })
  )

  it.effect("a missing status body field reads as the default", () =>
    Effect.gen(function* () {
      const status = yield* decoded("POST /status", MockTransport.json({}), (c) => c.data.status(["e1"]))
      assert.deepStrictEqual(status.completedIds, [])
      assert.deepStrictEqual(status.failedIds, [])
      assert.deepStrictEqual(status.pendingIds, [])
      assert.deepStrictEqual(status.unknownIds, [])
      assert.strictEqual(status.total, 0)
      assert.strictEqual(status.statuses, undefined)
    })
  )

  it.effect("an empty health body reads as status unknown, version empty", () =>
    Effect.gen(function* () {
      const health = yield* decoded("GET /v1/health", MockTransport.json({}), (c) => c.data.health())
      assert.strictEqual(health.status, "unknown")
      assert.strictEqual(health.version, "")
      assert.strictEqual(health.billingEnabled, undefined)
      assert.strictEqual(health.components, undefined)
    })
  )

  it.effect("clear reads a missing count as 0", () =>
    Effect.map(
      decoded("DELETE /clear/t", MockTransport.json({}), (c) => c.data.clear("t")),
      (result) => assert.strictEqual(result.deleted, 0)
    )
  )
})

describe("bad input is rejected before sending", () => {
  const long = "x".repeat(257)
  const bad: ReadonlyArray<readonly [string, string, string, Call]> = [
    ["a blank query", "search", "query", (c) => c.data.search("  ")],
    ["limit 0", "search", "limit", (c) => c.data.search("q", { limit: 0 })],
    ["limit 101", "search", "limit", (c) => c.data.search("q", { limit: 101 })],
    ["a fractional limit", "search", "limit", (c) => c.data.search("q", { limit: 2.5 })],
    ["threshold above 1", "search", "threshold", (c) => c.data.search("q", { threshold: 1.5 })],
    ["a negative threshold", "search", "threshold", (c) => c.data.search("q", { threshold: -0.1 })],
    ["a blank actor id", "search", "actorId", (c) => c.data.search("q", { actorId: " " })],
    ["an actor id over 256 characters", "search", "actorId", (c) => c.data.search("q", { actorId: long })],
    ["a blank role id", "search", "roleIds[1]", (c) => c.data.search("q", { roleIds: ["r", ""] })],
    ["an empty batch", "ingest", "events", (c) => c.data.ingest([])],
    [
      "an unknown kind",
      "ingest",
      "events[0].kind",
      (c) => c.data.ingest([{ ...event, kind: "system" as Events.EventKind }])
    ],
    ["blank content", "ingest", "events[0].content", (c) => c.data.ingest([{ ...event, content: "\n\t " }])],
    [
      "content of 8000 characters",
      "ingest",
      "events[0].content",
      (c) => c.data.ingest([{ ...event, content: "y".repeat(8000) }])
    ],
    [
      "a missing actor id",
      "ingest",
      "events[0].actorId",
      (c) =>
        c.data.ingest([{ sessionId: "s", kind: "app_event", content: "c" } as unknown as Events.EventPayload])
    ],
    [
      "a blank session id",
      "ingest",
      "events[1].sessionId",
      (c) => c.data.ingest([event, { ...event, sessionId: "" }])
    ],
    [
      "metadata over 4096 characters",
      "ingest",
      "events[0].metadata",
      (c) => c.data.ingest([{ ...event, metadata: { blob: "z".repeat(4096) } }])
    ],
    [
      "metadata that cannot be serialised",
      "ingest",
      "events[0].metadata",
      (c) => c.data.ingest([{ ...event, metadata: { n: 1n } }])
    ],
    [
      "a ts that is not a date",
      "ingest",
      "events[0].ts",
      (c) => c.data.ingest([{ ...event, ts: "yesterday" }])
    ],
    [
      "a ts that parses but is not ISO 8601",
      "ingest",
      "events[0].ts",
      (c) => c.data.ingest([{ ...event, ts: "March 15, 2026" }])
    ],
    [
      "an invalid Date",
      "ingest",
      "events[0].ts",
      (c) => c.data.ingest([{ ...event, ts: new Date(Number.NaN) }])
    ],
    ["no ids", "status", "eventIds", (c) => c.data.status([])],
    // `status` splits longer lists; one call through `withResponse` cannot.
    [
      "501 ids in one call",
      "status",
      "eventIds",
      (c) => c.data.withResponse.status(Array.from({ length: 501 }, (_, i) => `e${i}`))
    ],
    ["a blank container tag", "clear", "containerTag", (c) => c.data.clear(" ")],
    ["a blank org id", "orgs.get", "orgId", (c) => c.data.orgs.get("")],
    [
      "a blank org name",
      "orgs.create",
      "name",
      (c) => c.data.orgs.create({ orgId: "o", name: " ", focus: "f" })
    ],
    [
      "a blank promotion prompt",
      "orgs.update",
      "patch.promotionPrompt",
      (c) => c.data.orgs.update("o", { promotionPrompt: "" })
    ],
    ["a page of 0", "roles.list", "limit", (c) => c.data.roles.list("o", { limit: 0 })],
    ["a negative offset", "teams.list", "offset", (c) => c.data.teams.list("o", { offset: -1 })],
    ["a blank org id in the query", "roles.get", "orgId", (c) => c.data.roles.get("r", "")],
    ["a blank team id", "teams.delete", "id", (c) => c.data.teams.delete(" ", "o")],
    ["a memory id that is not a UUID", "memories.get", "memoryId", (c) => c.data.memories.get("m-1")],
    ["a memory page of 201", "memories.list", "limit", (c) => c.data.memories.list({ limit: 201 })],
    [
      "a memory type given as the kind",
      "memories.list",
      "kind",
      (c) => c.data.memories.list({ kind: "fact" as "semantic" })
    ],
    [
      "an unknown memory status",
      "memories.list",
      "status",
      (c) => c.data.memories.list({ status: "deleted" as "active" })
    ],
    [
      "an unknown event sort",
      "events.list",
      "sort",
      (c) => c.control.events.list({ sort: "id" as "ts_asc" })
    ],
    [
      "an unknown event kind filter",
      "events.list",
      "kind",
      (c) => c.control.events.list({ kind: "note" as Events.EventKind })
    ],
    [
      "a period that is not a date",
      "usage.timeseries",
      "periodStart",
      (c) => c.control.usage.timeseries({ periodStart: "April" })
    ],
    [
      "an unknown granularity",
      "usage.timeseries",
      "granularity",
      (c) => c.control.usage.timeseries({ granularity: "weekly" as "daily" })
    ],
    ["a blank key name", "keys.create", "name", (c) => c.control.keys.create("")],
    [
      "an unknown scope",
      "keys.create",
      "scopes",
      (c) => c.control.keys.create("k", { scopes: ["admin" as "read"] })
    ],
    ["a blank key id", "keys.delete", "keyId", (c) => c.control.keys.delete("")],
    [
      "a blank email",
      "interest.express",
      "email",
      (c) => c.control.interest.express({ email: "", name: "n" })
    ]
  ]

  for (const [title, operation, field, call] of bad) {
    it.effect(`${operation}: ${title}`, () =>
      Effect.gen(function* () {
        const mock = yield* MockTransport.MockTransport
        const error = yield* Effect.flip(call(yield* clients))
        assert.instanceOf(error, MemsyError.MemsyValidationError)
        assert.strictEqual(error.operation, operation)
        assert.include(error.detail, field)
        assert.strictEqual(error.message, `Invalid input to ${operation}: ${error.detail}`)
        assert.deepStrictEqual(yield* mock.requests, [])
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }

  it.effect("every problem is reported, and no offending value is echoed", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      const { data } = yield* clients
      const secret = "my-private-diary-".repeat(500)
      const error = yield* Effect.flip(
        data.search("  ", { limit: 0, threshold: 9, actorId: secret.slice(0, 300) })
      )
      assert.instanceOf(error, MemsyError.MemsyValidationError)
      for (const field of ["query", "limit", "threshold", "actorId"]) assert.include(error.detail, field)
      const content = yield* Effect.flip(data.ingest([{ ...event, content: secret }]))
      assert.notInclude(content.message, "my-private-diary")
      assert.notInclude(error.message, "my-private-diary")
      assert.deepStrictEqual(yield* mock.requests, [])
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})

describe("2xx bodies that do not match", () => {
  const cases: ReadonlyArray<readonly [string, string, MockTransport.Reply, string, Call]> = [
    [
      "a result without an id",
      "POST /search",
      MockTransport.json({ results: [{ content: "c", score: 1 }] }),
      "search",
      (c) => c.data.search("q")
    ],
    [
      "a score that is a string",
      "POST /search",
      MockTransport.json({ results: [{ id: "m", content: "c", score: "1" }] }),
      "search",
      (c) => c.data.search("q")
    ],
    [
      "an array where an object belongs",
      "POST /search",
      MockTransport.json([]),
      "search",
      (c) => c.data.search("q")
    ],
    [
      "an empty body where an object belongs",
      "POST /search",
      { status: 200, text: "" },
      "search",
      (c) => c.data.search("q")
    ],
    [
      "a non-JSON body",
      "POST /search",
      { status: 200, text: "<html>ok</html>" },
      "search",
      (c) => c.data.search("q")
    ],
    [
      "truncated JSON",
      "POST /ingest",
      { status: 201, text: '{"event_ids": [' },
      "ingest",
      (c) => c.data.ingest([event])
    ],
    [
      "ingest without event_ids",
      "POST /ingest",
      MockTransport.json({ ids: ["e1"] }),
      "ingest",
      (c) => c.data.ingest([event])
    ],
    [
      "a memory page without total",
      "GET /console/memories",
      MockTransport.json({ items: [] }),
      "memories.list",
      (c) => c.data.memories.list()
    ],
    [
      "an object where invoices belong",
      "GET /billing/invoices",
      MockTransport.json({ invoices: [] }),
      "billing.invoices",
      (c) => c.control.billing.invoices()
    ],
    ["a me without org_id", "GET /me", MockTransport.json({ customer_id: "c" }), "me", (c) => c.control.me()]
  ]

  for (const [title, route, reply, operation, call] of cases) {
    it.effect(`${title} is a MemsyDecodeError, not a crash`, () =>
      Effect.gen(function* () {
        const mock = yield* MockTransport.MockTransport
        yield* mock.reply(route, reply)
        const exit = yield* Effect.exit(call(yield* clients))
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isSuccess(exit)) return
        assert.isFalse(Cause.isDie(exit.cause), "a defect escaped")
        const error = Cause.squash(exit.cause)
        assert.instanceOf(error, MemsyError.MemsyDecodeError)
        assert.strictEqual(error.operation, operation)
        assert.strictEqual(error.statusCode, "status" in reply ? (reply.status ?? 200) : 200)
        assert.match(error.message, new RegExp(`^Unexpected response to ${operation} \\(\\d+\\): .+`))
        assert.strictEqual((yield* mock.requests).length, 1)
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }
})

describe("options explicitly undefined", () => {
  // What JavaScript callers, and TypeScript ones without `exactOptionalPropertyTypes`, may write:
  // `{ actorId: user?.id, roleIds: user?.roles }`. Undefined means unset, for every option.
  const unset = undefined as never
  const cases: ReadonlyArray<readonly [string, string, Call, unknown]> = [
    [
      "search",
      "POST /search",
      (c) =>
        c.data.search("q", {
          actorId: unset,
          limit: unset,
          threshold: unset,
          includeSourceEvents: unset,
          roleIds: unset,
          teamIds: unset
        }),
      { query: "q", limit: 10, threshold: 0, include_source_events: false }
    ],
    [
      "ingest",
      "POST /ingest",
      (c) =>
        c.data.ingest([
          { ...event, roleId: unset, teamId: unset, ts: unset, metadata: unset, eventId: unset }
        ]),
      { events: [{ actor_id: "u1", session_id: "s1", kind: "user_message", content: "hello" }] }
    ],
    [
      "orgs.update",
      "PATCH /orgs/o",
      (c) => c.data.orgs.update("o", { name: unset, focus: unset, promotionPrompt: unset }),
      {}
    ],
    [
      "keys.create",
      "POST /keys",
      (c) => c.control.keys.create("k", { scopes: unset, expiresAt: unset }),
      {
        name: "k",
        scopes: ["read", "write"]
      }
    ],
    [
      "interest.express",
      "POST /interest/pro",
      (c) =>
        c.control.interest.express({ email: "e", name: "n", company: unset, useCase: unset, notes: unset }),
      { email: "e", name: "n" }
    ]
  ]

  for (const [operation, route, call, body] of cases) {
    it.effect(`${operation} leaves them out`, () =>
      Effect.gen(function* () {
        const mock = yield* MockTransport.MockTransport
        yield* mock.reply(route, { status: 500, text: "" })
        const error = yield* Effect.flip(call(yield* clients))
        assert.strictEqual(error._tag, "MemsyAPIError", error.message)
        const [sent] = yield* mock.requests
        assert.deepStrictEqual(sent?.body, body)
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }

  const queries: ReadonlyArray<readonly [string, Call, Readonly<Record<string, string>>]> = [
    [
      "memories.list",
      (c) =>
        c.data.memories.list({
          sort: unset,
          limit: unset,
          offset: unset,
          actorId: unset,
          kind: unset,
          type: unset,
          status: unset,
          search: unset
        }),
      { sort: "observed_at_desc", limit: "50", offset: "0" }
    ],
    [
      "events.list",
      (c) => c.control.events.list({ actorId: unset, sessionId: unset, kind: unset }),
      { sort: "ts_desc", limit: "50", offset: "0" }
    ],
    [
      "usage.timeseries",
      (c) => c.control.usage.timeseries({ dimension: unset, periodStart: unset, periodEnd: unset }),
      { granularity: "daily" }
    ],
    [
      "roles.list",
      (c) => c.data.roles.list("o", { limit: unset, offset: unset }),
      { org_id: "o", limit: "100", offset: "0" }
    ]
  ]

  for (const [operation, call, query] of queries) {
    it.effect(`${operation} leaves them out of the query`, () =>
      Effect.gen(function* () {
        const mock = yield* MockTransport.MockTransport
        yield* Effect.flip(call(yield* clients))
        const [sent] = yield* mock.requests
        assert.deepStrictEqual(sent?.query, query)
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }
})
