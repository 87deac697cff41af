/**
 * Control-plane handlers (§5): identity, health, console events, usage, billing, keys, Pro interest.
 *
 * @internal
 */
import type { Ctx } from "./context.js"
import { param, requireAdmin, requireBilling, requireSeat } from "./context.js"
import type { Issue } from "./http.js"
import { fail, invalid, json, noContent, notFound } from "./http.js"
import { hash } from "./ids.js"
import { keysOfOrg, register } from "./keys.js"
import { KEY_CAP, OVERAGE, quota } from "./limits.js"
import type { Dimension, KeyRecord, Scope, UsageRecord } from "./model.js"
import { DIMENSIONS, EVENT_KINDS } from "./model.js"
import { DAY, HOUR, iso, isoOrNull, parseDate, parseIso, periodOf, unixSeconds } from "./time.js"
import { used } from "./usage.js"
import { ensure, literal, parseBody, query, queryEnum, queryInt, str, stringList } from "./validate.js"

export const VERSION = "0.1.0-emulator"

export const health = (ctx: Ctx): Response =>
  json(200, {
    status: "ok",
    version: VERSION,
    billing_enabled: ctx.key.tier === "pro",
    components:
      ctx.plane === "data"
        ? { async_memsy: "ok", sync_memsy: "ok" }
        : { database: "ok", billing: "ok", auth: "ok" }
  })

export const me = (ctx: Ctx): Response =>
  json(200, {
    customer_id: `cus_${hash(`${ctx.key.orgId}/${ctx.key.email}`)}`,
    email: ctx.key.email,
    tier: ctx.key.tier,
    is_superadmin: false,
    org_id: ctx.key.orgId,
    is_billing_admin: ctx.key.admin,
    user_id: `user_${hash(ctx.key.email)}`,
    org_role: ctx.key.admin ? "org:admin" : "org:member"
  })

// Console events (§5.3) ----------------------------------------------------------------------------

export const events = (ctx: Ctx): Response => {
  requireSeat(ctx)
  const { url } = ctx
  const sort = queryEnum(url, "sort", ["ts_desc", "ts_asc"] as const, "ts_desc")
  const limit = queryInt(url, "limit", 50, 1, 200)
  const offset = queryInt(url, "offset", 0, 0)
  const actorId = query(url, "actor_id")
  const sessionId = query(url, "session_id")
  const kind = query(url, "kind")
  if (kind !== undefined && !(EVENT_KINDS as ReadonlyArray<string>).includes(kind)) {
    invalid([{ type: "literal_error", loc: ["query", "kind"], msg: literal(EVENT_KINDS), input: kind }])
  }
  const direction = sort === "ts_asc" ? 1 : -1
  const matches = ctx.state.events
    .filter(
      (e) =>
        e.orgId === ctx.key.orgId &&
        (actorId === undefined || e.actorId === actorId) &&
        (sessionId === undefined || e.sessionId === sessionId) &&
        (kind === undefined || e.kind === kind)
    )
    // ULIDs are time-ordered, so the id breaks ties in arrival order.
    .sort((a, b) => direction * (a.ts - b.ts || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)))
  const items = matches.slice(offset, offset + limit).map((e) => ({
    event_id: e.eventId,
    org_id: e.orgId,
    actor_id: e.actorId,
    session_id: e.sessionId,
    kind: e.kind,
    content: e.content,
    ts: iso(e.ts),
    metadata: e.metadata,
    ingested_at: iso(e.ingestedAt),
    role_id: e.roleId,
    team_id: e.teamId,
    status: e.status
  }))
  return json(200, { items, total: matches.length, limit, offset })
}

// Usage (§5.4) -------------------------------------------------------------------------------------

export const usageSummary = (ctx: Ctx): Response => {
  requireAdmin(ctx)
  const period = periodOf(ctx.t)
  return json(200, {
    org_id: ctx.key.orgId,
    tier: ctx.key.tier,
    period_start: iso(period.start),
    period_end: iso(period.end),
    dimensions: DIMENSIONS.map((dimension) => ({
      dimension,
      used: used(ctx.state, ctx.key.orgId, dimension, ctx.t),
      limit: quota(ctx.settings, ctx.key.tier, dimension),
      overage_rate: ctx.key.tier === "pro" ? OVERAGE[dimension] : null
    }))
  })
}

