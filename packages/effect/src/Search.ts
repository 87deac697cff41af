/**
 * `search`: retrieval over distilled memories, with typed, always-safe accessors on each result.
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.js"
import * as Fields from "./internal/fields.js"
import * as ResponseMeta from "./ResponseMeta.js"

/**
 * An event a memory came from; present when the search asked for `includeSourceEvents`.
 *
 * @since 0.1.0
 * @category models
 */
export class SourceEvent extends Fields.Class<SourceEvent>("SourceEvent")(() => ({
  eventId: Fields.required("event_id", Schema.String),
  kind: Schema.String,
  content: Schema.String,
  ts: Fields.optional("ts", Schema.String)
})) {}

/**
 * The user metadata of an originating event: parsed (`metadata`) when it was a JSON object, else the
 * original text (`raw`).
 *
 * @since 0.1.0
 * @category models
 */
export const SourceMetadata = Fields.lazy(() =>
  Schema.Union(
    Schema.Struct({ eventId: Fields.required("event_id", Schema.String), metadata: Fields.JsonObject }),
    Schema.Struct({ eventId: Fields.required("event_id", Schema.String), raw: Schema.String })
  )
)

/**
 * The user metadata of an originating event, parsed or as sent.
 *
 * @since 0.1.0
 * @category models
 */
export type SourceMetadata = typeof SourceMetadata.Type

/**
 * What the server attaches to a result. Every key is optional on the wire; lists default to `[]`.
 *
 * @since 0.1.0
 * @category models
 */
export class SearchMetadata extends Fields.Class<SearchMetadata>("SearchMetadata")(() => ({
  title: Fields.optional("title", Schema.String),
  summary: Fields.optional("summary", Schema.String),
  tags: Fields.withDefault("tags", Schema.Array(Schema.String), () => []),
  entities: Fields.withDefault("entities", Schema.Array(Fields.JsonObject), () => []),
  sourceEventIds: Fields.withDefault("source_event_ids", Schema.Array(Schema.String), () => []),
  sourceEvents: Fields.withDefault("source_events", Schema.Array(SourceEvent), () => []),
  sourceMetadata: Fields.withDefault("source_metadata", Schema.Array(SourceMetadata), () => []),
  kind: Fields.optional("kind", Schema.String),
  type: Fields.optional("type", Schema.String),
  /** Reinforcement in [0, 5], starting at 1: not a probability. */
  strength: Fields.optional("strength", Schema.Number),
  confidence: Fields.optional("confidence", Schema.Number),
  observedAt: Fields.optional("observed_at", Schema.String),
  actorId: Fields.optional("actor_id", Schema.String)
})) {}

/**
 * One memory found by `search`. The getters read `metadata` and are always safe: absent values are
 * `undefined` and lists are empty.
 *
 * @since 0.1.0
 * @category models
 */
export class SearchResult extends Fields.Class<SearchResult>("SearchResult")(() => ({
  id: Schema.String,
  content: Schema.String,
  /** Higher is better; not comparable across queries, and near 0–0.1 on the free tier. */
  score: Schema.Number,
  metadata: Fields.withDefault("metadata", SearchMetadata, () => SearchMetadata.make({}))
})) {
  get title(): string | undefined {
    return this.metadata.title
  }
  get summary(): string | undefined {
    return this.metadata.summary
  }
  get tags(): ReadonlyArray<string> {
    return this.metadata.tags
  }
  get entities(): ReadonlyArray<{ readonly [key: string]: unknown }> {
    return this.metadata.entities
  }
  get sourceEventIds(): ReadonlyArray<string> {
    return this.metadata.sourceEventIds
  }
  get sourceEvents(): ReadonlyArray<SourceEvent> {
    return this.metadata.sourceEvents
  }
  get sourceMetadata(): ReadonlyArray<SourceMetadata> {
    return this.metadata.sourceMetadata
  }
  get kind(): string | undefined {
    return this.metadata.kind
  }
  get type(): string | undefined {
    return this.metadata.type
  }
  get strength(): number | undefined {
    return this.metadata.strength
  }
  get confidence(): number | undefined {
    return this.metadata.confidence
  }
  get observedAt(): string | undefined {
    return this.metadata.observedAt
  }
}

/**
 * What `search` answers: the results in descending score; no hits is an empty list, not an error.
 *
 * @since 0.1.0
 * @category models
 */
export class SearchResponse extends Fields.Class<SearchResponse>("SearchResponse")(() => ({
  results: Fields.withDefault("results", Schema.Array(SearchResult), () => []),
  ...ResponseMeta.fields
})) {}

/** Role and team lists are left out when empty, as the official SDKs do. */
const nonEmptyIds = <const K extends string>(key: K) =>
  Schema.optionalToOptional(
    Schema.Array(Fields.Identifier),
    Schema.UndefinedOr(Schema.Array(Fields.Identifier)),
    {
      decode: (ids) => ids,
      encode: Option.filter((ids): ids is ReadonlyArray<string> => ids !== undefined && ids.length > 0)
    }
  ).pipe(Schema.fromKey(key))

const threshold = Fields.rule("must be a number from 0 to 1")

/**
 * The search request. `threshold` defaults to 0: the seed's 0.3 silently dropped every free-tier
 * result, whose raw scores sit near 0–0.1.
 *
 * @since 0.1.0
 * @category models
 */
export const SearchRequest = Fields.Struct(() => ({
  query: Fields.NonBlank,
  /** Only this actor's memories; omitted, the search spans every actor of the org. */
  actorId: Fields.omittable("actor_id", Fields.Identifier),
  limit: Fields.defaulted("limit", Fields.intBetween(1, 100), 10),
  threshold: Fields.defaulted(
    "threshold",
    Schema.Number.annotations(threshold).pipe(Schema.between(0, 1, threshold)),
    0
  ),
  includeSourceEvents: Fields.defaulted("include_source_events", Schema.Boolean, false),
  /** Roles the actor belongs to: memories promoted to them become eligible. */
  roleIds: nonEmptyIds("role_ids"),
  /** Teams the actor belongs to: memories promoted to them become eligible. */
  teamIds: nonEmptyIds("team_ids")
}))

/**
 * What `search` takes besides the query: `actorId`, `limit` (10), `threshold` (0),
 * `includeSourceEvents` (false), `roleIds` and `teamIds`.
 *
 * @since 0.1.0
 * @category models
 */
export type SearchOptions = Omit<typeof SearchRequest.Type, "query">

/**
 * `POST /search`: the memories closest to `query`, best first. Only memories whose events have been
 * processed can be found; scores compare results of one query, not across queries.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * const recall = (actorId: string) =>
 *   Effect.gen(function* () {
 *     const memsy = yield* MemsyClient.MemsyClient
 *     const { results } = yield* memsy.search("user preferences", { actorId, limit: 5 })
 *     return results.map((result) => `${result.score.toFixed(2)} ${result.content}`)
 *   })
 * ```
 *
 * @promiseExample
 * ```ts
 * import type { MemsyClient } from "@memsy/sdk"
 *
 * const recall = async (client: MemsyClient, actorId: string) => {
 *   const { results } = await client.search("user preferences", { actorId, limit: 5 })
 *   return results.map((result) => `${result.score.toFixed(2)} ${result.content}`)
 * }
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const search = Endpoint.make({
  name: "search",
  method: "POST",
  params: ["query", "options"],
  input: (query: string, options?: SearchOptions) => ({ ...options, query }),
  request: SearchRequest,
  path: () => "/search",
  idempotent: true,
  body: (wire) => wire,
  response: SearchResponse
})
