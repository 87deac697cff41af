/**
 * The asynchronous half of ingestion (§10.1), run lazily: every exchange first completes the events
 * whose processing delay has elapsed by the clock, in ingestion order.
 *
 * @internal
 */
import { extract, failureReason, mergeKey } from "./extract.js"
import { uuid } from "./ids.js"
import { terms } from "./text.js"
import { quota } from "./limits.js"
import type { EventRecord, MemoryRecord, Settings, State } from "./model.js"
import { memoriesStored, record, used } from "./usage.js"

const complete = (state: State, settings: Settings, event: EventRecord, at: number): void => {
  event.processedAt = at
  const tier = event.tier
  const reason = failureReason(event.content)
  // A full memory store or an exhausted token budget fails extraction rather than dropping data silently.
  if (
    reason !== undefined ||
    memoriesStored(state, event.orgId) >= quota(settings, tier, "memories_stored") ||
    used(state, event.orgId, "llm_tokens", at) >= quota(settings, tier, "llm_tokens")
  ) {
    event.status = "failed"
    return
  }
  const found = extract(event.content, event.kind)
  record(state, event.orgId, null, "llm_tokens", found.tokens, at)
  event.status = "completed"
  const level = event.teamId !== null ? "team" : event.roleId !== null ? "role" : "actor"
  const key = mergeKey(found.text)
  const same = state.memories.find(
    (m) =>
      m.orgId === event.orgId &&
      m.actorId === event.actorId &&
      m.level === level &&
      m.roleId === event.roleId &&
      m.teamId === event.teamId &&
      m.mergeKey === key
  )
  if (same) {
    // A restated fact reinforces the memory it matches instead of duplicating it.
    same.sourceEventIds.push(event.eventId)
    same.observedAt = Math.min(same.observedAt, event.ts)
    same.confidence = Math.min(0.99, Math.round((same.confidence + 0.05) * 100) / 100)
    same.updatedAt = at
    event.memoryId = same.memoryId
    return
  }
  const memory: MemoryRecord = {
    memoryId: uuid(),
    orgId: event.orgId,
    actorId: event.actorId,
    sessionId: event.sessionId,
    level,
    roleId: event.roleId,
    teamId: event.teamId,
    type: found.type,
    kind: found.kind,
    text: found.text,
    title: found.title,
    summary: found.summary,
    tags: found.tags,
    entities: found.entities,
    sourceUrls: found.sourceUrls,
    mergeKey: key,
    terms: terms(`${found.text} ${found.tags.join(" ")}`),
    observedAt: event.ts,
    createdAt: at,
    updatedAt: at,
    status: "active",
    confidence: found.confidence,
    strength: 1,
    recallCount: 0,
    lastRecalledAt: null,
    sourceEventIds: [event.eventId]
  }
  state.memories.push(memory)
  record(state, event.orgId, null, "memories_stored", 1, at)
  event.memoryId = memory.memoryId
}

/** Completes every pending event due at or before `now`. */
export const settle = (state: State, settings: Settings, now: number): void => {
  state.lastNow = Math.max(state.lastNow, now)
  for (const event of state.events) {
    if (event.status === "pending" && event.dueAt <= now) complete(state, settings, event, event.dueAt)
  }
}

/** Completes every pending event now, ignoring the delay. */
export const processAll = (state: State, settings: Settings): void => {
  for (const event of state.events) {
    if (event.status === "pending")
      complete(state, settings, event, Math.max(state.lastNow, event.ingestedAt))
  }
}
