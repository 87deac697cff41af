/**
 * Org, role and team customisation records (§4.6–4.8, §10.3).
 *
 * @internal
 */
import type { Ctx } from "./context.js"
import { param, requireAdmin, requireOwnOrg, requireScope } from "./context.js"
import type { Issue } from "./http.js"
import { detail, fail, Halt, json, noContent, notFound } from "./http.js"
import { slugId } from "./ids.js"
import { ORG_CAP } from "./limits.js"
import type { Customisation } from "./model.js"
import { iso } from "./time.js"
import type { Json } from "./validate.js"
import { ensure, parseBody, queryInt, requireQuery, str } from "./validate.js"

type Level = "org" | "role" | "team"

const NOUN: Record<Level, string> = { org: "organisation", role: "role", team: "team" }

/** A deterministic stand-in for the LLM-written extraction prompt: from name and focus only. */
export const promotionPrompt = (level: Level, name: string, focus: string): string =>
  [
    `You are extracting long-term memories for the ${NOUN[level]} "${name}".`,
    `Focus: ${focus.trim() || "general context"}.`,
    `Keep facts, preferences, decisions and norms that matter to everyone in this ${NOUN[level]};`,
    "drop small talk, one-off details and anything personal to a single actor."
  ].join(" ")

const promptMeta = (at: number, revision: number) => ({
  generator: "memsy-emulator",
  revision,
  generated_at: iso(at)
})

const render = (level: Level, c: Customisation) => ({
  org_id: c.orgId,
  ...(level === "role" ? { role_id: c.id } : level === "team" ? { team_id: c.id } : {}),
  name: c.name,
  focus: c.focus,
  promotion_prompt: c.promotionPrompt,
  created_at: iso(c.createdAt),
  updated_at: iso(c.updatedAt),
  prompt_meta: c.promptMeta
})

const mutation = (ctx: Ctx): void => {
  requireAdmin(ctx)
  requireScope(ctx, "write")
}

const createBody = (body: Json) => {
  const issues: Array<Issue> = []
  const orgId = str(body, "org_id", ["body"], issues, { required: true, nonBlank: true, max: 256 })
  const name = str(body, "name", ["body"], issues, { required: true, nonBlank: true, max: 200 })
  const focus = str(body, "focus", ["body"], issues, { required: true, max: 2000 })
  ensure(issues)
  return { orgId: orgId as string, name: name as string, focus: focus as string }
}

const applyPatch = (ctx: Ctx, level: Level, record: Customisation): Response => {
  const body = parseBody(ctx.text, true)
  const issues: Array<Issue> = []
  const name = str(body, "name", ["body"], issues, { nonBlank: true, max: 200, nullable: true })
  const focus = str(body, "focus", ["body"], issues, { max: 2000, nullable: true })
  const prompt = str(body, "promotion_prompt", ["body"], issues, { max: 20_000, nullable: true })
  ensure(issues)
  if (typeof name === "string") record.name = name
  if (typeof focus === "string") record.focus = focus
  if (typeof prompt === "string") {
    record.promotionPrompt = prompt
    record.promptMeta = { generator: "user", edited_at: iso(ctx.t) }
  }
  record.updatedAt = ctx.t
  return json(200, render(level, record))
}

const regenerate = (ctx: Ctx, level: Level, record: Customisation): Response => {
  const revision = typeof record.promptMeta?.revision === "number" ? record.promptMeta.revision + 1 : 1
  record.promotionPrompt = promotionPrompt(level, record.name, record.focus)
  record.promptMeta = promptMeta(ctx.t, revision)
  record.updatedAt = ctx.t
  return json(200, render(level, record))
}

const fresh = (
  ctx: Ctx,
  level: Level,
  id: string,
  orgId: string,
  name: string,
  focus: string
): Customisation => ({
  id,
  orgId,
  createdAt: ctx.t,
  createdBy: ctx.key.email,
  name,
  focus,
  promotionPrompt: promotionPrompt(level, name, focus),
  promptMeta: promptMeta(ctx.t, 0),
  updatedAt: ctx.t
})

