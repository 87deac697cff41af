/**
 * `POST /ingest`, `POST /status` and `DELETE /clear/{tag}` (§4.1, §4.3, §4.5).
 *
 * @internal
 */
import type { Ctx } from "./context.js"
import { param, rejectOrgId, requireQuota, requireScope } from "./context.js"
import type { Issue } from "./http.js"
import { json } from "./http.js"
import type { EventKind, EventRecord } from "./model.js"
import { EVENT_KINDS, eventKey } from "./model.js"
import { parseIso } from "./time.js"
import { record } from "./usage.js"
import type { Json, Loc } from "./validate.js"
import { ensure, isObject, listTooLong, literal, parseBody, str, stringList } from "./validate.js"

/** §4.1: the content-hash dedup window. */
export const DEDUP_WINDOW_MS = 60_000

/** The largest batch accepted (the contract names none; the MCP server uses 100). */
export const MAX_BATCH = 1000

/** An event as validated, before it is stored: what the request said, nothing assigned yet. */
interface Parsed extends Pick<
  EventRecord,
  "actorId" | "sessionId" | "kind" | "content" | "roleId" | "teamId"
> {
  readonly ts: number | null
  readonly metadata: string | null
  readonly eventId: string | null
}

const optionalId = (e: Json, name: string, loc: Loc, issues: Array<Issue>): string | null => {
  const value = str(e, name, loc, issues, { max: 256, nullable: true })
  return value === undefined || value === null || value.trim() === "" ? null : value
}

const parseEvent = (input: unknown, loc: Loc, issues: Array<Issue>): Parsed | undefined => {
  if (!isObject(input)) {
    issues.push({
      type: "model_attributes_type",
      loc,
      msg: "Input should be a valid dictionary or object to extract fields from",
      input
    })
    return undefined
  }
  const before = issues.length
  const actorId = str(input, "actor_id", loc, issues, { required: true, nonBlank: true, max: 256 })
  const sessionId = str(input, "session_id", loc, issues, { required: true, nonBlank: true, max: 256 })
  const kind = str(input, "kind", loc, issues, { required: true })
  if (typeof kind === "string" && !(EVENT_KINDS as ReadonlyArray<string>).includes(kind)) {
    issues.push({ type: "literal_error", loc: [...loc, "kind"], msg: literal(EVENT_KINDS), input: kind })
  }
  const content = str(input, "content", loc, issues, { required: true, nonBlank: true, max: 7999 })
  const roleId = optionalId(input, "role_id", loc, issues)
  const teamId = optionalId(input, "team_id", loc, issues)
  const tsText = str(input, "ts", loc, issues, { nullable: true })
  const ts = typeof tsText === "string" ? parseIso(tsText) : null
  if (typeof tsText === "string" && ts === null) {
    issues.push({
      type: "datetime_parsing",
      loc: [...loc, "ts"],
      msg: "Input should be a valid datetime",
      input: tsText
    })
  }
  const metadata = str(input, "metadata", loc, issues, { max: 4096, nullable: true }) ?? null
  const eventId = str(input, "event_id", loc, issues, { nonBlank: true, max: 256, nullable: true }) ?? null
  if (issues.length > before) return undefined
  return {
    actorId: actorId as string,
    sessionId: sessionId as string,
    kind: kind as EventKind,
    content: content as string,
    roleId,
    teamId,
    ts,
    metadata,
    eventId
  }
}

/** §4.1: an object is kept as is; any other JSON, or invalid JSON, becomes `{"raw": …}`. */
const parseMetadata = (raw: string | null): Readonly<Record<string, unknown>> | null => {
  if (raw === null) return null
  try {
    const value: unknown = JSON.parse(raw)
    return isObject(value) ? value : { raw }
  } catch {
    return { raw }
  }
}

const dedupKey = (orgId: string, p: Parsed): string =>
  [orgId, p.actorId, p.sessionId, p.kind, p.content].join("\u0000")

