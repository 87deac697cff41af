/**
 * Control plane: browsing raw ingested events (needs an assigned seat).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.js"
import * as Events from "./Events.js"
import * as Fields from "./internal/fields.js"
import * as ResponseMeta from "./ResponseMeta.js"

/**
 * An event as stored; `metadata` is the parsed object (or `{ raw }` for text that was not JSON).
 *
 * @since 0.1.0
 * @category models
 */
export class EventItem extends Schema.Class<EventItem>("EventItem")({
  eventId: Fields.required("event_id", Schema.String),
  orgId: Fields.required("org_id", Schema.String),
  actorId: Fields.required("actor_id", Schema.String),
  kind: Schema.String,
  content: Schema.String,
  ts: Schema.String,
  sessionId: Fields.optional("session_id", Schema.String),
  metadata: Fields.optional("metadata", Fields.JsonObject),
  ingestedAt: Fields.optional("ingested_at", Schema.String)
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export class EventPage extends Schema.Class<EventPage>("EventPage")({
  items: Fields.withDefault("items", Schema.Array(EventItem), () => []),
  total: Schema.Number,
  limit: Schema.Number,
  offset: Schema.Number,
  ...ResponseMeta.fields
}) {}

/**
 * @since 0.1.0
 * @category models
 */
export const ListOptions = Schema.Struct({
  sort: Fields.defaulted("sort", Schema.Literal("ts_desc", "ts_asc"), "ts_desc"),
  limit: Fields.defaulted("limit", Fields.intBetween(1, 200), 50),
  offset: Fields.defaulted("offset", Fields.NonNegativeInt, 0),
  actorId: Fields.omittable("actor_id", Fields.Identifier),
  sessionId: Fields.omittable("session_id", Fields.Identifier),
  kind: Schema.optional(Events.EventKind)
})

/**
 * @since 0.1.0
 * @category models
 */
export type ListOptions = typeof ListOptions.Type

/**
 * `events`.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const events = {
  list: Endpoint.make({
    name: "events.list",
    method: "GET",
    params: ["options"],
    input: (options?: ListOptions) => ({ ...options }),
    request: ListOptions,
    path: () => "/console/events",
    query: (wire) => wire,
    response: EventPage
  })
}
