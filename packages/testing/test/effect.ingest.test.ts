/**
 * `ingest`, `status`, `health` (both planes) and `clear`, through the Effect SDK against the emulator.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Events } from "@memsy/effect"
import { Emulator } from "@memsy/testing"
import { Effect, TestClock } from "effect"
import { calls, clientsFor, event, expectTag, iso, T0, withEmulator } from "./effect.helpers.js"

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

describe("ingest", () => {
  it.effect("returns one id per event, in order, and stores each event as sent", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        const result = yield* memsy.ingest([
          event("I prefer dark mode", { metadata: { channel: "chat" } }),
          event("Deploy finished", { kind: "tool_result", sessionId: "s2", metadata: "not json" }),
          event("We chose Kafka", {
            actorId: "u2",
            kind: "assistant_message",
            roleId: "role_eng",
            teamId: "team_core",
            ts: new Date(Date.UTC(2026, 0, 1))
          })
        ])
        assert.strictEqual(result.eventIds.length, 3)
        for (const id of result.eventIds) assert.match(id, ULID)
        assert.strictEqual(new Set(result.eventIds).size, 3)

        const stored = emulator.events()
        assert.deepStrictEqual(
          stored.map((e) => e.eventId),
          [...result.eventIds]
        )
        assert.deepStrictEqual(
          stored.map((e) => [e.actorId, e.sessionId, e.kind, e.content]),
          [
            ["u1", "s1", "user_message", "I prefer dark mode"],
            ["u1", "s2", "tool_result", "Deploy finished"],
            ["u2", "s1", "assistant_message", "We chose Kafka"]
          ]
        )
        // An object is sent as JSON text and parsed back; text that is not JSON is kept as `raw`.
        assert.deepStrictEqual(stored[0]?.metadata, { channel: "chat" })
        assert.deepStrictEqual(stored[1]?.metadata, { raw: "not json" })
        assert.isNull(stored[2]?.metadata)
        // `ts` defaults to the ingestion time (the test clock); a Date goes out as ISO text.
        assert.strictEqual(stored[0]?.ts, iso(T0))
        assert.strictEqual(stored[2]?.ts, "2026-01-01T00:00:00Z")
        assert.deepStrictEqual([stored[2]?.roleId, stored[2]?.teamId], ["role_eng", "team_core"])
        assert.deepStrictEqual([stored[0]?.roleId, stored[0]?.teamId], [null, null])
        assert.isTrue(stored.every((e) => e.status === "pending" && e.ingestedAt === iso(T0)))

        // Usage and rate-limit headers, decoded.
        assert.strictEqual(result.usage?.plan, "pro")
        assert.strictEqual(result.usage?.eventsIngested, 3)
        assert.strictEqual(result.usage?.eventsIngestedLimit, Emulator.tiers.pro.quotas.events_ingested)
        assert.strictEqual(result.usage?.apiCalls, 1)
        assert.deepStrictEqual(
          { ...result.rateLimit },
          { limit: 600, remaining: 599, reset: Math.ceil((T0 + 60_000) / 1000) }
        )
      })
    )
  )

  it.effect("eventId is an idempotency key: a repeat, even much later and changed, keeps the stored id", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        const first = yield* memsy.ingest([event("I like tea", { eventId: "ev_client_1" })])
        assert.deepStrictEqual(first.eventIds, ["ev_client_1"])
        yield* TestClock.adjust("10 minutes")
        const again = yield* memsy.ingest([
          event("I like coffee instead", { eventId: "ev_client_1" }),
          event("Something new", { eventId: "ev_client_2" }),
          event("Same id twice in one batch", { eventId: "ev_client_2" })
        ])
        assert.deepStrictEqual(again.eventIds, ["ev_client_1", "ev_client_2", "ev_client_2"])
        assert.deepStrictEqual(
          emulator.events().map((e) => [e.eventId, e.content]),
          [
            ["ev_client_1", "I like tea"],
            ["ev_client_2", "Something new"]
          ]
        )
        assert.strictEqual(again.usage?.eventsIngested, 2)
      })
    )
  )

  it.effect("identical events are deduplicated for 60 s by the clock, and stored again after", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        const same = event("I prefer dark mode")
        const both = (yield* memsy.ingest([same, same])).eventIds
        // A repeat inside one batch carries the first one's id.
        assert.strictEqual(both[1], both[0])
        const original = both[0]!
        assert.strictEqual(emulator.events().length, 1)
        yield* TestClock.adjust("59999 millis")
        assert.deepStrictEqual((yield* memsy.ingest([same])).eventIds, [original])
        // Another session (or actor, kind, content) is another event.
        const otherSession = (yield* memsy.ingest([{ ...same, sessionId: "s2" }])).eventIds[0]
        assert.notStrictEqual(otherSession, original)
        assert.strictEqual(emulator.events().length, 2)

        // The window counts from the first storage: at exactly 60 s the repeat is a new event.
        yield* TestClock.adjust("1 millis")
        const later = (yield* memsy.ingest([same])).eventIds[0]!
        assert.notStrictEqual(later, original)
        assert.strictEqual(emulator.events().length, 3)
        // …which opens a window of its own.
        yield* TestClock.adjust("30 seconds")
        assert.deepStrictEqual((yield* memsy.ingest([same])).eventIds, [later])
        assert.strictEqual(emulator.events().length, 3)
      })
    )
  )

  it.effect("the SDK rejects invalid input before sending: nothing reaches the emulator", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        const rejected = (events: ReadonlyArray<Events.EventPayload>) =>
          Effect.map(Effect.flip(memsy.ingest(events)), (e) => expectTag(e, "MemsyValidationError"))
        const cases: ReadonlyArray<readonly [ReadonlyArray<Events.EventPayload>, string]> = [
          [[], "at least one event"],
          [[event("   ")], "content"],
          [[event("x".repeat(8000))], "content"],
          [[event("hi", { actorId: "" })], "actorId"],
          [[event("hi", { sessionId: "s".repeat(257) })], "sessionId"],
          [[event("hi", { kind: "system" as Events.EventKind })], "kind"],
          [[event("hi", { ts: "not a date" })], "ts"],
          [[event("hi", { ts: new Date(Number.NaN) })], "ts"],
          [[event("hi", { metadata: { blob: "x".repeat(5000) } })], "metadata"],
          [[event("fine"), event("hi", { eventId: " " })], "[1].eventId"]
        ]
        for (const [events, field] of cases) {
          const error = yield* rejected(events)
          assert.strictEqual(error.operation, "ingest")
          assert.include(error.detail, field)
        }
        // Over 500 ids is no error: `status` splits the list (effect.capabilities.test.ts).
        const status = [[], ["ok", ""]] as const
        for (const ids of status) {
          const error = expectTag(yield* Effect.flip(memsy.status(ids)), "MemsyValidationError")
          assert.strictEqual(error.operation, "status")
        }
        const clear = expectTag(yield* Effect.flip(memsy.clear("  ")), "MemsyValidationError")
        assert.strictEqual(clear.operation, "clear")
        assert.deepStrictEqual(emulator.requests(), [])
      })
    )
  )

  it.effect(
    "what the SDK lets through, the emulator still validates: a 422 MemsyAPIError, nothing stored",
    () =>
      withEmulator(({ memsy, emulator }) =>
        Effect.gen(function* () {
          // The SDK sets no batch cap; the emulator takes at most 1000 events a call.
          const many = Array.from({ length: 1001 }, (_, i) => event(`event number ${i}`))
          const tooMany = expectTag(yield* Effect.flip(memsy.ingest(many)), "MemsyAPIError")
          assert.strictEqual(tooMany.statusCode, 422)
          assert.include(tooMany.detail, "too_long")
          assert.strictEqual(emulator.events().length, 0)
          assert.deepStrictEqual(
            emulator.requests().map((r) => r.status),
            [422]
          )
        })
      )
  )

  it.effect("a read-only key cannot ingest: AuthorizationError naming the write scope", () =>
    withEmulator(({ emulator }) =>
      Effect.gen(function* () {
        const reader = yield* clientsFor(emulator, emulator.addKey({ scopes: ["read"] }))
        const error = expectTag(
          yield* Effect.flip(reader.memsy.ingest([event("hello there")])),
          "AuthorizationError"
        )
        assert.strictEqual(error.statusCode, 403)
        assert.strictEqual(error.errorCode, "insufficient_scope")
        assert.strictEqual(error.requiredScope, "write")
        assert.strictEqual(emulator.events().length, 0)
      })
    )
  )
})

describe("status", () => {
  it.effect("pending until processingDelay has passed by the clock, then completed or failed", () =>
    withEmulator(
      ({ memsy, emulator }) =>
        Effect.gen(function* () {
          const { eventIds } = yield* memsy.ingest([
            event("I prefer dark mode in every editor"),
            event(`Please ${Emulator.failMarker.toUpperCase()} this one`),
            event("ok"),
            event("We decided to ship on Fridays")
          ])
          const [good, marked, tooShort, decided] = eventIds as [string, string, string, string]
          const pending = yield* memsy.status(eventIds)
          assert.deepStrictEqual(pending.pendingIds, [...eventIds])
          assert.deepStrictEqual([pending.completedIds, pending.failedIds, pending.unknownIds], [[], [], []])
          assert.strictEqual(pending.total, 4)
          assert.isTrue(Object.values(pending.statuses ?? {}).every((s) => s === "pending"))

          yield* TestClock.adjust("4999 millis")
          assert.strictEqual((yield* memsy.status(eventIds)).pendingIds.length, 4)
          assert.strictEqual(emulator.memories().length, 0)

          yield* TestClock.adjust("1 millis")
          const done = yield* memsy.status([...eventIds, "01UNKNOWN0000000000000000X", good])
          assert.deepStrictEqual(done.completedIds, [good, decided])
          assert.deepStrictEqual(done.failedIds, [marked, tooShort])
          assert.deepStrictEqual(done.pendingIds, [])
          assert.deepStrictEqual(done.unknownIds, ["01UNKNOWN0000000000000000X"])
          // Ids are counted once, unknown ones included.
          assert.strictEqual(done.total, 5)
          assert.deepStrictEqual(done.statuses, {
            [good]: "completed",
            [marked]: "failed",
            [tooShort]: "failed",
            [decided]: "completed",
            "01UNKNOWN0000000000000000X": "unknown"
          })
          assert.strictEqual(done.usage?.plan, "pro")
          assert.isDefined(done.rateLimit?.remaining)
          // Only completed events became memories.
          assert.sameMembers(
            emulator.memories().flatMap((m) => m.sourceEventIds),
            [good, decided]
          )
        }),
      { processingDelay: 5000 }
    )
  )

  it.effect("ids of another org are unknown", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        const { eventIds } = yield* memsy.ingest([event("I like tea")])
        const other = yield* clientsFor(emulator, emulator.addKey({ orgId: "org_other" }))
        const seen = yield* other.memsy.status(eventIds)
        assert.deepStrictEqual(seen.unknownIds, [...eventIds])
        assert.deepStrictEqual(seen.statuses, { [eventIds[0]!]: "unknown" })
      })
    )
  )
})

describe("health", () => {
  it.effect("both planes answer ok; only the data plane carries usage headers and is metered", () =>
    withEmulator(({ memsy, control }) =>
      Effect.gen(function* () {
        const data = yield* memsy.health()
        assert.strictEqual(data.status, "ok")
        assert.strictEqual(data.version, "0.1.0-emulator")
        assert.isTrue(data.billingEnabled)
        assert.deepStrictEqual(data.components, { async_memsy: "ok", sync_memsy: "ok" })
        assert.strictEqual(data.usage?.plan, "pro")
        assert.strictEqual(data.usage?.apiCalls, 1)
        assert.strictEqual(data.rateLimit?.limit, 600)

        const api = yield* control.health()
        assert.strictEqual(api.status, "ok")
        assert.isTrue(api.billingEnabled)
        assert.deepStrictEqual(api.components, { database: "ok", billing: "ok", auth: "ok" })
        assert.isUndefined(api.usage)
        // Rate limited per key across both planes, but control calls are not metered as api_calls.
        assert.deepStrictEqual([api.rateLimit?.limit, api.rateLimit?.remaining], [600, 598])
        assert.strictEqual((yield* memsy.health()).usage?.apiCalls, 2)
      })
    )
  )

  it.effect("a free key sees billing disabled and the free plan's limits", () =>
    withEmulator(({ emulator }) =>
      Effect.gen(function* () {
        const free = yield* clientsFor(emulator, emulator.addKey({ tier: "free", orgId: "org_free" }))
        const data = yield* free.memsy.health()
        assert.isFalse(data.billingEnabled)
        assert.strictEqual(data.usage?.plan, "free")
        assert.strictEqual(data.usage?.searchQueriesLimit, Emulator.tiers.free.quotas.search_queries)
        assert.isFalse((yield* free.control.health()).billingEnabled)
      })
    )
  )

  it.effect("a revoked or unknown key gets AuthenticationError on both planes", () =>
    withEmulator(({ emulator }) =>
      Effect.gen(function* () {
        const raw = emulator.addKey()
        const clients = yield* clientsFor(emulator, raw)
        assert.strictEqual((yield* clients.memsy.health()).status, "ok")
        emulator.revokeKey(raw)
        for (const call of calls([clients.memsy.health(), clients.control.health()])) {
          const error = expectTag(yield* Effect.flip(call), "AuthenticationError")
          assert.strictEqual(error.statusCode, 401)
          assert.strictEqual(error.errorCode, "unauthorized")
        }
        const stranger = yield* clientsFor(emulator, "msy_ffffffffffffffffffffffffffffffff")
        expectTag(yield* Effect.flip(stranger.memsy.health()), "AuthenticationError")
      })
    )
  )
})

describe("clear", () => {
  it.effect("deletes a session's events and the memories only they support, and counts them", () =>
    withEmulator(
      ({ memsy, control, emulator }) =>
        Effect.gen(function* () {
          const s1 = yield* memsy.ingest([event("I prefer dark mode"), event("We chose Kafka for events")])
          const s2 = yield* memsy.ingest([
            event("I prefer dark mode", { sessionId: "s2" }),
            event("I like green tea", { sessionId: "s2" })
          ])
          yield* TestClock.adjust("1 second")
          assert.strictEqual((yield* memsy.memories.list()).total, 3)

          const cleared = yield* memsy.clear("s1")
          // Two events, and the Kafka memory; the dark-mode memory keeps its s2 source.
          assert.strictEqual(cleared.deleted, 3)
          assert.strictEqual(cleared.usage?.plan, "pro")
          const left = yield* memsy.memories.list()
          // Both observed at T0: their order is the random memory ids'.
          assert.sameDeepMembers(
            left.items.map((m) => [m.text, m.sourceEventIds]),
            [
              ["I prefer dark mode", [s2.eventIds[0]!]],
              ["I like green tea", [s2.eventIds[1]!]]
            ]
          )
          assert.deepStrictEqual((yield* memsy.status(s1.eventIds)).unknownIds, [...s1.eventIds])
          assert.deepStrictEqual(
            (yield* memsy.search("Kafka", { threshold: Emulator.matchFloor })).results,
            []
          )
          const events = yield* control.events.list({ sort: "ts_asc" })
          assert.deepStrictEqual(
            events.items.map((e) => e.eventId),
            [...s2.eventIds]
          )
          // The dedup window forgets cleared events: the same event is stored afresh.
          const again = yield* memsy.ingest([event("We chose Kafka for events")])
          assert.notStrictEqual(again.eventIds[0], s1.eventIds[1])

          assert.strictEqual((yield* memsy.clear("no-such-session")).deleted, 0)
          assert.strictEqual(emulator.events().length, 3)
        }),
      { processingDelay: 1000 }
    )
  )

  it.effect("is scoped to the key's org and needs the write scope", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        yield* memsy.ingest([event("I like tea")])
        const other = yield* clientsFor(emulator, emulator.addKey({ orgId: "org_other" }))
        assert.strictEqual((yield* other.memsy.clear("s1")).deleted, 0)
        const reader = yield* clientsFor(emulator, emulator.addKey({ scopes: ["read"] }))
        const error = expectTag(yield* Effect.flip(reader.memsy.clear("s1")), "AuthorizationError")
        assert.strictEqual(error.requiredScope, "write")
        assert.strictEqual(emulator.events().length, 1)
      })
    )
  )
})
