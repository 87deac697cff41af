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
export class EventItem extends Fields.Class<EventItem>("EventItem")(() => ({
  eventId: Fields.required("event_id", Schema.String),
  orgId: Fields.required("org_id", Schema.String),
  actorId: Fields.required("actor_id", Schema.String),
  kind: Schema.String,
  content: Schema.String,
  ts: Schema.String,
  sessionId: Fields.optional("session_id", Schema.String),
  metadata: Fields.optional("metadata", Fields.JsonObject),
  ingestedAt: Fields.optional("ingested_at", Schema.String)
})) {}

/**
 * One page of console events; `total` counts every match, not the page.
 *
 * @since 0.1.0
 * @category models
 */
export class EventPage extends Fields.Class<EventPage>("EventPage")(() => ({
  items: Fields.withDefault("items", Schema.Array(EventItem), () => []),
  total: Schema.Number,
  limit: Schema.Number,
  offset: Schema.Number,
  ...ResponseMeta.fields
})) {}

/**
 * Filters and paging of `events.list`: newest first, 50 from offset 0 unless said otherwise.
 *
 * @since 0.1.0
 * @category models
 */
export const ListOptions = Fields.Struct(() => ({
  sort: Fields.defaulted("sort", Schema.Literal("ts_desc", "ts_asc"), "ts_desc"),
  limit: Fields.defaulted("limit", Fields.intBetween(1, 200), 50),
  offset: Fields.defaulted("offset", Fields.NonNegativeInt, 0),
  actorId: Fields.omittable("actor_id", Fields.Identifier),
  sessionId: Fields.omittable("session_id", Fields.Identifier),
  kind: Schema.optional(Events.EventKind)
}))

/**
 * What `events.list` takes.
 *
 * @since 0.1.0
 * @category models
 */
export type ListOptions = typeof ListOptions.Type

/**
 * `events`: the raw events as stored, for the console (needs an assigned seat, else a
 * `SeatRequiredError`).
 *
 * @since 0.1.0
 * @category endpoints
 */
export const events = {
  /**
   * `GET /console/events`: one page of the events as stored, filtered by actor, session or kind;
   * `events.listAll` reads every page.
   *
   * @example
   * ```ts
   * import { MemsyControlClient } from "@memsy/effect"
   * import { Effect } from "effect"
   *
   * const session = (sessionId: string) =>
   *   Effect.gen(function* () {
   *     const control = yield* MemsyControlClient.MemsyControlClient
   *     const { items } = yield* control.events.list({ sessionId, sort: "ts_asc", limit: 200 })
   *     return items.map((event) => `${event.ts} ${event.kind}: ${event.content}`)
   *   })
   * ```
   *
   * @promiseExample
   * ```ts
   * import type { MemsyControlClient } from "@memsy/sdk"
   *
   * const session = async (control: MemsyControlClient, sessionId: string) => {
   *   const { items } = await control.events.list({ sessionId, sort: "ts_asc", limit: 200 })
   *   return items.map((event) => `${event.ts} ${event.kind}: ${event.content}`)
   * }
   * ```
   */
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
