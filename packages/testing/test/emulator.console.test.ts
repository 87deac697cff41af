import { describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { call, clocked, del, get, ingest, patch, post } from "./emulator.helpers.js"

interface Item {
  readonly memory_id: string
  readonly text: string
  readonly strength: number
  readonly confidence: number
  readonly observed_at: string
  readonly created_at: string
}

const seeded = async () => {
  const { emulator: e, advance } = clocked({ processingDelay: 0 })
  const contents = [
    "I prefer dark mode",
    "We decided to use Rust for the parser",
    "Engineers must review every migration",
    "Yesterday we went to the Berlin office",
    "The API lives at https://api.example.com",
    "I love long walks",
    "We chose Kafka for events"
  ]
  for (const [i, content] of contents.entries()) {
    await ingest(e, [{ content, actor_id: i % 2 === 0 ? "u1" : "u2", ts: `2026-01-0${i + 1}T00:00:00Z` }])
    advance(1000)
  }
  await post(e, "/v1/search", { query: "Kafka Rust" })
  return e
}

const list = async (e: Emulator.Emulator, query: string) => {
  const r = await get(e, `/v1/console/memories?${query}`)
  expect(r.status).toBe(200)
  return r.body as { items: Array<Item>; total: number; limit: number; offset: number }
}

describe("Emulator console memories", () => {
  it("sorts by every order with a memory_id tiebreak", async () => {
    const e = await seeded()
    const byObserved = await list(e, "sort=observed_at_desc")
    expect(byObserved.items.map((m) => m.observed_at)).toEqual(
      [...byObserved.items.map((m) => m.observed_at)].sort().reverse()
    )
    expect((await list(e, "")).items.map((m) => m.memory_id)).toEqual(
      byObserved.items.map((m) => m.memory_id)
    )
    const asc = await list(e, "sort=observed_at_asc")
    expect(asc.items.map((m) => m.text)[0]).toBe("I prefer dark mode")
    const strength = (await list(e, "sort=strength_desc")).items
    expect(strength.slice(0, 2).map((m) => m.strength)).toEqual([1.1, 1.1])
    expect(strength[0]!.memory_id < strength[1]!.memory_id).toBe(true)
    const rest = strength.slice(2).map((m) => m.memory_id)
    expect(rest).toEqual([...rest].sort())
    const confidence = (await list(e, "sort=confidence_desc")).items
    for (let i = 1; i < confidence.length; i++) {
      const [a, b] = [confidence[i - 1]!, confidence[i]!]
      expect(
        a.confidence > b.confidence || (a.confidence === b.confidence && a.memory_id < b.memory_id)
      ).toBe(true)
    }
    const created = (await list(e, "sort=created_at_desc")).items
    expect(created.map((m) => m.text)[0]).toBe("We chose Kafka for events")
    expect((await get(e, "/v1/console/memories?sort=newest")).status).toBe(422)
  })

  it("pages with offset and limit without repeats or gaps; total counts every match", async () => {
    const e = await seeded()
    const seen: Array<string> = []
    for (let offset = 0; offset < 8; offset += 3) {
      const page = await list(e, `sort=strength_desc&limit=3&offset=${offset}`)
      expect(page.total).toBe(7)
      expect(page).toMatchObject({ limit: 3, offset })
      seen.push(...page.items.map((m) => m.memory_id))
    }
    expect(seen).toHaveLength(7)
    expect(new Set(seen).size).toBe(7)
    for (const bad of ["limit=0", "limit=201", "offset=-1", "limit=x"]) {
      const r = await get(e, `/v1/console/memories?${bad}`)
      expect(r.status, bad).toBe(422)
      expect(r.body.detail[0].loc[0]).toBe("query")
    }
    expect((await list(e, "limit=200")).items).toHaveLength(7)
  })

  it("filters by actor, kind, type, status (default active) and case-insensitive text", async () => {
    const e = await seeded()
    expect((await list(e, "actor_id=u2")).items.map((m) => m.text)).toEqual(
      expect.arrayContaining(["We decided to use Rust for the parser", "I love long walks"])
    )
    expect((await list(e, "actor_id=u2")).total).toBe(3)
    expect((await list(e, "type=decision")).total).toBe(2)
    expect((await list(e, "kind=episodic")).items.map((m) => m.text)).toEqual([
      "Yesterday we went to the Berlin office"
    ])
    expect((await list(e, "search=KAFKA")).items.map((m) => m.text)).toEqual(["We chose Kafka for events"])
    const target = e.memories()[0]!
    e.setMemoryStatus(target.memoryId, "archived")
    expect((await list(e, "")).total).toBe(6)
    expect((await list(e, "status=archived")).items.map((m) => m.memory_id)).toEqual([target.memoryId])
  })

  it("stats cover every key, agree with the store, and route before /{memory_id}", async () => {
    const e = await seeded()
    e.setMemoryStatus(e.memories()[1]!.memoryId, "decayed")
    const r = await get(e, "/v1/console/memories/stats")
    expect(r.status).toBe(200)
    const memories = e.memories()
    expect(r.body).toMatchObject({
      total: 7,
      total_memories: 7,
      active_memories: 6,
      by_status: { active: 6, decayed: 1 },
      by_type: { preference: 2, decision: 2, norm: 1, event: 1, fact: 1 },
      avg_strength: Math.round((memories.reduce((n, m) => n + m.strength, 0) / 7) * 10_000) / 10_000,
      date_range: { earliest: "2026-01-01T00:00:00Z", latest: "2026-01-07T00:00:00Z" }
    })
    expect(Object.values(r.body.by_kind as Record<string, number>).reduce((a, b) => a + b)).toBe(7)
    expect(r.body.top_entities).toEqual(expect.arrayContaining([{ name: "Berlin", count: 1 }]))
    expect(r.body.confidence_buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(7)
    expect(typeof r.body.avg_confidence).toBe("number")
  })

  it("gets one memory by UUID; malformed is 422, unknown is 404", async () => {
    const e = await seeded()
    const target = e.memories()[4]!
    const r = await get(e, `/v1/console/memories/${target.memoryId}`)
    expect(r.body).toMatchObject({
      memory_id: target.memoryId,
      org_id: "org_emulator",
      scope: { level: "actor", actor_id: "u1" },
      text: "The API lives at https://api.example.com",
      source_urls: ["https://api.example.com"],
      source_event_ids: target.sourceEventIds,
      pinned: false,
      effective_to: null
    })
    expect((await get(e, "/v1/console/memories/not-a-uuid")).body.detail[0]).toMatchObject({
      loc: ["path", "memory_id"],
      type: "uuid_parsing"
    })
    expect(await get(e, "/v1/console/memories/550e8400-e29b-41d4-a716-446655440000")).toMatchObject({
      status: 404,
      body: { detail: "Memory not found" }
    })
    const stranger = e.addKey({ orgId: "org_other" })
    expect((await get(e, `/v1/console/memories/${target.memoryId}`, { key: stranger })).status).toBe(404)
  })
})

describe("Emulator onboarding records", () => {
  it("org create, get, patch, regenerate-prompt with an empty body, delete", async () => {
    const { emulator: e, advance } = clocked()
    expect((await get(e, "/v1/orgs")).body).toEqual([])
    const created = await post(e, "/v1/orgs", {
      org_id: "org_emulator",
      name: "Acme",
      focus: "AI assistant context"
    })
    expect(created.body).toMatchObject({
      org_id: "org_emulator",
      name: "Acme",
      focus: "AI assistant context"
    })
    expect(created.body.promotion_prompt).toContain("Acme")
    expect(created.body.promotion_prompt).toContain("AI assistant context")
    expect(created.body.created_at).toBe(created.body.updated_at)
    expect((await get(e, "/v1/orgs")).body).toEqual([created.body])
    advance(1000)
    const patched = await patch(e, "/v1/orgs/org_emulator", { focus: "Support", promotion_prompt: "custom" })
    expect(patched.body).toMatchObject({ name: "Acme", focus: "Support", promotion_prompt: "custom" })
    expect(patched.body.updated_at).not.toBe(created.body.updated_at)
    expect((await patch(e, "/v1/orgs/org_emulator", {})).status).toBe(200)
    advance(1000)
    const regenerated = await call(e, "POST", "/v1/orgs/org_emulator/regenerate-prompt")
    expect(regenerated.status).toBe(200)
    expect(regenerated.body.promotion_prompt).toContain("Support")
    expect(regenerated.body.promotion_prompt).not.toBe("custom")
    expect(regenerated.body.updated_at > patched.body.updated_at).toBe(true)
    expect((await get(e, "/v1/orgs/org_emulator")).body).toEqual(regenerated.body)
    const deleted = await del(e, "/v1/orgs/org_emulator")
    expect(deleted).toMatchObject({ status: 204, text: "" })
    expect(await get(e, "/v1/orgs/org_emulator")).toMatchObject({
      status: 404,
      body: { detail: "Org not found" }
    })
  })

  it("roles and teams: slug ids made unique, list with pagination, patch, regenerate, delete, 404s", async () => {
    const e = Emulator.make()
    for (const kind of ["roles", "teams"] as const) {
      const prefix = kind === "roles" ? "role" : "team"
      const idKey = `${prefix}_id`
      const a = await post(e, `/v1/${kind}`, {
        org_id: "org_emulator",
        name: "Senior Engineering",
        focus: "code"
      })
      const b = await post(e, `/v1/${kind}`, {
        org_id: "org_emulator",
        name: "Senior Engineering",
        focus: "more code"
      })
      const c = await post(e, `/v1/${kind}`, { org_id: "org_emulator", name: "Ops!", focus: "" })
      expect([a.body[idKey], b.body[idKey], c.body[idKey]]).toEqual([
        `${prefix}_senior_engineering`,
        `${prefix}_senior_engineering_2`,
        `${prefix}_ops`
      ])
      const all = await get(e, `/v1/${kind}?org_id=org_emulator&limit=100&offset=0`)
      expect(all.body.map((r: Record<string, string>) => r[idKey])).toEqual([
        a.body[idKey],
        b.body[idKey],
        c.body[idKey]
      ])
      const page = await get(e, `/v1/${kind}?org_id=org_emulator&limit=1&offset=1`)
      expect(page.body.map((r: Record<string, string>) => r[idKey])).toEqual([b.body[idKey]])
      expect((await get(e, `/v1/${kind}`)).body.detail[0]).toMatchObject({
        loc: ["query", "org_id"],
        type: "missing"
      })
      const id = a.body[idKey] as string
      const renamed = await patch(e, `/v1/${kind}/${id}?org_id=org_emulator`, { name: "Staff Engineering" })
      expect(renamed.body).toMatchObject({ [idKey]: id, name: "Staff Engineering", focus: "code" })
      const regen = await call(e, "POST", `/v1/${kind}/${id}/regenerate-prompt?org_id=org_emulator`)
      expect(regen.body.promotion_prompt).toContain("Staff Engineering")
      expect(regen.body.prompt_meta).toMatchObject({ revision: 1 })
      expect((await del(e, `/v1/${kind}/${id}?org_id=org_emulator`)).status).toBe(204)
      for (const r of [
        await get(e, `/v1/${kind}/${id}?org_id=org_emulator`),
        await patch(e, `/v1/${kind}/${id}?org_id=org_emulator`, { name: "x" }),
        await del(e, `/v1/${kind}/${id}?org_id=org_emulator`)
      ]) {
        expect(r.status).toBe(404)
      }
      expect(
        (await post(e, `/v1/${kind}`, { org_id: "org_emulator", name: "x" })).body.detail[0].loc
      ).toEqual(["body", "focus"])
    }
  })

  it("deleting a role leaves memories tagged with it", async () => {
    const e = Emulator.make({ processingDelay: 0 })
    const role = await post(e, "/v1/roles", { org_id: "org_emulator", name: "SRE", focus: "ops" })
    await ingest(e, [{ content: "Pager rotation starts Monday", role_id: role.body.role_id }])
    await del(e, `/v1/roles/${role.body.role_id}?org_id=org_emulator`)
    expect(e.memories().map((m) => m.scope.roleId)).toEqual(["role_sre"])
  })
})
