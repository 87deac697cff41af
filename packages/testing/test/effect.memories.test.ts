/**
 * Console memories through the Effect SDK: `memories.list` (every sort, every filter, paging),
 * `memories.stats` and `memories.get`.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Memories, MemsyClient } from "@memsy/effect"
import { Emulator } from "@memsy/testing"
import { Effect, TestClock } from "effect"
import { clientsFor, event, expectTag, isSortedBy, iso, T0, withEmulator } from "./effect.helpers.js"

const texts = (page: Memories.MemoryPage) => page.items.map((m) => m.text)

/**
 * Eight memories over three actors, every type and kind, processed at different times (two in one
 * batch, so created_at and observed_at tie), two of them reinforced by search.
 */
const seed = (memsy: MemsyClient.Service) =>
  Effect.gen(function* () {
    const batches: ReadonlyArray<ReadonlyArray<Parameters<typeof event>>> = [
      [["I prefer dark mode", { ts: "2026-01-01T00:00:00Z" }]],
      [["We decided to use Rust for the parser", { ts: "2026-01-05T00:00:00Z" }]],
      [["We always review code before merging", { actorId: "u2", ts: "2026-01-03T00:00:00Z" }]],
      [["Yesterday we met the Acme team", { actorId: "u2", ts: "2026-01-02T00:00:00Z" }]],
      [["How to deploy: run make deploy", { kind: "tool_result", ts: "2026-01-04T00:00:00Z" }]],
      [
        ["The office is in Berlin", { actorId: "u2", ts: "2026-01-06T00:00:00Z" }],
        ["Noted, you like tea", { kind: "assistant_message", ts: "2026-01-06T00:00:00Z" }]
      ],
      [["The Kafka cluster has three brokers", { actorId: "u3", ts: "2026-01-07T00:00:00Z" }]]
    ]
    for (const batch of batches) {
      yield* memsy.ingest(batch.map((args) => event(...args)))
      yield* TestClock.adjust("1 second")
    }
    // Hits only the memories named (the others would come back too, below the floor, at threshold 0).
    const matching = { threshold: Emulator.matchFloor }
    for (let i = 0; i < 3; i++) yield* memsy.search("dark mode", matching)
    yield* memsy.search("rust parser", matching)
    const all = yield* memsy.memories.list({ limit: 200 })
    assert.strictEqual(all.total, 8)
    const id = (text: string) => all.items.find((m) => m.text === text)!.memoryId
    return { all, id }
  })

