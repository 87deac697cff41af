/**
 * `health`, the same on both services.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.js"
import * as Fields from "./internal/fields.js"
import * as ResponseMeta from "./ResponseMeta.js"

/**
 * What `health` answers: `status` (`"ok"` when healthy), the server's `version`, and on the control
 * plane whether billing is on.
 *
 * @since 0.1.0
 * @category models
 */
export class Health extends Fields.Class<Health>("Health")(() => ({
  /** `"ok"` when healthy. */
  status: Fields.withDefault("status", Schema.String, () => "unknown"),
  version: Fields.withDefault("version", Schema.String, () => ""),
  billingEnabled: Fields.optional("billing_enabled", Schema.Boolean),
  components: Fields.optional("components", Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  ...ResponseMeta.fields
})) {}

/**
 * `GET /health` (the key is sent here too).
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * const check = Effect.gen(function* () {
 *   const memsy = yield* MemsyClient.MemsyClient
 *   const { status, version } = yield* memsy.health()
 *   yield* Effect.log(`Memsy ${version}: ${status}`)
 * })
 * ```
 *
 * @promiseExample
 * ```ts
 * import type { MemsyClient } from "@memsy/sdk"
 *
 * const check = async (client: MemsyClient) => {
 *   const { status, version } = await client.health()
 *   console.log(`Memsy ${version}: ${status}`)
 * }
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const health = Endpoint.make({
  name: "health",
  method: "GET",
  params: [],
  input: () => ({}),
  request: Endpoint.NoInput,
  path: () => "/health",
  response: Health
})
