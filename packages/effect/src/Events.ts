/**
 * Ingesting events and following their processing: `ingest`, `status` and the legacy `clear`.
 *
 * @since 0.1.0
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Endpoint from "./Endpoint.js"
import * as Fields from "./internal/fields.js"
import * as Json from "./internal/json.js"
import * as Timestamps from "./internal/timestamp.js"
import * as ResponseMeta from "./ResponseMeta.js"

/**
 * The four kinds of event the service accepts; anything else is rejected before sending.
 *
 * @since 0.1.0
 * @category models
 */
export const EventKind = Schema.Literal("user_message", "assistant_message", "tool_result", "app_event")

/**
 * One of the four kinds of event.
 *
 * @since 0.1.0
 * @category models
 */
export type EventKind = typeof EventKind.Type

const timestampRule = "must be an ISO 8601 timestamp or a valid Date"

/** An ISO 8601 string or a `Date`; the wire gets ISO text. */
const Timestamp = Fields.lazy(() =>
  Schema.transformOrFail(
    Schema.String,
    Schema.Union(Schema.String, Schema.DateFromSelf).annotations({ message: () => timestampRule }),
    {
      strict: true,
      decode: (text) => ParseResult.succeed(text),
      encode: Fields.encodeWith(
        (value: string | Date) => {
          const text =
            value instanceof Date ? (Number.isNaN(value.getTime()) ? "" : value.toISOString()) : value
          return Timestamps.isTimestamp(text) ? text : undefined
        },
        (value, _, ast) => ParseResult.fail(new ParseResult.Type(ast, value, timestampRule))
      )
    }
  )
)

const METADATA_LIMIT = 4096
const tooLong = `must serialise to at most ${METADATA_LIMIT} characters`

/**
 * JSON text or a plain object; the wire gets JSON text (the contract's `metadata` is a string). An
 * object is sent only if JSON carries all of it: `JSON.stringify` would drop a function or a symbol,
 * turn `undefined` in an array or `NaN` into `null`, and throw on a cycle or a BigInt.
 */
const Metadata = Fields.lazy(() =>
  Schema.transformOrFail(
    Schema.String.pipe(Schema.maxLength(METADATA_LIMIT, { message: () => tooLong })),
    Schema.Union(Schema.String, Fields.JsonObject).annotations({
      message: () => "must be JSON text or a plain object"
    }),
    {
      strict: true,
      decode: (text) => ParseResult.succeed(text),
      encode: Fields.encodeWith(
        (value: string | Json.JsonObject) => (typeof value === "string" ? value : undefined),
        (value, _, ast) => {
          const problem = Json.unserialisable(value, METADATA_LIMIT)
          if (problem === undefined) {
            try {
              return ParseResult.succeed(JSON.stringify(value))
            } catch {
              // A `toJSON` or a getter that throws.
            }
          }
          const rule =
            problem === Json.TOO_LONG
              ? tooLong
              : `must be serialisable to JSON${problem ? `: it holds ${problem}` : ""}`
          return ParseResult.fail(new ParseResult.Type(ast, value, rule))
        }
      )
    }
  )
)

/**
 * One event to remember. `ts` defaults to the server's clock; `eventId` is an optional idempotency
 * key: the server skips an event whose id it already stored.
 *
 * @since 0.1.0
 * @category models
 */
export const EventPayload = Fields.Struct(() => ({
  actorId: Fields.required("actor_id", Fields.Identifier),
  sessionId: Fields.required("session_id", Fields.Identifier),
  kind: EventKind,
  content: Fields.NonBlank.pipe(Schema.maxLength(7999, { message: () => "must be under 8000 characters" })),
  roleId: Fields.omittable("role_id", Fields.Identifier),
  teamId: Fields.omittable("team_id", Fields.Identifier),
  ts: Schema.optional(Timestamp),
  metadata: Schema.optional(Metadata),
  eventId: Fields.omittable("event_id", Fields.Identifier)
}))

/**
 * One event to remember, as `ingest` takes it.
 *
 * @since 0.1.0
 * @category models
 */
export type EventPayload = typeof EventPayload.Type

/**
 * What `ingest` answers: an id per event, with which `status` follows the event's processing.
 *
 * @since 0.1.0
 * @category models
 */
export class IngestResult extends Fields.Class<IngestResult>("IngestResult")(() => ({
  /** One id per event, in the order sent; a deduplicated event carries the original's id. */
  eventIds: Fields.required("event_ids", Schema.Array(Schema.String)),
  ...ResponseMeta.fields
})) {}

/**
 * Where each event is in its processing. The only camelCase body of the API.
 *
 * @since 0.1.0
 * @category models
 */
export class StatusResult extends Fields.Class<StatusResult>("StatusResult")(() => ({
  completedIds: Fields.withDefault("completedIds", Schema.Array(Schema.String), () => []),
  failedIds: Fields.withDefault("failedIds", Schema.Array(Schema.String), () => []),
  pendingIds: Fields.withDefault("pendingIds", Schema.Array(Schema.String), () => []),
  unknownIds: Fields.withDefault("unknownIds", Schema.Array(Schema.String), () => []),
  total: Fields.withDefault("total", Schema.Number, () => 0),
  statuses: Fields.optional("statuses", Schema.Record({ key: Schema.String, value: Schema.String })),
  ...ResponseMeta.fields
})) {}

