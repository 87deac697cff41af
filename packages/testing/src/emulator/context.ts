/**
 * What a route handler gets, and the permission guards (§1.3, §7.4).
 *
 * @internal
 */
import { coded, fail, Halt } from "./http.js"
import { quota, UPGRADE_URL } from "./limits.js"
import type { Dimension, KeyRecord, OrgState, Plane, Scope, Settings, State } from "./model.js"
import { used } from "./usage.js"
import type { Json } from "./validate.js"
import { isObject } from "./validate.js"

export interface Ctx {
  readonly state: State
  readonly settings: Settings
  readonly plane: Plane
  readonly key: KeyRecord
  readonly org: OrgState
  readonly t: number
  readonly url: URL
  readonly params: Readonly<Record<string, string>>
  /** The raw request body ("" when none). */
  readonly text: string
}

/** The path parameter `name` (present whenever the route pattern names it). */
export const param = (ctx: Ctx, name: string): string => ctx.params[name] ?? ""

export const requireAdmin = (ctx: Ctx): void => {
  if (!ctx.key.admin) {
    fail(ctx.plane, 403, "admin_required", "This operation requires the organisation admin role")
  }
}

export const requireScope = (ctx: Ctx, scope: Scope): void => {
  if (!ctx.key.scopes.includes(scope)) {
    fail(ctx.plane, 403, "insufficient_scope", `API key lacks the '${scope}' scope`, {
      required_scope: scope
    })
  }
}

export const requireSeat = (ctx: Ctx): void => {
  if (!ctx.key.seat) fail(ctx.plane, 403, "seat_required", "An assigned seat is required for the console")
}

export const requireBilling = (ctx: Ctx): void => {
  if (ctx.key.tier !== "pro") {
    fail(ctx.plane, 403, "billing_not_enabled", "Billing is not enabled for this organisation", {
      interest_path: "/interest/pro"
    })
  }
}

/** Onboarding calls name the org explicitly; it must be the key's (§10.5). */
export const requireOwnOrg = (ctx: Ctx, orgId: string): void => {
  if (orgId !== ctx.key.orgId) {
    fail(ctx.plane, 403, "org_mismatch", "org_id does not match the organisation of this API key")
  }
}

/** §10.5: `org_id` in a body is obsolete; the free tier rejects it, pro ignores it. */
export const rejectOrgId = (ctx: Ctx, body: Json): void => {
  const nested = Array.isArray(body.events) && body.events.some((e) => isObject(e) && "org_id" in e)
  if (ctx.key.tier === "free" && ("org_id" in body || nested)) {
    throw new Halt(
      coded(
        ctx.plane,
        400,
        "org_id_not_allowed",
        "org_id is not accepted on the free tier; the org comes from the key"
      )
    )
  }
}

/** 429 `usage_limit_exceeded` when `dimension` cannot take `adding` more this period. */
export const requireQuota = (ctx: Ctx, dimension: Dimension, adding: number): void => {
  const current = used(ctx.state, ctx.key.orgId, dimension, ctx.t)
  const limit = quota(ctx.settings, ctx.key.tier, dimension)
  if (current + adding > limit) {
    throw new Halt(
      coded(ctx.plane, 429, "usage_limit_exceeded", `Plan limit for ${dimension} reached`, {
        dimension,
        current,
        limit,
        upgrade_url: UPGRADE_URL
      })
    )
  }
}
