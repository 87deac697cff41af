/**
 * CORS for the emulator's server, so a browser app in development can call it from its own origin:
 * preflights are answered here, and every answer says who may read it and which headers.
 *
 * @internal
 */

/**
 * What the SDKs send (contract §1.3, §1.4), trace context, and an idempotency key; any `x-` header (a
 * call's own `headers`, say) is allowed too.
 */
const REQUEST_HEADERS = new Set([
  "accept",
  "authorization",
  "content-type",
  "idempotency-key",
  "traceparent",
  "tracestate",
  "baggage",
  "b3"
])

const METHODS = "GET, POST, PATCH, DELETE"

/** Response headers a page may read without being told (the CORS-safelisted ones). */
const SAFELISTED = new Set([
  "cache-control",
  "content-language",
  "content-length",
  "content-type",
  "expires",
  "last-modified",
  "pragma"
])

/** A preflight: `OPTIONS` naming the method it asks for. */
export const isPreflight = (request: Request): boolean =>
  request.method === "OPTIONS" && request.headers.has("access-control-request-method")

/** The answer to a preflight: the methods, and of the headers asked for, those the SDKs send. */
export const preflight = (request: Request): Response => {
  const asked = (request.headers.get("access-control-request-headers") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "")
  const allowed = asked.filter((name) => REQUEST_HEADERS.has(name) || name.startsWith("x-"))
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": "*",
      "access-control-allow-methods": METHODS,
      ...(allowed.length > 0 && { "access-control-allow-headers": allowed.join(", ") }),
      "access-control-max-age": "600"
    }
  })
}

/**
 * Adds to `headers` the CORS headers of an answer: any origin, and every header it carries readable,
 * so the rate-limit and usage headers (contract §2.1) reach `withResponse` in a browser too.
 */
export const expose = (headers: Headers): void => {
  const exposed: Array<string> = []
  headers.forEach((_, name) => {
    if (!SAFELISTED.has(name)) exposed.push(name)
  })
  headers.set("access-control-allow-origin", "*")
  if (exposed.length > 0) headers.set("access-control-expose-headers", exposed.join(", "))
}
