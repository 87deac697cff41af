/**
 * `POST /search` (§4.2, §10.4): the `limit` most relevant of the org's active memories in scope (an
 * actor plus the roles/teams named) that score at least `threshold`, reinforcing every hit.
 *
 * @internal
 */
import type { Ctx } from "./context.js"
import { rejectOrgId, requireQuota, requireScope } from "./context.js"
import type { Issue } from "./http.js"
import { json } from "./http.js"
import type { MemoryRecord } from "./model.js"
import { eventKey } from "./model.js"
import { score } from "./relevance.js"
import { iso } from "./time.js"
import { record } from "./usage.js"
import { ensure, int, parseBody, str, stringList } from "./validate.js"

/** §10.2: reinforcement per hit and its ceiling. */
export const STRENGTH_STEP = 0.1
export const STRENGTH_MAX = 5

/** §4.2: `source_metadata` carries at most this many entries. */
export const SOURCE_METADATA_MAX = 5

const eligible = (
  m: MemoryRecord,
  actorId: string | undefined,
  roleIds: ReadonlySet<string>,
  teamIds: ReadonlySet<string>
): boolean => {
  if (actorId === undefined || m.level === "org" || m.actorId === actorId) return true
  if (m.level === "role") return m.roleId !== null && roleIds.has(m.roleId)
  if (m.level === "team") return m.teamId !== null && teamIds.has(m.teamId)
  return false
}

export const search = (ctx: Ctx): Response => {
  requireScope(ctx, "read")
  const body = parseBody(ctx.text)
  rejectOrgId(ctx, body)
  const issues: Array<Issue> = []
  const query = str(body, "query", ["body"], issues, { required: true, nonBlank: true, max: 8000 })
  const limit = int(body.limit, ["body", "limit"], issues, 10, 1, 100)
  let threshold = 0
  if (body.threshold !== undefined && body.threshold !== null) {
    if (typeof body.threshold === "number" && Number.isFinite(body.threshold)) threshold = body.threshold
    else {
      issues.push({
        type: "float_type",
        loc: ["body", "threshold"],
        msg: "Input should be a valid number",
        input: body.threshold
      })
    }
  }
  const include = body.include_source_events ?? false
  if (typeof include !== "boolean") {
    issues.push({
      type: "bool_type",
      loc: ["body", "include_source_events"],
      msg: "Input should be a valid boolean",
      input: include
    })
  }
  const actorId = str(body, "actor_id", ["body"], issues, { nullable: true }) ?? undefined
  const roleIds = new Set(stringList(body, "role_ids", ["body"], issues))
  const teamIds = new Set(stringList(body, "team_ids", ["body"], issues))
  ensure(issues)
  requireQuota(ctx, "search_queries", 1)

  const { state, t } = ctx
  const orgId = ctx.key.orgId
  const corpus = state.memories.filter((m) => m.orgId === orgId && m.status === "active")
  const candidates = corpus.filter((m) => eligible(m, actorId, roleIds, teamIds))
  const toDoc = (m: MemoryRecord) => ({ id: m.memoryId, terms: m.terms })
  const scores = score(query as string, corpus.map(toDoc), candidates.map(toDoc))
  const hits = candidates
    .map((m) => ({ m, s: scores.get(m.memoryId) ?? 0 }))
    .filter(({ s }) => s >= threshold)
    // Ties go to the memory observed last, then to the one created first (the sort is stable), never
    // to the random ids: the same memories rank the same way on every emulator.
    .sort((a, b) => b.s - a.s || b.m.observedAt - a.m.observedAt)
    .slice(0, limit)
  record(state, orgId, ctx.key.keyId, "search_queries", 1, t)

  const results = hits.map(({ m, s }) => {
    m.strength = Math.min(STRENGTH_MAX, Math.round((m.strength + STRENGTH_STEP) * 100) / 100)
    m.recallCount++
    m.lastRecalledAt = t
    const sources = m.sourceEventIds.flatMap((id) => {
      const e = state.eventIndex.get(eventKey(orgId, id))
      return e ? [e] : []
    })
    const sourceMetadata = sources
      .filter((e) => e.metadataRaw !== null)
      .slice(0, SOURCE_METADATA_MAX)
      .map((e) =>
        e.metadata !== null && !("raw" in e.metadata && e.metadata.raw === e.metadataRaw)
          ? { event_id: e.eventId, metadata: e.metadata }
          : { event_id: e.eventId, raw: e.metadataRaw }
      )
    return {
      id: m.memoryId,
      content: m.text,
      score: s,
      metadata: {
        title: m.title,
        summary: m.summary,
        tags: m.tags,
        entities: m.entities,
        source_event_ids: m.sourceEventIds,
        kind: m.kind,
        type: m.type,
        strength: m.strength,
        confidence: m.confidence,
        observed_at: iso(m.observedAt),
        actor_id: m.actorId,
        scope: { level: m.level, actor_id: m.actorId, role_id: m.roleId, team_id: m.teamId },
        source_metadata: sourceMetadata,
        ...(include
          ? {
              source_events: sources.map((e) => ({
                event_id: e.eventId,
                kind: e.kind,
                content: e.content,
                ts: iso(e.ts)
              }))
            }
          : {})
      }
    }
  })
  return json(200, { results })
}
