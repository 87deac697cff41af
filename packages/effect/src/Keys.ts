/**
 * Control plane: API keys (org admins only).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.js"
import * as Fields from "./internal/fields.js"
import * as ResponseMeta from "./ResponseMeta.js"

/**
 * A key as listed: the secret itself is never shown again after `create`.
 *
 * @since 0.1.0
 * @category models
 */
export class ApiKeyInfo extends Schema.Class<ApiKeyInfo>("ApiKeyInfo")({
  keyId: Fields.required("key_id", Schema.String),
  prefix: Schema.String,
  name: Schema.String,
  isActive: Fields.required("is_active", Schema.Boolean),
  createdAt: Fields.required("created_at", Schema.String),
  scopes: Fields.withDefault("scopes", Schema.Array(Schema.String), () => []),
  lastUsedAt: Fields.optional("last_used_at", Schema.String),
  expiresAt: Fields.optional("expires_at", Schema.String)
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export class KeyList extends Schema.Class<KeyList>("KeyList")({
  keys: Fields.withDefault("keys", Schema.Array(ApiKeyInfo), () => []),
  maxKeys: Fields.required("max_keys", Schema.Number),
  activeCount: Fields.required("active_count", Schema.Number),
  ...ResponseMeta.fields
}) {}

/**
 * A new key. `rawKey` is the secret, returned this once: store it, and keep it out of logs (wrap it
 * with `Redacted.make` before handing it to a client).
 *
 * @since 0.1.0
 * @category models
 */
export class CreatedKey extends Schema.Class<CreatedKey>("CreatedKey")({
  keyId: Fields.required("key_id", Schema.String),
  rawKey: Fields.required("raw_key", Schema.String),
  prefix: Schema.String,
  name: Schema.String,
  scopes: Fields.withDefault("scopes", Schema.Array(Schema.String), () => []),
  ...ResponseMeta.fields
}) {}

const Scope = Schema.Literal("read", "write")

/**
 * @since 0.1.0
 * @category models
 */
export const CreateOptions = Schema.Struct({
  scopes: Fields.defaulted("scopes", Schema.Array(Scope), ["read", "write"]),
  /** ISO 8601; the key never expires when left out. */
  expiresAt: Fields.omittable("expires_at", Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

const KeyRef = Schema.Struct({ keyId: Fields.PathId })

/**
 * `keys`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const keys = {
  list: Endpoint.make({
    name: "keys.list",
    method: "GET",
    params: [],
    input: () => ({}),
    request: Endpoint.NoInput,
    path: () => "/keys",
    response: KeyList
  }),
  create: Endpoint.make({
    name: "keys.create",
    method: "POST",
    params: ["name", "options"],
    input: (name: string, options?: CreateOptions) => ({ ...options, name }),
    request: Schema.Struct({ name: Fields.NonBlank, ...CreateOptions.fields }),
    path: () => "/keys",
    body: (wire) => wire,
    response: CreatedKey
  }),
  usage: Endpoint.make({
    name: "keys.usage",
    method: "GET",
    params: ["keyId"],
    input: (keyId: string) => ({ keyId }),
    request: KeyRef,
    path: (wire) => Endpoint.path`/keys/${wire.keyId}/usage`,
    // The record shape is unspecified: the records are passed through as objects.
    response: Schema.transform(
      Schema.NullOr(
        Schema.Struct({ usage: Schema.optionalWith(Schema.Array(Fields.JsonObject), { nullable: true }) })
      ),
      Schema.Array(Fields.JsonObject),
      { strict: true, decode: (body) => body?.usage ?? [], encode: (usage) => ({ usage }) }
    )
  }),
  delete: Endpoint.make({
    name: "keys.delete",
    method: "DELETE",
    params: ["keyId"],
    input: (keyId: string) => ({ keyId }),
    request: KeyRef,
    path: (wire) => Endpoint.path`/keys/${wire.keyId}`,
    response: Endpoint.NoContent
  })
}
