/**
 * `ingestMany`: many events through the `ingest` endpoint, in batches, with bounded concurrency, one
 * shared back-off for rate limits, and a client-side `eventId` on every event so that repeating a
 * batch cannot store an event twice (the server keeps one event per `event_id`, contract §4.1).
 * Each batch is one `ingest` call, its retries included: one span and one request log line per batch,
 * all under one `Memsy.ingestMany` span.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import type * as Tracer from "effect/Tracer"
import type * as BulkIngest from "../BulkIngest.js"
import { EventPayload, type IngestResult } from "../Events.js"
import * as MemsyError from "../MemsyError.js"
import type * as RequestOptions from "../RequestOptions.js"
import type * as Retry from "../Retry.js"
import { type CallOptions, describeIssues, ownPolicy } from "./call.js"

type Ingest = (
  events: ReadonlyArray<EventPayload>,
  options?: CallOptions
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

const spanOptions: Tracer.SpanOptions = {
  kind: "internal",
  captureStackTrace: false,
  attributes: { "memsy.operation": operation }
}

/** The import itself, under `span`: counts go on it, never the events. */
const importAll = (
  ingest: Ingest,
  events: ReadonlyArray<EventPayload>,
  options: BulkIngest.Options & RequestOptions.RequestOptions,
  span: Tracer.Span
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
    // Counts only: the events' content stays off the span.
    span.attribute("memsy.events", total)
    span.attribute("memsy.batches", batches.length)

    // The shared back-off: when any batch is rate limited, no batch is sent before this instant.
    let resumeAt = 0
    const gate = Effect.flatMap(Clock.currentTimeMillis, (now) =>
      resumeAt > now ? Effect.sleep(Duration.millis(resumeAt - now)) : Effect.void
    )
    // A batch's retries, run by its call: after a rate limit every batch waits for `resumeAt`;
    // after a transient failure this batch backs off alone, jittered, and still honours the pause.
    const policy: Retry.Policy = Schedule.recurs(maxRetries).pipe(
      Schedule.intersect(Schedule.identity<MemsyError.MemsyError>()),
      Schedule.modifyDelayEffect(([retry, error]) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) => {
          const backoff = BACKOFF_MS * 2 ** retry
          if (error._tag === "RateLimitExceeded") {
            const wait = error.retryAfter !== undefined ? error.retryAfter * 1000 : backoff
            resumeAt = Math.max(resumeAt, now + wait)
            return Effect.succeed(Duration.millis(resumeAt - now))
          }
          return Effect.map(Random.nextRange(0.8, 1.2), (factor) =>
            Duration.millis(Math.max(backoff * factor, resumeAt - now))
          )
        })
      )
    )
    // Transient failures are retried too: every event has its id, so a repeat stores nothing twice.
    const batchOptions: CallOptions = { ...request, retryTransient: true, [ownPolicy]: policy }

    const run = (batch: typeof accepted) =>
      Effect.match(
        Effect.zipRight(
          gate,
          ingest(
            batch.map((b) => b.event),
            batchOptions
          )
        ),
        {
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
        }
      )

    return Effect.map(Effect.forEach(batches, run, { concurrency, discard: true }), () => {
      span.attribute("memsy.failed", failures.length)
      return { eventIds, failures: failures.sort((a, b) => a.index - b.index) }
    })
  })

export const ingestMany =
  (ingest: Ingest) =>
  (
    events: ReadonlyArray<EventPayload>,
    options: BulkIngest.Options & RequestOptions.RequestOptions = {}
  ): Effect.Effect<BulkIngest.Result, MemsyError.MemsyValidationError> =>
    Effect.useSpan(`Memsy.${operation}`, spanOptions, (span) =>
      Effect.withParentSpan(importAll(ingest, events, options, span), span)
    )
