import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
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
import { spanless } from "./transport/outcome.js"

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
  request: Transport.Request,
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
        detail: `${operation} timed out after ${Duration.format(Duration.millis(request.timeout))}`
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

/**
 * `Effect.retry` builds a schedule driver on every call, and nearly every call succeeds at once. So the
 * driver is built at the first retryable failure; from there the loop is `Effect.retry`'s own
 * (`retryOrElse`: `driver.next` waits, then the next attempt): same waits, same number of attempts.
 */
const withRetries = <A>(
  attempt: Effect.Effect<A, MemsyError.MemsyError>,
  retryable: (error: MemsyError.MemsyError) => boolean,
  policy: () => Retry.Policy
): Effect.Effect<A, MemsyError.MemsyError> => {
  const retrying = (first: MemsyError.MemsyError) =>
    Effect.flatMap(Schedule.driver(policy()), (driver) => {
      const loop = (error: MemsyError.MemsyError): Effect.Effect<A, MemsyError.MemsyError> =>
        Effect.matchEffect(driver.next(error), {
          onFailure: () => Effect.fail(error),
          onSuccess: () => Effect.catchIf(attempt, retryable, loop)
        })
      return loop(first)
    })
  return Effect.catchIf(attempt, retryable, retrying)
}

/** The retry policy of one call: the client's, unless the call sets its own `maxRetries`. */
const policyOf = (settings: Settings, options: RequestOptions | undefined): Retry.Policy => {
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

const withHeaders = (
  base: Record<string, string>,
  extra: RequestOptions["headers"]
): Record<string, string> => {
  if (extra === undefined) return base
  const merged: Record<string, string> = { ...base }
  for (const [name, value] of Object.entries(extra)) {
    const key = name.toLowerCase()
    if (!reserved.has(key)) merged[key] = value
  }
  return merged
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
  const gather = Arguments.gatherer(endpoint)
  // Compiled once per endpoint, at its first call: not per call, and not for endpoints never called
  // (a client has 26; a cold start pays for the one it uses).
  let encoder: ((input: unknown) => Either.Either<Wire, ParseResult.ParseIssue>) | undefined
  const encode = (input: unknown) => (encoder ??= Encoder.encoder(endpoint.request))(input)
  let decoder: ((input: unknown) => Either.Either<Res, ParseResult.ParseError>) | undefined
  const invalid = (detail: string) => Effect.fail(new MemsyError.MemsyValidationError({ operation, detail }))
  const spanName = `Memsy.${operation}`
  const spanOptions: Tracer.SpanOptions = {
    kind: "client",
    // The stack trace costs ~10 µs a call; the span's name already says where it comes from.
    captureStackTrace: false,
    attributes: { "memsy.operation": operation, "http.request.method": endpoint.method }
  }
  const timeout = Duration.toMillis(settings.timeout)
  const idempotent = endpoint.idempotent ?? (endpoint.method === "GET" || endpoint.method === "DELETE")
  const rateLimited = MemsyError.isRetryable
  // A provided transport (an HttpClient's, a test's) may start spans: they belong under the call's.
  const parented = !spanless.has(settings.transport)
  const exchange = (request: Transport.Request, span: Tracer.Span) =>
    parented
      ? Effect.withParentSpan(settings.transport.send(request), span)
      : settings.transport.send(request)

  const attempt = (
    request: Transport.Request,
    span: Tracer.Span,
    meta: boolean
  ): Effect.Effect<unknown, MemsyError.MemsyError> =>
    Effect.matchEffect(exchange(request, span), {
      onFailure: (error) => Effect.fail(fromTransport(operation, request, error)),
      onSuccess: (response): Effect.Effect<unknown, MemsyError.MemsyError> => {
        span.attribute("http.response.status_code", response.status)
        if (response.status < 200 || response.status >= 300) {
          return Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Effect.fail(classify(response.status, response.text, response.headers, now))
          )
        }
        const decoded = decode(operation, (decoder ??= Decoder.decoder(declared.response)), response)
        return meta ? Effect.map(decoded, (data) => ({ data, meta: metaOf(response) })) : decoded
      }
    })

  const run = (
    args: ReadonlyArray<unknown>,
    options: RequestOptions | undefined,
    meta: boolean,
    span: Tracer.Span
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
    span.attribute("url.path", path)
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
        options?.headers
      ),
      body,
      timeout: options?.timeout === undefined ? timeout : Duration.toMillis(Duration.decode(options.timeout))
    }
    const transient =
      (options?.retryTransient ?? settings.retryTransient) &&
      (typeof idempotent === "function" ? idempotent(wire) : idempotent)
    return withRetries(attempt(request, span, meta), transient ? retryable : rateLimited, () =>
      policyOf(settings, options)
    )
  }

  // `Effect.withSpan`, taken apart: the span object is at hand, so attributes known only inside the
  // call (path, status) are set on it directly instead of looked up through the fiber each time. Only
  // the exchange runs with it as the parent span (a platform HttpClient's span, a custom transport's):
  // providing it around the whole call measured ~2x the latency of a loopback search at c=1. Nothing
  // else in the call starts a span, the retry's sleep included.
  return (args, meta) => {
    // The call's options are whatever follows the declared parameters.
    const options = args.length > arity ? (args[arity] as RequestOptions | undefined) : undefined
    const own = args.length > arity ? args.slice(0, arity) : args
    return Effect.useSpan(spanName, spanOptions, (span) => run(own, options, meta, span))
  }
}

/** A 5xx, a 408, a lost connection or a timeout: worth repeating where repeating is safe. */
export const isTransient = (error: MemsyError.MemsyError): boolean =>
  error._tag === "MemsyConnectionError" ||
  (MemsyError.isMemsyAPIError(error) && (error.statusCode >= 500 || error.statusCode === 408))

const retryable = (error: MemsyError.MemsyError): boolean =>
  MemsyError.isRetryable(error) || isTransient(error)
