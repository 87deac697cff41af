/**
 * Per-tier caps and period quotas. The numbers are the emulator's own (the contract gives none).
 *
 * @internal
 */
import type { Dimension, Settings, Tier } from "./model.js"

export const QUOTAS: Readonly<Record<Tier, Readonly<Record<Dimension, number>>>> = {
  free: {
    api_calls: 1_000,
    events_ingested: 1_000,
    memories_stored: 1_000,
    llm_tokens: 250_000,
    search_queries: 500
  },
  pro: {
    api_calls: 100_000,
    events_ingested: 100_000,
    memories_stored: 100_000,
    llm_tokens: 25_000_000,
    search_queries: 50_000
  }
}

/** Overage prices per unit in USD on pro; free has no overage (hard stop). */
export const OVERAGE: Readonly<Record<Dimension, number>> = {
  api_calls: 0.0005,
  events_ingested: 0.001,
  memories_stored: 0.0002,
  llm_tokens: 0.000002,
  search_queries: 0.001
}

/** API keys per org (§5.6 `max_keys`). */
export const KEY_CAP: Readonly<Record<Tier, number>> = { free: 2, pro: 10 }

/** Org customisation records per customer (§4.6). */
export const ORG_CAP: Readonly<Record<Tier, number>> = { free: 1, pro: 5 }

export const quota = (settings: Settings, tier: Tier, dimension: Dimension): number =>
  settings.quotas?.[dimension] ?? QUOTAS[tier][dimension]

export const UPGRADE_URL = "https://app.memsy.io/settings/billing"
