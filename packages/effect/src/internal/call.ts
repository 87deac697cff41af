import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as Endpoint from "../Endpoint.js"
import * as MemsyError from "../MemsyError.js"
import type * as Retry from "../Retry.js"
import { RateLimitKey, UsageKey } from "../ResponseMeta.js"
import { classify } from "./classify.js"
import * as Decoder from "./decoder.js"
import * as headers from "./headers.js"
import * as Json from "./json.js"

/** What every call of one client shares, resolved once when the client is made. */
export interface Settings {
  /** Already prefixed with the base URL and carrying the bearer token. */
  readonly http: HttpClient.HttpClient
  /** The same, without the transport's own span: used while no tracer but Effect's default is installed. */
  readonly untraced: HttpClient.HttpClient
  readonly timeout: Duration.Duration
  readonly retry: Retry.Policy
}

// Messages name the field and the rule; the offending value stays out (it may be user content).
// One message per field: a union (e.g. "a number or undefined") would otherwise list every member.
const describeIssues = (error: ParseResult.ParseError): string => {
  const byField = new Map<string, string>()
  for (const issue of ParseResult.ArrayFormatter.formatErrorSync(error)) {
    const at = issue.path.map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`)).join("")
    const field = at.replace(/^\./, "")
    if (!byField.has(field)) byField.set(field, field === "" ? issue.message : `${field}: ${issue.message}`)
  }
  return [...byField.values()].join("; ")
}

/** An endpoint seen from inside the pipeline, where its arguments are already gathered. */
type Declared<Req, Wire, Res> = Endpoint.Endpoint<never, Req, Wire, Res>

const toRequest = <Req, Wire, Res>(
  endpoint: Declared<Req, Wire, Res>,
  input: Req
): Effect.Effect<HttpClientRequest.HttpClientRequest, MemsyError.MemsyValidationError> =>
  Schema.encodeUnknown(endpoint.request, { errors: "all" })(input).pipe(
    Effect.mapError(
      (error) =>
        new MemsyError.MemsyValidationError({ operation: endpoint.name, detail: describeIssues(error) })
    ),
    Effect.map((wire) => {
      let request = HttpClientRequest.make(endpoint.method)(endpoint.path(wire))
      if (endpoint.query) {
        const params = Object.entries(endpoint.query(wire)).filter(
          (entry): entry is [string, string | number | boolean] => entry[1] !== undefined
        )
        request = HttpClientRequest.setUrlParams(request, params)
      }
      return endpoint.body ? HttpClientRequest.bodyUnsafeJson(request, endpoint.body(wire)) : request
    })
  )

// Effect's default tracer: in-memory spans nobody exports. Under it the transport's span (~25 attributes,
// every header redacted and copied) and its trace headers cost ~50 µs a call for nothing.
const defaultTracer = Effect.runSync(Effect.tracer)

const fromTransport = (
  operation: string,
  error: HttpClientError.HttpClientError
): MemsyError.MemsyConnectionError | MemsyError.MemsyValidationError => {
  if (error._tag === "RequestError" && error.reason === "InvalidUrl") {
    return new MemsyError.MemsyValidationError({
      operation,
      detail: `invalid base URL or path (${error.request.url})`
    })
  }
  // Only the underlying cause is kept: the platform error holds the request, headers included.
  const cause = error.cause instanceof Error ? error.cause : undefined
  const detail = cause ? `${error.reason}: ${cause.message}` : error.reason
  return new MemsyError.MemsyConnectionError({ reason: "Transport", detail, ...(cause ? { cause } : {}) })
}

// An empty 2xx body is "no data" (contract §1.5).
const parseBody = (text: string) =>
  text.trim() === "" ? ({ ok: true, value: null } as const) : Json.parse(text)

const decode = <Req, Wire, Res>(
  endpoint: Declared<Req, Wire, Res>,
  response: HttpClientResponse.HttpClientResponse,
  text: string
): Effect.Effect<Res, MemsyError.MemsyDecodeError> => {
  const failure = (detail: string) =>
    new MemsyError.MemsyDecodeError({ operation: endpoint.name, statusCode: response.status, detail })
  const json = parseBody(text)
  if (!json.ok) return Effect.fail(failure("the body is not JSON"))
  let body = json.value
  if (Json.isObject(body)) {
    const usage = headers.usage(response.headers)
    const rateLimit = headers.rateLimit(response.headers)
    body = { ...body, ...(usage && { [UsageKey]: usage }), ...(rateLimit && { [RateLimitKey]: rateLimit }) }
  }
  return Decoder.decodeUnknown(endpoint.response, body).pipe(
    Effect.mapError((e) => failure(describeIssues(e)))
  )
}

/** One HTTP exchange, bounded by the timeout; interruption aborts the request. */
const attempt = <Req, Wire, Res>(
  endpoint: Declared<Req, Wire, Res>,
  settings: Settings,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<Res, MemsyError.MemsyError> =>
  Effect.tracerWith((tracer) =>
    (tracer === defaultTracer ? settings.untraced : settings.http).execute(request)
  ).pipe(
    Effect.flatMap((response) => Effect.map(response.text, (text) => ({ response, text }))),
    Effect.mapError((error) => fromTransport(endpoint.name, error)),
    Effect.timeoutFail({
      duration: settings.timeout,
      onTimeout: () =>
        new MemsyError.MemsyConnectionError({
          reason: "Timeout",
          detail: `${endpoint.name} timed out after ${Duration.format(settings.timeout)}`
        })
    }),
    Effect.tap(({ response }) => Effect.annotateCurrentSpan("http.response.status_code", response.status)),
    Effect.flatMap(({ response, text }): Effect.Effect<Res, MemsyError.MemsyError> =>
      response.status >= 200 && response.status < 300
        ? decode(endpoint, response, text)
        : Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Effect.fail(classify(response.status, text, response.headers, now))
          )
    )
  )

/**
 * The one call path: validate and encode (nothing is sent on bad input), exchange with a timeout,
 * decode a 2xx or classify anything else, retry what the policy allows, all inside one span.
 */
export const call =
  <Args extends ReadonlyArray<unknown>, Req, Wire, Res>(
    endpoint: Endpoint.Endpoint<Args, Req, Wire, Res>,
    settings: Settings
  ) =>
  (...args: Args): Effect.Effect<Res, MemsyError.MemsyError> => {
    const declared: Declared<Req, Wire, Res> = endpoint
    return Effect.suspend(() => toRequest(declared, endpoint.input(...args))).pipe(
      Effect.tap((request) => Effect.annotateCurrentSpan("url.path", request.url)),
      Effect.flatMap((request) =>
        Effect.retry(attempt(declared, settings, request), {
          schedule: settings.retry,
          while: MemsyError.isRetryable
        })
      ),
      Effect.withSpan(`Memsy.${endpoint.name}`, {
        kind: "client",
        // The stack trace costs ~10 µs a call; the span's name already says where it comes from.
        captureStackTrace: false,
        attributes: { "memsy.operation": endpoint.name, "http.request.method": endpoint.method }
      })
    )
  }
