import { assert, describe, it } from "@effect/vitest"
import { HttpClient } from "@effect/platform"
import { MemsyClient, MemsyControlClient, Transport } from "@memsy/effect"
import { MemsyTest } from "@memsy/testing"
import { MemsyTestServer } from "@memsy/testing/node"
import { Context, Effect, Layer, TestClock } from "effect"

const conversation = [
  { kind: "user_message", content: "I prefer dark mode in all my apps" },
  { kind: "assistant_message", content: "Noted, dark mode everywhere." },
  { kind: "user_message", content: "We decided to deploy the billing service on Fridays" }
] as const

const events = (actorId: string) =>
  conversation.map((e) => ({ ...e, actorId, sessionId: "s1", metadata: { channel: "chat" } }))

/** The same end-to-end scenarios, run over both exposures of the emulator. */
const transports: ReadonlyArray<readonly [string, typeof MemsyTest.layer]> = [
  ["in-process (socketless)", MemsyTest.layer],
  ["127.0.0.1 (real fetch and node:http)", MemsyTestServer.layer]
]

for (const [name, layer] of transports) {
  describe(`end to end, ${name}`, () => {
    const run = <A, E>(effect: Effect.Effect<A, E, Layer.Layer.Success<ReturnType<typeof layer>>>) =>
      effect.pipe(Effect.provide(layer({ processingDelay: 0 })))

    it.live("ingest, process, search, browse", () =>
      run(
        Effect.gen(function* () {
          const memsy = yield* MemsyClient.MemsyClient
          const control = yield* MemsyControlClient.MemsyControlClient
          const emulator = yield* MemsyTest.MemsyEmulator

          const health = yield* memsy.health()
          assert.strictEqual(health.status, "ok")

          const { eventIds, usage } = yield* memsy.ingest(events("u1"))
          assert.strictEqual(eventIds.length, 3)
          assert.strictEqual(new Set(eventIds).size, 3)
          assert.isDefined(usage?.eventsIngested)

          emulator.processAll()
          const status = yield* memsy.status([...eventIds, "01UNKNOWN0000000000000000"])
          assert.sameMembers([...status.completedIds], [...eventIds])
          assert.deepStrictEqual(status.pendingIds, [])
          assert.deepStrictEqual(status.unknownIds, ["01UNKNOWN0000000000000000"])

          const { results, rateLimit } = yield* memsy.search("dark mode preference", {
            actorId: "u1",
            includeSourceEvents: true
          })
          assert.isAbove(results.length, 0)
          assert.isDefined(rateLimit?.limit)
          const top = results[0]!
          assert.include(top.content.toLowerCase(), "dark mode")
          assert.isAtLeast(top.score, 0)
          assert.isAtMost(top.score, 1)
          assert.strictEqual(top.type, "preference")
          assert.strictEqual(top.sourceEvents[0]?.eventId, eventIds[0])
          assert.deepStrictEqual(top.sourceMetadata[0], {
            eventId: eventIds[0]!,
            metadata: { channel: "chat" }
          })
          for (let i = 1; i < results.length; i++) assert.isAtMost(results[i]!.score, results[i - 1]!.score)

          // Another actor's memories stay out of an actor-scoped search, but not of an org-wide one.
          yield* memsy.ingest([
            { actorId: "u2", sessionId: "s9", kind: "user_message", content: "I prefer light mode" }
          ])
          emulator.processAll()
          const scoped = yield* memsy.search("light mode", { actorId: "u1" })
          assert.isFalse(scoped.results.some((r) => r.content.includes("light")))
          const orgWide = yield* memsy.search("light mode")
          assert.isTrue(orgWide.results.some((r) => r.content.includes("light")))

          const page = yield* memsy.memories.list({ actorId: "u1", sort: "strength_desc" })
          assert.strictEqual(page.total, page.items.length)
          const item = yield* memsy.memories.get(page.items[0]!.memoryId)
          assert.strictEqual(item.memoryId, page.items[0]!.memoryId)
          const stats = yield* memsy.memories.stats()
          assert.strictEqual(stats.totalMemories, emulator.memories().length)

          const browsed = yield* control.events.list({ actorId: "u1", sort: "ts_asc" })
          assert.deepStrictEqual(
            browsed.items.map((e) => e.eventId),
            [...eventIds]
          )
          assert.deepStrictEqual(browsed.items[0]?.metadata, { channel: "chat" })

          const summary = yield* control.usage.summary()
          const used = (dimension: string) => summary.dimensions.find((d) => d.dimension === dimension)?.used
          assert.strictEqual(used("events_ingested"), 4)
          assert.strictEqual(used("search_queries"), 3)
        })
      )
    )

    it.live("onboarding records and keys round-trip", () =>
      run(
        Effect.gen(function* () {
          const memsy = yield* MemsyClient.MemsyClient
          const control = yield* MemsyControlClient.MemsyControlClient
          const { orgId } = yield* control.me()

          const org = yield* memsy.orgs.create({ orgId, name: "Acme", focus: "AI assistant context" })
          assert.isNotEmpty(org.promotionPrompt)
          const updated = yield* memsy.orgs.update(orgId, { focus: "Support" })
          assert.strictEqual(updated.focus, "Support")

          const role = yield* memsy.roles.create({ orgId, name: "Engineering", focus: "Software engineers" })
          const renamed = yield* memsy.roles.update(role.roleId, orgId, { name: "Senior Engineering" })
          assert.strictEqual(renamed.name, "Senior Engineering")
          assert.deepStrictEqual(
            (yield* memsy.roles.list(orgId)).map((r) => r.roleId),
            [role.roleId]
          )
          yield* memsy.roles.delete(role.roleId, orgId)
          const gone = yield* Effect.flip(memsy.roles.get(role.roleId, orgId))
          assert.strictEqual(gone._tag, "MemsyAPIError")
          assert.strictEqual(gone._tag === "MemsyAPIError" && gone.statusCode, 404)

          const created = yield* control.keys.create("ci", { scopes: ["read"] })
          assert.match(created.rawKey, /^msy_[0-9a-f]{32}$/)
          const listed = yield* control.keys.list()
          assert.isTrue(
            listed.keys.some((k) => k.keyId === created.keyId && created.rawKey.startsWith(k.prefix))
          )
          yield* control.keys.delete(created.keyId)
          const after = yield* control.keys.list()
          assert.isFalse(after.keys.some((k) => k.keyId === created.keyId && k.isActive))
        })
      )
    )
  })
}

