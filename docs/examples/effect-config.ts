import { MemsyClient, MemsyControlClient } from "@memsy/effect"
import { ConfigProvider, Console, Effect, Layer } from "effect"

// Both clients from configuration; the other options are given here.
const Memsy = Layer.mergeAll(
  MemsyClient.layerConfig({ timeout: "10 seconds", maxRetries: 5 }),
  MemsyControlClient.layerConfig()
)

const program = Effect.gen(function* () {
  const me = yield* (yield* MemsyControlClient.MemsyControlClient).me()
  const health = yield* (yield* MemsyClient.MemsyClient).health()
  yield* Console.log(`configured: ${health.status}, org ${me.orgId}`)
})

// The environment, through Effect's default ConfigProvider.
await Effect.runPromise(program.pipe(Effect.provide(Memsy)))

// Any other provider (a secrets store, a map in a test): a missing value fails when the layer is
// built, as a ConfigError, before any call is made.
const incomplete = ConfigProvider.fromMap(new Map([["MEMSY_BASE_URL", "https://api.memsy.io/v1"]]))
await Effect.runPromise(
  program.pipe(
    Effect.provide(Memsy),
    Effect.withConfigProvider(incomplete),
    Effect.catchAll((error) => Console.log(`not configured: ${error}`))
  )
)
