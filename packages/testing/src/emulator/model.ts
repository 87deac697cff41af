/**
 * The emulator's mutable in-memory state. Its vocabulary (tiers, scopes, kinds, statuses) is the public
 * shapes' (`EmulatorTypes`), named here for the records.
 *
 * @internal
 */
import type {
  Dimension,
  Fault,
  KeySpec,
  MemoryScope,
  Options,
  RequestLogEntry,
  StoredEvent,
  StoredMemory,
  Tier
} from "../EmulatorTypes.js"
import type { Entity, MemoryKind, MemoryType } from "./extract.js"

export type { Dimension, Tier }
export type Scope = NonNullable<KeySpec["scopes"]>[number]
export type Plane = "data" | "control"
export type EventKind = StoredEvent["kind"]
export type EventStatus = StoredEvent["status"]
export type MemoryStatus = StoredMemory["status"]
export type ScopeLevel = MemoryScope["level"]

/** A union's members in the order given; leaving one out or naming one twice fails to compile. */
const members = <T extends string>(table: { readonly [K in T]: null }): ReadonlyArray<T> =>
  Object.keys(table) as Array<T>

export const DIMENSIONS = members<Dimension>({
  api_calls: null,
  events_ingested: null,
  memories_stored: null,
  llm_tokens: null,
  search_queries: null
})

export const EVENT_KINDS = members<EventKind>({
  user_message: null,
  assistant_message: null,
  tool_result: null,
  app_event: null
})

export interface KeyRecord {
  readonly keyId: string
  readonly raw: string
  readonly prefix: string
  readonly name: string
  readonly tier: Tier
  readonly scopes: ReadonlyArray<Scope>
  readonly admin: boolean
  readonly seat: boolean
  readonly orgId: string
  readonly email: string
  readonly createdAt: number
  readonly expiresAt: number | null
  active: boolean
  lastUsedAt: number | null
}

export interface EventRecord {
  readonly eventId: string
  readonly orgId: string
  readonly actorId: string
  readonly sessionId: string
  readonly kind: EventKind
  readonly content: string
  readonly roleId: string | null
  readonly teamId: string | null
  readonly ts: number
  readonly metadata: Readonly<Record<string, unknown>> | null
  /** The metadata string as sent, for `source_metadata` `raw` entries (§4.2). */
  readonly metadataRaw: string | null
  readonly ingestedAt: number
  readonly dueAt: number
  /** The ingesting key's tier, whose quotas bound extraction. */
  readonly tier: Tier
  status: EventStatus
  memoryId: string | null
  processedAt: number | null
}

export interface MemoryRecord {
  readonly memoryId: string
  readonly orgId: string
  readonly actorId: string
  readonly sessionId: string
  readonly level: ScopeLevel
  readonly roleId: string | null
  readonly teamId: string | null
  readonly type: MemoryType
  readonly kind: MemoryKind
  readonly text: string
  readonly title: string
  readonly summary: string
  readonly tags: ReadonlyArray<string>
  readonly entities: ReadonlyArray<Entity>
  readonly sourceUrls: ReadonlyArray<string>
  readonly mergeKey: string
  /** Search terms of text and tags, tokenised once. */
  readonly terms: ReadonlyArray<string>
  /** The earliest `ts` of its source events: a backfilled restatement moves it back (§4.2 "first observed"). */
  observedAt: number
  readonly createdAt: number
  status: MemoryStatus
  confidence: number
  strength: number
  recallCount: number
  lastRecalledAt: number | null
  updatedAt: number
  sourceEventIds: Array<string>
}

/** An org, role or team customisation record (§4.6–4.8). */
export interface Customisation {
  readonly id: string
  readonly orgId: string
  readonly createdAt: number
  readonly createdBy: string
  name: string
  focus: string
  promotionPrompt: string
  promptMeta: Record<string, unknown> | null
  updatedAt: number
}

export interface OrgState {
  readonly orgId: string
  record: Customisation | null
  readonly roles: Map<string, Customisation>
  readonly teams: Map<string, Customisation>
  interest: { readonly email: string; readonly at: number } | null
}

export interface UsageRecord {
  readonly at: number
  readonly orgId: string
  readonly keyId: string | null
  readonly dimension: Dimension
  readonly quantity: number
}

export interface FaultState {
  readonly fault: Fault
  remaining: number
}

export interface State {
  readonly keys: Map<string, KeyRecord>
  readonly orgs: Map<string, OrgState>
  readonly events: Array<EventRecord>
  /** `orgId \0 eventId` → event. */
  readonly eventIndex: Map<string, EventRecord>
  readonly memories: Array<MemoryRecord>
  /** `orgId \0 actor \0 session \0 kind \0 content` → first id and when it was stored (§4.1 window). */
  readonly dedup: Map<string, { readonly eventId: string; readonly at: number }>
  readonly usage: Array<UsageRecord>
  /** `orgId \0 period start \0 dimension` → running total. */
  readonly totals: Map<string, number>
  readonly windows: Map<string, { start: number; count: number }>
  readonly requests: Array<RequestLogEntry>
  faults: Array<FaultState>
  lastNow: number
  /** Monotonic ULIDs for event ids. */
  readonly ulid: (time: number) => string
}

/** Options with every default applied. */
export interface Settings {
  readonly processingDelay: number
  readonly rateLimit: NonNullable<Options["rateLimit"]>
  readonly quotas: Options["quotas"]
  readonly now: () => number
}

export const eventKey = (orgId: string, eventId: string): string => `${orgId}\u0000${eventId}`
