import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import type * as ParseResult from "effect/ParseResult"
import * as Schedule from "effect/Schedule"
import type * as Tracer from "effect/Tracer"
import type * as Endpoint from "../Endpoint.js"
import * as MemsyError from "../MemsyError.js"
import type * as RequestOptions_ from "../RequestOptions.js"
import * as ResponseMeta from "../ResponseMeta.js"
import * as Retry from "../Retry.js"
import type * as Transport from "../Transport.js"
import * as Arguments from "./arguments.js"
import { classify } from "./classify.js"
import * as Decoder from "./decoder.js"
import * as Encoder from "./encoder.js"
import * as headers from "./headers.js"
import * as Issues from "./issues.js"
import * as Json from "./json.js"
import * as Rules from "./rules.js"
import { exchanges, noop } from "./transport/outcome.js"

type RequestOptions = RequestOptions_.RequestOptions

/** What every call of one client shares, worked out once when the client is made. */
export interface Settings {
  readonly transport: Transport.Service
  /** Without trailing slashes. */
  readonly baseUrl: string
  /** What is wrong with the client's options, if anything: then every call fails with it, unsent. */
  readonly invalid: string | undefined
  /** Sent with every request (the key already written into `authorization`), and with a JSON body. */
  readonly headers: { readonly bare: Record<string, string>; readonly json: Record<string, string> }
  readonly timeout: Duration.Duration
  readonly retry: Retry.Policy
  /** The options `retry` was made from; `undefined` when the user replaced the schedule. */
  readonly retryOptions: Retry.Options | undefined
  readonly retryTransient: boolean
  /** `server.address` (the base URL's host) and `server.port` (when the URL names one): on every span. */
  readonly server: Readonly<Record<string, string | number>>
}

/** What one call has done so far: the span's `memsy.attempts` and the request log read it. */
interface Progress {
  /**
   * The request, which each attempt reads as it starts, until a 2xx answers it: then emptied. V8 may
   * allocate objects of a call (the runtime's, the transport's) straight into its old generation, and
   * an old object that points at a young one, dead or not, keeps it through every young-generation
   * collection until the next full one. Emptied, nothing the call leaves behind holds the body: an
   * ingest of 100 events no longer copies its 25 kB body into the old generation (27.7 kB promoted and
   * 22 µs of GC a call before, 1.6 kB and 6 µs after: the facade on a canned fetch, one call at a time).
   */
  request: Transport.Request | undefined
  /** The encoded path, query string left out; `undefined` until the input is valid. */
  path: string | undefined
  /** Requests sent, retries included: 0 while nothing was sent. */
  attempts: number
  /** Of the last response, if any came. */
  status: number | undefined
}

/** An endpoint seen from inside the pipeline, where its arguments are already gathered. */
type Declared<Req, Wire, Res> = Omit<Endpoint.Endpoint<never, Req, Wire, Res>, "params">

const dotSegment = /\/\.\.?(?=\/|$)/

/** The query string, `?` included, or `""`. */
const search = <Req, Wire, Res>(endpoint: Declared<Req, Wire, Res>, wire: Wire): string => {
  if (!endpoint.query) return ""
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(endpoint.query(wire))) {
    if (value !== undefined) params.append(name, String(value))
  }
  const query = params.toString()
  return query === "" ? "" : `?${query}`
}

const fromTransport = (
  operation: string,
  timeout: number,
  error: Transport.TransportError
): MemsyError.MemsyConnectionError | MemsyError.MemsyValidationError => {
  switch (error.reason) {
    case "InvalidUrl":
      return new MemsyError.MemsyValidationError({
        operation,
        detail: "baseUrl: must be an absolute http(s) URL"
      })
    case "Timeout":
      return new MemsyError.MemsyConnectionError({
        reason: "Timeout",
        detail: `${operation} timed out after ${Duration.format(Duration.millis(timeout))}`
      })
    case "Transport":
      return new MemsyError.MemsyConnectionError({
        reason: "Transport",
        detail: error.detail,
        ...(error.cause !== undefined && { cause: error.cause })
      })
  }
}

// An empty 2xx body is "no data" (contract §1.5).
const parseBody = (text: string) =>
  text.trim() === "" ? ({ ok: true, value: null } as const) : Json.parse(text)