const dateParam = (url: URL, name: string, issues: Array<Issue>): number | undefined => {
  const value = query(url, name)
  if (value === undefined) return undefined
  const ms = parseDate(value) ?? parseIso(value)
  if (ms === null) {
    issues.push({
      type: "date_from_datetime_parsing",
      loc: ["query", name],
      msg: "Input should be a valid date",
      input: value
    })
  }
  return ms ?? undefined
}

/** Buckets of the org's metered records: a day (`YYYY-MM-DD`) or an hour (`YYYY-MM-DDTHH:00:00Z`). */
const aggregate = (records: ReadonlyArray<UsageRecord>, granularity: "daily" | "hourly") => {
  const step = granularity === "daily" ? DAY : HOUR
  const buckets = new Map<string, { date: string; dimension: Dimension; quantity: number }>()
  for (const r of records) {
    const start = Math.floor(r.at / step) * step
    const date = granularity === "daily" ? iso(start).slice(0, 10) : iso(start)
    const k = `${date}\u0000${r.dimension}`
    const bucket = buckets.get(k) ?? { date, dimension: r.dimension, quantity: 0 }
    bucket.quantity += r.quantity
    buckets.set(k, bucket)
  }
  return [...buckets.values()].sort(
    (a, b) =>
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension)
  )
}

export const usageTimeseries = (ctx: Ctx): Response => {
  requireAdmin(ctx)
  const { url } = ctx
  const granularity = queryEnum(url, "granularity", ["daily", "hourly"] as const, "daily")
  const dimension = query(url, "dimension")
  const issues: Array<Issue> = []
  if (dimension !== undefined && !(DIMENSIONS as ReadonlyArray<string>).includes(dimension)) {
    issues.push({
      type: "literal_error",
      loc: ["query", "dimension"],
      msg: literal(DIMENSIONS),
      input: dimension
    })
  }
  const period = periodOf(ctx.t)
  const from = dateParam(url, "period_start", issues) ?? period.start
  // Both dates are inclusive: the end day runs to its midnight.
  const endDay = dateParam(url, "period_end", issues)
  ensure(issues)
  const to = endDay === undefined ? period.end : Math.floor(endDay / DAY) * DAY + DAY
  const records = ctx.state.usage.filter(
    (r) =>
      r.orgId === ctx.key.orgId &&
      r.at >= from &&
      r.at < to &&
      (dimension === undefined || r.dimension === dimension)
  )
  return json(200, { org_id: ctx.key.orgId, granularity, data: aggregate(records, granularity) })
}

// Billing (§5.5) -----------------------------------------------------------------------------------

const PLAN_PRICE = 4900

export const billingSummary = (ctx: Ctx): Response => {
  requireAdmin(ctx)
  requireBilling(ctx)
  const seated = new Set(
    keysOfOrg(ctx.state, ctx.key.orgId)
      .filter((k) => k.active && k.seat)
      .map((k) => k.email)
  )
  const purchased = Math.max(5, seated.size)
  const period = periodOf(ctx.t)
  const orgHash = hash(ctx.key.orgId)
  return json(200, {
    tier: ctx.key.tier,
    purchased_seats: purchased,
    assigned_seats: seated.size,
    available_seats: purchased - seated.size,
    stripe_customer_id: `cus_emu${orgHash}`,
    subscription_status: "active",
    billing_contact: ctx.key.email,
    stripe_subscription_id: `sub_emu${orgHash}`,
    payment_method: {
      brand: "visa",
      last4: "4242",
      exp_month: 12,
      exp_year: new Date(ctx.t).getUTCFullYear() + 3
    },
    upcoming_invoice: { amount_due: PLAN_PRICE, currency: "usd", period_end: unixSeconds(period.end) }
  })
}

export const billingInvoices = (ctx: Ctx): Response => {
  requireAdmin(ctx)
  requireBilling(ctx)
  const id = `in_emu${hash(ctx.key.orgId)}0001`
  return json(200, [
    {
      id,
      amount_due: PLAN_PRICE,
      amount_paid: PLAN_PRICE,
      currency: "usd",
      status: "paid",
      created: String(unixSeconds(periodOf(ctx.t).start)),
      hosted_invoice_url: `https://invoice.stripe.com/i/${id}`
    }
  ])
}

// Keys (§5.6) --------------------------------------------------------------------------------------

