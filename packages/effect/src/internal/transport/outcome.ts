/**
 * What the transports written against the platform share: plain callbacks, no Effect, no fiber, no
 * platform request object per call. `Transport.ts` wraps them once into a service.
 */
import type { Request, Response } from "../../Transport.js"

export interface Failure {
  readonly reason: "Timeout" | "InvalidUrl" | "Transport"
  readonly detail: string
  readonly cause?: unknown
}

export type Outcome =
  { readonly ok: true; readonly response: Response } | { readonly ok: false; readonly error: Failure }

export interface Native {
  /** Starts one exchange; `done` is called once, unless the returned cancel function runs first. */
  readonly send: (request: Request, done: (outcome: Outcome) => void) => () => void
  /** Releases every connection. */
  readonly close: () => Promise<void>
}

/** What the `node` condition's module provides (nothing elsewhere). */
export type Make = (() => Native) | undefined

// Timers take a signed 32-bit delay; a longer one would fire at once.
const MAX_TIMER = 2 ** 31 - 1

/** Calls `onTimeout` after `millis` unless cleared; no timer at all for an unbounded wait. */
export const deadline = (millis: number, onTimeout: () => void): (() => void) => {
  if (!(millis < MAX_TIMER)) return noop
  const timer = setTimeout(onTimeout, Math.max(0, millis))
  return () => clearTimeout(timer)
}

export const noop = () => {}

/**
 * Services made from these transports. They start no span of their own, so the call path need not
 * provide its span as their parent: around an exchange that costs ~80 µs of loopback latency.
 */
export const spanless = new WeakSet<object>()

/**
 * One exchange's ending: `finish` calls `done` at most once and clears the deadline `arm` set;
 * `cancel` ends it without calling `done`, and says whether it was still running.
 */
export const settle = (done: (outcome: Outcome) => void) => {
  let settled = false
  let clear = noop
  return {
    arm: (deadline: () => void) => {
      clear = deadline
    },
    finish: (outcome: Outcome) => {
      if (settled) return
      settled = true
      clear()
      done(outcome)
    },
    cancel: (): boolean => {
      if (settled) return false
      settled = true
      clear()
      return true
    }
  }
}

export const timedOut = (request: Request): Outcome => ({
  ok: false,
  error: { reason: "Timeout", detail: `no answer within ${request.timeout} ms` }
})

/**
 * The platform's own words for a failure, causes included: `fetch failed: connect ECONNREFUSED
 * 127.0.0.1:1`. Error messages of the HTTP stacks name hosts and codes, never headers or bodies.
 */
export const describe = (error: unknown): string => {
  const parts: Array<string> = []
  for (let at: unknown = error; at instanceof Error && parts.length < 4; at = at.cause) {
    if (at.message !== "" && !parts.includes(at.message)) parts.push(at.message)
  }
  return parts.length > 0 ? parts.join(": ") : String(error)
}

export const failed = (cause: unknown): Outcome => ({
  ok: false,
  error: { reason: "Transport", detail: describe(cause), cause }
})