/** A 2xx answer as the response model, with the usage and rate-limit headers attached. */
const decode = <Res>(
  operation: string,
  decoder: (input: unknown) => Either.Either<Res, ParseResult.ParseError>,
  response: Transport.Response
): Effect.Effect<Res, MemsyError.MemsyDecodeError> => {
  const failure = (detail: string) =>
    new MemsyError.MemsyDecodeError({ operation, statusCode: response.status, detail })
  const json = parseBody(response.text)
  if (!json.ok) return Effect.fail(failure("the body is not JSON"))
  const body = json.value
  if (Json.isObject(body)) {
    // The body is the fresh result of `JSON.parse`: the metadata goes onto it, under symbol keys.
    const usage = headers.usage(response.headers)
    const rateLimit = headers.rateLimit(response.headers)
    if (usage) (body as Record<PropertyKey, unknown>)[ResponseMeta.UsageKey] = usage
    if (rateLimit) (body as Record<PropertyKey, unknown>)[ResponseMeta.RateLimitKey] = rateLimit
  }
  const decoded = decoder(body)
  return Either.isRight(decoded)
    ? Effect.succeed(decoded.right)
    : Effect.fail(failure(Issues.describe(decoded.left.issue)))
}

// Not `Clock.currentTimeNanos`: the `TestClock`'s throws on a fractional instant (after a jittered
// wait), where its `unsafeCurrentTimeNanos` rounds down, as every real clock's does.
const nanos = Effect.clockWith((clock) => Effect.succeed(clock.unsafeCurrentTimeNanos()))

/**
 * `Effect.retry` builds a schedule driver on every call, and nearly every call succeeds at once. So the
 * driver is built at the first retryable failure; from there the loop is `Effect.retry`'s own
 * (`retryOrElse`: `driver.next` waits, then the next attempt): same waits, same number of attempts.
 * Each retry is a `memsy.retry` event on the span, at the time its wait began, with the wait as the
 * clock saw it: exactly the policy's under `TestClock` (which moves only once the fiber sleeps again),
 * the policy's plus timer lateness in real time.
 */
const withRetries = <A>(
  attempt: Effect.Effect<A, MemsyError.MemsyError>,
  retryable: (error: MemsyError.MemsyError) => boolean,
  policy: () => Retry.Policy,
  span: Tracer.Span,
  progress: Progress
): Effect.Effect<A, MemsyError.MemsyError> => {
  const retrying = (first: MemsyError.MemsyError) =>
    Effect.flatMap(Schedule.driver(policy()), (driver) => {
      const loop = (error: MemsyError.MemsyError): Effect.Effect<A, MemsyError.MemsyError> =>
        Effect.flatMap(nanos, (waitStarted) =>
          Effect.matchEffect(driver.next(error), {
            onFailure: () => Effect.fail(error),
            onSuccess: () =>
              Effect.flatMap(nanos, (now) => {
                // The tag only: an error's message may quote the server, which may quote the request.
                span.event("memsy.retry", waitStarted, {
                  "memsy.retry.wait_ms": Math.round(Number(now - waitStarted) / 1e6),
                  "memsy.retry.error": error._tag
                })
                span.attribute("memsy.attempts", ++progress.attempts)
                return Effect.catchIf(attempt, retryable, loop)
              })
          })
        )
      return loop(first)
    })
  return Effect.catchIf(attempt, retryable, retrying)
}

/**
 * A retry policy of the call's own, in place of the client's: for a helper whose every request may be
 * repeated under rules of its own (`ingestMany`'s batches share one pause after a rate limit). The
 * call's loop then runs them, so each is still one call: one span, its retries, one log line. A
 * symbol, so it is no option a user could pass.
 */
export const ownPolicy: unique symbol = Symbol("@memsy/effect/ownPolicy")

/** The request options a helper of the core may pass. */
export interface CallOptions extends RequestOptions {
  readonly [ownPolicy]?: Retry.Policy | undefined
}

/** The retry policy of one call: the client's, unless the call sets its own `maxRetries`. */
const policyOf = (settings: Settings, options: CallOptions | undefined): Retry.Policy => {
  const own = options?.[ownPolicy]
  if (own !== undefined) return own
  const maxRetries = options?.maxRetries
  if (maxRetries === undefined) return settings.retry
  return settings.retryOptions
    ? Retry.schedule({ ...settings.retryOptions, maxRetries })
    : Schedule.intersect(settings.retry, Schedule.recurs(maxRetries))
}

// Headers a call may not replace: the key, what the body is, and where and how it travels.
const reserved = new Set([
  "authorization",
  "accept",
  "content-type",
  "content-length",
  "host",
  "transfer-encoding",
  "connection"
])

