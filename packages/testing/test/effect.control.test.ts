/**
 * The control plane through the Effect SDK: `me`, `events.list`, `usage`, `billing`, `keys` and
 * `interest` (`health` is in effect.ingest.test.ts, next to the data plane's).
 */
import { assert, describe, it } from "@effect/vitest"
import type { ConsoleEvents } from "@memsy/effect"
import { Emulator } from "@memsy/testing"
import { Effect, TestClock } from "effect"
import { calls, clientsFor, event, expectTag, iso, T0, withEmulator } from "./effect.helpers.js"

describe("me", () => {
  it.effect("describes the key: org, tier, role", () =>
    withEmulator(({ control, emulator }) =>
      Effect.gen(function* () {
        const me = yield* control.me()
        assert.strictEqual(me.orgId, "org_emulator")
        assert.strictEqual(me.email, "developer@memsy.emulator")
        assert.strictEqual(me.tier, "pro")
        assert.strictEqual(me.orgRole, "org:admin")
        assert.isTrue(me.isBillingAdmin)
        assert.isFalse(me.isSuperadmin)
        assert.match(me.customerId, /^cus_/)
        assert.match(me.userId ?? "", /^user_/)
        assert.isDefined(me.rateLimit?.limit)
        assert.isUndefined(me.usage)

        const member = yield* clientsFor(
          emulator,
          emulator.addKey({ tier: "free", admin: false, orgId: "org_small", email: "ann@small.example" })
        )
        const other = yield* member.control.me()
        assert.deepStrictEqual(
          [other.orgId, other.email, other.tier, other.orgRole, other.isBillingAdmin],
          ["org_small", "ann@small.example", "free", "org:member", false]
        )
        assert.notStrictEqual(other.customerId, me.customerId)
      })
    )
  )
})

describe("events.list", () => {
  it.effect("shows what was ingested: filters, both sorts by ts, paging, metadata objects", () =>
    withEmulator(({ memsy, control, emulator }) =>
      Effect.gen(function* () {
        const first = yield* memsy.ingest([
          event("I prefer dark mode", { metadata: { channel: "chat" } }),
          event("Tool output here", { kind: "tool_result", sessionId: "s2", metadata: "plain" }),
          // Backfilled: older than everything else, it sorts first by ts.
          event("An old memory", { actorId: "u2", ts: "2025-12-31T23:00:00Z" })
        ])
        yield* TestClock.adjust("1 minute")
        const later = yield* memsy.ingest([event("A later thought", { sessionId: "s3" })])
        const [dark, tool, old] = first.eventIds as [string, string, string]
        const newest = later.eventIds[0]!

        const asc = yield* control.events.list({ sort: "ts_asc" })
        assert.deepStrictEqual(
          asc.items.map((e) => e.eventId),
          [old, dark, tool, newest]
        )
        assert.deepStrictEqual([asc.total, asc.limit, asc.offset], [4, 50, 0])
        const desc = yield* control.events.list()
        assert.deepStrictEqual(
          desc.items.map((e) => e.eventId),
          [newest, tool, dark, old]
        )
        const item = asc.items[1]!
        assert.deepStrictEqual(
          [item.orgId, item.actorId, item.sessionId, item.kind, item.content, item.ts, item.ingestedAt],
          ["org_emulator", "u1", "s1", "user_message", "I prefer dark mode", iso(T0), iso(T0)]
        )
        assert.deepStrictEqual(item.metadata, { channel: "chat" })
        assert.deepStrictEqual(asc.items[2]?.metadata, { raw: "plain" })
        assert.isUndefined(asc.items[0]?.metadata)
        assert.strictEqual(asc.items[0]?.ts, "2025-12-31T23:00:00Z")
        assert.strictEqual(asc.items[3]?.ingestedAt, iso(T0 + 60_000))

        const ids = (options: ConsoleEvents.ListOptions) =>
          Effect.map(control.events.list(options), (page) => page.items.map((e) => e.eventId))
        assert.deepStrictEqual(yield* ids({ actorId: "u2" }), [old])
        assert.deepStrictEqual(yield* ids({ sessionId: "s2" }), [tool])
        assert.deepStrictEqual(yield* ids({ kind: "tool_result" }), [tool])
        assert.deepStrictEqual(yield* ids({ actorId: "u1", sessionId: "s1", kind: "user_message" }), [dark])
        assert.deepStrictEqual(yield* ids({ kind: "app_event" }), [])

        // Paging neither repeats nor skips.
        const paged: Array<string> = []
        for (let offset = 0; offset < 4; offset += 3) {
          const page = yield* control.events.list({ sort: "ts_asc", limit: 3, offset })
          assert.deepStrictEqual([page.total, page.limit, page.offset], [4, 3, offset])
          paged.push(...page.items.map((e) => e.eventId))
        }
        assert.deepStrictEqual(paged, [old, dark, tool, newest])

        // Another org sees none of them.
        const other = yield* clientsFor(emulator, emulator.addKey({ orgId: "org_other" }))
        assert.strictEqual((yield* other.control.events.list()).total, 0)
      })
    )
  )

  it.effect("needs an assigned seat: SeatRequiredError", () =>
    withEmulator(({ emulator }) =>
      Effect.gen(function* () {
        const seatless = yield* clientsFor(emulator, emulator.addKey({ seat: false }))
        const error = expectTag(yield* Effect.flip(seatless.control.events.list()), "SeatRequiredError")
        assert.strictEqual(error.statusCode, 403)
        assert.strictEqual(error.errorCode, "seat_required")
        assert.include(error.detail, "seat")
      })
    )
  )

  it.effect("the SDK rejects bad options before sending", () =>
    withEmulator(({ control, emulator }) =>
      Effect.gen(function* () {
        const bad: ReadonlyArray<ConsoleEvents.ListOptions> = [
          { limit: 0 },
          { limit: 201 },
          { offset: -1 },
          { sort: "newest" as ConsoleEvents.ListOptions["sort"] },
          { kind: "chat" as ConsoleEvents.ListOptions["kind"] },
          { sessionId: "" }
        ]
        for (const options of bad) {
          const error = expectTag(yield* Effect.flip(control.events.list(options)), "MemsyValidationError")
          assert.strictEqual(error.operation, "events.list")
        }
        assert.deepStrictEqual(emulator.requests(), [])
      })
    )
  )
})

