/**
 * `ingestMany`: many events through the `ingest` endpoint, in batches, with bounded concurrency, one
 * shared back-off for rate limits, and a client-side `eventId` on every event so that repeating a
 * batch cannot store an event twice (the server keeps one event per `event_id`, contract §4.1).
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Random from "effect/Random"
import type * as BulkIngest from "../BulkIngest.js"
import { EventPayload, type IngestResult } from "../Events.js"
import * as MemsyError from "../MemsyError.js"
import type * as RequestOptions from "../RequestOptions.js"
import { describeIssues, isTransient } from "./call.js"

type Ingest = (
  events: ReadonlyArray<EventPayload>,
  options?: RequestOptions.RequestOptions
) => Effect.Effect<IngestResult, MemsyError.CallError>

const operation = "ingestMany"
const BACKOFF_MS = 1000

const invalid = (detail: string) => new MemsyError.MemsyValidationError({ operation, detail })

/** An idempotency key: `ev_` and 32 hex digits of a random UUID. */
const newEventId = (): string => `ev_${globalThis.crypto.randomUUID().replace(/-/g, "")}`

const checkedOptions = (options: BulkIngest.Options) => {
  const { batchSize = 100, concurrency = 4, maxRetries = 5 } = options
  const bad = (name: string, value: number, min: number, max: number) =>
    !Number.isInteger(value) || value < min || value > max
      ? `${name}: must be an integer from ${min} to ${max}`
      : undefined
  const problem =
    bad("batchSize", batchSize, 1, 1000) ??
    bad("concurrency", concurrency, 1, 64) ??
    bad("maxRetries", maxRetries, 0, 100)
  return problem ? Either.left(invalid(problem)) : Either.right({ batchSize, concurrency, maxRetries })
}

const encodeEvent = ParseResult.encodeUnknownEither(EventPayload, { errors: "all" })

export const ingestMany =
  (ingest: Ingest) =>
  (
    events: ReadonlyArray<EventPayload>,
    options: BulkIngest.Options & RequestOptions.RequestOptions = {}
  ): Effect.Effect<BulkIngest.Result, MemsyError.MemsyValidationError> =>
    Effect.suspend(() => {
      const { batchSize: _b, concurrency: _c, maxRetries: _m, onProgress, ...request } = options
      const checked = checkedOptions(options)
      if (Either.isLeft(checked)) return Effect.fail(checked.left)
      const { batchSize, concurrency, maxRetries } = checked.right
      if (!Array.isArray(events)) return Effect.fail(invalid("events: must be an array of events"))

      const total = events.length
      const eventIds = new Array<string | undefined>(total).fill(undefined)
      const failures: Array<BulkIngest.Failure> = []
      let stored = 0
      const report = () => onProgress?.({ stored, failed: failures.length, total })

      // Each event checked on its own, so that one bad event fails alone, not its whole batch; each
      // sent with an id (the caller's, or a new one).
      const accepted: Array<{ readonly index: number; readonly event: EventPayload }> = []
      events.forEach((event, index) => {
        const encoded = encodeEvent(event)
        if (Either.isLeft(encoded)) {
          failures.push({ index, error: invalid(`events[${index}]: ${describeIssues(encoded.left)}`) })
        } else {
          accepted.push({
            index,
            event: event.eventId === undefined ? { ...event, eventId: newEventId() } : event
          })
        }
      })
      const batches: Array<typeof accepted> = []
      for (let i = 0; i < accepted.length; i += batchSize) batches.push(accepted.slice(i, i + batchSize))

      // The shared back-off: when any batch is rate limited, no batch is sent before this instant.
      let resumeAt = 0
      const gate = Effect.flatMap(Clock.currentTimeMillis, (now) =>
        resumeAt > now ? Effect.sleep(Duration.millis(resumeAt - now)) : Effect.void
      )

      const send = (
        batch: typeof accepted,
        attempt: number
      ): Effect.Effect<IngestResult, MemsyError.CallError> =>
        Effect.zipRight(
          gate,
          // Retries are this loop's: the call itself makes one attempt.
          ingest(
            batch.map((b) => b.event),
            { ...request, maxRetries: 0, retryTransient: false }
          )
        ).pipe(
          Effect.catchIf(
            (error) => attempt < maxRetries && (error._tag === "RateLimitExceeded" || isTransient(error)),
            (error) =>
              Effect.gen(function* () {
                const backoff = BACKOFF_MS * 2 ** attempt
                const now = yield* Clock.currentTimeMillis
                if (error._tag === "RateLimitExceeded") {
                  const wait = error.retryAfter !== undefined ? error.retryAfter * 1000 : backoff
                  resumeAt = Math.max(resumeAt, now + wait)
                } else {
                  yield* Effect.sleep(Duration.millis(backoff * (yield* Random.nextRange(0.8, 1.2))))
                }
                return yield* send(batch, attempt + 1)
              })
          )
        )

      const run = (batch: typeof accepted) =>
        Effect.match(send(batch, 0), {
          onFailure: (error) => {
            for (const { index } of batch) failures.push({ index, error })
            report()
          },
          onSuccess: (result) => {
            if (result.eventIds.length !== batch.length) {
              const error = new MemsyError.MemsyDecodeError({
                operation,
                statusCode: 200,
                detail: `the server returned ${result.eventIds.length} ids for ${batch.length} events`
              })
              for (const { index } of batch) failures.push({ index, error })
            } else {
              batch.forEach(({ index }, k) => (eventIds[index] = result.eventIds[k]))
              stored += batch.length
            }
            report()
          }
        })

      return Effect.map(Effect.forEach(batches, run, { concurrency, discard: true }), () => ({
        eventIds,
        failures: failures.sort((a, b) => a.index - b.index)
      }))
    })
