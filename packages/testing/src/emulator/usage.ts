/**
 * Usage metering per org and billing period (§2.1, §5.4).
 *
 * @internal
 */
import { quota } from "./limits.js"
import type { Dimension, KeyRecord, Settings, State } from "./model.js"
import { DIMENSIONS } from "./model.js"
import { periodOf } from "./time.js"

const totalKey = (orgId: string, at: number, dimension: Dimension) =>
  `${orgId}\u0000${periodOf(at).start}\u0000${dimension}`

export const record = (
  state: State,
  orgId: string,
  keyId: string | null,
  dimension: Dimension,
  quantity: number,
  at: number
): void => {
  if (quantity === 0) return
  state.usage.push({ at, orgId, keyId, dimension, quantity })
  const k = totalKey(orgId, at, dimension)
  state.totals.set(k, (state.totals.get(k) ?? 0) + quantity)
}

/** Memories currently stored by the org (a gauge, not a period counter). */
export const memoriesStored = (state: State, orgId: string): number =>
  state.memories.reduce((n, m) => (m.orgId === orgId ? n + 1 : n), 0)

export const used = (state: State, orgId: string, dimension: Dimension, at: number): number =>
  dimension === "memories_stored"
    ? memoriesStored(state, orgId)
    : (state.totals.get(totalKey(orgId, at, dimension)) ?? 0)

const HEADER: Readonly<Record<Dimension, string>> = {
  api_calls: "ApiCalls",
  events_ingested: "EventsIngested",
  memories_stored: "MemoriesStored",
  llm_tokens: "LlmTokens",
  search_queries: "SearchQueries"
}

/** `X-Usage-*` (plural names, §2.1) and `X-Plan`. */
export const usageHeaders = (
  state: State,
  settings: Settings,
  key: KeyRecord,
  at: number,
  headers: Headers
) => {
  for (const dimension of DIMENSIONS) {
    headers.set(`X-Usage-${HEADER[dimension]}`, String(used(state, key.orgId, dimension, at)))
    headers.set(`X-Usage-${HEADER[dimension]}-Limit`, String(quota(settings, key.tier, dimension)))
  }
  headers.set("X-Plan", key.tier)
}
