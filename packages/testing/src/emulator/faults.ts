/**
 * Injected faults: matched by route before anything else, counted down by `times`.
 *
 * @internal
 */
import type { Fault } from "../Emulator.js"
import { json, RATE_LIMITED } from "./http.js"
import type { FaultState } from "./model.js"

/** `"POST /v1/search"`, `"/v1/search"`, a trailing `*` as a prefix wildcard, or no route at all. */
export const matches = (fault: Fault, method: string, path: string): boolean => {
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
  /** The first matching fault that replaces the response (status, drop or malformed). */
  readonly terminal: Fault | undefined
}

const isTerminal = (f: Fault): boolean => f.drop === true || f.malformed === true || f.status !== undefined

/** Consumes the faults matching this call, in injection order, up to the first terminal one. */
export const apply = (faults: Array<FaultState>, method: string, path: string): Applied => {
  let delay = 0
  let headers: Record<string, string> = {}
  let terminal: Fault | undefined
  for (const state of faults) {
    if (state.remaining <= 0 || !matches(state.fault, method, path)) continue
    state.remaining--
    delay += Math.max(0, state.fault.latency ?? 0)
    if (isTerminal(state.fault)) {
      terminal = state.fault
      break
    }
    headers = { ...headers, ...state.fault.headers }
  }
  for (let i = faults.length - 1; i >= 0; i--) if ((faults[i]?.remaining ?? 0) <= 0) faults.splice(i, 1)
  return { delay, headers, terminal }
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