describe("usage", () => {
  it.effect("summary and timeseries agree with the calls made; control calls are not metered", () =>
    withEmulator(({ memsy, control }) =>
      Effect.gen(function* () {
        yield* memsy.health()
        const ingested = yield* memsy.ingest([event("I like green tea"), event("I like black coffee")])
        yield* TestClock.adjust("1 hour")
        yield* memsy.search("tea")
        yield* memsy.status(ingested.eventIds)
        yield* control.me()
        yield* TestClock.adjust("1 day")
        const last = yield* memsy.search("coffee")
        yield* control.health()

        const summary = yield* control.usage.summary()
        assert.strictEqual(summary.orgId, "org_emulator")
        assert.strictEqual(summary.tier, "pro")
        assert.strictEqual(summary.periodStart, "2026-03-01T00:00:00Z")
        assert.strictEqual(summary.periodEnd, "2026-04-01T00:00:00Z")
        const used = Object.fromEntries(summary.dimensions.map((d) => [d.dimension, d.used]))
        assert.strictEqual(used.api_calls, 5)
        assert.strictEqual(used.events_ingested, 2)
        assert.strictEqual(used.search_queries, 2)
        assert.strictEqual(used.memories_stored, 2)
        assert.isAbove(used.llm_tokens ?? 0, 0)
        for (const d of summary.dimensions) {
          assert.strictEqual(d.limit, Emulator.tiers.pro.quotas[d.dimension as Emulator.Dimension])
          assert.isAbove(d.overageRate ?? 0, 0)
        }
        // The headers of the last data-plane call said the same.
        assert.deepStrictEqual(
          [
            last.usage?.apiCalls,
            last.usage?.searchQueries,
            last.usage?.eventsIngested,
            last.usage?.llmTokens
          ],
          [used.api_calls, used.search_queries, used.events_ingested, used.llm_tokens]
        )

        const daily = yield* control.usage.timeseries()
        assert.strictEqual(daily.granularity, "daily")
        assert.strictEqual(daily.orgId, "org_emulator")
        const totals: Record<string, number> = {}
        for (const p of daily.data) totals[p.dimension] = (totals[p.dimension] ?? 0) + p.quantity
        // memories_stored is metered as memories are made; it matches the gauge while none is removed.
        assert.deepStrictEqual(totals, used)

        const calls = yield* control.usage.timeseries({ dimension: "api_calls" })
        assert.deepStrictEqual(
          calls.data.map((p) => ({ ...p })),
          [
            { date: "2026-03-15", dimension: "api_calls", quantity: 4 },
            { date: "2026-03-16", dimension: "api_calls", quantity: 1 }
          ]
        )
        const hourly = yield* control.usage.timeseries({ granularity: "hourly", dimension: "search_queries" })
        assert.deepStrictEqual(
          hourly.data.map((p) => [p.date, p.quantity]),
          [
            ["2026-03-15T13:00:00Z", 1],
            ["2026-03-16T13:00:00Z", 1]
          ]
        )
        const oneDay = yield* control.usage.timeseries({
          dimension: "api_calls",
          periodStart: "2026-03-16",
          periodEnd: "2026-03-16"
        })
        assert.deepStrictEqual(
          oneDay.data.map((p) => p.quantity),
          [1]
        )
        assert.deepStrictEqual((yield* control.usage.timeseries({ periodEnd: "2026-03-14" })).data, [])
      })
    )
  )

  it.effect("usage is per org and per calendar month", () =>
    withEmulator(({ memsy, control }) =>
      Effect.gen(function* () {
        yield* memsy.search("x")
        yield* TestClock.setTime(Date.UTC(2026, 3, 1))
        const april = yield* control.usage.summary()
        assert.strictEqual(april.periodStart, "2026-04-01T00:00:00Z")
        assert.isTrue(april.dimensions.every((d) => d.dimension === "memories_stored" || d.used === 0))
        assert.strictEqual((yield* memsy.search("y")).usage?.searchQueries, 1)
      })
    )
  )

  it.effect("needs an org admin: AuthorizationError admin_required", () =>
    withEmulator(({ emulator }) =>
      Effect.gen(function* () {
        const member = yield* clientsFor(emulator, emulator.addKey({ admin: false }))
        for (const call of calls([member.control.usage.summary(), member.control.usage.timeseries()])) {
          const error = expectTag(yield* Effect.flip(call), "AuthorizationError")
          assert.strictEqual(error.errorCode, "admin_required")
          assert.strictEqual(error.statusCode, 403)
        }
      })
    )
  )

  it.effect("the SDK rejects bad timeseries options before sending", () =>
    withEmulator(({ control, emulator }) =>
      Effect.gen(function* () {
        const bad = [
          control.usage.timeseries({ granularity: "weekly" as "daily" }),
          control.usage.timeseries({ periodStart: "March" })
        ]
        for (const call of bad) {
          assert.strictEqual(
            expectTag(yield* Effect.flip(call), "MemsyValidationError").operation,
            "usage.timeseries"
          )
        }
        assert.deepStrictEqual(emulator.requests(), [])
        // An unknown dimension is the emulator's to refuse.
        const error = expectTag(
          yield* Effect.flip(control.usage.timeseries({ dimension: "nope" })),
          "MemsyAPIError"
        )
        assert.strictEqual(error.statusCode, 422)
      })
    )
  )
})

