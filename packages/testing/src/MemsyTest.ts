/**
 * Effect test layers over the emulator: both clients wired to a fresh emulator through the real
 * request and response encoding, without sockets, and the emulator itself to inspect and steer.
 * Time in the emulator is the Effect clock's, so `TestClock.adjust` moves processing along.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { type MemsyClient, type MemsyControlClient, Transport } from "@memsy/effect"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { ClientOptions } from "./ClientOptions.js"
import * as Emulator from "./Emulator.js"
import * as Clients from "./internal/clients.js"
import * as MockTransport from "./MockTransport.js"

/**
 * The emulator behind the test layers, to inspect and steer it from a test.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { MemsyTest } from "@memsy/testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const emulator = yield* MemsyTest.MemsyEmulator
 *   emulator.inject({ route: "POST /v1/search", status: 429, retryAfter: 0, times: 1 })
 *   const memsy = yield* MemsyClient.MemsyClient
 *   yield* memsy.search("tea", { actorId: "u1" }) // rate limited once, retried, answered
 *   return emulator.requests().map((request) => request.status) // [429, 200]
 * })
 *
 * Effect.runPromise(program.pipe(Effect.provide(MemsyTest.layer()))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category tags
 */
export class MemsyEmulator extends Context.Tag("@memsy/testing/MemsyEmulator")<
  MemsyEmulator,
  Emulator.Emulator
>() {}

export type {
  /**
   * The clients' options in every test layer, declared in `ClientOptions`.
   *
   * @since 0.2.0
   * @category models
   */
  ClientOptions
}

/**
 * Emulator options plus the clients' options.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Emulator.Options {
  readonly client?: ClientOptions
}

/**
 * The emulator as an `@effect/platform` `HttpClient`: `transport` behind the platform's request and
 * response types, for code that provides an `HttpClient` itself.
 *
 * @example
 * ```ts
 * import { HttpClient, HttpClientRequest } from "@effect/platform"
 * import { Emulator, MemsyTest } from "@memsy/testing"
 * import { Effect } from "effect"
 *
 * const emulator = Emulator.make()
 * const program = Effect.gen(function* () {
 *   const client = yield* HttpClient.HttpClient
 *   const request = HttpClientRequest.get(`${emulator.baseUrl}/health`).pipe(
 *     HttpClientRequest.bearerToken(emulator.apiKey)
 *   )
 *   return (yield* client.execute(request)).status // 200
 * })
 *
 * Effect.runPromise(
 *   program.pipe(Effect.provideService(HttpClient.HttpClient, MemsyTest.httpClient(emulator)))
 * ).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const httpClient = (emulator: Emulator.Emulator): HttpClient.HttpClient =>
  MockTransport.httpClient(transport(emulator).send)

/**
 * The emulator as the SDK's transport, in-process, at the Effect clock's time: injected latency
 * sleeps on the Effect clock (so `TestClock` drives it, and the client's timeout with it), dropped
 * connections and damaged bodies fail as a real transport's would.
 *
 * @example
 * ```ts
 * import { MemsyClient, Transport } from "@memsy/effect"
 * import { Emulator, MemsyTest } from "@memsy/testing"
 * import { Effect } from "effect"
 *
 * // One emulator, a client for a second key of it.
 * const emulator = Emulator.make()
 * const reader = emulator.addKey({ name: "reader", scopes: ["read"] })
 * const program = Effect.gen(function* () {
 *   const memsy = yield* MemsyClient.make({ baseUrl: emulator.baseUrl, apiKey: reader })
 *   return yield* memsy.health()
 * })
 *
 * Effect.runPromise(
 *   program.pipe(Effect.provideService(Transport.Transport, MemsyTest.transport(emulator)))
 * ).then(console.log)
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const transport = (emulator: Emulator.Emulator): Transport.Service =>
  Transport.make((request) =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const outcome = yield* Effect.promise((signal) =>
        emulator.exchange(
          new Request(request.url, {
            method: request.method,
            headers: request.headers,
            body: request.body ?? null,
            signal
          }),
          now
        )
      )
      if (outcome.delay > 0) yield* Effect.sleep(outcome.delay)
      // A body-less answer (204) has nothing to damage.
      if (outcome._tag === "Drop" || (outcome._tag === "Damage" && outcome.response.body !== null)) {
        const detail =
          outcome._tag === "Drop"
            ? "connection dropped by the emulator"
            : "the emulator closed the connection before the body was complete"
        return yield* new Transport.TransportError({
          reason: "Transport",
          detail,
          cause: new TypeError(detail)
        })
      }
      const { status, headers } = outcome.response
      const text = yield* Effect.promise(() => outcome.response.text())
      return { status, headers: Object.fromEntries(headers), text }
    })
  )

/**
 * Both clients over a fresh in-process emulator, plus `MemsyEmulator`.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { MemsyTest } from "@memsy/testing"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const memsy = yield* MemsyClient.MemsyClient
 *   yield* memsy.ingest([{ actorId: "u1", sessionId: "s1", kind: "user_message", content: "I like tea" }])
 *   const { results } = yield* memsy.search("tea", { actorId: "u1" })
 *   return results.map((result) => result.content) // ["I like tea"]
 * })
 *
 * Effect.runPromise(program.pipe(Effect.provide(MemsyTest.layer({ processingDelay: 0 })))).then(console.log)
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<MemsyClient.MemsyClient | MemsyControlClient.MemsyControlClient | MemsyEmulator> =>
  Layer.unwrapEffect(
    Effect.map(Effect.clock, (clock) => {
      // The Effect clock for what happens outside a request too (keys, timestamps), so under
      // TestClock the whole emulator lives on test time.
      const emulator = Emulator.make({ now: () => clock.unsafeCurrentTimeMillis(), ...options })
      return Clients.layer({ baseUrl: emulator.baseUrl, apiKey: emulator.apiKey }, options.client).pipe(
        Layer.merge(Layer.succeed(MemsyEmulator, emulator)),
        Layer.provide(Layer.succeed(Transport.Transport, transport(emulator)))
      )
    })
  )
