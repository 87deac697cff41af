/**
 * The Promise clients. Their methods are derived from the endpoint trees of `@memsy/effect` and run
 * the core's Effect clients on a runtime each client owns: same names, options, models and errors.
 *
 * @since 0.1.0
 */
/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging --
 * Each class merges with the interface of its derived methods, which `attach` defines on it. */
import type {
  ConsoleEvents as CoreConsoleEvents,
  Endpoint,
  Events as CoreEvents,
  Memories as CoreMemories,
  MemsyClient as CoreClient,
  MemsyControlClient as CoreControlClient,
  ResponseMeta
} from "@memsy/effect"
import { controlEndpoints, dataEndpoints, makeControl, makeData } from "@memsy/effect/facade"
import type { MemsyError } from "./errors.js"
import { attach, closeOf, ingestExtra, listAllExtra, type Plane, waitExtra } from "./internal/promisify.js"
import type {
  ClientOptions,
  DefaultOptions,
  IngestManyOptions,
  ListAllOptions,
  RequestOptions,
  WaitOptions
} from "./options.js"

/**
 * The Promise methods of an endpoint tree: one per endpoint, resources nested, each taking the
 * endpoint's arguments and then an optional `RequestOptions`.
 *
 * @since 0.1.0
 * @category models
 */
export type Promisified<T extends Endpoint.Tree> = {
  readonly [K in keyof T]: T[K] extends Endpoint.Endpoint<infer Args, infer _Req, infer _Wire, infer Res>
    ? (...args: [...Args, requestOptions?: RequestOptions]) => Promise<Res>
    : T[K] extends Endpoint.Tree
      ? Promisified<T[K]>
      : never
}

/**
 * The same methods, each resolving to `{ data, meta }`: the result, and the response's status,
 * headers (lower-case names), usage and rate limit.
 *
 * @since 0.2.0
 * @category models
 */
export type PromisifiedWithResponse<T extends Endpoint.Tree> = {
  readonly [K in keyof T]: T[K] extends Endpoint.Endpoint<infer Args, infer _Req, infer _Wire, infer Res>
    ? (...args: [...Args, requestOptions?: RequestOptions]) => Promise<ResponseMeta.WithResponse<Res>>
    : T[K] extends Endpoint.Tree
      ? PromisifiedWithResponse<T[K]>
      : never
}

/**
 * What a client of the endpoint tree `T` is besides its methods: the same methods with their
 * responses' metadata, and the same client (`Self`) with other defaults.
 *
 * @since 0.2.0
 * @category models
 */
export interface Variants<T extends Endpoint.Tree, Self> {
  /**
   * The same methods, each resolving to `{ data, meta }`: the result and its response's metadata.
   *
   * @example
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * const recall = async (client: MemsyClient, query: string) => {
   *   const { data, meta } = await client.withResponse.search(query, { actorId: "user_1" })
   *   if (meta.rateLimit?.remaining === 0) console.warn("rate limit reached")
   *   return data.results
   * }
   * ```
   */
  readonly withResponse: PromisifiedWithResponse<T>
  /**
   * A client with these defaults, sharing this one's connections (and closed with it).
   *
   * @example
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * // A readiness probe answers fast or not at all: a short timeout, no retries, for its calls only.
   * const ready = async (client: MemsyClient) => {
   *   const probe = client.withOptions({ timeout: 2_000, maxRetries: 0 })
   *   return (await probe.health()).status === "ok"
   * }
   * ```
   */
  withOptions(options: DefaultOptions): Self
}

/**
 * The class of a Promise client: its constructor builds the client `plane` describes, and `close`
 * (or leaving an `await using` block) releases it.
 */
const promiseClient = (plane: Plane) =>
  class PromiseClient {
    /** Durations in milliseconds: `timeout` 30 000, `maxRetries` 3, `retryBackoff` 1 000 by default. */
    constructor(options: ClientOptions = {}) {
      attach(this, plane, options)
    }
    /**
     * Releases everything the client holds; later calls reject with `MemsyClientClosedError`.
     *
     * @example
     * ```ts
     * import { MemsyClient } from "@memsy/sdk"
     *
     * const main = async () => {
     *   const client = new MemsyClient()
     *   try {
     *     console.log((await client.health()).status)
     *   } finally {
     *     await client.close()
     *   }
     * }
     * ```
     */
    close(): Promise<void> {
      return closeOf(this)
    }
    /**
     * Closes the client at the end of the block that holds it with `await using`.
     *
     * @example
     * ```ts
     * import { MemsyClient } from "@memsy/sdk"
     *
     * const main = async () => {
     *   // Closed when the block is left, by its end, a return or a throw.
     *   await using client = new MemsyClient()
     *   return (await client.health()).status
     * }
     * ```
     */
    [Symbol.asyncDispose](): Promise<void> {
      return closeOf(this)
    }
  }

/**
 * The data-plane client: `ingest`, `search`, `status`, `health`, `clear`, and the `orgs`, `roles`,
 * `teams` and `memories` resources. Every method takes an optional `RequestOptions` last (`signal`, `timeout`, …).
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/sdk"
 *
 * // `baseUrl` and `apiKey` from MEMSY_BASE_URL and MEMSY_API_KEY, unless given here.
 * const recall = async () => {
 *   await using client = new MemsyClient()
 *   const { results } = await client.search("user preferences", { actorId: "user_1" })
 *   return results.map((result) => result.content)
 * }
 * ```
 *
 * @since 0.1.0
 * @category clients
 */