export const ingest = (ctx: Ctx): Response => {
  requireScope(ctx, "write")
  const body = parseBody(ctx.text)
  rejectOrgId(ctx, body)
  const issues: Array<Issue> = []
  const raw = body.events
  if (raw === undefined)
    issues.push({ type: "missing", loc: ["body", "events"], msg: "Field required", input: body })
  else if (!Array.isArray(raw)) {
    issues.push({
      type: "list_type",
      loc: ["body", "events"],
      msg: "Input should be a valid list",
      input: raw
    })
  } else if (raw.length > MAX_BATCH) {
    issues.push(listTooLong(["body", "events"], MAX_BATCH, raw.length))
  }
  ensure(issues)
  const parsed = (raw as Array<unknown>).map((e, i) => parseEvent(e, ["body", "events", i], issues))
  ensure(issues)

  const { state, t } = ctx
  const orgId = ctx.key.orgId
  const fresh: Array<EventRecord> = []
  const byClientId = new Map<string, string>()
  const byContent = new Map<string, string>()
  const ids = (parsed as Array<Parsed>).map((p) => {
    if (p.eventId !== null) {
      // A client event_id is an idempotency key and becomes the event's id (§4.1).
      const known = state.eventIndex.get(eventKey(orgId, p.eventId))?.eventId ?? byClientId.get(p.eventId)
      if (known !== undefined) return known
    }
    const dk = dedupKey(orgId, p)
    const prior = state.dedup.get(dk)
    const repeat = byContent.get(dk) ?? (prior && t - prior.at < DEDUP_WINDOW_MS ? prior.eventId : undefined)
    if (repeat !== undefined) return repeat
    const eventId = p.eventId ?? state.ulid(t)
    fresh.push({
      eventId,
      orgId,
      actorId: p.actorId,
      sessionId: p.sessionId,
      kind: p.kind,
      content: p.content,
      roleId: p.roleId,
      teamId: p.teamId,
      ts: p.ts ?? t,
      metadata: parseMetadata(p.metadata),
      metadataRaw: p.metadata,
      ingestedAt: t,
      dueAt: t + ctx.settings.processingDelay,
      tier: ctx.key.tier,
      status: "pending",
      memoryId: null,
      processedAt: null
    })
    if (p.eventId !== null) byClientId.set(p.eventId, eventId)
    byContent.set(dk, eventId)
    return eventId
  })

  if (fresh.length > 0) {
    requireQuota(ctx, "events_ingested", fresh.length)
    requireQuota(ctx, "memories_stored", 1)
    requireQuota(ctx, "llm_tokens", 1)
  }
  for (const event of fresh) {
    state.events.push(event)
    state.eventIndex.set(eventKey(orgId, event.eventId), event)
  }
  for (const [dk, eventId] of byContent) {
    if (fresh.some((e) => e.eventId === eventId)) state.dedup.set(dk, { eventId, at: t })
  }
  record(state, orgId, ctx.key.keyId, "events_ingested", fresh.length, t)
  return json(200, { event_ids: ids })
}

/** §4.3: the largest id list `/status` accepts. */
export const MAX_STATUS_IDS = 500

export const status = (ctx: Ctx): Response => {
  requireScope(ctx, "read")
  const body = parseBody(ctx.text)
  const issues: Array<Issue> = []
  const ids = stringList(body, "event_ids", ["body"], issues)
  if (body.event_ids === undefined || body.event_ids === null) {
    issues.push({ type: "missing", loc: ["body", "event_ids"], msg: "Field required", input: body })
  } else if (ids && ids.length > MAX_STATUS_IDS) {
    issues.push(listTooLong(["body", "event_ids"], MAX_STATUS_IDS, ids.length))
  }
  ensure(issues)
  const lists = { completed: [] as Array<string>, failed: [] as Array<string>, pending: [] as Array<string> }
  const unknownIds: Array<string> = []
  const statuses: Record<string, string> = {}
  for (const id of new Set(ids)) {
    const event = ctx.state.eventIndex.get(eventKey(ctx.key.orgId, id))
    statuses[id] = event?.status ?? "unknown"
    if (event) lists[event.status].push(id)
    else unknownIds.push(id)
  }
  return json(200, {
    completedIds: lists.completed,
    failedIds: lists.failed,
    pendingIds: lists.pending,
    unknownIds,
    total: Object.keys(statuses).length,
    statuses
  })
}

const removeWhere = <A>(items: Array<A>, predicate: (a: A) => boolean): number => {
  let removed = 0
  for (let i = items.length - 1; i >= 0; i--) {
    if (predicate(items[i] as A)) {
      items.splice(i, 1)
      removed++
    }
  }
  return removed
}

/** §4.5, implemented rather than stubbed: removes the events of session `tag` and the memories only they support. */
export const clear = (ctx: Ctx): Response => {
  requireScope(ctx, "write")
  const tag = param(ctx, "tag")
  const { state } = ctx
  const orgId = ctx.key.orgId
  const gone = new Set(
    state.events.filter((e) => e.orgId === orgId && e.sessionId === tag).map((e) => e.eventId)
  )
  const events = removeWhere(state.events, (e) => e.orgId === orgId && gone.has(e.eventId))
  for (const id of gone) state.eventIndex.delete(eventKey(orgId, id))
  for (const [k, v] of state.dedup)
    if (k.startsWith(`${orgId}\u0000`) && gone.has(v.eventId)) state.dedup.delete(k)
  for (const m of state.memories) {
    if (m.orgId === orgId) m.sourceEventIds = m.sourceEventIds.filter((id) => !gone.has(id))
  }
  const memories = removeWhere(state.memories, (m) => m.orgId === orgId && m.sourceEventIds.length === 0)
  return json(200, { deleted: events + memories })
}
