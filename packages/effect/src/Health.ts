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
 * @since 0.1.0
 * @category models
 */
export class Health extends Schema.Class<Health>("Health")({
  /** `"ok"` when healthy. */
  status: Fields.withDefault("status", Schema.String, () => "unknown"),
  version: Fields.withDefault("version", Schema.String, () => ""),
  billingEnabled: Fields.optional("billing_enabled", Schema.Boolean),
  components: Fields.optional("components", Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  ...ResponseMeta.fields
}) {}

/**
 * `GET /health` (the key is sent here too).
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
