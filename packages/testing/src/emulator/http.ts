/**
 * Response builders and the error shapes of each plane (§7.1, §14).
 *
 * @internal
 */
import type { Plane } from "./model.js"

/** Thrown by handlers to answer early; caught by the dispatcher. */
export class Halt {
  constructor(readonly response: Response) {}
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers }
  })

export const noContent = (): Response => new Response(null, { status: 204 })

/**
 * A coded error: flat `{"error","message",…}` on the data plane, the FastAPI `{"detail":{…}}` envelope
 * on the control plane (§14).
 */
export const coded = (
  plane: Plane,
  status: number,
  error: string,
  message: string,
  extras: Record<string, unknown> = {},
  headers?: Record<string, string>
): Response => {
  const body = { error, message, ...extras }
  return json(status, plane === "data" ? body : { detail: body }, headers)
}

export const fail = (...args: Parameters<typeof coded>): never => {
  throw new Halt(coded(...args))
}

/** A FastAPI string detail, e.g. `404 {"detail":"Not Found"}`. */
export const detail = (status: number, message: string, headers?: Record<string, string>): Response =>
  json(status, { detail: message }, headers)

export const notFound = (message = "Not Found"): never => {
  throw new Halt(detail(404, message))
}

export interface Issue {
  readonly type: string
  readonly loc: ReadonlyArray<string | number>
  readonly msg: string
  readonly input?: unknown
}

/** A FastAPI validation error (§7.1). */
export const invalid = (issues: ReadonlyArray<Issue>): never => {
  throw new Halt(json(422, { detail: issues }))
}

/** The plain rate-limit body: no "quota", no `usage_limit_exceeded` (§12). */
export const RATE_LIMITED = { error: "rate_limited", message: "Too many requests" } as const
