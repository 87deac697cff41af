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

const recordFields = {
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
}

/**
 * @since 0.1.0
 * @category models
 */
export class Org extends Schema.Class<Org>("Org")(recordFields) {}

/**
 * @since 0.1.0
 * @category models
 */
export class Role extends Schema.Class<Role>("Role")({
  roleId: Fields.required("role_id", Schema.String),
  ...recordFields
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export class Team extends Schema.Class<Team>("Team")({
  teamId: Fields.required("team_id", Schema.String),
  ...recordFields
}) {}

const Name = Fields.NonBlank
const Create = Schema.Struct({ orgId: Fields.required("org_id", Fields.Identifier), name: Name, focus: Name })

/**
 * The fields `update` may change; those left out are not sent.
 *
 * @since 0.1.0
 * @category models
 */
export const Patch = Schema.Struct({
  name: Schema.optional(Name),
  focus: Schema.optional(Name),
  promotionPrompt: Fields.omittable("promotion_prompt", Fields.NonBlank)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Patch = typeof Patch.Type

/**
 * @since 0.1.0
 * @category models
 */
export type CreateOptions = typeof Create.Type

const OrgRef = Schema.Struct({ orgId: Fields.PathId })
const OrgPatch = Schema.Struct({ orgId: Fields.PathId, patch: Patch })

/**
 * `orgs`: records visible to the key; `orgId` on create must be the key's own org.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const orgs = {
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
  get: Endpoint.make({
    name: "orgs.get",
    method: "GET",
    params: ["orgId"],
    input: (orgId: string) => ({ orgId }),
    request: OrgRef,
    path: (wire) => Endpoint.path`/orgs/${wire.orgId}`,
    response: Org
  }),
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
  regeneratePrompt: Endpoint.make({
    name: "orgs.regeneratePrompt",
    method: "POST",
    params: ["orgId"],
    input: (orgId: string) => ({ orgId }),
    request: OrgRef,
    path: (wire) => Endpoint.path`/orgs/${wire.orgId}/regenerate-prompt`,
    response: Org
  }),
  list: Endpoint.make({
    name: "orgs.list",
    method: "GET",
    params: [],
    input: () => ({}),
    request: Endpoint.NoInput,
    path: () => "/orgs",
    response: Fields.listOrEmpty(Org)
  }),
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
export const Page = Schema.Struct({
  limit: Fields.defaulted("limit", Fields.intBetween(1, 200), 100),
  offset: Fields.defaulted("offset", Fields.NonNegativeInt, 0)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Page = typeof Page.Type

/** Roles and teams are the same resource under two names: the org id goes in the query string. */
const children = <A, I>(resource: "roles" | "teams", record: Schema.Schema<A, I>) => {
  const Ref = Schema.Struct({ id: Fields.PathId, orgId: Fields.required("org_id", Fields.Identifier) })
  const at = (wire: typeof Ref.Encoded) => Endpoint.path`/${resource}/${wire.id}`
  const inOrg = (wire: { readonly org_id: string }) => ({ org_id: wire.org_id })
  return {
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
    list: Endpoint.make({
      name: `${resource}.list`,
      method: "GET",
      params: ["orgId", "page"],
      input: (orgId: string, page?: Page) => ({ ...page, orgId }),
      request: Schema.Struct({ ...Page.fields, orgId: Fields.required("org_id", Fields.Identifier) }),
      path: () => `/${resource}`,
      query: (wire) => wire,
      response: Fields.listOrEmpty(record)
    }),
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
    update: Endpoint.make({
      name: `${resource}.update`,
      method: "PATCH",
      params: ["id", "orgId", "patch"],
      input: (id: string, orgId: string, patch: Patch) => ({ id, orgId, patch }),
      request: Schema.Struct({ ...Ref.fields, patch: Patch }),
      path: at,
      query: inOrg,
      body: (wire) => wire.patch,
      response: record
    }),
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
