/**
 * Console memories: read-only browsing of what the service has distilled.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.js"
import * as Fields from "./internal/fields.js"
import * as ResponseMeta from "./ResponseMeta.js"

/**
 * Where a memory lives in the hierarchy.
 *
 * @since 0.1.0
 * @category models
 */
export class Scope extends Fields.Class<Scope>("Scope")(() => ({
  level: Schema.String,
  actorId: Fields.optional("actor_id", Schema.String),
  teamId: Fields.optional("team_id", Schema.String),
  roleId: Fields.optional("role_id", Schema.String)
})) {}

/**
 * One memory. As a list item it carries no response metadata; `memories.get` returns it as
 * `MemoryDetail`, which does.
 *
 * @since 0.1.0
 * @category models
 */
export class MemoryItem extends Fields.Class<MemoryItem>("MemoryItem")(() => ({
  memoryId: Fields.required("memory_id", Schema.String),
  orgId: Fields.required("org_id", Schema.String),
  scope: Scope,
  type: Fields.withDefault("type", Schema.String, () => ""),
  kind: Fields.withDefault("kind", Schema.String, () => ""),
  memoryKind: Fields.withDefault("memory_kind", Schema.String, () => ""),
  status: Fields.withDefault("status", Schema.String, () => ""),
  text: Fields.withDefault("text", Schema.String, () => ""),
  confidence: Fields.withDefault("confidence", Schema.Number, () => 0),
  /** Reinforcement in [0, 5], starting at 1: not a probability. */
  strength: Fields.withDefault("strength", Schema.Number, () => 0),
  recallCount: Fields.withDefault("recall_count", Schema.Number, () => 0),
  decayHalfLifeDays: Fields.withDefault("decay_half_life_days", Schema.Number, () => 0),
  pinned: Fields.withDefault("pinned", Schema.Boolean, () => false),
  tags: Fields.withDefault("tags", Schema.Array(Schema.String), () => []),
  entityRefs: Fields.withDefault("entity_refs", Schema.Array(Fields.JsonObject), () => []),
  sourceEventIds: Fields.withDefault("source_event_ids", Schema.Array(Schema.String), () => []),
  sourceUrls: Fields.withDefault("source_urls", Schema.Array(Schema.String), () => []),
  summary: Fields.optional("summary", Schema.String),
  payload: Fields.optional("payload", Fields.JsonObject),
  lastRecalledAt: Fields.optional("last_recalled_at", Schema.String),
  effectiveFrom: Fields.optional("effective_from", Schema.String),
  effectiveTo: Fields.optional("effective_to", Schema.String),
  observedAt: Fields.optional("observed_at", Schema.String),
  createdAt: Fields.optional("created_at", Schema.String),
  updatedAt: Fields.optional("updated_at", Schema.String)
})) {}

/**
 * One memory as `memories.get` answers it: a `MemoryItem` with the response's usage and rate limit.
 *
 * @since 0.1.0
 * @category models
 */
export class MemoryDetail extends Fields.Class<MemoryDetail>("MemoryDetail")(() => ({
  ...MemoryItem.fields,
  ...ResponseMeta.fields
})) {}

/**
 * One page of memories; `total` counts every match, not the page.
 *
 * @since 0.1.0
 * @category models
 */
export class MemoryPage extends Fields.Class<MemoryPage>("MemoryPage")(() => ({
  items: Fields.withDefault("items", Schema.Array(MemoryItem), () => []),
  total: Schema.Number,
  limit: Schema.Number,
  offset: Schema.Number,
  ...ResponseMeta.fields
})) {}

/**
 * Counts and averages over the org's memories, by type, kind and status.
 *
 * @since 0.1.0
 * @category models
 */
export class MemoryStats extends Fields.Class<MemoryStats>("MemoryStats")(() => ({
  total: Schema.Number,
  totalMemories: Fields.required("total_memories", Schema.Number),
  activeMemories: Fields.required("active_memories", Schema.Number),
  byType: Fields.withDefault(
    "by_type",
    Schema.Record({ key: Schema.String, value: Schema.Number }),
    () => ({})
  ),
  byKind: Fields.withDefault(
    "by_kind",
    Schema.Record({ key: Schema.String, value: Schema.Number }),
    () => ({})
  ),
  byStatus: Fields.withDefault(
    "by_status",
    Schema.Record({ key: Schema.String, value: Schema.Number }),
    () => ({})
  ),
  avgConfidence: Fields.required("avg_confidence", Schema.Number),
  avgStrength: Fields.required("avg_strength", Schema.Number),
  topEntities: Fields.withDefault("top_entities", Schema.Array(Fields.JsonObject), () => []),
  confidenceBuckets: Fields.optional("confidence_buckets", Schema.Array(Fields.JsonObject)),
  dateRange: Fields.optional(
    "date_range",
    Schema.Record({ key: Schema.String, value: Schema.NullOr(Schema.String) })
  ),
  ...ResponseMeta.fields
})) {}

