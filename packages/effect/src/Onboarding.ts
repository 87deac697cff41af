/**
 * The org → role / team hierarchy that steers memory promotion. Deleting a record removes only the
 * customisation: memories tagged with its id are untouched.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.js"
import * as Fields from "./internal/fields.js"
import * as ResponseMeta from "./ResponseMeta.js"

// A function, so that each class builds these fields when it is built (`Fields.Class`).
const recordFields = () => ({
  orgId: Fields.required("org_id", Schema.String),
  name: Schema.String,
  /** What memories at this scope should emphasise. */
  focus: Schema.String,
  /** Written by the service from name and focus; regenerated on demand, or overwritten by `update`. */
  promotionPrompt: Fields.required("promotion_prompt", Schema.String),
  createdAt: Fields.required("created_at", Schema.String),
  updatedAt: Fields.required("updated_at", Schema.String),
  promptMeta: Fields.optional("prompt_meta", Fields.JsonObject),
  ...ResponseMeta.fields
})

/**
 * An org's onboarding record: its name, its focus, and the promotion prompt the service wrote from
 * them.
 *
 * @since 0.1.0
 * @category models
 */
export class Org extends Fields.Class<Org>("Org")(recordFields) {}

/**
 * A role of an org: memories promoted to it reach every actor searching with its id in `roleIds`.
 *
 * @since 0.1.0
 * @category models
 */
export class Role extends Fields.Class<Role>("Role")(() => ({
  roleId: Fields.required("role_id", Schema.String),
  ...recordFields()
})) {}

/**
 * A team of an org: memories promoted to it reach every actor searching with its id in `teamIds`.
 *
 * @since 0.1.0
 * @category models
 */
export class Team extends Fields.Class<Team>("Team")(() => ({
  teamId: Fields.required("team_id", Schema.String),
  ...recordFields()
})) {}

const Name = Fields.NonBlank
const Create = Fields.Struct(() => ({
  orgId: Fields.required("org_id", Fields.Identifier),
  name: Name,
  focus: Name
}))

/**
 * The fields `update` may change; those left out are not sent.
 *
 * @since 0.1.0
 * @category models
 */
export const Patch = Fields.Struct(() => ({
  name: Schema.optional(Name),
  focus: Schema.optional(Name),
  promotionPrompt: Fields.omittable("promotion_prompt", Fields.NonBlank)
}))

/**
 * The fields `update` may change.
 *
 * @since 0.1.0
 * @category models
 */
export type Patch = typeof Patch.Type

