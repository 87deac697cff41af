// The test layers take the clients' options the same way, under `client`, and place the control
// client the same way: at `controlUrl` when given, else at the control URL `baseUrl` implies.
import { assert, describe, it } from "@effect/vitest"
import { MemsyClient, MemsyControlClient } from "@memsy/effect"
import { MemsyTest, MockTransport } from "@memsy/testing"
import { Effect } from "effect"

const health = MockTransport.json({ status: "ok", version: "1" })

/** Calls one endpoint of each plane over a mock and returns the URLs and keys that reached the wire. */
const wire = (options: MockTransport.Options) =>
  Effect.gen(function* () {
    const mock = yield* MockTransport.MockTransport
    yield* mock.reply("GET /health", health, health)
    yield* (yield* MemsyClient.MemsyClient).health()
    yield* (yield* MemsyControlClient.MemsyControlClient).health()
    return (yield* mock.requests).map((r) => `${r.url.href} ${r.headers.authorization}`)
  }).pipe(Effect.provide(MockTransport.layerClients(options)))

describe("MockTransport.layerClients", () => {
  it.effect("defaults: both planes of memsy.test with the default key", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* wire({}), [
        `http://memsy.test/v1/health Bearer ${MockTransport.defaults.apiKey}`,
        `http://memsy.test/api/health Bearer ${MockTransport.defaults.apiKey}`
      ])
    })
  )

  it.effect("a baseUrl moves the control client to the control URL it implies, not to the data URL", () =>
    Effect.gen(function* () {
      const key = "msy_11111111111111111111111111111111"
      assert.deepStrictEqual(yield* wire({ client: { baseUrl: "http://other.test/v1", apiKey: key } }), [
        `http://other.test/v1/health Bearer ${key}`,
        `http://other.test/api/health Bearer ${key}`
      ])
    })
  )

  it.effect("a controlUrl wins over the derived one", () =>
    Effect.gen(function* () {
      const urls = yield* wire({
        client: { baseUrl: "http://a.test/v1", controlUrl: "http://b.test/control" }
      })
      assert.deepStrictEqual(
        urls.map((u) => u.split(" ")[0]),
        ["http://a.test/v1/health", "http://b.test/control/health"]
      )
    })
  )
})

describe("MemsyTest.layer", () => {
  const both = Effect.gen(function* () {
    const emulator = yield* MemsyTest.MemsyEmulator
    const health = yield* Effect.either((yield* MemsyClient.MemsyClient).health())
    const me = yield* Effect.either((yield* MemsyControlClient.MemsyControlClient).me())
    return { emulator, health, me }
  })

  it.effect("the same client options: a baseUrl moves both clients, each to its own plane", () =>
    Effect.gen(function* () {
      const { emulator, health, me } = yield* both.pipe(
        Effect.provide(MemsyTest.layer({ client: { baseUrl: "http://elsewhere.test/v1", maxRetries: 0 } }))
      )
      assert.strictEqual(health._tag, "Right")
      // On the data URL the control call would have been a 404 of /v1/me.
      assert.strictEqual(me._tag, "Right")
      assert.deepStrictEqual(
        emulator.requests().map((r) => `${r.method} ${r.path} ${r.status}`),
        ["GET /v1/health 200", "GET /api/me 200"]
      )
    })
  )

  it.effect("the same client options: an apiKey reaches both clients", () =>
    Effect.gen(function* () {
      const { health, me } = yield* both.pipe(
        Effect.provide(MemsyTest.layer({ client: { apiKey: "msy_22222222222222222222222222222222" } }))
      )
      // The emulator knows only its own key.
      assert.deepStrictEqual(
        [health, me].map((r) => (r._tag === "Left" ? r.left._tag : "ok")),
        ["AuthenticationError", "AuthenticationError"]
      )
    })
  )
})
