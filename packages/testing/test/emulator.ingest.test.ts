import { describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { clocked, del, event, get, ingest, post, T0 } from "./emulator.helpers.js"

const ULID = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{26}$/

describe("Emulator ingest validation", () => {
  it("rejects a batch with one bad event, naming the field, and stores nothing", async () => {
    const e = Emulator.make()
    const r = await post(e, "/v1/ingest", {
      events: [
        event({ content: "fine" }),
        event({ content: "   " }),
        event({ content: "ok", kind: "system" })
      ]
    })
    expect(r.status).toBe(422)
    expect(r.body.detail).toEqual([
      expect.objectContaining({
        loc: ["body", "events", 1, "content"],
        type: "string_too_short",
        msg: expect.any(String)
      }),
      expect.objectContaining({ loc: ["body", "events", 2, "kind"], type: "literal_error" })
    ])
    expect(e.events()).toHaveLength(0)
  })

  it.each([
    ["missing actor_id", { session_id: "s", kind: "user_message", content: "x" }, "actor_id", "missing"],
    [
      "blank session_id",
      { actor_id: "a", session_id: " ", kind: "user_message", content: "x" },
      "session_id",
      "string_too_short"
    ],
    [
      "long actor_id",
      { actor_id: "a".repeat(257), session_id: "s", kind: "user_message", content: "x" },
      "actor_id",
      "string_too_long"
    ],
    [
      "content of 8000 chars",
      { actor_id: "a", session_id: "s", kind: "user_message", content: "x".repeat(8000) },
      "content",
      "string_too_long"
    ],
    [
      "metadata as an object",
      { actor_id: "a", session_id: "s", kind: "user_message", content: "x", metadata: {} },
      "metadata",
      "string_type"
    ],
    [
      "metadata over 4096",
      { actor_id: "a", session_id: "s", kind: "app_event", content: "x", metadata: "x".repeat(4097) },
      "metadata",
      "string_too_long"
    ],
    [
      "bad ts",
      { actor_id: "a", session_id: "s", kind: "user_message", content: "x", ts: "yesterday" },
      "ts",
      "datetime_parsing"
    ],
    [
      "camelCase keys",
      { actorId: "a", session_id: "s", kind: "user_message", content: "x" },
      "actor_id",
      "missing"
    ]
  ])("422 for %s", async (_, bad, field, type) => {
    const e = Emulator.make()
    const r = await post(e, "/v1/ingest", { events: [bad] })
    expect(r.status).toBe(422)
    expect(r.body.detail[0]).toMatchObject({ loc: ["body", "events", 0, field], type })
  })

  it("422 for a body that is not JSON, not an object, or has no events list", async () => {
    const e = Emulator.make()
    expect((await post(e, "/v1/ingest", undefined, { raw: "{nope" })).body.detail[0].type).toBe(
      "json_invalid"
    )
    expect((await post(e, "/v1/ingest", [])).body.detail[0].type).toBe("model_attributes_type")
    expect((await post(e, "/v1/ingest", {})).body.detail[0]).toMatchObject({
      loc: ["body", "events"],
      type: "missing"
    })
    expect((await post(e, "/v1/ingest", { events: "x" })).body.detail[0].type).toBe("list_type")
    expect((await post(e, "/v1/ingest", { events: [1] })).body.detail[0].loc).toEqual(["body", "events", 0])
    expect((await post(e, "/v1/ingest", { events: [] })).body).toEqual({ event_ids: [] })
  })

  it("strips NUL characters, keeps metadata objects, wraps anything else as raw, nulls blank role ids", async () => {
    const e = Emulator.make()
    await ingest(e, [
      { content: "te\u0000a time", actor_id: "u\u00001", metadata: '{"plan":"pro"}', role_id: "  " },
      { content: "second", metadata: "[1,2]" },
      { content: "third", metadata: "not json" }
    ])
    const [a, b, c] = e.events()
    expect(a).toMatchObject({ content: "tea time", actorId: "u1", metadata: { plan: "pro" }, roleId: null })
    expect(b?.metadata).toEqual({ raw: "[1,2]" })
    expect(c?.metadata).toEqual({ raw: "not json" })
  })
})

describe("Emulator ingest storage", () => {
  it("assigns time-ordered ULIDs in input order and keeps the given ts", async () => {
    const { emulator: e, advance } = clocked()
    const first = await ingest(e, [
      { content: "a one" },
      { content: "b two" },
      { content: "c three", ts: "2025-01-02T03:04:05Z" }
    ])
    advance(5)
    const [later] = await ingest(e, [{ content: "d four" }])
    for (const id of [...first, later]) expect(id).toMatch(ULID)
    expect([...first, later!].sort()).toEqual([...first, later])
    expect(e.events().map((x) => x.eventId)).toEqual([...first, later])
    expect(e.events()[2]?.ts).toBe("2025-01-02T03:04:05Z")
    expect(e.events()[0]?.ts).toBe(new Date(T0).toISOString().replace(".000Z", "Z"))
  })

  it("treats a client event_id as an idempotency key and as the event's id", async () => {
    const e = Emulator.make()
    const first = await ingest(e, [{ content: "alpha beta", event_id: "ev_1" }])
    expect(first).toEqual(["ev_1"])
    const again = await ingest(e, [
      { content: "something else", event_id: "ev_1" },
      { content: "gamma", event_id: "ev_2" }
    ])
    expect(again).toEqual(["ev_1", "ev_2"])
    expect(e.events().map((x) => x.content)).toEqual(["alpha beta", "gamma"])
    const status = await post(e, "/v1/status", { event_ids: ["ev_1", "ev_2"] })
    expect(status.body.pendingIds).toEqual(["ev_1", "ev_2"])
  })

  it("dedups (actor, session, kind, content) within 60 s, and stores it again after", async () => {
    const { emulator: e, advance } = clocked()
    const [original] = await ingest(e, [{ content: "I like tea" }])
    advance(59_999)
    const repeat = await ingest(e, [
      { content: "I like tea" },
      { content: "I like tea", session_id: "s2" },
      { content: "I like tea", kind: "assistant_message" },
      { content: "I like tea", actor_id: "u2" }
    ])
    expect(repeat[0]).toBe(original)
    expect(new Set(repeat).size).toBe(4)
    expect(e.events()).toHaveLength(4)
    advance(1)
    const [outside] = await ingest(e, [{ content: "I like tea" }])
    expect(outside).not.toBe(original)
    expect(e.events()).toHaveLength(5)
    // Repeats inside one batch collapse too.
    const batch = await ingest(e, [{ content: "twice over" }, { content: "twice over" }])
    expect(batch[0]).toBe(batch[1])
    const usage = await get(e, "/api/usage/summary")
    expect(
      usage.body.dimensions.find((d: { dimension: string }) => d.dimension === "events_ingested").used
    ).toBe(6)
  })
})

describe("Emulator processing", () => {
  it("keeps events pending until processingDelay has passed by the clock, then completes them", async () => {
    const { emulator: e, advance } = clocked({ processingDelay: 2000 })
    const ids = await ingest(e, [
      { content: "I prefer dark mode" },
      { content: "We chose Postgres for billing" }
    ])
    const unknown = "01ARZ3NDEKTSV4RRFFQ69G5FAV"
    const before = await post(e, "/v1/status", { event_ids: [...ids, unknown] })
    expect(before.body).toEqual({
      completedIds: [],
      failedIds: [],
      pendingIds: ids,
      unknownIds: [unknown],
      total: 3,
      statuses: { [ids[0]!]: "pending", [ids[1]!]: "pending", [unknown]: "unknown" }
    })
    expect((await post(e, "/v1/search", { query: "dark mode" })).body.results).toEqual([])
    advance(1999)
    expect((await post(e, "/v1/status", { event_ids: ids })).body.pendingIds).toEqual(ids)
    advance(1)
    const after = await post(e, "/v1/status", { event_ids: ids })
    expect(after.body.completedIds).toEqual(ids)
    expect(after.body.total).toBe(2)
    expect(e.memories()).toHaveLength(2)
    expect(
      (await post(e, "/v1/search", { query: "dark mode" })).body.results.map(
        (r: { content: string }) => r.content
      )
    ).toEqual(["I prefer dark mode", "We chose Postgres for billing"])
  })

  it("settle(now) and the per-call now drive processing too; processAll ignores the delay", async () => {
    const e = Emulator.make({ processingDelay: 1000, now: () => T0 })
    const [a] = await ingest(e, [{ content: "first thing here" }])
    e.settle(T0 + 999)
    expect(e.events()[0]?.status).toBe("pending")
    e.settle(T0 + 1000)
    expect(e.events()[0]?.status).toBe("completed")
    const [b] = await ingest(e, [{ content: "second thing here" }], { now: T0 + 5000 })
    expect((await post(e, "/v1/status", { event_ids: [b] }, { now: T0 + 6000 })).body.completedIds).toEqual([
      b
    ])
    const [c] = await ingest(e, [{ content: "third thing here" }])
    e.processAll()
    expect(e.events().map((x) => x.status)).toEqual(["completed", "completed", "completed"])
    expect(e.events().find((x) => x.eventId === c)?.memoryId).toEqual(expect.any(String))
    expect(a).not.toBe(b)
  })

  it("fails content with the [[fail]] marker or under 3 letters/digits, creating no memory", async () => {
    const e = Emulator.make({ processingDelay: 0 })
    const ids = await ingest(e, [
      { content: `please ${Emulator.failMarker.toUpperCase()} this one` },
      { content: "ok" },
      { content: "?!… 1" },
      { content: "abc" }
    ])
    const status = await post(e, "/v1/status", { event_ids: ids })
    expect(status.body.failedIds).toEqual(ids.slice(0, 3))
    expect(status.body.completedIds).toEqual([ids[3]])
    expect(e.memories()).toHaveLength(1)
  })

  it("extracts type, kind, scope, entities, confidence and strength deterministically", async () => {
    const e = Emulator.make({ processingDelay: 0 })
    await ingest(e, [
      { content: "I prefer dark mode in all my apps" },
      { content: "We decided to move the launch to Friday", team_id: "team_growth" },
      { content: "Engineers must always review migrations", role_id: "role_eng" },
      { content: "Yesterday I met Alice Smith in Paris" },
      { content: "The staging database lives in eu-west-1" },
      { content: "How to deploy: run make release", kind: "tool_result" }
    ])
    const memories = e.memories()
    expect(memories.map((m) => [m.type, m.kind, m.scope.level])).toEqual([
      ["preference", "semantic", "actor"],
      ["decision", "semantic", "team"],
      ["norm", "semantic", "role"],
      ["event", "episodic", "actor"],
      ["fact", "semantic", "actor"],
      ["fact", "procedural", "actor"]
    ])
    expect(memories[1]?.scope).toEqual({ level: "team", actorId: "u1", roleId: null, teamId: "team_growth" })
    expect(memories[3]?.entities.map((x) => x.name)).toEqual(["Alice Smith", "Paris"])
    for (const m of memories) {
      expect(m.strength).toBe(1)
      expect(m.status).toBe("active")
      expect(m.confidence).toBeGreaterThan(0)
      expect(m.confidence).toBeLessThanOrEqual(1)
      expect(m.sourceEventIds).toHaveLength(1)
    }
    const again = Emulator.make({ processingDelay: 0 })
    await ingest(again, [{ content: "I prefer dark mode in all my apps" }])
    expect(again.memories()[0]?.confidence).toBe(memories[0]?.confidence)
    expect(again.memories()[0]?.tags).toEqual(memories[0]?.tags)
  })

  it("status rejects more than 500 ids and only sees the caller's org", async () => {
    const e = Emulator.make({ processingDelay: 0 })
    const ids = await ingest(e, [{ content: "mine only" }])
    const r = await post(e, "/v1/status", { event_ids: Array.from({ length: 501 }, (_, i) => `id${i}`) })
    expect(r.status).toBe(422)
    expect(r.body.detail[0].loc).toEqual(["body", "event_ids"])
    expect(
      (await post(e, "/v1/status", { event_ids: Array.from({ length: 500 }, (_, i) => `id${i}`) })).status
    ).toBe(200)
    const stranger = e.addKey({ orgId: "org_other" })
    expect((await post(e, "/v1/status", { event_ids: ids }, { key: stranger })).body.unknownIds).toEqual(ids)
  })

  it("DELETE /v1/clear/{tag} removes the session's events and their memories", async () => {
    const e = Emulator.make({ processingDelay: 0 })
    await ingest(e, [
      { content: "keep this fact", session_id: "keep" },
      { content: "drop this fact", session_id: "conv 1" }
    ])
    await post(e, "/v1/status", { event_ids: [] })
    const r = await del(e, `/v1/clear/${encodeURIComponent("conv 1")}`)
    expect(r.body).toEqual({ deleted: 2 })
    expect(e.events().map((x) => x.sessionId)).toEqual(["keep"])
    expect(e.memories().map((m) => m.text)).toEqual(["keep this fact"])
    expect((await del(e, "/v1/clear/none")).body).toEqual({ deleted: 0 })
  })
})