/**
 * What `create` takes: the org's id, and the record's `name` and `focus`, none of them blank.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = typeof Create.Type

const OrgRef = Fields.Struct(() => ({ orgId: Fields.PathId }))
const OrgPatch = Fields.Struct(() => ({ orgId: Fields.PathId, patch: Patch }))

/**
 * `orgs`: records visible to the key; `orgId` on create must be the key's own org.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const orgs = {
  /**
   * `POST /orgs`: the onboarding record of the key's own org (`orgId` must be it: `me()` on the
   * control client tells which). Needs an admin; beyond the plan's cap, an `OrgLimitReachedError`.
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const onboard = (orgId: string) =>
   *   Effect.gen(function* () {
   *     const memsy = yield* MemsyClient.MemsyClient
   *     const org = yield* memsy.orgs.create({ orgId, name: "Acme", focus: "customer preferences and decisions" })
   *     return org.promotionPrompt
   *   })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * const onboard = async (client: MemsyClient, orgId: string) => {
   *   const org = await client.orgs.create({ orgId, name: "Acme", focus: "customer preferences and decisions" })
   *   return org.promotionPrompt
   * }
   * ```
   */
  create: Endpoint.make({
    name: "orgs.create",
    method: "POST",
    params: ["options"],
    input: (options: CreateOptions) => options,
    request: Create,
    path: () => "/orgs",
    body: (wire) => wire,
    response: Org
  }),
  /**
   * `GET /orgs/{orgId}`: one org record.
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const focusOf = (orgId: string) =>
   *   Effect.gen(function* () {
   *     const memsy = yield* MemsyClient.MemsyClient
   *     const { focus } = yield* memsy.orgs.get(orgId)
   *     return focus
   *   })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * const focusOf = async (client: MemsyClient, orgId: string) => {
   *   const { focus } = await client.orgs.get(orgId)
   *   return focus
   * }
   * ```
   */
  get: Endpoint.make({
    name: "orgs.get",
    method: "GET",
    params: ["orgId"],
    input: (orgId: string) => ({ orgId }),
    request: OrgRef,
    path: (wire) => Endpoint.path`/orgs/${wire.orgId}`,
    response: Org
  }),
  /**
   * `PATCH /orgs/{orgId}`: changes the fields given and leaves the others; a new `focus` does not rewrite
   * the promotion prompt (`regeneratePrompt` does).
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const refocus = (orgId: string) =>
   *   Effect.gen(function* () {
   *     const memsy = yield* MemsyClient.MemsyClient
   *     yield* memsy.orgs.update(orgId, { focus: "security reviews and incident follow-ups" })
   *     return yield* memsy.orgs.regeneratePrompt(orgId)
   *   })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * const refocus = async (client: MemsyClient, orgId: string) => {
   *   await client.orgs.update(orgId, { focus: "security reviews and incident follow-ups" })
   *   return client.orgs.regeneratePrompt(orgId)
   * }
   * ```
   */
  update: Endpoint.make({
    name: "orgs.update",
    method: "PATCH",
    params: ["orgId", "patch"],
    input: (orgId: string, patch: Patch) => ({ orgId, patch }),
    request: OrgPatch,
    path: (wire) => Endpoint.path`/orgs/${wire.orgId}`,
    body: (wire) => wire.patch,
    response: Org
  }),
  /**
   * `POST /orgs/{orgId}/regenerate-prompt`: has the service write the promotion prompt afresh from the
   * record's name and focus.
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const rewrite = (orgId: string) =>
   *   Effect.gen(function* () {
   *     const memsy = yield* MemsyClient.MemsyClient
   *     const { promotionPrompt } = yield* memsy.orgs.regeneratePrompt(orgId)
   *     return promotionPrompt
   *   })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * const rewrite = async (client: MemsyClient, orgId: string) => {
   *   const { promotionPrompt } = await client.orgs.regeneratePrompt(orgId)
   *   return promotionPrompt
   * }
   * ```
   */
  regeneratePrompt: Endpoint.make({
    name: "orgs.regeneratePrompt",
    method: "POST",
    params: ["orgId"],
    input: (orgId: string) => ({ orgId }),
    request: OrgRef,
    path: (wire) => Endpoint.path`/orgs/${wire.orgId}/regenerate-prompt`,
    response: Org
  }),
  /**
   * `GET /orgs`: the org records the key can see.
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const names = Effect.gen(function* () {
   *   const memsy = yield* MemsyClient.MemsyClient
   *   const orgs = yield* memsy.orgs.list()
   *   return orgs.map((org) => org.name)
   * })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * const names = async (client: MemsyClient) => {
   *   const orgs = await client.orgs.list()
   *   return orgs.map((org) => org.name)
   * }
   * ```
   */
  list: Endpoint.make({
    name: "orgs.list",
    method: "GET",
    params: [],
    input: () => ({}),
    request: Endpoint.NoInput,
    path: () => "/orgs",
    response: Fields.listOrEmpty(Org)
  }),
  /**
   * `DELETE /orgs/{orgId}`: removes the customisation only; memories and events tagged with the org stay.
   * Needs an admin.
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const reset = (orgId: string) =>
   *   Effect.gen(function* () {
   *     const memsy = yield* MemsyClient.MemsyClient
   *     yield* memsy.orgs.delete(orgId)
   *   })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * const reset = async (client: MemsyClient, orgId: string) => {
   *   await client.orgs.delete(orgId)
   * }
   * ```
   */
  delete: Endpoint.make({
    name: "orgs.delete",
    method: "DELETE",
    params: ["orgId"],
    input: (orgId: string) => ({ orgId }),
    request: OrgRef,
    path: (wire) => Endpoint.path`/orgs/${wire.orgId}`,
    response: Endpoint.NoContent
  })
}

/**
 * Paging of `roles.list` and `teams.list`: 100 records from offset 0 unless said otherwise.
 *
 * @since 0.1.0
 * @category models
 */