// Orgs ---------------------------------------------------------------------------------------------

const ownRecord = (ctx: Ctx): Customisation => {
  requireOwnOrg(ctx, param(ctx, "org_id"))
  return ctx.org.record ?? notFound("Org not found")
}

export const orgs = {
  list: (ctx: Ctx): Response => {
    requireScope(ctx, "read")
    return json(200, ctx.org.record ? [render("org", ctx.org.record)] : [])
  },
  create: (ctx: Ctx): Response => {
    mutation(ctx)
    const input = createBody(parseBody(ctx.text))
    requireOwnOrg(ctx, input.orgId)
    // The cap counts the records this customer (by email) has created across its orgs.
    let current = 0
    for (const org of ctx.state.orgs.values()) if (org.record?.createdBy === ctx.key.email) current++
    const limit = ORG_CAP[ctx.key.tier]
    if (current >= limit) {
      fail(
        ctx.plane,
        403,
        "org_limit_reached",
        `The ${ctx.key.tier} tier allows ${limit} organisation record(s)`,
        {
          limit,
          current
        }
      )
    }
    if (ctx.org.record) throw new Halt(detail(409, "Org already exists"))
    ctx.org.record = fresh(ctx, "org", input.orgId, input.orgId, input.name, input.focus)
    return json(200, render("org", ctx.org.record))
  },
  get: (ctx: Ctx): Response => {
    requireScope(ctx, "read")
    return json(200, render("org", ownRecord(ctx)))
  },
  update: (ctx: Ctx): Response => {
    mutation(ctx)
    return applyPatch(ctx, "org", ownRecord(ctx))
  },
  regenerate: (ctx: Ctx): Response => {
    mutation(ctx)
    return regenerate(ctx, "org", ownRecord(ctx))
  },
  remove: (ctx: Ctx): Response => {
    mutation(ctx)
    ownRecord(ctx)
    ctx.org.record = null
    return noContent()
  }
}

// Roles and teams ----------------------------------------------------------------------------------

const children = (level: "role" | "team") => {
  const table = (ctx: Ctx) => (level === "role" ? ctx.org.roles : ctx.org.teams)
  const Noun = level === "role" ? "Role" : "Team"
  const idParam = `${level}_id`
  const find = (ctx: Ctx): Customisation => {
    requireOwnOrg(ctx, requireQuery(ctx.url, "org_id"))
    return table(ctx).get(param(ctx, idParam)) ?? notFound(`${Noun} not found`)
  }
  return {
    list: (ctx: Ctx): Response => {
      requireScope(ctx, "read")
      const orgId = requireQuery(ctx.url, "org_id")
      const limit = queryInt(ctx.url, "limit", 100, 1, 200)
      const offset = queryInt(ctx.url, "offset", 0, 0)
      requireOwnOrg(ctx, orgId)
      const items = [...table(ctx).values()].slice(offset, offset + limit)
      return json(
        200,
        items.map((c) => render(level, c))
      )
    },
    create: (ctx: Ctx): Response => {
      mutation(ctx)
      const input = createBody(parseBody(ctx.text))
      requireOwnOrg(ctx, input.orgId)
      const rows = table(ctx)
      const id = slugId(level, input.name, (candidate) => rows.has(candidate))
      const record = fresh(ctx, level, id, input.orgId, input.name, input.focus)
      rows.set(id, record)
      return json(200, render(level, record))
    },
    get: (ctx: Ctx): Response => {
      requireScope(ctx, "read")
      return json(200, render(level, find(ctx)))
    },
    update: (ctx: Ctx): Response => {
      mutation(ctx)
      return applyPatch(ctx, level, find(ctx))
    },
    regenerate: (ctx: Ctx): Response => {
      mutation(ctx)
      return regenerate(ctx, level, find(ctx))
    },
    remove: (ctx: Ctx): Response => {
      mutation(ctx)
      const record = find(ctx)
      table(ctx).delete(record.id)
      return noContent()
    }
  }
}

export const roles = children("role")
export const teams = children("team")
