import { describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { clocked, get, ingest, post } from "./emulator.helpers.js"

interface Result {
  readonly id: string
  readonly content: string
  readonly score: number
  readonly metadata: Record<string, unknown> & { readonly strength: number }
}

const search = async (e: Emulator.Emulator, body: Record<string, unknown>, key?: string) => {
  const r = await post(e, "/v1/search", body, key === undefined ? {} : { key })
  expect(r.status).toBe(200)
  return r.body.results as Array<Result>
}

/** Only the memories sharing a word with the query. */
const matches = (e: Emulator.Emulator, body: Record<string, unknown>, key?: string) =>
  search(e, { ...body, threshold: Emulator.matchFloor }, key)

const contents = (results: ReadonlyArray<Result>) => results.map((r) => r.content)

const seeded = async () => {
  const e = Emulator.make({ processingDelay: 0 })
  await ingest(e, [
    { content: "I prefer dark mode in all my editors and terminals", metadata: '{"channel":"chat"}' },
    { content: "The office coffee machine is broken again" },
    { content: "Dark chocolate is my favourite snack" },
    { content: "We deploy the billing service every Friday", actor_id: "u2" },
    { content: "Incident runbooks live in the ops wiki", actor_id: "u3", role_id: "role_sre" },
    { content: "Quarterly goals are tracked in the growth dashboard", actor_id: "u4", team_id: "team_growth" }
  ])
  return e
}

describe("Emulator search", () => {
  it("ranks by lexical relevance, stems query terms, scores within [0, 1] in descending order", async () => {
    const e = await seeded()
    const results = await search(e, { query: "dark mode preferences", actor_id: "u1" })
    expect(contents(results)).toEqual([
      "I prefer dark mode in all my editors and terminals",
      "Dark chocolate is my favourite snack",
      "The office coffee machine is broken again"
    ])
    expect(results[0]!.score).toBeGreaterThan(results[1]!.score)
    expect(results[1]!.score).toBeGreaterThan(results[2]!.score)
    for (const r of results) {
      expect(r.score).toBeGreaterThan(0)
      expect(r.score).toBeLessThanOrEqual(1)
      expect(r.id).toMatch(/^[0-9a-f-]{36}$/)
    }
    expect(results[0]!.metadata).toMatchObject({
      type: "preference",
      kind: "semantic",
      strength: 1.1,
      confidence: expect.any(Number),
      title: expect.any(String),
      summary: expect.any(String),
      tags: expect.arrayContaining(["preference"]),
      entities: [],
      source_event_ids: [e.events()[0]!.eventId],
      observed_at: e.events()[0]!.ts,
      source_metadata: [{ event_id: e.events()[0]!.eventId, metadata: { channel: "chat" } }]
    })
    expect(results[0]!.metadata.source_events).toBeUndefined()
  })

  it("at threshold 0 ranks memories sharing no word below every match, with small positive scores", async () => {
    const e = await seeded()
    // Like the service's embedding similarity: no score is 0, so the limit best in scope come back.
    const none = await search(e, { query: "unrelated zebra" })
    expect(none).toHaveLength(6)
    for (const [i, r] of none.entries()) {
      expect(r.score).toBeGreaterThan(0)
      expect(r.score).toBeLessThan(Emulator.matchFloor)
      if (i > 0) expect(r.score).toBeLessThanOrEqual(none[i - 1]!.score)
    }
    expect(await search(e, { query: "unrelated zebra", limit: 2 })).toEqual(
      none.slice(0, 2).map((r) => ({ ...r, metadata: { ...r.metadata, strength: 1.2 } }))
    )
    expect(await matches(e, { query: "unrelated zebra" })).toEqual([])

    // Matches first, every one above every other memory in scope.
    const mixed = await search(e, { query: "dark mode", actor_id: "u1" })
    const [hits, rest] = [mixed.filter((r) => r.score >= Emulator.matchFloor), mixed.slice(2)]
    expect(contents(hits)).toEqual(contents(mixed.slice(0, 2)))
    expect(Math.min(...hits.map((r) => r.score))).toBeGreaterThan(Math.max(...rest.map((r) => r.score)))

    // Below the matches, the memories whose words look most like the query's come first.
    const nearMiss = await search(e, { query: "chocolatier", actor_id: "u1" })
    expect(nearMiss[0]!.content).toBe("Dark chocolate is my favourite snack")
    expect(nearMiss[0]!.score).toBeLessThan(Emulator.matchFloor)
    expect(nearMiss[0]!.score).toBeGreaterThan(nearMiss[1]!.score)
  })

  it("scores and orders the same memories the same way on every emulator", async () => {
    const [a, b] = [await seeded(), await seeded()]
    const ranked = async (e: Emulator.Emulator) =>
      (await search(e, { query: "broken editors snack" })).map((r) => [r.content, r.score])
    expect(await ranked(a)).toEqual(await ranked(b))
    expect(await ranked(a)).toEqual(await ranked(a))
  })

  it("drops results under the threshold and truncates to limit; limit outside 1–100 is 422", async () => {
    const e = await seeded()
    const all = await search(e, { query: "dark mode", actor_id: "u1" })
    expect(all).toHaveLength(3)
    const cut = (all[0]!.score + all[1]!.score) / 2
    expect(
      (await search(e, { query: "dark mode", actor_id: "u1", threshold: cut })).map((r) => r.id)
    ).toEqual([all[0]!.id])
    expect(await search(e, { query: "dark mode", actor_id: "u1", limit: 1 })).toHaveLength(1)
    for (const limit of [0, 101, "ten"]) {
      const r = await post(e, "/v1/search", { query: "dark", limit })
      expect(r.status).toBe(422)
      expect(r.body.detail[0].loc).toEqual(["body", "limit"])
    }
    expect((await post(e, "/v1/search", { limit: 5 })).body.detail[0]).toMatchObject({
      loc: ["body", "query"],
      type: "missing"
    })
  })

  it("scopes to the actor when given, searches org-wide when omitted, never crosses orgs", async () => {
    const e = await seeded()
    const actors = (results: ReadonlyArray<Result>) => results.map((r) => r.metadata.actor_id)
    // Every memory in scope comes back at threshold 0: u1's own, never the matching one of u2.
    expect(actors(await search(e, { query: "billing service", actor_id: "u1" }))).toEqual(["u1", "u1", "u1"])
    expect(await matches(e, { query: "billing service", actor_id: "u1" })).toEqual([])
    const orgWide = await search(e, { query: "billing service" })
    expect(actors(orgWide)).toHaveLength(6)
    expect(actors(orgWide)[0]).toBe("u2")
    expect(actors(await matches(e, { query: "billing service" }))).toEqual(["u2"])
    const stranger = e.addKey({ orgId: "org_other" })
    expect(await search(e, { query: "billing service" }, stranger)).toEqual([])
  })

  it("makes role- and team-scoped memories eligible when their ids are passed", async () => {
    const e = await seeded()
    expect(await matches(e, { query: "runbooks wiki", actor_id: "u1" })).toEqual([])
    const viaRole = await matches(e, { query: "runbooks wiki", actor_id: "u1", role_ids: ["role_sre"] })
    expect(viaRole.map((r) => r.metadata.scope)).toEqual([
      { level: "role", actor_id: "u3", role_id: "role_sre", team_id: null }
    ])
    expect(await matches(e, { query: "runbooks wiki", actor_id: "u1", role_ids: ["role_other"] })).toEqual([])
    expect(await matches(e, { query: "quarterly goals", actor_id: "u1", role_ids: ["role_sre"] })).toEqual([])
    expect(
      await matches(e, { query: "quarterly goals", actor_id: "u1", team_ids: ["team_growth"] })
    ).toHaveLength(1)
    // Actor-scope memories of another actor never come in through a role, even at threshold 0.
    const widened = await search(e, {
      query: "billing",
      actor_id: "u1",
      role_ids: ["role_sre"],
      team_ids: ["team_growth"]
    })
    expect(widened.map((r) => r.metadata.scope)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: "role" }),
        expect.objectContaining({ level: "team" })
      ])
    )
    expect(widened).toHaveLength(5)
    expect(contents(widened)).not.toContain("We deploy the billing service every Friday")
  })

  it("searches only active memories of completed events", async () => {
    const { emulator: e, advance } = clocked({ processingDelay: 1000 })
    await ingest(e, [{ content: "Tabs over spaces, always" }])
    expect(await search(e, { query: "tabs spaces" })).toEqual([])
    advance(1000)
    const [hit] = await search(e, { query: "tabs spaces" })
    expect(hit).toBeDefined()
    e.setMemoryStatus(hit!.id, "archived")
    expect(await search(e, { query: "tabs spaces" })).toEqual([])
  })

  it("includes source events on request, and at most 5 source_metadata entries", async () => {
    const { emulator: e, advance } = clocked({ processingDelay: 0 })
    // Restating the same fact in 7 sessions reinforces one memory with 7 source events.
    for (let i = 0; i < 7; i++) {
      await ingest(e, [
        {
          content: "My timezone is Europe/Berlin",
          session_id: `s${i}`,
          metadata: i === 1 ? "plain" : `{"n":${i}}`
        }
      ])
      advance(1000)
    }
    expect(e.memories()).toHaveLength(1)
    const [hit] = await search(e, { query: "timezone", include_source_events: true })
    const ids = e.events().map((x) => x.eventId)
    expect(hit!.metadata.source_event_ids).toEqual(ids)
    expect(hit!.metadata.source_events).toEqual(
      e.events().map((x) => ({ event_id: x.eventId, kind: "user_message", content: x.content, ts: x.ts }))
    )
    expect(hit!.metadata.source_metadata).toEqual([
      { event_id: ids[0], metadata: { n: 0 } },
      { event_id: ids[1], raw: "plain" },
      { event_id: ids[2], metadata: { n: 2 } },
      { event_id: ids[3], metadata: { n: 3 } },
      { event_id: ids[4], metadata: { n: 4 } }
    ])
  })

  it("reinforces strength by 0.1 per hit up to 5.0, counting recalls", async () => {
    const { emulator: e, advance, now } = clocked({ processingDelay: 0, rateLimit: false })
    await ingest(e, [
      { content: "Prefers green tea in the morning" },
      { content: "Unrelated note about cars" }
    ])
    const strengths: Array<number> = []
    for (let i = 0; i < 45; i++) {
      advance(10)
      // Only the matching memory is a hit here; a threshold keeps the other out.
      strengths.push((await matches(e, { query: "green tea" }))[0]!.metadata.strength)
    }
    expect(strengths.slice(0, 3)).toEqual([1.1, 1.2, 1.3])
    expect(strengths[39]).toBe(5)
    expect(strengths[44]).toBe(5)
    const [tea, cars] = e.memories()
    expect(tea).toMatchObject({
      strength: 5,
      recallCount: 45,
      lastRecalledAt: new Date(now()).toISOString().replace(".000Z", "Z")
    })
    expect(cars).toMatchObject({ strength: 1, recallCount: 0, lastRecalledAt: null })
    const item = await get(e, `/v1/console/memories/${tea!.memoryId}`)
    expect(item.body).toMatchObject({ strength: 5, recall_count: 45 })
  })
})
