/**
 * The Promise clients. Their methods are derived from the endpoint trees of `@memsy/effect` and run
 * the core's Effect clients on a runtime each client owns: same names, options, models and errors.
 *
 * @since 0.1.0
 */
/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging --
 * Each class merges with the interface of its derived methods, which `attach` defines on it. */
import { MemsyClient as CoreClient, MemsyControlClient as CoreControlClient } from "@memsy/effect"
import {
  attach,
  type ClientOptions,
  closeOf,
  type DefaultOptions,
  type Promisified,
  type PromisifiedWithResponse
} from "./internal/promisify.js"

/**
 * The data-plane client: `ingest`, `search`, `status`, `health`, `clear`, and the `orgs`, `roles`,
 * `teams` and `memories` resources. Every method takes an optional `RequestOptions` last (`signal`, `timeout`, …).
 *
 * @example
 * await using client = new MemsyClient({ baseUrl, apiKey })
 * const results = await client.search("user preferences", { actorId: "user_1" })
 *
 * @since 0.1.0
 * @category clients
 */
export interface MemsyClient extends Promisified<typeof CoreClient.endpoints> {
  /** The same methods, each resolving to `{ data, meta }`: the result and its response's metadata. */
  readonly withResponse: PromisifiedWithResponse<typeof CoreClient.endpoints>
  /** A client with these defaults, sharing this one's connections (and closed with it). */
  withOptions(options: DefaultOptions): MemsyClient
}
/**
 * @since 0.1.0
 * @category clients
 */
export class MemsyClient {
  /** Durations in milliseconds: `timeout` 30 000, `maxRetries` 3, `retryBackoff` 1 000 by default. */
  constructor(options: ClientOptions) {
    attach(this, CoreClient.endpoints, CoreClient.MemsyClient, CoreClient.make, options, "MemsyClient")
  }
  /** Releases everything the client holds; later calls reject with `MemsyClientClosedError`. */
  close(): Promise<void> {
    return closeOf(this)
  }
  /** `await using client = new MemsyClient(…)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return closeOf(this)
  }
}

/**
 * The control-plane client: `me`, `health`, and the `events`, `usage`, `billing`, `keys` and
 * `interest` resources. `baseUrl` is the control URL (e.g. `https://api.memsy.io/api`).
 *
 * @since 0.1.0
 * @category clients
 */
export interface MemsyControlClient extends Promisified<typeof CoreControlClient.endpoints> {
  /** The same methods, each resolving to `{ data, meta }`: the result and its response's metadata. */
  readonly withResponse: PromisifiedWithResponse<typeof CoreControlClient.endpoints>
  /** A client with these defaults, sharing this one's connections (and closed with it). */
  withOptions(options: DefaultOptions): MemsyControlClient
}
/**
 * @since 0.1.0
 * @category clients
 */
export class MemsyControlClient {
  /** Durations in milliseconds: `timeout` 30 000, `maxRetries` 3, `retryBackoff` 1 000 by default. */
  constructor(options: ClientOptions) {
    attach(
      this,
      CoreControlClient.endpoints,
      CoreControlClient.MemsyControlClient,
      CoreControlClient.make,
      options,
      "MemsyControlClient"
    )
  }
  /** Releases everything the client holds; later calls reject with `MemsyClientClosedError`. */
  close(): Promise<void> {
    return closeOf(this)
  }
  /** `await using client = new MemsyControlClient(…)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return closeOf(this)
  }
}
