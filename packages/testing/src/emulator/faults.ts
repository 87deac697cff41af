/**
 * Injected faults: matched by route before anything else, counted down by `times`.
 *
 * @internal
 */
import type { Damage, Fault } from "../EmulatorTypes.js"
import { json, RATE_LIMITED } from "./http.js"
import type { FaultState } from "./model.js"

/**
 * `"POST /v1/search"`, `"/v1/search"`, a trailing `*` as a prefix wildcard, or no route at all; and
 * the request headers the fault asks for, if any.
 */
export const matches = (fault: Fault, method: string, path: string, headers?: Headers): boolean => {
  for (const [name, value] of Object.entries(fault.requestHeaders ?? {})) {
    if (headers?.get(name) !== value) return false
  }
  if (fault.route === undefined) return true
  const spec = fault.route.trim()
  const split = /^([A-Za-z]+)\s+(\S+)$/.exec(spec)
  const wantMethod = split?.[1]?.toUpperCase()
  const wantPath = split?.[2] ?? spec
  if (wantMethod !== undefined && wantMethod !== method) return false
  return wantPath.endsWith("*") ? path.startsWith(wantPath.slice(0, -1)) : path === wantPath
}

export interface Applied {
  /** Total added latency of every matching fault. */
  readonly delay: number
  /** Headers of matching faults that set no status: added to the normal response. */
  readonly headers: Record<string, string>
  /** The first matching fault that replaces the response (status, malformed, or a drop before handling). */
  readonly terminal: Fault | undefined
  /** What becomes of the response once made, the first matching fault's say: lost, or its body damaged. */
  readonly after: "lost" | Damage | undefined
}

const isTerminal = (f: Fault): boolean =>
  f.drop === true || f.drop === "before" || f.malformed === true || f.status !== undefined

const afterOf = (f: Fault): Applied["after"] => {
  if (f.drop === "after") return "lost"
  if (f.drop === "body") return "cut"
  if (f.gzip !== undefined) return f.gzip === "long" ? "gzipLong" : "gzipShort"
  return undefined
}

/** Consumes the faults matching this call, in injection order, up to the first terminal one. */
export const apply = (
  faults: Array<FaultState>,
  method: string,
  path: string,
  requestHeaders?: Headers
): Applied => {
  let delay = 0
  let headers: Record<string, string> = {}
  let terminal: Fault | undefined
  let after: Applied["after"]
  for (const state of faults) {
    if (state.remaining <= 0 || !matches(state.fault, method, path, requestHeaders)) continue
    state.remaining--
    delay += Math.max(0, state.fault.latency ?? 0)
    after ??= afterOf(state.fault)
    if (isTerminal(state.fault)) {
      terminal = state.fault
      break
    }
    headers = { ...headers, ...state.fault.headers }
  }
  for (let i = faults.length - 1; i >= 0; i--) if ((faults[i]?.remaining ?? 0) <= 0) faults.splice(i, 1)
  return { delay, headers, terminal, after }
}

/** A body that announces JSON and is not: what a crashing proxy might send. */
export const MALFORMED_BODY = '{"results": [{"id": "0b7c'

/** The response a terminal, non-drop fault answers with. */
export const respond = (fault: Fault): Response => {
  const headers: Record<string, string> = { ...fault.headers }
  if (fault.retryAfter !== undefined) headers["Retry-After"] = String(fault.retryAfter)
  if (fault.malformed === true && fault.status === undefined) {
    return new Response(MALFORMED_BODY, {
      status: 200,
      headers: { "content-type": "application/json", ...headers }
    })
  }
  const status = fault.status ?? 200
  if (fault.malformed === true) {
    return new Response(MALFORMED_BODY, {
      status,
      headers: { "content-type": "application/json", ...headers }
    })
  }
  if (typeof fault.body === "string") {
    return new Response(fault.body, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8", ...headers }
    })
  }
  const body =
    fault.body !== undefined
      ? fault.body
      : status === 429
        ? RATE_LIMITED
        : status >= 500
          ? { detail: "Internal Server Error" }
          : { error: "injected_fault", message: `Injected fault (${status})` }
  return status === 204 || status === 304
    ? new Response(null, { status, headers })
    : json(status, body, headers)
}

/**
 * `response` with a body that fails midway, as `fetch` reads a connection closed before the body was
 * complete: what every damage looks like in process (a `fetch` would fail to inflate a gzip body
 * that lies about its length the same way).
 */
export const damaged = (response: Response): Response => {
  if (response.body === null) return response
  const source = response.body
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const bytes = new Uint8Array(await new Response(source).arrayBuffer())
      controller.enqueue(bytes.subarray(0, Math.floor(bytes.length / 2)))
      controller.error(
        new TypeError("terminated", { cause: new Error("the emulator closed the connection") })
      )
    }
  })
  return new Response(body, { status: response.status, headers: response.headers })
}
