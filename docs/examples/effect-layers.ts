import { FetchHttpClient, HttpClient } from "@effect/platform"
import { MemsyClient, MemsyControlClient, Transport } from "@memsy/effect"
import { Effect, Layer } from "effect"

// The program asks for the services; which URL, key and transport they use is the layers' business.
const program = Effect.gen(function* () {
  const memsy = yield* MemsyClient.MemsyClient
  const control = yield* MemsyControlClient.MemsyControlClient
  const { orgId } = yield* control.me()
  const { status } = yield* memsy.health()
  return `${orgId}: ${status}`
}).pipe(
  // One failure by its tag; the others stay in the error channel, typed.
  Effect.catchTag("AuthenticationError", () => Effect.succeed("check MEMSY_API_KEY"))
)

// Both clients from MEMSY_BASE_URL, MEMSY_API_KEY (and MEMSY_CONTROL_URL, or the URL it implies).
const Memsy = Layer.mergeAll(MemsyClient.layerConfig(), MemsyControlClient.layerConfig())

// 1. The SDK's own transport: HTTP/1.1 on Node's sockets with keep-alive on Node, fetch elsewhere.
console.log(`default: ${await Effect.runPromise(program.pipe(Effect.provide(Memsy)))}`)

// 2. The fetch transport, with its own fetch if need be (a proxy's, an instrumented one).
const OverFetch = Memsy.pipe(Layer.provide(Transport.layerFetch({ fetch: globalThis.fetch })))
console.log(`fetch: ${await Effect.runPromise(program.pipe(Effect.provide(OverFetch)))}`)

// 3. Any @effect/platform HttpClient, used as it is: its middleware and tracing apply.
const paths: Array<string> = []
const Logged = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(
    HttpClient.HttpClient,
    HttpClient.tapRequest((r) => Effect.sync(() => paths.push(new URL(r.url).pathname)))
  )
).pipe(Layer.provide(FetchHttpClient.layer))
const OverPlatform = Memsy.pipe(Layer.provide(Logged))
console.log(`platform: ${await Effect.runPromise(program.pipe(Effect.provide(OverPlatform)))} via ${paths}`)