describe("memories.list", () => {
  it.effect("sorts by every order, ties broken by memory id; observed_at_desc is the default", () =>
    withEmulator(({ memsy }) =>
      Effect.gen(function* () {
        const { all } = yield* seed(memsy)
        const byId = (m: Memories.MemoryItem) => m.memoryId
        const list = (sort: Memories.ListOptions["sort"]) =>
          Effect.map(memsy.memories.list({ sort }), (page) => page.items)

        const observedDesc = yield* list("observed_at_desc")
        assert.isTrue(isSortedBy(observedDesc, (m) => m.observedAt ?? "", byId, "desc"))
        assert.deepStrictEqual(all.items, observedDesc)

        const observedAsc = yield* list("observed_at_asc")
        assert.isTrue(isSortedBy(observedAsc, (m) => m.observedAt ?? "", byId, "asc"))
        // Same observed_at: the smaller memory id first.
        const idOf = (text: string) => observedAsc.find((m) => m.text === text)!.memoryId
        const tied = ["The office is in Berlin", "Noted, you like tea"].sort((a, b) =>
          idOf(a) < idOf(b) ? -1 : 1
        )
        assert.deepStrictEqual(
          observedAsc.map((m) => m.text),
          [
            "I prefer dark mode",
            "Yesterday we met the Acme team",
            "We always review code before merging",
            "How to deploy: run make deploy",
            "We decided to use Rust for the parser",
            ...tied,
            "The Kafka cluster has three brokers"
          ]
        )

        const strength = yield* list("strength_desc")
        assert.isTrue(isSortedBy(strength, (m) => m.strength, byId, "desc"))
        assert.deepStrictEqual(
          strength.slice(0, 2).map((m) => [m.text, m.strength]),
          [
            ["I prefer dark mode", 1.3],
            ["We decided to use Rust for the parser", 1.1]
          ]
        )
        assert.isTrue(strength.slice(2).every((m) => m.strength === 1))

        const confidence = yield* list("confidence_desc")
        assert.isTrue(isSortedBy(confidence, (m) => m.confidence, byId, "desc"))
        assert.isAbove(confidence[0]!.confidence, confidence[confidence.length - 1]!.confidence)

        const created = yield* list("created_at_desc")
        assert.isTrue(isSortedBy(created, (m) => m.createdAt ?? "", byId, "desc"))
        assert.strictEqual(created[0]?.text, "The Kafka cluster has three brokers")
        assert.strictEqual(created[0]?.createdAt, iso(T0 + 7000))
        assert.strictEqual(created[created.length - 1]?.text, "I prefer dark mode")

        for (const items of [observedAsc, strength, confidence, created]) {
          assert.sameMembers(items.map(byId), observedDesc.map(byId))
        }
      })
    )
  )

  it.effect(
    "filters by actorId, kind, type, status and text, alone and together; total counts the matches",
    () =>
      withEmulator(({ memsy, emulator }) =>
        Effect.gen(function* () {
          const { id } = yield* seed(memsy)
          const list = (options: Memories.ListOptions) =>
            memsy.memories.list({ sort: "observed_at_asc", ...options })

          const u2 = yield* list({ actorId: "u2" })
          assert.deepStrictEqual(texts(u2), [
            "Yesterday we met the Acme team",
            "We always review code before merging",
            "The office is in Berlin"
          ])
          assert.strictEqual(u2.total, 3)
          assert.isTrue(u2.items.every((m) => m.scope.actorId === "u2" && m.scope.level === "actor"))
          assert.deepStrictEqual(texts(yield* list({ kind: "episodic" })), ["Yesterday we met the Acme team"])
          assert.deepStrictEqual(texts(yield* list({ kind: "procedural" })), [
            "How to deploy: run make deploy"
          ])
          assert.strictEqual((yield* list({ kind: "semantic" })).total, 6)
          // `kind` is the memory kind: a type given as kind is refused before anything is sent.
          const sent = emulator.requests().length
          const misnamed = yield* Effect.flip(list({ kind: "fact" as "semantic" }))
          assert.strictEqual(misnamed._tag, "MemsyValidationError")
          assert.strictEqual(emulator.requests().length, sent)
          assert.deepStrictEqual(texts(yield* list({ type: "preference" })), [
            "I prefer dark mode",
            "Noted, you like tea"
          ])
          assert.deepStrictEqual(texts(yield* list({ type: "norm" })), [
            "We always review code before merging"
          ])
          assert.deepStrictEqual(texts(yield* list({ type: "decision" })), [
            "We decided to use Rust for the parser"
          ])
          assert.deepStrictEqual(texts(yield* list({ type: "event" })), ["Yesterday we met the Acme team"])
          assert.deepStrictEqual(texts(yield* list({ type: "fact" })), [
            "How to deploy: run make deploy",
            "The office is in Berlin",
            "The Kafka cluster has three brokers"
          ])
          assert.deepStrictEqual(texts(yield* list({ search: "DARK mode" })), ["I prefer dark mode"])
          assert.deepStrictEqual(texts(yield* list({ search: "the" })), [
            "Yesterday we met the Acme team",
            "We decided to use Rust for the parser",
            "The office is in Berlin",
            "The Kafka cluster has three brokers"
          ])
          assert.deepStrictEqual(
            texts(yield* list({ actorId: "u1", type: "preference", kind: "semantic", search: "tea" })),
            ["Noted, you like tea"]
          )
          assert.strictEqual((yield* list({ actorId: "nobody" })).total, 0)

          // Status: active by default; archived and decayed only when asked for.
          emulator.setMemoryStatus(id("The Kafka cluster has three brokers"), "archived")
          emulator.setMemoryStatus(id("The office is in Berlin"), "decayed")
          assert.strictEqual((yield* list({})).total, 6)
          assert.strictEqual((yield* list({ status: "active" })).total, 6)
          const archived = yield* list({ status: "archived" })
          assert.deepStrictEqual(texts(archived), ["The Kafka cluster has three brokers"])
          assert.strictEqual(archived.items[0]?.status, "archived")
          assert.deepStrictEqual(texts(yield* list({ status: "decayed", actorId: "u2" })), [
            "The office is in Berlin"
          ])
          assert.strictEqual((yield* list({ status: "archived", actorId: "u2" })).total, 0)
        })
      )
  )

  it.effect("offset paging neither repeats nor skips, in every order, ties included", () =>
    withEmulator(({ memsy }) =>
      Effect.gen(function* () {
        yield* seed(memsy)
        for (const sort of Object.values({
          a: "observed_at_desc",
          b: "observed_at_asc",
          c: "strength_desc",
          d: "confidence_desc",
          e: "created_at_desc"
        } as const)) {
          const whole = (yield* memsy.memories.list({ sort })).items.map((m) => m.memoryId)
          const paged: Array<string> = []
          for (let offset = 0; offset < 8; offset += 3) {
            const page = yield* memsy.memories.list({ sort, limit: 3, offset })
            assert.deepStrictEqual([page.total, page.limit, page.offset], [8, 3, offset])
            assert.isAtMost(page.items.length, 3)
            paged.push(...page.items.map((m) => m.memoryId))
          }
          assert.deepStrictEqual(paged, whole, sort)
          const beyond = yield* memsy.memories.list({ sort, offset: 8 })
          assert.deepStrictEqual([beyond.items.length, beyond.total], [0, 8])
        }
        const defaults = yield* memsy.memories.list()
        assert.deepStrictEqual([defaults.limit, defaults.offset], [50, 0])
        assert.isDefined(defaults.usage?.apiCalls)
      })
    )
  )

  it.effect("the SDK rejects bad options before sending", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        const bad: ReadonlyArray<Memories.ListOptions> = [
          { limit: 0 },
          { limit: 201 },
          { offset: -1 },
          { offset: 1.5 },
          { sort: "newest" as Memories.ListOptions["sort"] },
          { status: "deleted" as Memories.ListOptions["status"] },
          { actorId: " " }
        ]
        for (const options of bad) {
          const error = expectTag(yield* Effect.flip(memsy.memories.list(options)), "MemsyValidationError")
          assert.strictEqual(error.operation, "memories.list")
        }
        assert.deepStrictEqual(emulator.requests(), [])
      })
    )
  )
})