describe("end to end, on the TestClock", () => {
  it.effect("events stay pending until the processing delay has passed", () =>
    Effect.gen(function* () {
      const memsy = yield* MemsyClient.MemsyClient
      const { eventIds } = yield* memsy.ingest(events("u1"))
      const before = yield* memsy.status(eventIds)
      assert.deepStrictEqual(before.pendingIds, [...eventIds])
      assert.deepStrictEqual((yield* memsy.search("dark mode", { actorId: "u1" })).results, [])

      yield* TestClock.adjust("1999 millis")
      assert.strictEqual((yield* memsy.status(eventIds)).pendingIds.length, 3)
      yield* TestClock.adjust("1 millis")
      const after = yield* memsy.status(eventIds)
      assert.sameMembers([...after.completedIds], [...eventIds])
      assert.isAbove((yield* memsy.search("dark mode", { actorId: "u1" })).results.length, 0)
    }).pipe(Effect.provide(MemsyTest.layer({ processingDelay: 2000 })))
  )

  it.effect("a rate-limited call is retried after Retry-After, by the clock", () =>
    Effect.gen(function* () {
      const memsy = yield* MemsyClient.MemsyClient
      const emulator = yield* MemsyTest.MemsyEmulator
      emulator.inject({ route: "POST /v1/search", status: 429, retryAfter: 7, times: 1 })
      const fiber = yield* Effect.fork(memsy.search("anything"))
      yield* TestClock.adjust("7 seconds")
      const response = yield* fiber.await
      assert.strictEqual(response._tag, "Success")
      const searches = emulator.requests().filter((r) => r.path === "/v1/search")
      assert.deepStrictEqual(
        searches.map((r) => r.status),
        [429, 200]
      )
    }).pipe(Effect.provide(MemsyTest.layer()))
  )

  it.effect("the whole emulator lives on test time, keys made outside a request included", () =>
    Effect.gen(function* () {
      const control = yield* MemsyControlClient.MemsyControlClient
      const emulator = yield* MemsyTest.MemsyEmulator
      yield* TestClock.adjust("90 minutes")
      emulator.addKey({ name: "added" })
      const { keys } = yield* control.keys.list()
      assert.deepStrictEqual(
        keys.map((k) => k.createdAt),
        ["1970-01-01T00:00:00Z", "1970-01-01T01:30:00Z"]
      )
    }).pipe(Effect.provide(MemsyTest.layer()))
  )

  it.effect("a wrong key is an AuthenticationError, a read-only key cannot ingest", () =>
    Effect.gen(function* () {
      const emulator = yield* MemsyTest.MemsyEmulator
      const readOnly = emulator.addKey({ scopes: ["read"] })
      const withKey = (apiKey: string) =>
        MemsyClient.make({ baseUrl: emulator.baseUrl, apiKey, maxRetries: 0 }).pipe(
          Effect.provideService(Transport.Transport, MemsyTest.transport(emulator))
        )
      const stranger = yield* withKey("msy_ffffffffffffffffffffffffffffffff")
      const denied = yield* Effect.flip(stranger.health())
      assert.strictEqual(denied._tag, "AuthenticationError")

      const reader = yield* withKey(readOnly)
      const forbidden = yield* Effect.flip(reader.ingest(events("u1")))
      assert.strictEqual(forbidden._tag, "AuthorizationError")
      assert.strictEqual(forbidden._tag === "AuthorizationError" && forbidden.requiredScope, "write")
      assert.strictEqual(emulator.events().length, 0)
    }).pipe(Effect.provide(MemsyTest.layer()))
  )

  it.effect("MemsyTest.httpClient serves a client that is given an HttpClient", () =>
    Effect.gen(function* () {
      const emulator = yield* MemsyTest.MemsyEmulator
      const memsy = yield* MemsyClient.layer({ baseUrl: emulator.baseUrl, apiKey: emulator.apiKey }).pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, MemsyTest.httpClient(emulator))),
        Layer.build,
        Effect.map((context) => Context.get(context, MemsyClient.MemsyClient))
      )
      const { eventIds } = yield* memsy.ingest(events("u1"))
      assert.deepStrictEqual(
        emulator.events().map((e) => e.eventId),
        [...eventIds]
      )
    }).pipe(Effect.scoped, Effect.provide(MemsyTest.layer()))
  )
})