/**
 * What the legacy `clear` answered: how many items went.
 *
 * @since 0.1.0
 * @category models
 */
export class ClearResult extends Fields.Class<ClearResult>("ClearResult")(() => ({
  deleted: Fields.withDefault("deleted", Schema.Number, () => 0),
  ...ResponseMeta.fields
})) {}

/**
 * `POST /ingest`: stores a batch and returns at once; memories are extracted later (see `status`).
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * const remember = Effect.gen(function* () {
 *   const memsy = yield* MemsyClient.MemsyClient
 *   const { eventIds } = yield* memsy.ingest([
 *     // An `eventId` makes the call safe to repeat: the server skips an id it has stored.
 *     { actorId: "user_1", sessionId: "s1", kind: "user_message", content: "Prefers dark mode", eventId: "s1-1" }
 *   ])
 *   return eventIds
 * })
 * ```
 *
 * @promiseExample
 * ```ts
 * import type { MemsyClient } from "@memsy/sdk"
 *
 * const remember = async (client: MemsyClient) => {
 *   const { eventIds } = await client.ingest([
 *     // An `eventId` makes the call safe to repeat: the server skips an id it has stored.
 *     { actorId: "user_1", sessionId: "s1", kind: "user_message", content: "Prefers dark mode", eventId: "s1-1" }
 *   ])
 *   return eventIds
 * }
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const ingest = Endpoint.make({
  name: "ingest",
  method: "POST",
  params: ["events"],
  input: (events: ReadonlyArray<EventPayload>) => ({ events }),
  request: Fields.Struct(() => ({
    events: Schema.Array(EventPayload)
      .annotations({ message: () => "must be an array of events" })
      .pipe(
        Schema.minItems(1, { message: () => "must hold at least one event" }),
        // The emulator's cap, and `ingestMany`'s largest batch (contract §4.1).
        Schema.maxItems(1000, { message: () => "must hold at most 1000 events" })
      )
  })),
  path: () => "/ingest",
  // The server skips an event whose `event_id` it already stored (contract §4.1).
  idempotent: (wire) => wire.events.every((event) => event.event_id !== undefined),
  body: (wire) => wire,
  response: IngestResult
})

/**
 * `POST /status`: up to 500 event ids per call.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * const progress = (eventIds: ReadonlyArray<string>) =>
 *   Effect.gen(function* () {
 *     const memsy = yield* MemsyClient.MemsyClient
 *     const { completedIds, pendingIds, failedIds } = yield* memsy.status(eventIds)
 *     return `${completedIds.length} searchable, ${pendingIds.length} pending, ${failedIds.length} failed`
 *   })
 * ```
 *
 * @promiseExample
 * ```ts
 * import type { MemsyClient } from "@memsy/sdk"
 *
 * const progress = async (client: MemsyClient, eventIds: ReadonlyArray<string>) => {
 *   const { completedIds, pendingIds, failedIds } = await client.status(eventIds)
 *   return `${completedIds.length} searchable, ${pendingIds.length} pending, ${failedIds.length} failed`
 * }
 * ```
 *
 * @since 0.1.0
 * @category endpoints
 */
export const status = Endpoint.make({
  name: "status",
  method: "POST",
  params: ["eventIds"],
  input: (eventIds: ReadonlyArray<string>) => ({ eventIds }),
  request: Fields.Struct(() => ({
    eventIds: Fields.required(
      "event_ids",
      Schema.Array(Fields.Identifier)
        .annotations({ message: () => "must be an array of event ids" })
        .pipe(
          Schema.minItems(1, { message: () => "must hold at least one id" }),
          Schema.maxItems(500, { message: () => "must hold at most 500 ids" })
        )
    )
  })),
  path: () => "/status",
  idempotent: true,
  body: (wire) => wire,
  response: StatusResult
})

/**
 * `DELETE /clear/{containerTag}`, kept for parity with the 0.3.1 SDKs. The hosted service has
 * removed the route: expect a `MemsyAPIError` (404 or 501) there.
 *
 * @example
 * ```ts
 * import { MemsyClient } from "@memsy/effect"
 * import { Effect } from "effect"
 *
 * const forget = Effect.gen(function* () {
 *   const memsy = yield* MemsyClient.MemsyClient
 *   return yield* memsy.clear("conversation-42").pipe(
 *     Effect.catchTag("MemsyAPIError", (error) => Effect.logWarning(`not cleared: ${error.statusCode}`))
 *   )
 * })
 * ```
 *
 * @promiseExample
 * ```ts
 * import { MemsyAPIError, type MemsyClient } from "@memsy/sdk"
 *
 * const forget = async (client: MemsyClient) => {
 *   try {
 *     return await client.clear("conversation-42")
 *   } catch (error) {
 *     if (error instanceof MemsyAPIError) console.warn(`not cleared: ${error.statusCode}`)
 *     else throw error
 *   }
 * }
 * ```
 *
 * @deprecated The hosted service no longer implements it.
 * @since 0.1.0
 * @category endpoints
 */
export const clear = Endpoint.make({
  name: "clear",
  method: "DELETE",
  params: ["containerTag"],
  input: (containerTag: string) => ({ containerTag }),
  request: Fields.Struct(() => ({ containerTag: Fields.PathId })),
  path: (wire) => Endpoint.path`/clear/${wire.containerTag}`,
  response: ClearResult
})