export interface MemsyClient
  extends
    Omit<Promisified<typeof CoreClient.endpoints>, "memories">,
    Variants<typeof CoreClient.endpoints, MemsyClient> {
  readonly memories: Promisified<typeof CoreClient.endpoints.memories> & {
    /**
     * Every memory the filters select, in the list's order; pages are fetched as the loop asks for more.
     *
     * @example
     * ```ts
     * import type { MemsyClient } from "@memsy/sdk"
     *
     * const strongest = async (client: MemsyClient, actorId: string) => {
     *   const top: Array<string> = []
     *   for await (const memory of client.memories.listAll({ actorId, sort: "strength_desc" })) {
     *     top.push(memory.text)
     *     // Leaving the loop stops reading pages.
     *     if (top.length === 10) break
     *   }
     *   return top
     * }
     * ```
     */
    listAll(
      filters?: Omit<CoreMemories.ListOptions, "limit" | "offset">,
      options?: ListAllOptions
    ): AsyncIterable<CoreMemories.MemoryItem>
  }
  /**
   * Many events in batches (`batchSize` 100, `concurrency` 4), each given an `eventId` unless it has
   * one, so a retried batch cannot store an event twice; a rate limit pauses every batch for the same
   * `Retry-After`. Resolves, even when some events fail, with every event's id in input order
   * (`undefined` where it failed) and the failures with their errors.
   *
   * @example
   * ```ts
   * import type { EventPayload, MemsyClient } from "@memsy/sdk"
   *
   * const importAll = async (client: MemsyClient, events: ReadonlyArray<EventPayload>) => {
   *   const { eventIds, failures } = await client.ingestMany(events, {
   *     batchSize: 500,
   *     onProgress: ({ stored, total }) => console.log(`${stored}/${total}`)
   *   })
   *   for (const { index, error } of failures) console.warn(`event ${index}: ${error.message}`)
   *   return eventIds
   * }
   * ```
   */
  ingestMany(
    events: ReadonlyArray<CoreEvents.EventPayload>,
    options?: IngestManyOptions
  ): Promise<{
    readonly eventIds: ReadonlyArray<string | undefined>
    readonly failures: ReadonlyArray<{ readonly index: number; readonly error: MemsyError }>
  }>
  /**
   * Polls `status` until no id is pending; rejects with `ProcessingTimeout` after `timeout`.
   *
   * @example
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * const rememberNow = async (client: MemsyClient) => {
   *   const { eventIds } = await client.ingest([
   *     { actorId: "user_1", sessionId: "s1", kind: "user_message", content: "Prefers dark mode" }
   *   ])
   *   // Searchable once completed: wait for it, two minutes at most.
   *   const { failedIds } = await client.waitForProcessing(eventIds, { timeout: 120_000 })
   *   return failedIds.length === 0
   * }
   * ```
   */
  waitForProcessing(eventIds: ReadonlyArray<string>, options?: WaitOptions): Promise<CoreEvents.StatusResult>
}
/**
 * @since 0.1.0
 * @category clients
 */
export class MemsyClient extends promiseClient({
  name: "MemsyClient",
  plane: "data",
  endpoints: dataEndpoints,
  make: makeData,
  extras: [
    listAllExtra(["memories", "listAll"]),
    ingestExtra(["ingestMany"]),
    waitExtra(["waitForProcessing"])
  ]
}) {}

/**
 * The control-plane client: `me`, `health`, and the `events`, `usage`, `billing`, `keys` and
 * `interest` resources. `baseUrl` is the control URL (e.g. `https://api.memsy.io/api`).
 *
 * @since 0.1.0
 * @category clients
 */
export interface MemsyControlClient
  extends
    Omit<Promisified<typeof CoreControlClient.endpoints>, "events">,
    Variants<typeof CoreControlClient.endpoints, MemsyControlClient> {
  readonly events: Promisified<typeof CoreControlClient.endpoints.events> & {
    /**
     * Every console event the filters select; pages are fetched as the loop asks for more.
     *
     * @example
     * ```ts
     * import type { MemsyControlClient } from "@memsy/sdk"
     *
     * const transcript = async (control: MemsyControlClient, sessionId: string) => {
     *   for await (const event of control.events.listAll({ sessionId, sort: "ts_asc" }, { pageSize: 200 })) {
     *     console.log(`${event.kind}: ${event.content}`)
     *   }
     * }
     * ```
     */
    listAll(
      filters?: Omit<CoreConsoleEvents.ListOptions, "limit" | "offset">,
      options?: ListAllOptions
    ): AsyncIterable<CoreConsoleEvents.EventItem>
  }
}
/**
 * @since 0.1.0
 * @category clients
 */
export class MemsyControlClient extends promiseClient({
  name: "MemsyControlClient",
  plane: "control",
  endpoints: controlEndpoints,
  make: makeControl,
  extras: [listAllExtra(["events", "listAll"])]
}) {}
