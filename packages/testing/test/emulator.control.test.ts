import { describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { clocked, del, get, ingest, post, T0 } from "./emulator.helpers.js"

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe("Emulator control plane", () => {
  it("me and health describe the key", async () => {
    const e = Emulator.make({ key: { email: "ada@example.com", orgId: "org_ada" } })
    expect((await get(e, "/api/me")).body).toEqual({
      customer_id: expect.stringMatching(/^cus_/),
      email: "ada@example.com",
      tier: "pro",
      is_superadmin: false,
      org_id: "org_ada",
      is_billing_admin: true,
      user_id: expect.stringMatching(/^user_/),
      org_role: "org:admin"
    })
    expect((await get(e, "/api/health")).body).toMatchObject({
      status: "ok",
      version: expect.any(String),
      billing_enabled: true
    })
    expect((await get(e, "/api/health")).body.components).toEqual(expect.any(Object))
  })

  it("console events show what was ingested: filters, both sorts, pagination, metadata objects", async () => {
    const { emulator: e, advance } = clocked()
    const first = await ingest(e, [
      { content: "hello there", metadata: '{"channel":"chat"}' },
      { content: "tool output", kind: "tool_result", session_id: "s2" },
      { content: "other actor", actor_id: "u2" }
    ])
    advance(1000)
    const [late] = await ingest(e, [{ content: "later", metadata: "oops" }])
    const asc = await get(e, "/api/console/events?sort=ts_asc")
    expect(asc.body).toMatchObject({ total: 4, limit: 50, offset: 0 })
    expect(asc.body.items.map((x: { event_id: string }) => x.event_id)).toEqual([...first, late])
    expect(asc.body.items[0]).toEqual({
      event_id: first[0],
      org_id: "org_emulator",
      actor_id: "u1",
      session_id: "s1",
      kind: "user_message",
      content: "hello there",
      ts: "2026-03-15T12:00:00Z",
      metadata: { channel: "chat" },
      ingested_at: "2026-03-15T12:00:00Z",
      role_id: null,
      team_id: null,
      // The default processing delay (1 s) has passed by the later ingest.
      status: "completed"
    })
    const desc = await get(e, "/api/console/events")
    expect(desc.body.items.map((x: { event_id: string }) => x.event_id)).toEqual([
      late,
      first[2],
      first[1],
      first[0]
    ])
    expect(desc.body.items[0].metadata).toEqual({ raw: "oops" })
    const filter = async (q: string) =>
      (await get(e, `/api/console/events?${q}`)).body.items.map((x: { content: string }) => x.content)
    expect(await filter("actor_id=u2")).toEqual(["other actor"])
    expect(await filter("session_id=s2")).toEqual(["tool output"])
    expect(await filter("kind=tool_result")).toEqual(["tool output"])
    expect(await filter("sort=ts_asc&limit=2&offset=1")).toEqual(["tool output", "other actor"])
    expect((await get(e, "/api/console/events?sort=ts_asc&limit=2&offset=1")).body.total).toBe(4)
    for (const bad of ["sort=newest", "limit=0", "limit=201", "kind=chat"]) {
      expect((await get(e, `/api/console/events?${bad}`)).status, bad).toBe(422)
    }
    const stranger = e.addKey({ orgId: "org_other" })
    expect((await get(e, "/api/console/events", { key: stranger })).body.total).toBe(0)
  })

  it("usage summary counts exactly the calls made", async () => {
    const e = Emulator.make({ processingDelay: 0 })
    await ingest(e, [{ content: "I like tea" }, { content: "I like coffee" }])
    await ingest(e, [{ content: "I like tea" }])
    await post(e, "/v1/search", { query: "tea" })
    await post(e, "/v1/search", { query: "coffee" })
    await post(e, "/v1/status", { event_ids: [] })
    await get(e, "/v1/health")
    await get(e, "/v1/nope")
    await get(e, "/api/me")
    await get(e, "/v1/health", { key: "msy_00000000000000000000000000000000" })
    // Seven authenticated data-plane calls: the 404 counts, the control plane and the 401 do not.
    const summary = await get(e, "/api/usage/summary")
    expect(summary.body).toMatchObject({
      org_id: "org_emulator",
      tier: "pro",
      period_start: expect.stringMatching(/^\d{4}-\d{2}-01T00:00:00Z$/),
      period_end: expect.stringMatching(/^\d{4}-\d{2}-01T00:00:00Z$/)
    })
    const used = Object.fromEntries(
      summary.body.dimensions.map((d: { dimension: string; used: number }) => [d.dimension, d.used])
    )
    expect(used).toMatchObject({ api_calls: 7, events_ingested: 2, memories_stored: 2, search_queries: 2 })
    expect(used.llm_tokens).toBeGreaterThan(0)
    expect(summary.body.dimensions[0]).toEqual({
      dimension: "api_calls",
      used: 7,
      limit: Emulator.tiers.pro.quotas.api_calls,
      overage_rate: expect.any(Number)
    })
    const headers = (await get(e, "/v1/health")).headers
    expect(headers.get("x-usage-apicalls")).toBe("8")
    expect(headers.get("x-usage-eventsingested")).toBe("2")
  })

  it("usage timeseries buckets by day or hour, filters by dimension and inclusive period", async () => {
    const { emulator: e, advance } = clocked({ processingDelay: 0 })
    await post(e, "/v1/search", { query: "x" })
    advance(2 * HOUR)
    await post(e, "/v1/search", { query: "y" })
    advance(DAY)
    await ingest(e, [{ content: "hello world" }])
    const daily = await get(e, "/api/usage/timeseries?dimension=search_queries")
    expect(daily.body).toEqual({
      org_id: "org_emulator",
      granularity: "daily",
      data: [{ date: "2026-03-15", dimension: "search_queries", quantity: 2 }]
    })
    const hourly = await get(e, "/api/usage/timeseries?granularity=hourly&dimension=api_calls")
    expect(hourly.body.data).toEqual([
      { date: "2026-03-15T12:00:00Z", dimension: "api_calls", quantity: 1 },
      { date: "2026-03-15T14:00:00Z", dimension: "api_calls", quantity: 1 },
      { date: "2026-03-16T14:00:00Z", dimension: "api_calls", quantity: 1 }
    ])
    const oneDay = await get(e, "/api/usage/timeseries?period_start=2026-03-16&period_end=2026-03-16")
    expect(oneDay.body.data.map((p: { dimension: string }) => p.dimension)).toEqual([
      "api_calls",
      "events_ingested",
      "memories_stored",
      "llm_tokens"
    ])
    const before = await get(e, "/api/usage/timeseries?period_end=2026-03-15")
    expect(before.body.data.every((p: { date: string }) => p.date === "2026-03-15")).toBe(true)
    for (const bad of ["granularity=weekly", "dimension=nope", "period_start=March"]) {
      expect((await get(e, `/api/usage/timeseries?${bad}`)).status, bad).toBe(422)
    }
    expect(T0).toBeLessThan(Date.UTC(2026, 2, 16))
  })

  it("keys: create returns the raw key once, list shows prefix, usage per key, delete revokes at once", async () => {
    const e = Emulator.make()
    const created = await post(e, "/api/keys", {
      name: "ci",
      scopes: ["read"],
      expires_at: "2030-01-01T00:00:00Z"
    })
    expect(created.body).toMatchObject({
      name: "ci",
      scopes: ["read"],
      raw_key: expect.stringMatching(/^msy_[0-9a-f]{32}$/)
    })
    const raw = created.body.raw_key as string
    expect(created.body.prefix).toBe(raw.slice(0, 8))
    const listed = await get(e, "/api/keys")
    expect(listed.body).toMatchObject({ max_keys: 10, active_count: 2 })
    expect(JSON.stringify(listed.body)).not.toContain(raw)
    expect(listed.body.keys.find((k: { key_id: string }) => k.key_id === created.body.key_id)).toMatchObject({
      prefix: raw.slice(0, 8),
      is_active: true,
      scopes: ["read"],
      expires_at: "2030-01-01T00:00:00Z",
      last_used_at: null
    })
    await post(e, "/v1/search", { query: "x" }, { key: raw })
    await get(e, "/v1/health", { key: raw })
    const usage = await get(e, `/api/keys/${created.body.key_id}/usage`)
    expect(usage.body.usage).toEqual([
      expect.objectContaining({ dimension: "api_calls", quantity: 2 }),
      expect.objectContaining({ dimension: "search_queries", quantity: 1 })
    ])
    expect((await get(e, "/api/keys")).body.keys[1].last_used_at).toEqual(expect.any(String))
    expect((await post(e, "/v1/ingest", { events: [] }, { key: raw })).status).toBe(403)
    expect(await del(e, `/api/keys/${created.body.key_id}`)).toMatchObject({ status: 204, text: "" })
    expect((await get(e, "/v1/health", { key: raw })).status).toBe(401)
    expect((await get(e, "/api/keys")).body.active_count).toBe(1)
    expect((await del(e, "/api/keys/key_nope")).status).toBe(404)
    expect((await get(e, "/api/keys/key_nope/usage")).status).toBe(404)
    expect((await post(e, "/api/keys", { name: "bad", scopes: ["admin"] })).status).toBe(422)
  })

  it("an expired key is rejected", async () => {
    const { emulator: e, advance } = clocked()
    const created = await post(e, "/api/keys", {
      name: "short",
      expires_at: new Date(T0 + 1000).toISOString()
    })
    expect((await get(e, "/v1/health", { key: created.body.raw_key })).status).toBe(200)
    advance(1000)
    expect((await get(e, "/v1/health", { key: created.body.raw_key })).status).toBe(401)
  })

  it("pro interest is recorded per org", async () => {
    const e = Emulator.make()
    const other = e.addKey({ orgId: "org_other" })
    expect((await get(e, "/api/interest/pro/status")).body).toEqual({ expressed: false })
    expect((await post(e, "/api/interest/pro", { name: "Ada" })).status).toBe(422)
    const r = await post(e, "/api/interest/pro", {
      email: "ada@example.com",
      name: "Ada",
      use_case: "agents"
    })
    expect(r.body).toEqual({ message: expect.any(String) })
    expect((await get(e, "/api/interest/pro/status")).body).toEqual({ expressed: true })
    expect((await get(e, "/api/interest/pro/status", { key: other })).body).toEqual({ expressed: false })
  })

  it("reset returns to a fresh state with the same default key", async () => {
    const e = Emulator.make({ processingDelay: 0 })
    const key = e.apiKey
    const extra = e.addKey()
    await ingest(e, [{ content: "something to forget" }])
    e.inject({ status: 500 })
    e.reset()
    expect(e.apiKey).toBe(key)
    expect(e.events()).toEqual([])
    expect(e.memories()).toEqual([])
    expect(e.requests()).toEqual([])
    expect((await get(e, "/v1/health")).status).toBe(200)
    expect((await get(e, "/v1/health", { key: extra })).status).toBe(401)
  })
})