/**
 * The orders `memories.list` can sort by; newest observation first by default.
 *
 * @since 0.1.0
 * @category models
 */
export const MemorySort = Schema.Literal(
  "observed_at_desc",
  "observed_at_asc",
  "strength_desc",
  "confidence_desc",
  "created_at_desc"
)

/**
 * Filters and paging of `memories.list`. Ordering is stable (ties broken by id), so offset paging
 * neither repeats nor skips.
 *
 * @since 0.1.0
 * @category models
 */
export const ListOptions = Fields.Struct(() => ({
  sort: Fields.defaulted("sort", MemorySort, "observed_at_desc"),
  limit: Fields.defaulted("limit", Fields.intBetween(1, 200), 50),
  offset: Fields.defaulted("offset", Fields.NonNegativeInt, 0),
  actorId: Fields.omittable("actor_id", Fields.Identifier),
  kind: Schema.optional(Schema.Literal("semantic", "episodic", "procedural")),
  /** `fact`, `preference`, `norm`, `decision`, `event`, … */
  type: Schema.optional(Schema.String),
  /** `active` (the server's default), `archived` or `decayed`. */
  status: Schema.optional(Schema.Literal("active", "archived", "decayed")),
  /** A text filter on the memory text. */
  search: Schema.optional(Schema.String)
}))

/**
 * @since 0.1.0
 * @category models
 */
export type ListOptions = typeof ListOptions.Type

/**
 * `memories`: the console's read-only view of what the service has distilled.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const memories = {
  /**
   * `GET /console/memories`: one page of memories, filtered and sorted (50 from offset 0 unless
   * said otherwise); `memories.listAll` reads every page.
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const preferences = (actorId: string) =>
   *   Effect.gen(function* () {
   *     const memsy = yield* MemsyClient.MemsyClient
   *     const { items, total } = yield* memsy.memories.list({ actorId, type: "preference", sort: "strength_desc" })
   *     return { shown: items.map((memory) => memory.text), total }
   *   })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * const preferences = async (client: MemsyClient, actorId: string) => {
   *   const { items, total } = await client.memories.list({ actorId, type: "preference", sort: "strength_desc" })
   *   return { shown: items.map((memory) => memory.text), total }
   * }
   * ```
   */
  list: Endpoint.make({
    name: "memories.list",
    method: "GET",
    params: ["options"],
    input: (options?: ListOptions) => ({ ...options }),
    request: ListOptions,
    path: () => "/console/memories",
    query: (wire) => wire,
    response: MemoryPage
  }),
  /**
   * `GET /console/memories/stats`: how many memories the org has, by type, kind and status.
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const overview = Effect.gen(function* () {
   *   const memsy = yield* MemsyClient.MemsyClient
   *   const { activeMemories, byType } = yield* memsy.memories.stats()
   *   return `${activeMemories} active, ${byType["preference"] ?? 0} preferences`
   * })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * const overview = async (client: MemsyClient) => {
   *   const { activeMemories, byType } = await client.memories.stats()
   *   return `${activeMemories} active, ${byType["preference"] ?? 0} preferences`
   * }
   * ```
   */
  stats: Endpoint.make({
    name: "memories.stats",
    method: "GET",
    params: [],
    input: () => ({}),
    request: Endpoint.NoInput,
    path: () => "/console/memories/stats",
    response: MemoryStats
  }),
  /**
   * `GET /console/memories/{memoryId}`: one memory by its UUID (a search result's `id`); a malformed
   * id is refused before sending.
   *
   * @example
   * ```ts
   * import { MemsyClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const provenance = (memoryId: string) =>
   *   Effect.gen(function* () {
   *     const memsy = yield* MemsyClient.MemsyClient
   *     const memory = yield* memsy.memories.get(memoryId)
   *     return { text: memory.text, from: memory.sourceEventIds }
   *   })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyClient } from "@memsy/sdk"
   *
   * const provenance = async (client: MemsyClient, memoryId: string) => {
   *   const memory = await client.memories.get(memoryId)
   *   return { text: memory.text, from: memory.sourceEventIds }
   * }
   * ```
   */
  get: Endpoint.make({
    name: "memories.get",
    method: "GET",
    params: ["memoryId"],
    input: (memoryId: string) => ({ memoryId }),
    request: Fields.Struct(() => ({
      memoryId: Schema.UUID.annotations({ message: () => "must be a UUID" })
    })),
    path: (wire) => Endpoint.path`/console/memories/${wire.memoryId}`,
    response: MemoryDetail
  })
}