describe("memories.stats", () => {
  it.effect("agrees with what list shows, across every status", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        const { id } = yield* seed(memsy)
        emulator.setMemoryStatus(id("The Kafka cluster has three brokers"), "archived")
        const stats = yield* memsy.memories.stats()
        // The SDK types the three breakdowns as `{}` (see the report); read them as records.
        const byStatus: Readonly<Record<string, number>> = stats.byStatus
        const everything: Array<Memories.MemoryItem> = []
        for (const status of ["active", "archived", "decayed"] as const) {
          const page = yield* memsy.memories.list({ status, limit: 200 })
          everything.push(...page.items)
          assert.strictEqual(byStatus[status] ?? 0, page.total, status)
        }
        assert.strictEqual(stats.total, 8)
        assert.strictEqual(stats.totalMemories, 8)
        assert.strictEqual(stats.activeMemories, (yield* memsy.memories.list()).total)
        assert.strictEqual(stats.activeMemories, 7)

        const count = (key: (m: Memories.MemoryItem) => string) => {
          const out: Record<string, number> = {}
          for (const m of everything) out[key(m)] = (out[key(m)] ?? 0) + 1
          return out
        }
        assert.deepStrictEqual(
          stats.byType,
          count((m) => m.type)
        )
        assert.deepStrictEqual(
          stats.byKind,
          count((m) => m.kind)
        )
        assert.deepStrictEqual(stats.byType, { preference: 2, decision: 1, norm: 1, event: 1, fact: 3 })
        assert.deepStrictEqual(stats.byKind, { semantic: 6, episodic: 1, procedural: 1 })

        const mean = (f: (m: Memories.MemoryItem) => number) =>
          Math.round((everything.reduce((n, m) => n + f(m), 0) / everything.length) * 10_000) / 10_000
        assert.strictEqual(
          stats.avgStrength,
          mean((m) => m.strength)
        )
        assert.strictEqual(
          stats.avgConfidence,
          mean((m) => m.confidence)
        )
        assert.deepStrictEqual(stats.dateRange, {
          earliest: "2026-01-01T00:00:00Z",
          latest: "2026-01-07T00:00:00Z"
        })
        assert.sameDeepMembers(
          stats.topEntities.map((e) => ({ ...e })),
          ["Acme", "Rust", "Berlin", "Kafka"].map((name) => ({ name, count: 1 }))
        )
        assert.strictEqual(
          (stats.confidenceBuckets ?? []).reduce((n, b) => n + Number(b.count), 0),
          8
        )
        assert.strictEqual(stats.usage?.plan, "pro")
      })
    )
  )

  it.effect("is empty for an org without memories, and per org", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        yield* seed(memsy)
        const other = yield* clientsFor(emulator, emulator.addKey({ orgId: "org_other" }))
        const stats = yield* other.memsy.memories.stats()
        assert.deepStrictEqual(
          [stats.total, stats.activeMemories, stats.avgStrength, stats.byType, stats.topEntities],
          [0, 0, 0, {}, []]
        )
        assert.deepStrictEqual(stats.dateRange, { earliest: null, latest: null })
        assert.strictEqual((yield* other.memsy.memories.list()).total, 0)
      })
    )
  )
})

