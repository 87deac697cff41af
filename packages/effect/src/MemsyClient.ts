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
import type * as Stream from "effect/Stream"
import * as Events from "./Events.js"
import * as Health from "./Health.js"
import * as internal from "./internal/client.js"
import * as Bulk from "./internal/bulk.js"
import * as Streams from "./internal/streams.js"
import * as Memories from "./Memories.js"
import * as Onboarding from "./Onboarding.js"
import * as Search from "./Search.js"
import type * as BulkIngest from "./BulkIngest.js"
import type * as Client from "./Client.js"
import type * as MemsyError from "./MemsyError.js"
import type * as Pagination from "./Pagination.js"
import * as Processing from "./Processing.js"
import type * as RequestOptions from "./RequestOptions.js"
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
 * The data-plane client: a method per endpoint of `endpoints`, the `Helpers` over them,
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
  /**
   * `POST /status` for any number of ids: lists over the server's 500-id cap are split and merged.
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const failed = (eventIds: ReadonlyArray<string>) =>
   *   Effect.gen(function* () {
   *     const memsy = yield* MemsyClient.MemsyClient
   *     const { failedIds } = yield* memsy.status(eventIds)
   *     return failedIds
   *   })
   * ```
   */
  readonly status: (
    eventIds: ReadonlyArray<string>,
    options?: RequestOptions.RequestOptions
  ) => Effect.Effect<Events.StatusResult, MemsyError.CallError>
  /**
   * Many events in batches (`batchSize` 100, `concurrency` 4), each event given an `eventId` unless it
   * has one, so a retried batch cannot store an event twice; a rate limit pauses every batch for the
   * same `Retry-After`. Resolves with every event's id in input order and the events not stored.
   *
   * @example
   * ```ts
   * import { Events, MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const importAll = (events: ReadonlyArray<Events.EventPayload>) =>
   *   Effect.gen(function* () {
   *     const memsy = yield* MemsyClient.MemsyClient
   *     const { eventIds, failures } = yield* memsy.ingestMany(events, {
   *       batchSize: 500,
   *       onProgress: ({ stored, total }) => console.log(`${stored}/${total}`)
   *     })
   *     for (const { index, error } of failures) yield* Effect.logWarning(`event ${index}: ${error.message}`)
   *     return eventIds
   *   })
   * ```
   */
  readonly ingestMany: (
    events: ReadonlyArray<Events.EventPayload>,
    options?: BulkIngest.Options & RequestOptions.RequestOptions
  ) => Effect.Effect<BulkIngest.Result, MemsyError.MemsyValidationError>
  /**
   * Polls `status` until no id is pending; fails with `ProcessingTimeout` after `timeout`.
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const rememberNow = Effect.gen(function* () {
   *   const memsy = yield* MemsyClient.MemsyClient
   *   const { eventIds } = yield* memsy.ingest([
   *     { actorId: "user_1", sessionId: "s1", kind: "user_message", content: "Prefers dark mode" }
   *   ])
   *   // Searchable once completed: wait for it, two minutes at most.
   *   const { failedIds } = yield* memsy.waitForProcessing(eventIds, { timeout: "2 minutes" })
   *   return failedIds.length === 0
   * })
   * ```
   */
  readonly waitForProcessing: (
    eventIds: ReadonlyArray<string>,
    options?: Processing.WaitOptions
  ) => Effect.Effect<Events.StatusResult, MemsyError.MemsyError>
  /**
   * Every answer of `waitForProcessing`'s polls, the settled one last.
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect, Stream } from "effect"
   *
   * const follow = (eventIds: ReadonlyArray<string>) =>
   *   Effect.gen(function* () {
   *     const memsy = yield* MemsyClient.MemsyClient
   *     yield* memsy.watchProcessing(eventIds, { pollInterval: "2 seconds" }).pipe(
   *       Stream.runForEach(({ pendingIds }) => Effect.log(`${pendingIds.length} pending`))
   *     )
   *   })
   * ```
   */
  readonly watchProcessing: (
    eventIds: ReadonlyArray<string>,
    options?: Processing.WaitOptions
  ) => Stream.Stream<Events.StatusResult, MemsyError.MemsyError>
  readonly memories: Client.Methods<typeof endpoints.memories, "result"> & {
    /**
     * Every memory the filters select, pages fetched as the stream is pulled.
     *
     * @example
     * ```ts
     * import { MemsyClient } from "@memsy/effect"
     * import { Chunk, Effect, Stream } from "effect"
     *
     * const strongest = (actorId: string) =>
     *   Effect.gen(function* () {
     *     const memsy = yield* MemsyClient.MemsyClient
     *     // Stops reading pages once it has ten.
     *     const top = yield* memsy.memories.listAll({ actorId, sort: "strength_desc" }).pipe(Stream.take(10), Stream.runCollect)
     *     return Chunk.toReadonlyArray(top).map((memory) => memory.text)
     *   })
     * ```
     */
    readonly listAll: (
      filters?: Omit<Memories.ListOptions, "limit" | "offset">,
      options?: Pagination.ListAllOptions & RequestOptions.RequestOptions
    ) => Stream.Stream<Memories.MemoryItem, MemsyError.CallError>
  }
}

const helpers = (methods: Client.Methods<typeof endpoints, "result">): Helpers => {
  const status = Processing.statusAll(methods.status)
  return {
    status,
    ingestMany: Bulk.ingestMany(methods.ingest),
    waitForProcessing: Processing.waitFor(status),
    watchProcessing: Streams.watchProcessing(status),
    memories: { ...methods.memories, listAll: Streams.listAll(methods.memories.list, "memories.listAll") }
  }
}

/**
 * The tag of the data-plane client: `yield* MemsyClient` in a program, `layer` or `layerConfig` to
 * provide it.
 *
 * @since 0.1.0
 * @category tags
 */
export class MemsyClient extends Context.Tag("@memsy/effect/MemsyClient")<MemsyClient, Service>() {}

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
 * Provides `MemsyClient` with these options over the `Transport` (else the `HttpClient`) provided to
 * it, else the default transport; what the client holds is released with the layer's scope.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<MemsyClient> =>
  internal.layer(MemsyClient, make(options))

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
