/**
 * The control-plane client: identity, health, console events, usage, billing, API keys and
 * Pro-plan interest.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Stream from "effect/Stream"
import * as Account from "./Account.js"
import * as Billing from "./Billing.js"
import type * as Client from "./Client.js"
import * as ConsoleEvents from "./ConsoleEvents.js"
import * as Health from "./Health.js"
import * as internal from "./internal/client.js"
import * as Streams from "./internal/streams.js"
import * as Keys from "./Keys.js"
import type * as MemsyError from "./MemsyError.js"
import type * as Pagination from "./Pagination.js"
import type * as RequestOptions from "./RequestOptions.js"
import type * as Transport from "./Transport.js"
import * as UsageReports from "./UsageReports.js"

/**
 * Every control-plane endpoint, declared once.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  me: Account.me,
  health: Health.health,
  events: ConsoleEvents.events,
  usage: UsageReports.usage,
  billing: Billing.billing,
  keys: Keys.keys,
  interest: Account.interest
}

/**
 * The options of `layer`: the control URL as `baseUrl` and `apiKey`, plus `timeout` (30 s),
 * `maxRetries` (3), `retryBackoff` (1 s) or a replacement `retrySchedule`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Client.Options {}

/**
 * The control-plane client: a method per endpoint of `endpoints`, the `Helpers` over them,
 * `withResponse` and `withOptions`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service extends Client.Client<typeof endpoints, Helpers> {}

/**
 * What the client adds over its endpoints.
 *
 * @since 0.2.0
 * @category models
 */
export interface Helpers {
  readonly events: Client.Methods<typeof endpoints.events, "result"> & {
    /**
     * Every console event the filters select, pages fetched as the stream is pulled.
     *
     * @example
     * ```ts
     * import { MemsyControlClient } from "@memsy/effect"
     * import { Effect, Stream } from "effect"
     *
     * const transcript = (sessionId: string) =>
     *   Effect.gen(function* () {
     *     const control = yield* MemsyControlClient.MemsyControlClient
     *     yield* control.events.listAll({ sessionId, sort: "ts_asc" }, { pageSize: 200 }).pipe(
     *       Stream.runForEach((event) => Effect.log(`${event.kind}: ${event.content}`))
     *     )
     *   })
     * ```
     */
    readonly listAll: (
      filters?: Omit<ConsoleEvents.ListOptions, "limit" | "offset">,
      options?: Pagination.ListAllOptions & RequestOptions.RequestOptions
    ) => Stream.Stream<ConsoleEvents.EventItem, MemsyError.CallError>
  }
}

const helpers = (methods: Client.Methods<typeof endpoints, "result">): Helpers => ({
  events: { ...methods.events, listAll: Streams.listAll(methods.events.list, "events.listAll") }
})

/**
 * The tag of the control-plane client: `yield* MemsyControlClient` in a program, `layer` or
 * `layerConfig` to provide it.
 *
 * @since 0.1.0
 * @category tags
 */
export class MemsyControlClient extends Context.Tag("@memsy/effect/MemsyControlClient")<
  MemsyControlClient,
  Service
>() {}

/**
 * Builds the client over the `Transport` in context, for a program that provides its own; `layer`
 * picks one itself.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, never, Transport.Transport> =>
  internal.make(endpoints, helpers, options)

/**
 * A client of the same endpoints with other helpers over them (`extend` gets the endpoint methods):
 * for clients built on this one, such as the Promise facade, which has no streams.
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeWith = <X>(
  extend: (methods: Client.Methods<typeof endpoints, "result">) => X,
  options: Options
): Effect.Effect<Client.Client<typeof endpoints, X>, never, Transport.Transport> =>
  internal.make(endpoints, extend, options)

/**
 * Provides `MemsyControlClient` with these options (`baseUrl` the control URL) over the `Transport`
 * (else the `HttpClient`) provided to it, else the default transport; what the client holds is
 * released with the layer's scope.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<MemsyControlClient> =>
  internal.layer(MemsyControlClient, make(options))

/**
 * The control URL the data URL implies: a trailing `/v1` becomes `/api`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const controlUrlFrom = (dataUrl: string): string =>
  dataUrl.replace(/\/+$/, "").replace(/\/v1$/, "/api")

/**
 * Reads `MEMSY_CONTROL_URL` (else derives it from `MEMSY_BASE_URL`) and `MEMSY_API_KEY`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<Options, "baseUrl" | "apiKey"> = {}
): Layer.Layer<MemsyControlClient, ConfigError.ConfigError> =>
  Layer.unwrapEffect(
    Effect.map(
      Config.all({
        baseUrl: Config.string("MEMSY_CONTROL_URL").pipe(
          Config.orElse(() => Config.map(Config.string("MEMSY_BASE_URL"), controlUrlFrom))
        ),
        apiKey: Config.redacted("MEMSY_API_KEY")
      }),
      (config) => layer({ ...options, ...config })
    )
  )