const keyInfo = (k: KeyRecord) => ({
  key_id: k.keyId,
  prefix: k.prefix,
  name: k.name,
  is_active: k.active,
  created_at: iso(k.createdAt),
  scopes: k.scopes,
  last_used_at: isoOrNull(k.lastUsedAt),
  expires_at: isoOrNull(k.expiresAt)
})

const activeCount = (ctx: Ctx) => keysOfOrg(ctx.state, ctx.key.orgId).filter((k) => k.active).length

export const keysList = (ctx: Ctx): Response => {
  requireAdmin(ctx)
  return json(200, {
    keys: keysOfOrg(ctx.state, ctx.key.orgId).map(keyInfo),
    max_keys: KEY_CAP[ctx.key.tier],
    active_count: activeCount(ctx)
  })
}

const SCOPES: ReadonlyArray<Scope> = ["read", "write"]

export const keysCreate = (ctx: Ctx): Response => {
  requireAdmin(ctx)
  const body = parseBody(ctx.text)
  const issues: Array<Issue> = []
  const name = str(body, "name", ["body"], issues, { required: true, nonBlank: true, max: 100 })
  const scopes = stringList(body, "scopes", ["body"], issues) ?? ["read", "write"]
  scopes.forEach((s, i) => {
    if (!(SCOPES as ReadonlyArray<string>).includes(s)) {
      issues.push({ type: "literal_error", loc: ["body", "scopes", i], msg: literal(SCOPES), input: s })
    }
  })
  const expiresText = str(body, "expires_at", ["body"], issues, { nullable: true })
  const expiresAt = typeof expiresText === "string" ? parseIso(expiresText) : null
  if (typeof expiresText === "string" && expiresAt === null) {
    issues.push({
      type: "datetime_parsing",
      loc: ["body", "expires_at"],
      msg: "Input should be a valid datetime",
      input: expiresText
    })
  }
  ensure(issues)
  const limit = KEY_CAP[ctx.key.tier]
  const current = activeCount(ctx)
  if (current >= limit) {
    fail(ctx.plane, 403, "key_limit_reached", `The ${ctx.key.tier} tier allows ${limit} active API keys`, {
      limit,
      current
    })
  }
  // The new key belongs to the same user: same org, tier, role and seat.
  const created = register(
    ctx.state,
    {
      tier: ctx.key.tier,
      scopes: scopes as Array<Scope>,
      admin: ctx.key.admin,
      seat: ctx.key.seat,
      orgId: ctx.key.orgId,
      email: ctx.key.email
    },
    ctx.t,
    { name: name as string, expiresAt }
  )
  return json(200, {
    key_id: created.keyId,
    raw_key: created.raw,
    prefix: created.prefix,
    name: created.name,
    scopes: created.scopes,
    created_at: iso(created.createdAt),
    expires_at: isoOrNull(created.expiresAt)
  })
}

const findKey = (ctx: Ctx): KeyRecord => {
  const id = param(ctx, "key_id")
  return keysOfOrg(ctx.state, ctx.key.orgId).find((k) => k.keyId === id) ?? notFound("Key not found")
}

export const keysDelete = (ctx: Ctx): Response => {
  requireAdmin(ctx)
  findKey(ctx).active = false
  return noContent()
}

export const keysUsage = (ctx: Ctx): Response => {
  requireAdmin(ctx)
  const key = findKey(ctx)
  return json(200, {
    usage: aggregate(
      ctx.state.usage.filter((r) => r.keyId === key.keyId),
      "daily"
    ).map((b) => ({ ...b, key_id: key.keyId }))
  })
}

// Pro interest (§5.7) ------------------------------------------------------------------------------

export const interestExpress = (ctx: Ctx): Response => {
  const body = parseBody(ctx.text)
  const issues: Array<Issue> = []
  const email = str(body, "email", ["body"], issues, { required: true, nonBlank: true, max: 320 })
  str(body, "name", ["body"], issues, { required: true, nonBlank: true, max: 200 })
  for (const optional of ["company", "use_case", "notes"])
    str(body, optional, ["body"], issues, { max: 5000, nullable: true })
  ensure(issues)
  ctx.org.interest = { email: email as string, at: ctx.t }
  return json(200, { message: "Thanks! We have noted your interest in Memsy Pro and will be in touch." })
}

export const interestStatus = (ctx: Ctx): Response => json(200, { expressed: ctx.org.interest !== null })