describe("billing", () => {
  it.effect("summary and invoices of a pro org", () =>
    withEmulator(({ control, emulator }) =>
      Effect.gen(function* () {
        emulator.addKey({ email: "second@memsy.emulator" })
        emulator.addKey({ email: "seatless@memsy.emulator", seat: false })
        const summary = yield* control.billing.summary()
        assert.strictEqual(summary.tier, "pro")
        assert.deepStrictEqual(
          [summary.purchasedSeats, summary.assignedSeats, summary.availableSeats],
          [5, 2, 3]
        )
        assert.strictEqual(summary.subscriptionStatus, "active")
        assert.strictEqual(summary.billingContact, "developer@memsy.emulator")
        assert.match(summary.stripeCustomerId ?? "", /^cus_/)
        assert.match(summary.stripeSubscriptionId ?? "", /^sub_/)
        assert.deepStrictEqual(
          { ...summary.paymentMethod },
          { brand: "visa", last4: "4242", expMonth: 12, expYear: 2029 }
        )
        assert.deepStrictEqual(
          { ...summary.upcomingInvoice },
          { amountDue: 4900, currency: "usd", periodEnd: Date.UTC(2026, 3, 1) / 1000 }
        )

        const invoices = yield* control.billing.invoices()
        assert.strictEqual(invoices.length, 1)
        const invoice = invoices[0]!
        assert.deepStrictEqual(
          [invoice.amountDue, invoice.amountPaid, invoice.currency, invoice.status],
          [4900, 4900, "usd", "paid"]
        )
        assert.strictEqual(invoice.created, String(Date.UTC(2026, 2, 1) / 1000))
        assert.include(invoice.hostedInvoiceUrl ?? "", invoice.id)
      })
    )
  )

  it.effect("a free org gets BillingNotEnabledError with interestPath; a member AuthorizationError", () =>
    withEmulator(({ emulator }) =>
      Effect.gen(function* () {
        const free = yield* clientsFor(emulator, emulator.addKey({ tier: "free", orgId: "org_free" }))
        for (const call of calls([free.control.billing.summary(), free.control.billing.invoices()])) {
          const error = expectTag(yield* Effect.flip(call), "BillingNotEnabledError")
          assert.strictEqual(error.statusCode, 403)
          assert.strictEqual(error.errorCode, "billing_not_enabled")
          assert.strictEqual(error.interestPath, "/interest/pro")
        }
        const member = yield* clientsFor(emulator, emulator.addKey({ admin: false }))
        const error = expectTag(yield* Effect.flip(member.control.billing.summary()), "AuthorizationError")
        assert.strictEqual(error.errorCode, "admin_required")
      })
    )
  )
})