describe("memories.get", () => {
  it.effect("returns one memory by UUID, as list shows it, with response metadata", () =>
    withEmulator(({ memsy }) =>
      Effect.gen(function* () {
        const { all, id } = yield* seed(memsy)
        const memoryId = id("Yesterday we met the Acme team")
        const item = yield* memsy.memories.get(memoryId)
        const listed = all.items.find((m) => m.memoryId === memoryId)!
        const { usage, rateLimit, ...fields } = item
        assert.deepStrictEqual({ ...fields }, { ...listed })
        assert.strictEqual(usage?.plan, "pro")
        assert.isDefined(rateLimit?.remaining)
        assert.strictEqual(item.orgId, "org_emulator")
        assert.deepStrictEqual({ ...item.scope }, { level: "actor", actorId: "u2" })
        assert.deepStrictEqual([item.type, item.kind, item.memoryKind], ["event", "episodic", "episodic"])
        assert.deepStrictEqual([item.status, item.pinned, item.decayHalfLifeDays], ["active", false, 30])
        assert.deepStrictEqual(item.entityRefs, [{ name: "Acme", type: "proper_noun" }])
        assert.strictEqual(item.observedAt, "2026-01-02T00:00:00Z")
        assert.strictEqual(item.effectiveFrom, item.observedAt)
        assert.isUndefined(item.effectiveTo)
        assert.isUndefined(item.lastRecalledAt)
        assert.strictEqual(item.recallCount, 0)
        assert.strictEqual(item.sourceEventIds.length, 1)
        // Ids are case-insensitive.
        assert.strictEqual((yield* memsy.memories.get(memoryId.toUpperCase())).memoryId, memoryId)
      })
    )
  )

  it.effect("a restated fact reinforces one memory, first observed at its earliest event", () =>
    withEmulator(({ memsy }) =>
      Effect.gen(function* () {
        const [late] = (yield* memsy.ingest([event("I prefer dark mode", { ts: "2026-02-01T00:00:00Z" })]))
          .eventIds
        yield* TestClock.adjust("1 second")
        // Backfilled: an older statement of the same fact, processed later.
        const [early] = (yield* memsy.ingest([
          event("I prefer dark mode", { sessionId: "s2", ts: "2026-01-01T00:00:00Z" })
        ])).eventIds
        yield* TestClock.adjust("1 second")
        const page = yield* memsy.memories.list()
        assert.strictEqual(page.total, 1)
        const item = yield* memsy.memories.get(page.items[0]!.memoryId)
        assert.deepStrictEqual(item.sourceEventIds, [late!, early!])
        assert.strictEqual(item.observedAt, "2026-01-01T00:00:00Z")
        assert.strictEqual(item.effectiveFrom, "2026-01-01T00:00:00Z")
        assert.strictEqual(item.createdAt, iso(T0 + 1000))
        assert.strictEqual(item.updatedAt, iso(T0 + 2000))
        assert.strictEqual((yield* memsy.search("dark mode")).results[0]?.observedAt, "2026-01-01T00:00:00Z")
      })
    )
  )

  it.effect("an unknown UUID, or another org's, is a 404 MemsyAPIError", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        const { id } = yield* seed(memsy)
        const unknown = expectTag(
          yield* Effect.flip(memsy.memories.get("550e8400-e29b-41d4-a716-446655440000")),
          "MemsyAPIError"
        )
        assert.strictEqual(unknown.statusCode, 404)
        assert.strictEqual(unknown.detail, "Memory not found")
        assert.isUndefined(unknown.errorCode)
        const other = yield* clientsFor(emulator, emulator.addKey({ orgId: "org_other" }))
        const foreign = expectTag(
          yield* Effect.flip(other.memsy.memories.get(id("I prefer dark mode"))),
          "MemsyAPIError"
        )
        assert.strictEqual(foreign.statusCode, 404)
      })
    )
  )

  it.effect("a malformed id is a MemsyValidationError and never reaches the emulator", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        for (const bad of ["not-a-uuid", "", "../stats", "550e8400-e29b-41d4-a716-44665544000"]) {
          const error = expectTag(yield* Effect.flip(memsy.memories.get(bad)), "MemsyValidationError")
          assert.strictEqual(error.operation, "memories.get")
          assert.include(error.detail, "memoryId")
        }
        assert.deepStrictEqual(emulator.requests(), [])
      })
    )
  )
})
