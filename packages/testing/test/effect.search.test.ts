/**
 * `search` through the Effect SDK: ranking, threshold and limit, scoping by actor, role and team,
 * source events and metadata, reinforcement, and the typed accessors of a result.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Events, MemsyClient, Search } from "@memsy/effect"
import { Emulator } from "@memsy/testing"
import { Effect, TestClock } from "effect"
import { clientsFor, event, expectTag, iso, T0, withEmulator } from "./effect.helpers.js"

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Ingests and lets the default processing delay (1 s) pass; returns the event ids. */
const seed = (memsy: MemsyClient.Service, events: ReadonlyArray<Events.EventPayload>) =>
  Effect.gen(function* () {
    const { eventIds } = yield* memsy.ingest(events)
    yield* TestClock.adjust("1 second")
    return eventIds
  })

const contents = (results: ReadonlyArray<Search.SearchResult>) => results.map((r) => r.content)

/** Keeps only the memories sharing a word with the query (the others score below the floor). */
const matching = { threshold: Emulator.matchFloor }

describe("search", () => {
  it.effect(
    "ranks by relevance, scores in (0, 1), honours limit, and ranks memories without shared terms last",
    () =>
      withEmulator(({ memsy }) =>
        Effect.gen(function* () {
          yield* seed(memsy, [
            event("I prefer dark mode in the editor"),
            event("I prefer dark chocolate"),
            event("The editor font is large"),
            event("We chose Kafka for the event bus")
          ])
          const found = yield* memsy.search("dark mode editor")
          assert.strictEqual(found.results[0]?.content, "I prefer dark mode in the editor")
          assert.sameMembers(contents(found.results.slice(0, 3)), [
            "I prefer dark mode in the editor",
            "I prefer dark chocolate",
            "The editor font is large"
          ])
          // Sharing no word, it still comes back (threshold 0), below every match.
          assert.strictEqual(found.results[3]?.content, "We chose Kafka for the event bus")
          assert.isBelow(found.results[3]!.score, Emulator.matchFloor)
          assert.isAtLeast(found.results[2]!.score, Emulator.matchFloor)
          for (const [i, r] of found.results.entries()) {
            assert.isAbove(r.score, 0)
            assert.isBelow(r.score, 1)
            assert.match(r.id, UUID)
            if (i > 0) assert.isAtMost(r.score, found.results[i - 1]!.score)
          }
          const limited = yield* memsy.search("dark mode editor", { limit: 2 })
          assert.deepStrictEqual(
            limited.results.map((r) => r.id),
            found.results.slice(0, 2).map((r) => r.id)
          )
          const unrelated = (yield* memsy.search("quantum physics")).results
          assert.strictEqual(unrelated.length, 4)
          for (const r of unrelated) assert.isTrue(r.score > 0 && r.score < Emulator.matchFloor, `${r.score}`)
          assert.deepStrictEqual((yield* memsy.search("quantum physics", matching)).results, [])
          // Stop words and case do not matter; stems meet ("preferences" ~ "prefer").
          assert.strictEqual(
            (yield* memsy.search("THE KAFKA")).results[0]?.content,
            "We chose Kafka for the event bus"
          )
          assert.strictEqual((yield* memsy.search("preferences", matching)).results.length, 2)
        })
      )
  )

  it.effect("threshold drops results scoring below it", () =>
    withEmulator(({ memsy }) =>
      Effect.gen(function* () {
        yield* seed(memsy, [
          event("I prefer dark mode in the editor"),
          event("I prefer dark chocolate"),
          event("The editor font is large")
        ])
        const all = (yield* memsy.search("dark mode editor", { threshold: 0 })).results
        assert.strictEqual(all.length, 3)
        const cut = all[1]!.score
        const above = (yield* memsy.search("dark mode editor", { threshold: cut })).results
        assert.deepStrictEqual(
          above.map((r) => r.id),
          all.filter((r) => r.score >= cut).map((r) => r.id)
        )
        assert.isBelow(above.length, 3)
        assert.deepStrictEqual((yield* memsy.search("dark mode editor", { threshold: 1 })).results, [])
      })
    )
  )

  it.effect("only completed, active memories of the key's org are searchable", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        yield* memsy.ingest([event("I prefer dark mode")])
        assert.deepStrictEqual((yield* memsy.search("dark mode")).results, [])
        yield* TestClock.adjust("1 second")
        const [hit] = (yield* memsy.search("dark mode")).results
        assert.isDefined(hit)
        emulator.setMemoryStatus(hit!.id, "archived")
        assert.deepStrictEqual((yield* memsy.search("dark mode")).results, [])
        emulator.setMemoryStatus(hit!.id, "decayed")
        assert.deepStrictEqual((yield* memsy.search("dark mode")).results, [])
        emulator.setMemoryStatus(hit!.id, "active")
        assert.strictEqual((yield* memsy.search("dark mode")).results.length, 1)
        const other = yield* clientsFor(emulator, emulator.addKey({ orgId: "org_other" }))
        assert.deepStrictEqual((yield* other.memsy.search("dark mode")).results, [])
      })
    )
  )

  it.effect("actorId scopes to one actor; without it the search spans the org", () =>
    withEmulator(({ memsy }) =>
      Effect.gen(function* () {
        yield* seed(memsy, [
          event("I prefer dark mode"),
          event("I prefer dark roast coffee", { actorId: "u2", sessionId: "s9" })
        ])
        const mine = yield* memsy.search("dark", { actorId: "u1" })
        assert.deepStrictEqual(contents(mine.results), ["I prefer dark mode"])
        assert.strictEqual(mine.results[0]?.metadata.actorId, "u1")
        assert.deepStrictEqual(contents((yield* memsy.search("dark", { actorId: "u2" })).results), [
          "I prefer dark roast coffee"
        ])
        assert.deepStrictEqual((yield* memsy.search("dark", { actorId: "u3" })).results, [])
        assert.sameMembers(contents((yield* memsy.search("dark")).results), [
          "I prefer dark mode",
          "I prefer dark roast coffee"
        ])
      })
    )
  )

  it.effect("memories promoted to a role or team reach another actor only through roleIds / teamIds", () =>
    withEmulator(({ memsy }) =>
      Effect.gen(function* () {
        yield* seed(memsy, [
          event("Code review needs two approvals", { actorId: "u2", roleId: "role_eng" }),
          event("Standup happens at nine every morning", { actorId: "u2", teamId: "team_core" }),
          event("Incidents page the whole rota", { actorId: "u2", roleId: "role_eng", teamId: "team_ops" })
        ])
        const asU1 = (query: string, options: Omit<Search.SearchOptions, "actorId"> = {}) =>
          Effect.map(memsy.search(query, { ...options, ...matching, actorId: "u1" }), (r) =>
            contents(r.results)
          )

        assert.deepStrictEqual(yield* asU1("code review approvals"), [])
        assert.deepStrictEqual(yield* asU1("code review approvals", { roleIds: ["role_eng"] }), [
          "Code review needs two approvals"
        ])
        assert.deepStrictEqual(yield* asU1("code review approvals", { roleIds: ["role_sales"] }), [])
        assert.deepStrictEqual(yield* asU1("code review approvals", { teamIds: ["role_eng"] }), [])
        assert.deepStrictEqual(yield* asU1("standup morning", { roleIds: ["role_eng"] }), [])
        assert.deepStrictEqual(yield* asU1("standup morning", { teamIds: ["team_core", "team_x"] }), [
          "Standup happens at nine every morning"
        ])
        // With both ids on the event the memory lives at team scope: the role does not open it.
        assert.deepStrictEqual(yield* asU1("incidents rota", { roleIds: ["role_eng"] }), [])
        assert.deepStrictEqual(yield* asU1("incidents rota", { teamIds: ["team_ops"] }), [
          "Incidents page the whole rota"
        ])
        // Empty lists are not sent, and widen nothing.
        assert.deepStrictEqual(yield* asU1("code review approvals", { roleIds: [], teamIds: [] }), [])

        // The author sees them without ids, and so does an org-wide search.
        const own = yield* memsy.search("code review approvals", { ...matching, actorId: "u2" })
        assert.strictEqual(own.results.length, 1)
        assert.strictEqual((yield* memsy.search("standup morning", matching)).results.length, 1)
        // At threshold 0 every memory in scope comes back, and still only those.
        assert.deepStrictEqual(
          contents(
            (yield* memsy.search("standup morning", { actorId: "u1", roleIds: ["role_eng"] })).results
          ),
          ["Code review needs two approvals"]
        )
        const detail = yield* memsy.memories.get(own.results[0]!.id)
        assert.deepStrictEqual({ ...detail.scope }, { level: "role", actorId: "u2", roleId: "role_eng" })
      })
    )
  )

  it.effect("typed accessors read the result's metadata, agreeing with memories.get", () =>
    withEmulator(({ memsy }) =>
      Effect.gen(function* () {
        const [id] = yield* seed(memsy, [
          event("We decided to deploy with Kubernetes on Fridays", {
            ts: "2026-03-01T09:00:00Z",
            metadata: { ticket: "OPS-1" }
          })
        ])
        const { results, usage, rateLimit } = yield* memsy.search("kubernetes deploy")
        assert.strictEqual(results.length, 1)
        const r = results[0]!
        assert.strictEqual(r.content, "We decided to deploy with Kubernetes on Fridays")
        assert.strictEqual(r.type, "decision")
        assert.strictEqual(r.kind, "semantic")
        assert.strictEqual(r.title, "We decided to deploy with Kubernetes")
        assert.strictEqual(r.summary, "We decided to deploy with Kubernetes on Fridays")
        assert.strictEqual(r.tags[0], "decision")
        assert.includeMembers([...r.tags], ["deploy", "kubernetes"])
        assert.sameDeepMembers(
          r.entities.map((e) => ({ ...e })),
          [
            { name: "Kubernetes", type: "proper_noun" },
            { name: "Fridays", type: "proper_noun" }
          ]
        )
        assert.strictEqual(r.observedAt, "2026-03-01T09:00:00Z")
        assert.deepStrictEqual(r.sourceEventIds, [id!])
        assert.deepStrictEqual(r.sourceEvents, [])
        assert.deepStrictEqual(r.sourceMetadata, [{ eventId: id!, metadata: { ticket: "OPS-1" } }])
        // Reinforced by this very hit.
        assert.strictEqual(r.strength, 1.1)
        assert.isAbove(r.confidence ?? 0, 0)
        assert.isAtMost(r.confidence ?? 2, 1)

        const item = yield* memsy.memories.get(r.id)
        assert.strictEqual(item.text, r.content)
        assert.strictEqual(item.type, r.type)
        assert.strictEqual(item.kind, r.kind)
        assert.strictEqual(item.summary, r.summary)
        assert.deepStrictEqual(item.tags, r.tags)
        assert.deepStrictEqual(item.entityRefs, r.entities)
        assert.strictEqual(item.confidence, r.confidence)
        assert.strictEqual(item.strength, r.strength)
        assert.strictEqual(item.observedAt, r.observedAt)
        assert.deepStrictEqual(item.sourceEventIds, r.sourceEventIds)

        assert.strictEqual(usage?.searchQueries, 1)
        assert.strictEqual(usage?.apiCalls, 2)
        assert.strictEqual(rateLimit?.remaining, 598)
      })
    )
  )

  it.effect("includeSourceEvents lists every source; sourceMetadata holds at most 5, parsed or raw", () =>
    withEmulator(({ memsy }) =>
      Effect.gen(function* () {
        const metadata: ReadonlyArray<Events.EventPayload["metadata"]> = [
          { n: 0 },
          "plain text",
          undefined,
          "[1, 2]",
          { raw: "an object that happens to have a raw key" },
          { n: 5 },
          { n: 6 }
        ]
        // One statement from seven sessions: seven events reinforcing one memory.
        const ids = yield* seed(
          memsy,
          metadata.map((m, i) =>
            event("I prefer dark mode", {
              sessionId: `s${i}`,
              ts: iso(T0 - (7 - i) * 60_000),
              ...(m !== undefined && { metadata: m })
            })
          )
        )
        const [plain] = (yield* memsy.search("dark mode")).results
        assert.deepStrictEqual(plain?.sourceEventIds, ids)
        assert.deepStrictEqual(plain?.sourceEvents, [])
        const expected: ReadonlyArray<Search.SourceMetadata> = [
          { eventId: ids[0]!, metadata: { n: 0 } },
          { eventId: ids[1]!, raw: "plain text" },
          { eventId: ids[3]!, raw: "[1, 2]" },
          { eventId: ids[4]!, metadata: { raw: "an object that happens to have a raw key" } },
          { eventId: ids[5]!, metadata: { n: 5 } }
        ]
        assert.deepStrictEqual(plain?.sourceMetadata, expected)

        const [full] = (yield* memsy.search("dark mode", { includeSourceEvents: true })).results
        assert.deepStrictEqual(
          full?.sourceEvents.map((e) => ({ ...e })),
          ids.map((eventId, i) => ({
            eventId,
            kind: "user_message",
            content: "I prefer dark mode",
            ts: iso(T0 - (7 - i) * 60_000)
          }))
        )
        assert.strictEqual(full?.sourceMetadata.length, 5)
        // The memory was first observed at its earliest event.
        assert.strictEqual(full?.observedAt, iso(T0 - 7 * 60_000))
      })
    )
  )

  it.effect(
    "every hit reinforces the memory: strength +0.1 up to 5, recall count and time, via memories.get",
    () =>
      withEmulator(({ memsy }) =>
        Effect.gen(function* () {
          yield* seed(memsy, [event("I prefer dark mode"), event("We chose Kafka")])
          // A threshold keeps each search's hits to the memory it names.
          const search = (query: string) => memsy.search(query, matching)
          const hit = (yield* search("dark mode")).results[0]!
          const bystander = (yield* search("kafka")).results[0]!
          for (let i = 2; i <= 10; i++) yield* search("dark mode")
          let item = yield* memsy.memories.get(hit.id)
          assert.strictEqual(item.strength, 2)
          assert.strictEqual(item.recallCount, 10)
          assert.strictEqual(item.lastRecalledAt, iso(T0 + 1000))

          yield* TestClock.adjust("1 hour")
          for (let i = 11; i <= 45; i++) yield* search("dark mode")
          item = yield* memsy.memories.get(hit.id)
          assert.strictEqual(item.strength, 5)
          assert.strictEqual(item.recallCount, 45)
          assert.strictEqual(item.lastRecalledAt, iso(T0 + 1000 + 3_600_000))
          assert.strictEqual((yield* search("dark mode")).results[0]?.strength, 5)

          const untouched = yield* memsy.memories.get(bystander.id)
          assert.strictEqual(untouched.strength, 1.1)
          assert.strictEqual(untouched.recallCount, 1)
          const stats = yield* memsy.memories.stats()
          assert.strictEqual(stats.avgStrength, (5 + 1.1) / 2)
        })
      )
  )

  it.effect("the SDK rejects bad options before sending; a key without read scope is refused", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        const bad: ReadonlyArray<readonly [string, Search.SearchOptions, string]> = [
          ["  ", {}, "query"],
          ["x", { limit: 0 }, "limit"],
          ["x", { limit: 101 }, "limit"],
          ["x", { limit: 2.5 }, "limit"],
          ["x", { threshold: 1.5 }, "threshold"],
          ["x", { threshold: -0.1 }, "threshold"],
          ["x", { actorId: "" }, "actorId"],
          ["x", { roleIds: [" "] }, "roleIds"]
        ]
        for (const [query, options, field] of bad) {
          const error = expectTag(yield* Effect.flip(memsy.search(query, options)), "MemsyValidationError")
          assert.strictEqual(error.operation, "search")
          assert.include(error.detail, field)
        }
        assert.deepStrictEqual(emulator.requests(), [])

        const writer = yield* clientsFor(emulator, emulator.addKey({ scopes: ["write"] }))
        const denied = expectTag(yield* Effect.flip(writer.memsy.search("x")), "AuthorizationError")
        assert.strictEqual(denied.requiredScope, "read")
        assert.strictEqual(denied.errorCode, "insufficient_scope")
      })
    )
  )
})