describe("keys", () => {
  it.effect("list, create, usage, delete; a revoked key fails its next call with AuthenticationError", () =>
    withEmulator(({ control, emulator }) =>
      Effect.gen(function* () {
        const before = yield* control.keys.list()
        assert.deepStrictEqual([before.maxKeys, before.activeCount, before.keys.length], [10, 1, 1])
        assert.isTrue(emulator.apiKey.startsWith(before.keys[0]!.prefix))

        yield* TestClock.adjust("1 minute")
        const created = yield* control.keys.create("ci", { scopes: ["read"] })
        assert.match(created.rawKey, /^msy_[0-9a-f]{32}$/)
        assert.strictEqual(created.name, "ci")
        assert.deepStrictEqual(created.scopes, ["read"])
        assert.isTrue(created.rawKey.startsWith(created.prefix))
        assert.deepStrictEqual((yield* control.keys.create("full")).scopes, ["read", "write"])

        const listed = yield* control.keys.list()
        assert.strictEqual(listed.activeCount, 3)
        const info = listed.keys.find((k) => k.keyId === created.keyId)!
        assert.deepStrictEqual(
          [info.name, info.prefix, info.isActive, info.createdAt, info.scopes, info.lastUsedAt],
          ["ci", created.prefix, true, iso(T0 + 60_000), ["read"], undefined]
        )
        // The secret is never listed again.
        assert.notInclude(JSON.stringify(listed.keys), created.rawKey)

        const ci = yield* clientsFor(emulator, created.rawKey)
        yield* ci.memsy.search("anything")
        yield* ci.memsy.health()
        const denied = expectTag(yield* Effect.flip(ci.memsy.ingest([event("hello")])), "AuthorizationError")
        assert.strictEqual(denied.requiredScope, "write")
        const usage = yield* control.keys.usage(created.keyId)
        const quantity = (dimension: string) => usage.find((r) => r.dimension === dimension)?.quantity
        assert.strictEqual(quantity("api_calls"), 3)
        assert.strictEqual(quantity("search_queries"), 1)
        assert.isTrue(usage.every((r) => r.key_id === created.keyId && r.date === "2026-03-15"))
        assert.strictEqual(
          (yield* control.keys.list()).keys.find((k) => k.keyId === created.keyId)?.lastUsedAt,
          iso(T0 + 60_000)
        )

        yield* control.keys.delete(created.keyId)
        const revoked = expectTag(yield* Effect.flip(ci.memsy.health()), "AuthenticationError")
        assert.strictEqual(revoked.statusCode, 401)
        expectTag(yield* Effect.flip(ci.control.me()), "AuthenticationError")
        const after = yield* control.keys.list()
        assert.strictEqual(after.activeCount, 2)
        assert.isFalse(after.keys.find((k) => k.keyId === created.keyId)?.isActive)

        for (const call of calls([control.keys.delete("key_nope"), control.keys.usage("key_nope")])) {
          const error = expectTag(yield* Effect.flip(call), "MemsyAPIError")
          assert.deepStrictEqual([error.statusCode, error.detail], [404, "Key not found"])
        }
      })
    )
  )

  it.effect("a key with expiresAt stops working when the clock passes it", () =>
    withEmulator(({ control, emulator }) =>
      Effect.gen(function* () {
        const created = yield* control.keys.create("temp", { expiresAt: iso(T0 + 3_600_000) })
        assert.strictEqual(
          (yield* control.keys.list()).keys.find((k) => k.keyId === created.keyId)?.expiresAt,
          iso(T0 + 3_600_000)
        )
        const temp = yield* clientsFor(emulator, created.rawKey)
        yield* TestClock.adjust("59 minutes")
        assert.strictEqual((yield* temp.memsy.health()).status, "ok")
        yield* TestClock.adjust("1 minute")
        expectTag(yield* Effect.flip(temp.memsy.health()), "AuthenticationError")
      })
    )
  )

  it.effect(
    "the tier caps active keys: KeyLimitReachedError with limit and current; revoking frees a slot",
    () =>
      withEmulator(({ control, emulator }) =>
        Effect.gen(function* () {
          for (let i = 1; i < 10; i++) yield* control.keys.create(`k${i}`)
          const error = expectTag(yield* Effect.flip(control.keys.create("k10")), "KeyLimitReachedError")
          assert.deepStrictEqual(
            [error.statusCode, error.errorCode, error.limit, error.current],
            [403, "key_limit_reached", 10, 10]
          )

          const free = yield* clientsFor(emulator, emulator.addKey({ tier: "free", orgId: "org_free" }))
          const second = yield* free.control.keys.create("second")
          assert.strictEqual((yield* free.control.keys.list()).maxKeys, 2)
          const full = expectTag(
            yield* Effect.flip(free.control.keys.create("third")),
            "KeyLimitReachedError"
          )
          assert.deepStrictEqual([full.limit, full.current], [2, 2])
          yield* free.control.keys.delete(second.keyId)
          assert.strictEqual((yield* free.control.keys.create("third")).name, "third")
        })
      )
  )

  it.effect("keys are an admin's business, and per org", () =>
    withEmulator(({ control, emulator }) =>
      Effect.gen(function* () {
        const member = yield* clientsFor(emulator, emulator.addKey({ admin: false }))
        for (const call of calls([member.control.keys.list(), member.control.keys.create("x")])) {
          assert.strictEqual(
            expectTag(yield* Effect.flip(call), "AuthorizationError").errorCode,
            "admin_required"
          )
        }
        const other = yield* clientsFor(emulator, emulator.addKey({ orgId: "org_other" }))
        const foreign = (yield* other.control.keys.list()).keys[0]!
        const error = expectTag(yield* Effect.flip(control.keys.delete(foreign.keyId)), "MemsyAPIError")
        assert.strictEqual(error.statusCode, 404)
        assert.strictEqual((yield* other.memsy.health()).status, "ok")
        const invalid = expectTag(yield* Effect.flip(control.keys.create(" ")), "MemsyValidationError")
        assert.strictEqual(invalid.operation, "keys.create")
      })
    )
  )
})

describe("interest", () => {
  it.effect("express records interest for the key's org; status reads it back", () =>
    withEmulator(({ control, emulator }) =>
      Effect.gen(function* () {
        assert.isFalse(yield* control.interest.status())
        const result = yield* control.interest.express({
          email: "ada@example.com",
          name: "Ada",
          company: "Analytical Engines",
          useCase: "Agent memory",
          notes: "Soon, please"
        })
        assert.include(result.message, "Memsy Pro")
        assert.isTrue(yield* control.interest.status())
        const other = yield* clientsFor(emulator, emulator.addKey({ orgId: "org_other", admin: false }))
        assert.isFalse(yield* other.control.interest.status())
        // Any key may express interest, admin or not.
        yield* other.control.interest.express({ email: "bob@example.com", name: "Bob" })
        assert.isTrue(yield* other.control.interest.status())

        const invalid = expectTag(
          yield* Effect.flip(control.interest.express({ email: " ", name: "Ada" })),
          "MemsyValidationError"
        )
        assert.strictEqual(invalid.operation, "interest.express")
      })
    )
  )
})
