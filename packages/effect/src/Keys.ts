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
export class ApiKeyInfo extends Fields.Class<ApiKeyInfo>("ApiKeyInfo")(() => ({
  keyId: Fields.required("key_id", Schema.String),
  prefix: Schema.String,
  name: Schema.String,
  isActive: Fields.required("is_active", Schema.Boolean),
  createdAt: Fields.required("created_at", Schema.String),
  scopes: Fields.withDefault("scopes", Schema.Array(Schema.String), () => []),
  lastUsedAt: Fields.optional("last_used_at", Schema.String),
  expiresAt: Fields.optional("expires_at", Schema.String)
})) {}

/**
 * The org's keys, and how many more the plan allows (`maxKeys` against `activeCount`).
 *
 * @since 0.1.0
 * @category models
 */
export class KeyList extends Fields.Class<KeyList>("KeyList")(() => ({
  keys: Fields.withDefault("keys", Schema.Array(ApiKeyInfo), () => []),
  maxKeys: Fields.required("max_keys", Schema.Number),
  activeCount: Fields.required("active_count", Schema.Number),
  ...ResponseMeta.fields
})) {}

/**
 * A new key. `rawKey` is the secret, returned this once: store it, and keep it out of logs (wrap it
 * with `Redacted.make` before handing it to a client).
 *
 * @since 0.1.0
 * @category models
 */
export class CreatedKey extends Fields.Class<CreatedKey>("CreatedKey")(() => ({
  keyId: Fields.required("key_id", Schema.String),
  rawKey: Fields.required("raw_key", Schema.String),
  prefix: Schema.String,
  name: Schema.String,
  scopes: Fields.withDefault("scopes", Schema.Array(Schema.String), () => []),
  ...ResponseMeta.fields
})) {}

const Scope = Schema.Literal("read", "write")

/**
 * What `keys.create` takes besides the name: the scopes (`read` and `write` by default) and
 * when the key expires.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateOptions = Fields.Struct(() => ({
  scopes: Fields.defaulted("scopes", Schema.Array(Scope), ["read", "write"]),
  /** ISO 8601; the key never expires when left out. */
  expiresAt: Fields.omittable("expires_at", Schema.String)
}))

/**
 * What `keys.create` takes besides the name.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = typeof CreateOptions.Type

const KeyRef = Fields.Struct(() => ({ keyId: Fields.PathId }))

/**
 * `keys`: the org's API keys (admins only).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const keys = {
  /**
   * `GET /keys`: the org's keys, without their secrets.
   *
   * @example
   * ```ts
   * import { MemsyControlClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const active = Effect.gen(function* () {
   *   const control = yield* MemsyControlClient.MemsyControlClient
   *   const { keys, activeCount, maxKeys } = yield* control.keys.list()
   *   yield* Effect.log(`${activeCount} of ${maxKeys} keys active`)
   *   return keys.filter((key) => key.isActive).map((key) => key.prefix)
   * })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyControlClient } from "@memsy/sdk"
   *
   * const active = async (control: MemsyControlClient) => {
   *   const { keys, activeCount, maxKeys } = await control.keys.list()
   *   console.log(`${activeCount} of ${maxKeys} keys active`)
   *   return keys.filter((key) => key.isActive).map((key) => key.prefix)
   * }
   * ```
   */
  list: Endpoint.make({
    name: "keys.list",
    method: "GET",
    params: [],
    input: () => ({}),
    request: Endpoint.NoInput,
    path: () => "/keys",
    response: KeyList
  }),
  /**
   * `POST /keys`: a new key, whose secret (`rawKey`) this answer alone carries. Beyond the plan's
   * cap, a `KeyLimitReachedError`.
   *
   * @example
   * ```ts
   * import { MemsyControlClient } from "@memsy/effect"
   * import { Effect, Redacted } from "effect"
   *
   * const readOnlyKey = Effect.gen(function* () {
   *   const control = yield* MemsyControlClient.MemsyControlClient
   *   const { keyId, rawKey } = yield* control.keys.create("dashboard", { scopes: ["read"] })
   *   // Redacted from here on: printed or logged, it shows as <redacted>.
   *   return { keyId, secret: Redacted.make(rawKey) }
   * })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyControlClient } from "@memsy/sdk"
   *
   * const readOnlyKey = async (control: MemsyControlClient) => {
   *   const { keyId, rawKey } = await control.keys.create("dashboard", { scopes: ["read"] })
   *   // Store the secret now: no later answer shows it again, and keep it out of logs.
   *   return { keyId, rawKey }
   * }
   * ```
   */
  create: Endpoint.make({
    name: "keys.create",
    method: "POST",
    params: ["name", "options"],
    input: (name: string, options?: CreateOptions) => ({ ...options, name }),
    request: Fields.Struct(() => ({ name: Fields.NonBlank, ...CreateOptions.fields })),
    path: () => "/keys",
    body: (wire) => wire,
    response: CreatedKey
  }),
  /**
   * `GET /keys/{keyId}/usage`: the key's usage records, as the service sends them.
   *
   * @example
   * ```ts
   * import { MemsyControlClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const usageOf = (keyId: string) =>
   *   Effect.gen(function* () {
   *     const control = yield* MemsyControlClient.MemsyControlClient
   *     const records = yield* control.keys.usage(keyId)
   *     return records.length
   *   })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyControlClient } from "@memsy/sdk"
   *
   * const usageOf = async (control: MemsyControlClient, keyId: string) => {
   *   const records = await control.keys.usage(keyId)
   *   return records.length
   * }
   * ```
   */
  usage: Endpoint.make({
    name: "keys.usage",
    method: "GET",
    params: ["keyId"],
    input: (keyId: string) => ({ keyId }),
    request: KeyRef,
    path: (wire) => Endpoint.path`/keys/${wire.keyId}/usage`,
    // The record shape is unspecified: the records are passed through as objects.
    response: Fields.lazy(() =>
      Schema.transform(
        Schema.NullOr(
          Schema.Struct({ usage: Schema.optionalWith(Schema.Array(Fields.JsonObject), { nullable: true }) })
        ),
        Schema.Array(Fields.JsonObject),
        { strict: true, decode: (body) => body?.usage ?? [], encode: (usage) => ({ usage }) }
      )
    )
  }),
  /**
   * `DELETE /keys/{keyId}`: revokes the key; calls made with it fail from then on.
   *
   * @example
   * ```ts
   * import { MemsyControlClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const revoke = (keyId: string) =>
   *   Effect.gen(function* () {
   *     const control = yield* MemsyControlClient.MemsyControlClient
   *     yield* control.keys.delete(keyId)
   *   })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyControlClient } from "@memsy/sdk"
   *
   * const revoke = async (control: MemsyControlClient, keyId: string) => {
   *   await control.keys.delete(keyId)
   * }
   * ```
   */
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