export const Page = Fields.Struct(() => ({
  limit: Fields.defaulted("limit", Fields.intBetween(1, 200), 100),
  offset: Fields.defaulted("offset", Fields.NonNegativeInt, 0)
}))

/**
 * Paging of `roles.list` and `teams.list`.
 *
 * @since 0.1.0
 * @category models
 */
export type Page = typeof Page.Type

/** Roles and teams are the same resource under two names: the org id goes in the query string. */
const children = <A, I>(resource: "roles" | "teams", record: Schema.Schema<A, I>) => {
  const Ref = Fields.Struct(() => ({
    id: Fields.PathId,
    orgId: Fields.required("org_id", Fields.Identifier)
  }))
  const at = (wire: typeof Ref.Encoded) => Endpoint.path`/${resource}/${wire.id}`
  const inOrg = (wire: { readonly org_id: string }) => ({ org_id: wire.org_id })
  return {
    /**
     * `POST /roles` (or `/teams`): a role (a team) of an org; the service writes its promotion prompt
     * from `name` and `focus`. Needs an admin.
     *
     * @example
     * ```ts
     * import { MemsyClient } from "@memsy/effect"
     * import { Effect } from "effect"
     *
     * const addRole = (orgId: string) =>
     *   Effect.gen(function* () {
     *     const memsy = yield* MemsyClient.MemsyClient
     *     const role = yield* memsy.roles.create({ orgId, name: "Engineering", focus: "architecture decisions" })
     *     return role.roleId
     *   })
     * ```
     *
     * @promiseExample
     * ```ts
     * import type { MemsyClient } from "@memsy/sdk"
     *
     * const addRole = async (client: MemsyClient, orgId: string) => {
     *   const role = await client.roles.create({ orgId, name: "Engineering", focus: "architecture decisions" })
     *   return role.roleId
     * }
     * ```
     */
    create: Endpoint.make({
      name: `${resource}.create`,
      method: "POST",
      params: ["options"],
      input: (options: CreateOptions) => options,
      request: Create,
      path: () => `/${resource}`,
      body: (wire) => wire,
      response: record
    }),
    /**
     * `GET /roles?org_id=` (or `/teams`): one page of an org's roles (teams), 100 from offset 0 unless said
     * otherwise.
     *
     * @example
     * ```ts
     * import { MemsyClient } from "@memsy/effect"
     * import { Effect } from "effect"
     *
     * const roleNames = (orgId: string) =>
     *   Effect.gen(function* () {
     *     const memsy = yield* MemsyClient.MemsyClient
     *     const roles = yield* memsy.roles.list(orgId, { limit: 200 })
     *     return roles.map((role) => role.name)
     *   })
     * ```
     *
     * @promiseExample
     * ```ts
     * import type { MemsyClient } from "@memsy/sdk"
     *
     * const roleNames = async (client: MemsyClient, orgId: string) => {
     *   const roles = await client.roles.list(orgId, { limit: 200 })
     *   return roles.map((role) => role.name)
     * }
     * ```
     */
    list: Endpoint.make({
      name: `${resource}.list`,
      method: "GET",
      params: ["orgId", "page"],
      input: (orgId: string, page?: Page) => ({ ...page, orgId }),
      request: Fields.Struct(() => ({ ...Page.fields, orgId: Fields.required("org_id", Fields.Identifier) })),
      path: () => `/${resource}`,
      query: (wire) => wire,
      response: Fields.listOrEmpty(record)
    }),
    /**
     * `GET /roles/{id}?org_id=` (or `/teams`): one role (team) of an org.
     *
     * @example
     * ```ts
     * import { MemsyClient } from "@memsy/effect"
     * import { Effect } from "effect"
     *
     * const focusOf = (roleId: string, orgId: string) =>
     *   Effect.gen(function* () {
     *     const memsy = yield* MemsyClient.MemsyClient
     *     const { focus } = yield* memsy.roles.get(roleId, orgId)
     *     return focus
     *   })
     * ```
     *
     * @promiseExample
     * ```ts
     * import type { MemsyClient } from "@memsy/sdk"
     *
     * const focusOf = async (client: MemsyClient, roleId: string, orgId: string) => {
     *   const { focus } = await client.roles.get(roleId, orgId)
     *   return focus
     * }
     * ```
     */
    get: Endpoint.make({
      name: `${resource}.get`,
      method: "GET",
      params: ["id", "orgId"],
      input: (id: string, orgId: string) => ({ id, orgId }),
      request: Ref,
      path: at,
      query: inOrg,
      response: record
    }),
    /**
     * `PATCH /roles/{id}?org_id=` (or `/teams`): changes the fields given and leaves the others; an
     * explicit `promotionPrompt` replaces the service's.
     *
     * @example
     * ```ts
     * import { MemsyClient } from "@memsy/effect"
     * import { Effect } from "effect"
     *
     * const rename = (roleId: string, orgId: string) =>
     *   Effect.gen(function* () {
     *     const memsy = yield* MemsyClient.MemsyClient
     *     return yield* memsy.roles.update(roleId, orgId, { name: "Platform engineering" })
     *   })
     * ```
     *
     * @promiseExample
     * ```ts
     * import type { MemsyClient } from "@memsy/sdk"
     *
     * const rename = async (client: MemsyClient, roleId: string, orgId: string) =>
     *   client.roles.update(roleId, orgId, { name: "Platform engineering" })
     * ```
     */
    update: Endpoint.make({
      name: `${resource}.update`,
      method: "PATCH",
      params: ["id", "orgId", "patch"],
      input: (id: string, orgId: string, patch: Patch) => ({ id, orgId, patch }),
      request: Fields.Struct(() => ({ ...Ref.fields, patch: Patch })),
      path: at,
      query: inOrg,
      body: (wire) => wire.patch,
      response: record
    }),
    /**
     * `POST /roles/{id}/regenerate-prompt?org_id=` (or `/teams`): has the service write the promotion
     * prompt afresh from the record's name and focus.
     *
     * @example
     * ```ts
     * import { MemsyClient } from "@memsy/effect"
     * import { Effect } from "effect"
     *
     * const rewrite = (roleId: string, orgId: string) =>
     *   Effect.gen(function* () {
     *     const memsy = yield* MemsyClient.MemsyClient
     *     const { promotionPrompt } = yield* memsy.roles.regeneratePrompt(roleId, orgId)
     *     return promotionPrompt
     *   })
     * ```
     *
     * @promiseExample
     * ```ts
     * import type { MemsyClient } from "@memsy/sdk"
     *
     * const rewrite = async (client: MemsyClient, roleId: string, orgId: string) => {
     *   const { promotionPrompt } = await client.roles.regeneratePrompt(roleId, orgId)
     *   return promotionPrompt
     * }
     * ```
     */
    regeneratePrompt: Endpoint.make({
      name: `${resource}.regeneratePrompt`,
      method: "POST",
      params: ["id", "orgId"],
      input: (id: string, orgId: string) => ({ id, orgId }),
      request: Ref,
      path: (wire) => `${at(wire)}/regenerate-prompt`,
      query: inOrg,
      response: record
    }),
    /**
     * `DELETE /roles/{id}?org_id=` (or `/teams`): removes the customisation only; memories promoted to
     * the role (team) stay. Needs an admin.
     *
     * @example
     * ```ts
     * import { MemsyClient } from "@memsy/effect"
     * import { Effect } from "effect"
     *
     * const removeRole = (roleId: string, orgId: string) =>
     *   Effect.gen(function* () {
     *     const memsy = yield* MemsyClient.MemsyClient
     *     yield* memsy.roles.delete(roleId, orgId)
     *   })
     * ```
     *
     * @promiseExample
     * ```ts
     * import type { MemsyClient } from "@memsy/sdk"
     *
     * const removeRole = async (client: MemsyClient, roleId: string, orgId: string) => {
     *   await client.roles.delete(roleId, orgId)
     * }
     * ```
     */
    delete: Endpoint.make({
      name: `${resource}.delete`,
      method: "DELETE",
      params: ["id", "orgId"],
      input: (id: string, orgId: string) => ({ id, orgId }),
      request: Ref,
      path: at,
      query: inOrg,
      response: Endpoint.NoContent
    })
  }
}

/**
 * `roles` of an org.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const roles = children("roles", Role)

/**
 * `teams` of an org.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const teams = children("teams", Team)
