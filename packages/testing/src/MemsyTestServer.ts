/**
 * `MemsyTest.layer` over real HTTP: the emulator served on 127.0.0.1 (node:http) for the life of the
 * layer, both clients on the default transport (Node's http on Node), sockets included.
 *
 * @since 0.2.0
 */
import type { MemsyClient, MemsyControlClient } from "@memsy/effect"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Emulator from "./Emulator.js"
import * as EmulatorServer from "./EmulatorServer.js"
import * as Clients from "./internal/clients.js"
import { MemsyEmulator, type Options } from "./MemsyTest.js"

/**
 * Both clients over a fresh emulator served on 127.0.0.1, plus `MemsyTest.MemsyEmulator`; the options
 * are `MemsyTest.layer`'s.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { MemsyTestServer } from "@memsy/testing/node"
 * import { Effect } from "effect"
 *
 * // The same test as over MemsyTest.layer, with real sockets and the default transport.
 * const program = Effect.gen(function* () {
 *   const memsy = yield* MemsyClient.MemsyClient
 *   return yield* memsy.health()
 * })
 *
 * Effect.runPromise(program.pipe(Effect.provide(MemsyTestServer.layer()))).then(console.log)
 * ```
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<MemsyClient.MemsyClient | MemsyControlClient.MemsyControlClient | MemsyEmulator> =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const emulator = Emulator.make(options)
      const server = yield* Effect.acquireRelease(
        Effect.promise(() => EmulatorServer.serve({ emulator })),
        (server) => Effect.promise(() => server.close())
      )
      return Clients.layer({ baseUrl: server.dataUrl, apiKey: emulator.apiKey }, options.client).pipe(
        Layer.merge(Layer.succeed(MemsyEmulator, emulator))
      )
    })
  )