/**
 * The headers of one request: the client's, the call's own over them (not the reserved ones), and the
 * call span's `traceparent` over everything: a `traceparent` of the call's own that named another
 * parent would cut the server's spans off the call's. It goes as given when the call has no span
 * (tracing disabled, as in `@memsy/sdk`); to continue a trace of one's own in Effect, make it the
 * call's parent (`Effect.withParentSpan(Tracer.externalSpan(…))`).
 */
const withHeaders = (
  base: Record<string, string>,
  extra: RequestOptions["headers"],
  traceparent: string | undefined
): Record<string, string> => {
  if (extra === undefined) return traceparent === undefined ? base : { ...base, traceparent }
  const merged: Record<string, string> = { ...base }
  for (const [name, value] of Object.entries(extra)) {
    const key = name.toLowerCase()
    if (!reserved.has(key)) merged[key] = value
  }
  if (traceparent !== undefined) merged["traceparent"] = traceparent
  return merged
}

// W3C Trace Context, version 00: lower-case hex ids, neither all zeros.
const w3c = /^00-(?!0{32})[\da-f]{32}-(?!0{16})[\da-f]{16}-0[01]$/

/**
 * The `traceparent` naming the call's span, or `undefined` when its ids are no W3C ids: the noop span
 * of disabled tracing (`"noop"`), an OpenTelemetry API with no SDK behind it (all zeros). Decided by
 * what the span is, not by which tracer made it: Effect's own tracer makes valid ids too.
 */
const traceparentOf = (span: Tracer.Span): string | undefined => {
  const header = `00-${span.traceId}-${span.spanId}-0${span.sampled ? 1 : 0}`
  return w3c.test(header) ? header : undefined
}

/**
 * The call's span while tracing is off (`Effect.withTracerEnabled(false)`, as the facade runs): one
 * shared no-op. `Effect.useSpan` would make a no-op span of its own, with a context of its own, and
 * end it through an `onExit`: ~3.5 kB of garbage a call for a span nobody records. Its ids are no W3C
 * ids, so no `traceparent` is sent, as with Effect's.
 */
const untraced: Tracer.Span = {
  _tag: "Span",
  name: "Memsy",
  spanId: "noop",
  traceId: "noop",
  parent: Option.none(),
  context: Context.empty(),
  status: { _tag: "Started", startTime: BigInt(0) },
  attributes: new Map(),
  links: [],
  sampled: false,
  kind: "client",
  end: noop,
  attribute: noop,
  event: noop,
  addLinks: noop
}

const metaOf = (response: Transport.Response): ResponseMeta.Meta => ({
  status: response.status,
  headers: response.headers,
  usage: headers.usage(response.headers),
  rateLimit: headers.rateLimit(response.headers)
})

/**
 * One endpoint's call, compiled once per client: given the method's arguments (the call's options
 * after them, if any) and whether the response's metadata is wanted beside the result.
 */
export type Call = (
  args: ReadonlyArray<unknown>,
  meta: boolean
) => Effect.Effect<unknown, MemsyError.MemsyError>

/**
 * The one call path: validate and encode (nothing is sent on bad input), one exchange bounded by the
 * timeout, decode a 2xx or classify anything else, retry what the policy allows, all in one span.
 */
