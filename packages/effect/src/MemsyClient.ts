/**
 * The data-plane client: ingest, search, status, health, the onboarding hierarchy and console
 * memories. A service with layers; it asks only for an `HttpClient`, so the transport is the
 * user's choice (`FetchHttpClient.layer`, undici, a test layer).
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Events from "./Events.js"
import * as Health from "./Health.js"
import * as Client from "./internal/client.js"
import * as Memories from "./Memories.js"
import * as Onboarding from "./Onboarding.js"
import * as Search from "./Search.js"
import type * as Transport from "./Transport.js"

/**
 * Every data-plane endpoint, declared once; the client's methods are derived from this tree.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const endpoints = {
  ingest: Events.ingest,
  search: Search.search,
  status: Events.status,
  health: Health.health,
  clear: Events.clear,
  orgs: Onboarding.orgs,
  roles: Onboarding.roles,
  teams: Onboarding.teams,
  memories: Memories.memories
}

/**
 * The options of `layer`: `baseUrl` and `apiKey`, plus `timeout` (30 s), `maxRetries` (3),
 * `retryBackoff` (1 s) or a replacement `retrySchedule`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Client.Options {}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service extends Client.Client<typeof endpoints> {}

/**
 * @since 0.1.0
 * @category tags
 */
export class MemsyClient extends Context.Tag("@memsy/effect/MemsyClient")<MemsyClient, Service>() {}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, never, Transport.Transport> =>
  Client.make(endpoints, options)

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<MemsyClient> => Client.layer(MemsyClient, make(options))

/**
 * Reads `MEMSY_BASE_URL` and `MEMSY_API_KEY` (kept `Redacted`) through `Config`; the other options
 * may be given here.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<Options, "baseUrl" | "apiKey"> = {}
): Layer.Layer<MemsyClient, ConfigError.ConfigError> =>
  Layer.unwrapEffect(
    Effect.map(
      Config.all({ baseUrl: Config.string("MEMSY_BASE_URL"), apiKey: Config.redacted("MEMSY_API_KEY") }),
      (config) => layer({ ...options, ...config })
    )
  )
