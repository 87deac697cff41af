/**
 * The clients' options that every test layer takes, in a module of their own: the layers
 * (`MemsyTest`, `MockTransport`, `MemsyTestServer`) and the implementation that builds their clients
 * all read this one shape, which imports none of them. Read it as `MemsyTest.ClientOptions`.
 *
 * @since 0.2.0
 */
import type { MemsyClient } from "@memsy/effect"

/**
 * The clients' options in every test layer (`MemsyTest.layer`, `MockTransport.layerClients`, the
 * server layer of `@memsy/testing/node`), each option defaulting to the layer's own: its data URL, its
 * key, the SDK's retries and timeout.
 *
 * @since 0.2.0
 * @category models
 */
export interface ClientOptions extends Partial<MemsyClient.Options> {
  /** The control client's base URL; default the one `baseUrl` implies (`MemsyControlClient.controlUrlFrom`). */
  readonly controlUrl?: string
}
