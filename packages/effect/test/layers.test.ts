/**
 * Building the clients: `layerConfig` from `MEMSY_*` variables (the control URL given or derived
 * from the data URL), `layer` with a plain or `Redacted` key, and base URLs with trailing slashes.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import { MemsyClient, MemsyControlClient } from "@memsy/effect"
import { ConfigError, ConfigProvider, Effect, Layer, Redacted } from "effect"
import { MockTransport } from "./support.js"

const KEY = "msy_00112233445566778899aabbccddeeff"

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

/** Calls `health` on both clients built by `layerConfig` and returns the URLs and keys that went out. */
const sentWith = (env: Record<string, string>) =>
  Effect.gen(function* () {
    const mock = yield* MockTransport.MockTransport
    yield* mock.reply(
      "GET /health",
      MockTransport.json({ status: "ok" }),
      MockTransport.json({ status: "ok" })
    )
    yield* (yield* MemsyClient.MemsyClient).health()
    yield* (yield* MemsyControlClient.MemsyControlClient).health()
    return (yield* mock.requests).map((r) => [r.url.href, r.headers["authorization"]])
  }).pipe(
    Effect.provide(
      Layer.merge(MemsyClient.layerConfig(), MemsyControlClient.layerConfig()).pipe(
        Layer.provideMerge(MockTransport.layer)
      )
    ),
    withEnv(env)
  )

describe("layerConfig", () => {
  it.effect("reads MEMSY_BASE_URL and MEMSY_API_KEY, and derives the control URL from /v1", () =>
    Effect.gen(function* () {
      const sent = yield* sentWith({ MEMSY_BASE_URL: "https://staging.memsy.io/v1", MEMSY_API_KEY: KEY })
      assert.deepStrictEqual(sent, [
        ["https://staging.memsy.io/v1/health", `Bearer ${KEY}`],
        ["https://staging.memsy.io/api/health", `Bearer ${KEY}`]
      ])
    })
  )

  it.effect("derives the control URL from a base URL with a trailing slash", () =>
    Effect.gen(function* () {
      const sent = yield* sentWith({ MEMSY_BASE_URL: "https://api.memsy.io/v1/", MEMSY_API_KEY: KEY })
      assert.deepStrictEqual(
        sent.map(([url]) => url),
        ["https://api.memsy.io/v1/health", "https://api.memsy.io/api/health"]
      )
    })
  )

  it.effect("MEMSY_CONTROL_URL wins over the derived URL", () =>
    Effect.gen(function* () {
      const sent = yield* sentWith({
        MEMSY_BASE_URL: "https://api.memsy.io/v1",
        MEMSY_CONTROL_URL: "https://control.example.com/api",
        MEMSY_API_KEY: KEY
      })
      assert.deepStrictEqual(
        sent.map(([url]) => url),
        ["https://api.memsy.io/v1/health", "https://control.example.com/api/health"]
      )
    })
  )

  const missing: ReadonlyArray<readonly [string, string, Record<string, string>, string]> = [
    ["data", "MEMSY_API_KEY", { MEMSY_BASE_URL: "https://api.memsy.io/v1" }, "MEMSY_API_KEY"],
    ["data", "MEMSY_BASE_URL", { MEMSY_API_KEY: KEY }, "MEMSY_BASE_URL"],
    ["control", "MEMSY_API_KEY", { MEMSY_CONTROL_URL: "https://api.memsy.io/api" }, "MEMSY_API_KEY"],
    ["control", "both URLs", { MEMSY_API_KEY: KEY }, "MEMSY_BASE_URL"]
  ]

  for (const [plane, what, env, named] of missing) {
    it.effect(`the ${plane} client fails with a ConfigError when ${what} is missing`, () =>
      Effect.gen(function* () {
        const layer: Layer.Layer<never, ConfigError.ConfigError, HttpClient.HttpClient> =
          plane === "data" ? MemsyClient.layerConfig() : MemsyControlClient.layerConfig()
        const error = yield* Effect.flip(
          Effect.scoped(Layer.build(layer.pipe(Layer.provide(MockTransport.layer)))).pipe(withEnv(env))
        )
        assert.isTrue(ConfigError.isConfigError(error))
        assert.include(String(error), named)
        assert.notInclude(String(error), KEY)
      })
    )
  }

  it.effect("passes the other options through", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /search", MockTransport.json({}, { status: 429 }), MockTransport.json({}))
      const error = yield* Effect.flip((yield* MemsyClient.MemsyClient).search("q"))
      assert.strictEqual(error._tag, "RateLimitExceeded")
      assert.strictEqual((yield* mock.requests).length, 1)
    }).pipe(
      Effect.provide(
        MemsyClient.layerConfig({ maxRetries: 0 }).pipe(Layer.provideMerge(MockTransport.layer))
      ),
      withEnv({ MEMSY_BASE_URL: "https://api.memsy.io/v1", MEMSY_API_KEY: KEY })
    )
  )
})

describe("layer", () => {
  it.effect("takes the key as Redacted", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("GET /health", MockTransport.json({}))
      yield* (yield* MemsyClient.MemsyClient).health()
      const [sent] = yield* mock.requests
      assert.strictEqual(sent?.headers["authorization"], `Bearer ${KEY}`)
    }).pipe(
      Effect.provide(
        MemsyClient.layer({ baseUrl: "https://api.memsy.io/v1", apiKey: Redacted.make(KEY) }).pipe(
          Layer.provideMerge(MockTransport.layer)
        )
      )
    )
  )

  for (const baseUrl of [
    "https://api.memsy.io/v1",
    "https://api.memsy.io/v1/",
    "https://api.memsy.io/v1///"
  ]) {
    it.effect(`strips the trailing slashes of ${baseUrl}`, () =>
      Effect.gen(function* () {
        const mock = yield* MockTransport.MockTransport
        yield* mock.reply("POST /search", MockTransport.json({}))
        yield* (yield* MemsyClient.MemsyClient).search("q")
        const [sent] = yield* mock.requests
        assert.strictEqual(sent?.url.href, "https://api.memsy.io/v1/search")
      }).pipe(
        Effect.provide(
          MemsyClient.layer({ baseUrl, apiKey: KEY }).pipe(Layer.provideMerge(MockTransport.layer))
        )
      )
    )
  }

  it("controlUrlFrom replaces a trailing /v1 with /api, and nothing else", () => {
    assert.strictEqual(
      MemsyControlClient.controlUrlFrom("https://api.memsy.io/v1"),
      "https://api.memsy.io/api"
    )
    assert.strictEqual(
      MemsyControlClient.controlUrlFrom("https://staging.memsy.io/v1//"),
      "https://staging.memsy.io/api"
    )
    assert.strictEqual(MemsyControlClient.controlUrlFrom("http://localhost:8000"), "http://localhost:8000")
    assert.strictEqual(MemsyControlClient.controlUrlFrom("https://x.io/v10"), "https://x.io/v10")
    assert.strictEqual(MemsyControlClient.controlUrlFrom("https://x.io/v1/extra"), "https://x.io/v1/extra")
  })
})
