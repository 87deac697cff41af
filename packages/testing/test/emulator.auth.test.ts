import { describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { call, clocked, del, event, get, ingest, post } from "./emulator.helpers.js"

describe("Emulator authentication and permissions", () => {
  it("401 without, with an unknown, a malformed or a revoked key; flat on data, enveloped on control", async () => {
    const e = Emulator.make()
    for (const key of [null, "msy_ffffffffffffffffffffffffffffffff", "not-a-key"]) {
      const data = await get(e, "/v1/health", { key })
      expect(data.status).toBe(401)
      expect(data.body).toEqual({ error: "unauthorized", message: expect.any(String) })
      expect(data.headers.get("x-ratelimit-limit")).toBeNull()
      const control = await get(e, "/api/health", { key })
      expect(control.status).toBe(401)
      expect(control.body.detail.error).toBe("unauthorized")
    }
    const other = e.addKey()
    expect(other).toMatch(/^msy_[0-9a-f]{32}$/)
    expect((await get(e, "/v1/health", { key: other })).status).toBe(200)
    e.revokeKey(other)
    expect((await get(e, "/v1/health", { key: other })).status).toBe(401)
    expect((await get(e, "/v1/health")).body).toMatchObject({ status: "ok", billing_enabled: true })
  })

  it("non-admin keys get admin_required on admin routes but may read", async () => {
    const e = Emulator.make()
    const member = e.addKey({ admin: false })
    for (const path of ["/api/keys", "/api/usage/summary", "/api/usage/timeseries", "/api/billing/summary"]) {
      const r = await get(e, path, { key: member })
      expect(r.status, path).toBe(403)
      expect(r.body.detail.error).toBe("admin_required")
      expect(r.body.detail.message.toLowerCase()).not.toContain("scope")
    }
    const create = await post(
      e,
      "/v1/roles",
      { org_id: "org_emulator", name: "Eng", focus: "x" },
      { key: member }
    )
    expect(create.status).toBe(403)
    expect(create.body).toMatchObject({ error: "admin_required" })
    expect((await get(e, "/v1/roles?org_id=org_emulator", { key: member })).status).toBe(200)
    expect((await get(e, "/api/me", { key: member })).body.org_role).toBe("org:member")
  })

  it("read-only keys get insufficient_scope with required_scope write, and store nothing", async () => {
    const e = Emulator.make()
    const reader = e.addKey({ scopes: ["read"] })
    const r = await post(e, "/v1/ingest", { events: [event({ content: "I like tea" })] }, { key: reader })
    expect(r.status).toBe(403)
    expect(r.body).toMatchObject({ error: "insufficient_scope", required_scope: "write" })
    expect(e.events()).toHaveLength(0)
    const org = await post(
      e,
      "/v1/orgs",
      { org_id: "org_emulator", name: "Acme", focus: "x" },
      { key: reader }
    )
    expect(org.body).toMatchObject({ error: "insufficient_scope", required_scope: "write" })
    expect((await post(e, "/v1/search", { query: "tea" }, { key: reader })).status).toBe(200)
    const writer = e.addKey({ scopes: ["write"] })
    expect((await post(e, "/v1/search", { query: "tea" }, { key: writer })).body).toMatchObject({
      error: "insufficient_scope",
      required_scope: "read"
    })
  })

  it("console events need a seat; billing needs pro", async () => {
    const e = Emulator.make()
    const seatless = e.addKey({ seat: false })
    const events = await get(e, "/api/console/events", { key: seatless })
    expect(events.status).toBe(403)
    expect(events.body.detail.error).toBe("seat_required")
    const free = e.addKey({ tier: "free", orgId: "org_free" })
    for (const path of ["/api/billing/summary", "/api/billing/invoices"]) {
      const r = await get(e, path, { key: free })
      expect(r.status).toBe(403)
      expect(r.body.detail).toMatchObject({ error: "billing_not_enabled", interest_path: "/interest/pro" })
    }
    expect((await get(e, "/api/health", { key: free })).body.billing_enabled).toBe(false)
    const summary = await get(e, "/api/billing/summary")
    expect(summary.status).toBe(200)
    expect(summary.body).toMatchObject({
      tier: "pro",
      subscription_status: "active",
      payment_method: { last4: "4242" }
    })
    expect(summary.body.purchased_seats).toBe(summary.body.assigned_seats + summary.body.available_seats)
    const invoices = await get(e, "/api/billing/invoices")
    expect(invoices.body).toEqual([
      expect.objectContaining({ status: "paid", currency: "usd", created: expect.stringMatching(/^\d+$/) })
    ])
  })

  it("org_id in an ingest or search body: 400 on free, ignored on pro", async () => {
    const e = Emulator.make({ processingDelay: 0 })
    const free = e.addKey({ tier: "free", orgId: "org_free" })
    const body = { org_id: "org_free", events: [event({ content: "I like tea" })] }
    const r = await post(e, "/v1/ingest", body, { key: free })
    expect(r.status).toBe(400)
    expect(r.body.error).toBe("org_id_not_allowed")
    const nested = await post(
      e,
      "/v1/ingest",
      { events: [event({ content: "I like tea", org_id: "x" })] },
      { key: free }
    )
    expect(nested.body.error).toBe("org_id_not_allowed")
    expect((await post(e, "/v1/search", { query: "tea", org_id: "org_free" }, { key: free })).status).toBe(
      400
    )
    expect(e.events()).toHaveLength(0)
    expect((await post(e, "/v1/ingest", body)).status).toBe(200)
    expect((await post(e, "/v1/search", { query: "tea", org_id: "elsewhere" })).body.results).toHaveLength(1)
  })

  it("caps API keys per tier with key_limit_reached; revoked keys free a slot", async () => {
    const e = Emulator.make({ key: { tier: "free", orgId: "org_free" } })
    const first = await post(e, "/api/keys", { name: "ci", scopes: ["read"] })
    expect(first.status).toBe(200)
    const over = await post(e, "/api/keys", { name: "two", scopes: ["read"] })
    expect(over.status).toBe(403)
    expect(over.body.detail).toMatchObject({ error: "key_limit_reached", limit: 2, current: 2 })
    expect((await del(e, `/api/keys/${first.body.key_id}`)).status).toBe(204)
    expect((await post(e, "/api/keys", { name: "two" })).status).toBe(200)
    expect(Emulator.tiers.pro.maxKeys).toBe(10)
  })

  it("caps org records per customer with org_limit_reached", async () => {
    const e = Emulator.make({ key: { tier: "free" } })
    expect((await post(e, "/v1/orgs", { org_id: "org_emulator", name: "Acme", focus: "x" })).status).toBe(200)
    const second = e.addKey({ tier: "free", orgId: "org_second" })
    const r = await post(e, "/v1/orgs", { org_id: "org_second", name: "Beta", focus: "y" }, { key: second })
    expect(r.status).toBe(403)
    expect(r.body).toMatchObject({ error: "org_limit_reached", limit: 1, current: 1 })
    // Pro allows more records, but one org still has one record.
    const pro = Emulator.make()
    expect((await post(pro, "/v1/orgs", { org_id: "org_emulator", name: "Acme", focus: "x" })).status).toBe(
      200
    )
    expect((await post(pro, "/v1/orgs", { org_id: "org_emulator", name: "Acme", focus: "x" })).status).toBe(
      409
    )
  })

  it("onboarding calls naming another org are forbidden", async () => {
    const e = Emulator.make()
    expect((await post(e, "/v1/roles", { org_id: "org_other", name: "Eng", focus: "x" })).status).toBe(403)
    expect((await get(e, "/v1/roles?org_id=org_other")).status).toBe(403)
    expect((await get(e, "/v1/orgs/org_other")).status).toBe(403)
  })

  it("404 for unknown routes, 405 for a wrong method, both FastAPI-shaped", async () => {
    const e = Emulator.make()
    expect(await get(e, "/v1/nope")).toMatchObject({ status: 404, body: { detail: "Not Found" } })
    expect(await get(e, "/api/nope")).toMatchObject({ status: 404, body: { detail: "Not Found" } })
    expect(await get(e, "/elsewhere")).toMatchObject({ status: 404, body: { detail: "Not Found" } })
    const wrong = await get(e, "/v1/search")
    expect(wrong).toMatchObject({ status: 405, body: { detail: "Method Not Allowed" } })
    expect(wrong.headers.get("allow")).toBe("POST")
    expect((await call(e, "PUT", "/api/keys")).status).toBe(405)
  })
})

describe("Emulator rate limiting and quotas", () => {
  it("counts down X-RateLimit-* per key and answers a plain 429 with Retry-After until the window resets", async () => {
    const { emulator: e, advance, now } = clocked({ rateLimit: { limit: 3, windowMs: 10_000 } })
    const windowEnd = Math.floor(now() / 10_000) * 10_000 + 10_000
    const remaining: Array<string | null> = []
    for (let i = 0; i < 3; i++) {
      const r = await get(e, "/v1/health")
      expect(r.status).toBe(200)
      expect(r.headers.get("x-ratelimit-limit")).toBe("3")
      expect(r.headers.get("x-ratelimit-reset")).toBe(String(windowEnd / 1000))
      remaining.push(r.headers.get("x-ratelimit-remaining"))
    }
    expect(remaining).toEqual(["2", "1", "0"])
    advance(2_500)
    const limited = await get(e, "/api/me")
    expect(limited.status).toBe(429)
    expect(limited.body).toEqual({ error: "rate_limited", message: "Too many requests" })
    expect(limited.text.toLowerCase()).not.toContain("quota")
    expect(limited.text).not.toContain("usage_limit_exceeded")
    expect(limited.headers.get("retry-after")).toBe(String(Math.ceil((windowEnd - now()) / 1000)))
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0")
    // Another key has its own window.
    expect((await get(e, "/v1/health", { key: e.addKey() })).status).toBe(200)
    advance(windowEnd - now() - 1)
    expect((await get(e, "/v1/health")).headers.get("retry-after")).toBe("1")
    advance(1)
    const fresh = await get(e, "/v1/health")
    expect(fresh.status).toBe(200)
    expect(fresh.headers.get("x-ratelimit-remaining")).toBe("2")
  })

  it("carries all ten X-Usage-* headers and X-Plan on data-plane responses only", async () => {
    const e = Emulator.make({ processingDelay: 0 })
    await ingest(e, [{ content: "I like green tea" }])
    await post(e, "/v1/search", { query: "tea" })
    const r = await get(e, "/v1/health")
    const usage = Object.fromEntries(
      [...r.headers].filter(([k]) => k.startsWith("x-usage-") || k === "x-plan")
    )
    expect(usage).toEqual({
      "x-usage-apicalls": "3",
      "x-usage-apicalls-limit": "100000",
      "x-usage-eventsingested": "1",
      "x-usage-eventsingested-limit": "100000",
      "x-usage-memoriesstored": "1",
      "x-usage-memoriesstored-limit": "100000",
      "x-usage-llmtokens": expect.stringMatching(/^[1-9]\d*$/),
      "x-usage-llmtokens-limit": "25000000",
      "x-usage-searchqueries": "1",
      "x-usage-searchqueries-limit": "50000",
      "x-plan": "pro"
    })
    const control = await get(e, "/api/me")
    expect(control.headers.get("x-ratelimit-limit")).toBe("600")
    expect(control.headers.get("x-usage-apicalls")).toBeNull()
  })

  it("answers 429 usage_limit_exceeded when a quota is spent, storing nothing", async () => {
    const e = Emulator.make({ quotas: { events_ingested: 3, search_queries: 1 } })
    await ingest(e, [{ content: "one two three" }, { content: "four five six" }])
    const over = await post(e, "/v1/ingest", {
      events: [event({ content: "seven" }), event({ content: "eight" })]
    })
    expect(over.status).toBe(429)
    expect(over.body).toEqual({
      error: "usage_limit_exceeded",
      message: expect.any(String),
      dimension: "events_ingested",
      current: 2,
      limit: 3,
      upgrade_url: expect.stringMatching(/^https:\/\//)
    })
    expect(over.headers.get("retry-after")).toBeNull()
    expect(e.events()).toHaveLength(2)
    expect((await post(e, "/v1/search", { query: "x" })).status).toBe(200)
    const searches = await post(e, "/v1/search", { query: "x" })
    expect(searches.body).toMatchObject({
      error: "usage_limit_exceeded",
      dimension: "search_queries",
      current: 1,
      limit: 1
    })
    const apiCalls = Emulator.make({ quotas: { api_calls: 2 } })
    await get(apiCalls, "/v1/health")
    await get(apiCalls, "/v1/health")
    expect((await get(apiCalls, "/v1/health")).body).toMatchObject({
      dimension: "api_calls",
      current: 2,
      limit: 2
    })
  })

  it("free-tier quotas are smaller and reported by X-Plan", async () => {
    const e = Emulator.make({ key: { tier: "free" } })
    const r = await get(e, "/v1/health")
    expect(r.headers.get("x-plan")).toBe("free")
    expect(r.headers.get("x-usage-searchqueries-limit")).toBe(
      String(Emulator.tiers.free.quotas.search_queries)
    )
    expect(Emulator.tiers.free.quotas.api_calls).toBeLessThan(Emulator.tiers.pro.quotas.api_calls)
  })
})