export const call = <Args extends ReadonlyArray<unknown>, Req, Wire, Res>(
  endpoint: Endpoint.Endpoint<Args, Req, Wire, Res>,
  settings: Settings
): Call => {
  const declared: Declared<Req, Wire, Res> = endpoint
  const operation = endpoint.name
  const arity = endpoint.params.length
  // Compiled once per endpoint, at its first call: not per call, and not for endpoints never called
  // (a client has 26; a cold start pays for the one it uses). The gatherer too: it reads the request
  // model, which builds a lazily declared schema.
  let gatherer: ((args: ReadonlyArray<unknown>) => unknown) | undefined
  const gather = (args: ReadonlyArray<unknown>) => (gatherer ??= Arguments.gatherer(endpoint))(args)
  let encoder: ((input: unknown) => Either.Either<Wire, ParseResult.ParseIssue>) | undefined
  const encode = (input: unknown) => (encoder ??= Encoder.encoder(endpoint.request))(input)
  let decoder: ((input: unknown) => Either.Either<Res, ParseResult.ParseError>) | undefined
  const invalid = (detail: string) => Effect.fail(new MemsyError.MemsyValidationError({ operation, detail }))
  const spanName = `Memsy.${operation}`
  const spanOptions: Tracer.SpanOptions = {
    kind: "client",
    // The stack trace costs ~10 µs a call; the span's name already says where it comes from.
    captureStackTrace: false,
    attributes: { "memsy.operation": operation, "http.request.method": endpoint.method, ...settings.server }
  }
  const timeout = Duration.toMillis(settings.timeout)
  const idempotent = endpoint.idempotent ?? (endpoint.method === "GET" || endpoint.method === "DELETE")
  const rateLimited = MemsyError.isRetryable
  // The SDK's own transports read the request from the call's progress at each attempt (see
  // `Progress.request`). A provided one (an HttpClient's, a test's) is given the request, and may
  // start spans: they belong under the call's.
  const native = exchanges.get(settings.transport)
  const exchange = (progress: Progress, span: Tracer.Span) =>
    native ? native(progress) : Effect.withParentSpan(settings.transport.send(progress.request!), span)

  const attempt = (
    requestTimeout: number,
    span: Tracer.Span,
    meta: boolean,
    progress: Progress
  ): Effect.Effect<unknown, MemsyError.MemsyError> =>
    Effect.matchEffect(exchange(progress, span), {
      onFailure: (error) => Effect.fail(fromTransport(operation, requestTimeout, error)),
      onSuccess: (response): Effect.Effect<unknown, MemsyError.MemsyError> => {
        span.attribute("http.response.status_code", response.status)
        progress.status = response.status
        if (response.status < 200 || response.status >= 300) {
          return Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Effect.fail(classify(response.status, response.text, response.headers, now))
          )
        }
        // Answered: no attempt follows.
        progress.request = undefined
        const decoded = decode(operation, (decoder ??= Decoder.decoder(declared.response)), response)
        return meta ? Effect.map(decoded, (data) => ({ data, meta: metaOf(response) })) : decoded
      }
    })

  const run = (
    args: ReadonlyArray<unknown>,
    options: RequestOptions | undefined,
    meta: boolean,
    span: Tracer.Span,
    progress: Progress
  ): Effect.Effect<unknown, MemsyError.MemsyError> => {
    const problem =
      settings.invalid ??
      (options === undefined ? undefined : Rules.check(Rules.request, options, Rules.REQUEST_OPTIONS))
    if (problem !== undefined) return invalid(problem)
    const gathered = gather(args)
    if (gathered instanceof Arguments.Invalid) return invalid(gathered.detail)
    const encoded = encode(gathered)
    if (Either.isLeft(encoded)) return invalid(Issues.describe(encoded.left))
    const wire = encoded.right
    const path = declared.path(wire)
    // An id of `.` or `..` is one encoded segment that a URL parser on the way (fetch's, a proxy's)
    // would resolve into another route: `orgs.delete("..")` must never become `DELETE /v1/`.
    if (dotSegment.test(path)) return invalid("an id in the path must not be . or ..")
    // The path only: query values (a filter, a cursor) stay off the span and the log.
    span.attribute("url.path", path)
    progress.path = path
    let body: string | undefined
    if (declared.body) {
      try {
        body = JSON.stringify(declared.body(wire))
      } catch {
        return invalid("the request is not serialisable as JSON (a cycle or a BigInt)")
      }
    }
    const request: Transport.Request = {
      method: endpoint.method,
      url: settings.baseUrl + path + search(declared, wire),
      headers: withHeaders(
        body === undefined ? settings.headers.bare : settings.headers.json,
        options?.headers,
        // Our own no-op span names no trace: no header to build and test on every untraced call.
        span === untraced ? undefined : traceparentOf(span)
      ),
      body,
      timeout: options?.timeout === undefined ? timeout : Duration.toMillis(Duration.decode(options.timeout))
    }
    const transient =
      (options?.retryTransient ?? settings.retryTransient) &&
      (typeof idempotent === "function" ? idempotent(wire) : idempotent)
    // Kept current as retries happen, so the span ends with the number of requests sent.
    progress.attempts = 1
    span.attribute("memsy.attempts", 1)
    progress.request = request
    return withRetries(
      attempt(request.timeout, span, meta, progress),
      transient ? retryable : rateLimited,
      () => policyOf(settings, options),
      span,
      progress
    )
  }

  /**
   * The request log: one line per call at `Debug`, through Effect's loggers, inside the call's span
   * (so a tracer's logger attaches it there). Method, path, status, duration and attempts, and the
   * error's tag on a failure: never a header, a body, a query value or an error message.
   */
  const logged = (
    effect: Effect.Effect<unknown, MemsyError.MemsyError>,
    span: Tracer.Span,
    progress: Progress
  ): Effect.Effect<unknown, MemsyError.MemsyError> =>
    Effect.flatMap(nanos, (started) =>
      Effect.onExit(effect, (exit) =>
        Effect.flatMap(nanos, (ended) => {
          const annotations: Record<string, unknown> = { method: endpoint.method }
          if (progress.path !== undefined) annotations["path"] = progress.path
          if (progress.status !== undefined) annotations["status"] = progress.status
          annotations["durationMs"] = Math.round(Number(ended - started) / 1e3) / 1e3
          annotations["attempts"] = progress.attempts
          if (Exit.isFailure(exit)) {
            annotations["error"] =
              Option.getOrUndefined(Cause.failureOption(exit.cause))?._tag ??
              (Cause.isInterruptedOnly(exit.cause) ? "Interrupted" : "Defect")
          }
          return Effect.withParentSpan(Effect.annotateLogs(Effect.logDebug(spanName), annotations), span)
        })
      )
    )

  /** The call inside its span; the request log costs one look at the minimum level while it is off. */
  const spanned = (
    fiber: Fiber.RuntimeFiber<unknown, unknown>,
    own: ReadonlyArray<unknown>,
    options: RequestOptions | undefined,
    meta: boolean,
    span: Tracer.Span
  ): Effect.Effect<unknown, MemsyError.MemsyError> => {
    const progress: Progress = { request: undefined, path: undefined, attempts: 0, status: undefined }
    const effect = run(own, options, meta, span, progress)
    return fiber.getFiberRef(FiberRef.currentMinimumLogLevel).ordinal > LogLevel.Debug.ordinal
      ? effect
      : logged(effect, span, progress)
  }

  // `Effect.useSpan`, taken apart: the span object is at hand, so attributes known only inside the
  // call (path, status) are set on it directly instead of looked up through the fiber each time. Only
  // the exchange runs with it as the parent span (a platform HttpClient's span, a custom transport's):
  // providing it around the whole call measured ~2x the latency of a loopback search at c=1. Nothing
  // else in the call starts a span, the retry's sleep included. With tracing off, no span is made.
  //
  // The span ends with the call's outcome but not its answer: a span keeps the `Exit` it ends with, and
  // a tracer may keep its spans as long as it likes (a test's recorder, an exporter's buffer). With one
  // that kept every span, 20 searches of 3,000 results held 81.6 MB after a full collection when the
  // spans held the answers, 18.8 MB when they end with `Exit.void`. The answer passes out through a
  // slot emptied as it is read: the span and the slot both live through the call, long enough for V8
  // to move them to its old generation, and an old object that points at the answer, dead or not,
  // makes every young-generation collection copy the answer until the next full one. An Effect program
  // that searched 3,000 results and kept only their count: 173-220 MB copied into the old generation
  // in 60 calls and 12.9-14.4 ms a call with the span holding the answer; 33 MB and 10.6 ms now.
  const traced = (
    fiber: Fiber.RuntimeFiber<unknown, unknown>,
    own: ReadonlyArray<unknown>,
    options: RequestOptions | undefined,
    meta: boolean
  ): Effect.Effect<unknown, MemsyError.MemsyError> => {
    let answer: unknown
    return Effect.map(
      Effect.useSpan(spanName, spanOptions, (span) =>
        Effect.map(spanned(fiber, own, options, meta, span), (a) => {
          answer = a
        })
      ),
      () => {
        const a = answer
        answer = undefined
        return a
      }
    )
  }

  return (args, meta) => {
    // The call's options are whatever follows the declared parameters.
    const options = args.length > arity ? (args[arity] as RequestOptions | undefined) : undefined
    const own = args.length > arity ? args.slice(0, arity) : args
    return Effect.withFiberRuntime<unknown, MemsyError.MemsyError>((fiber) =>
      fiber.getFiberRef(FiberRef.currentTracerEnabled)
        ? traced(fiber, own, options, meta)
        : spanned(fiber, own, options, meta, untraced)
    )
  }
}

/** A 5xx, a 408, a lost connection or a timeout: worth repeating where repeating is safe. */
export const isTransient = (error: MemsyError.MemsyError): boolean =>
  error._tag === "MemsyConnectionError" ||
  (MemsyError.isMemsyAPIError(error) && (error.statusCode >= 500 || error.statusCode === 408))

const retryable = (error: MemsyError.MemsyError): boolean =>
  MemsyError.isRetryable(error) || isTransient(error)
