/**
 * Console memories, read-only (§4.9).
 *
 * @internal
 */
import type { Ctx } from "./context.js"
import { param, requireScope } from "./context.js"
import { invalid, json, notFound } from "./http.js"
import { isUuid } from "./ids.js"
import type { MemoryRecord } from "./model.js"
import { iso, isoOrNull } from "./time.js"
import { query, queryEnum, queryInt } from "./validate.js"

export const SORTS = [
  "observed_at_desc",
  "observed_at_asc",
  "strength_desc",
  "confidence_desc",
  "created_at_desc"
] as const
type Sort = (typeof SORTS)[number]

/** Days for strength to halve when unused (§4.9). */
export const DECAY_HALF_LIFE_DAYS = 30

export const memoryItem = (m: MemoryRecord) => ({
  memory_id: m.memoryId,
  org_id: m.orgId,
  scope: { level: m.level, actor_id: m.actorId, role_id: m.roleId, team_id: m.teamId },
  type: m.type,
  kind: m.kind,
  // §13.10: the list filter `kind` is said to filter `memory_kind`; the emulator keeps them equal.
  memory_kind: m.kind,
  status: m.status,
  text: m.text,
  confidence: m.confidence,
  strength: m.strength,
  recall_count: m.recallCount,
  decay_half_life_days: DECAY_HALF_LIFE_DAYS,
  pinned: false,
  tags: m.tags,
  entity_refs: m.entities.map((e) => ({ name: e.name, type: e.type })),
  source_event_ids: m.sourceEventIds,
  source_urls: m.sourceUrls,
  summary: m.summary,
  payload: { title: m.title, type: m.type, kind: m.kind, extractor: "memsy-emulator" },
  last_recalled_at: isoOrNull(m.lastRecalledAt),
  effective_from: iso(m.observedAt),
  effective_to: null,
  observed_at: iso(m.observedAt),
  created_at: iso(m.createdAt),
  updated_at: iso(m.updatedAt)
})

const compare: Record<Sort, (a: MemoryRecord, b: MemoryRecord) => number> = {
  observed_at_desc: (a, b) => b.observedAt - a.observedAt,
  observed_at_asc: (a, b) => a.observedAt - b.observedAt,
  strength_desc: (a, b) => b.strength - a.strength,
  confidence_desc: (a, b) => b.confidence - a.confidence,
  created_at_desc: (a, b) => b.createdAt - a.createdAt
}

const byId = (a: MemoryRecord, b: MemoryRecord) =>
  a.memoryId < b.memoryId ? -1 : a.memoryId > b.memoryId ? 1 : 0

const orgMemories = (ctx: Ctx) => ctx.state.memories.filter((m) => m.orgId === ctx.key.orgId)

export const list = (ctx: Ctx): Response => {
  requireScope(ctx, "read")
  const { url } = ctx
  const sort = queryEnum(url, "sort", SORTS, "observed_at_desc")
  const limit = queryInt(url, "limit", 50, 1, 200)
  const offset = queryInt(url, "offset", 0, 0)
  const actorId = query(url, "actor_id")
  const kind = query(url, "kind")
  const type = query(url, "type")
  const status = query(url, "status") ?? "active"
  const needle = query(url, "search")?.toLowerCase()
  const matches = orgMemories(ctx)
    .filter(
      (m) =>
        (actorId === undefined || m.actorId === actorId) &&
        (kind === undefined || m.kind === kind) &&
        (type === undefined || m.type === type) &&
        m.status === status &&
        (needle === undefined || m.text.toLowerCase().includes(needle))
    )
    // The chosen key, then memory_id, so offset paging neither repeats nor skips (§4.9).
    .sort((a, b) => compare[sort](a, b) || byId(a, b))
  return json(200, {
    items: matches.slice(offset, offset + limit).map(memoryItem),
    total: matches.length,
    limit,
    offset
  })
}

const countBy = (
  items: ReadonlyArray<MemoryRecord>,
  key: (m: MemoryRecord) => string
): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const m of items) out[key(m)] = (out[key(m)] ?? 0) + 1
  return out
}

const average = (items: ReadonlyArray<MemoryRecord>, value: (m: MemoryRecord) => number): number =>
  items.length === 0
    ? 0
    : Math.round((items.reduce((n, m) => n + value(m), 0) / items.length) * 10_000) / 10_000

export const stats = (ctx: Ctx): Response => {
  requireScope(ctx, "read")
  const all = orgMemories(ctx)
  const entities = new Map<string, number>()
  for (const m of all) for (const e of m.entities) entities.set(e.name, (entities.get(e.name) ?? 0) + 1)
  const observed = all.map((m) => m.observedAt)
  return json(200, {
    total: all.length,
    total_memories: all.length,
    active_memories: all.filter((m) => m.status === "active").length,
    by_type: countBy(all, (m) => m.type),
    by_kind: countBy(all, (m) => m.kind),
    by_status: countBy(all, (m) => m.status),
    avg_confidence: average(all, (m) => m.confidence),
    avg_strength: average(all, (m) => m.strength),
    top_entities: [...entities]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 10)
      .map(([name, count]) => ({ name, count })),
    confidence_buckets: [0, 0.2, 0.4, 0.6, 0.8].map((min) => ({
      min,
      max: Math.round((min + 0.2) * 10) / 10,
      count: all.filter(
        (m) => m.confidence >= min && (m.confidence < min + 0.2 || (min === 0.8 && m.confidence <= 1))
      ).length
    })),
    date_range: {
      earliest: observed.length > 0 ? iso(Math.min(...observed)) : null,
      latest: observed.length > 0 ? iso(Math.max(...observed)) : null
    }
  })
}

export const get = (ctx: Ctx): Response => {
  requireScope(ctx, "read")
  const id = param(ctx, "memory_id")
  if (!isUuid(id)) {
    invalid([
      {
        type: "uuid_parsing",
        loc: ["path", "memory_id"],
        msg: "Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-]",
        input: id
      }
    ])
  }
  const memory = orgMemories(ctx).find((m) => m.memoryId === id.toLowerCase())
  return memory ? json(200, memoryItem(memory)) : notFound("Memory not found")
}
