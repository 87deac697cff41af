/**
 * What the transports written against the platform share: plain callbacks, no Effect, no fiber, no
 * platform request object per call. `Transport.ts` wraps them once into a service.
 */
import type * as Effect from "effect/Effect"
import type { Request, Response, TransportError } from "../../Transport.js"

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

/** Where an exchange finds its request, read as each attempt starts. */
export interface Holder {
  request: Request | undefined
}

/**
 * Services made from these transports, with each one's exchange of a request that the caller holds.
 * They start no span of their own, so the call path need not provide its span as their parent: around
 * an exchange that costs ~80 µs of loopback latency. And the call path empties its holder once
 * answered, so the exchange's Effect, which V8 may keep past the call (see `Progress.request` in
 * `call.ts`), holds no request body.
 */
export const exchanges = new WeakMap<object, (holder: Holder) => Effect.Effect<Response, TransportError>>()

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

export const timedOut = (timeout: number): Outcome => ({
  ok: false,
  error: { reason: "Timeout", detail: `no answer within ${timeout} ms` }
})

interface ErrorLike {
  readonly message?: unknown
  readonly code?: unknown
  readonly cause?: unknown
  readonly errors?: unknown
}

// By shape, not `instanceof Error`: an error from another realm (a test environment, a polyfilled
// fetch) is still an error.
const isErrorLike = (u: unknown): u is ErrorLike =>
  typeof u === "object" && u !== null && (typeof (u as ErrorLike).message === "string" || "code" in u)

// OpenSSL's messages carry its internal location: `805C…:error:0A00010B:SSL routines:ssl3_get_record:
// wrong version number:../deps/openssl/…`. The library and the reason are what a reader needs.
const openssl = /[0-9A-F]+:error:[0-9A-F]+:([^:]+):[^:]*:([^:]+):/

/** One error's own words: its message, tidied, with its code (`ECONNRESET`) when the message lacks it. */
const wordsOf = (error: ErrorLike): string => {
  const raw = typeof error.message === "string" ? error.message.trim() : ""
  const tls = openssl.exec(raw)
  const message = tls ? raw.slice(0, tls.index) + `${tls[1]}: ${tls[2]}` : raw
  const code = typeof error.code === "string" ? error.code : ""
  if (code === "" || message.includes(code)) return message
  return message === "" ? code : `${message} (${code})`
}

/**
 * The platform's own words for a failure, causes included: `fetch failed: connect ECONNREFUSED
 * 127.0.0.1:1`, `socket hang up (ECONNRESET)`. Node's happy-eyeballs failure is an `AggregateError`
 * with an empty message: each address's attempt is named. Error messages of the HTTP stacks name
 * hosts, addresses and codes, never headers or bodies.
 */
export const describe = (error: unknown): string => {
  const parts: Array<string> = []
  const add = (words: string) => {
    if (words !== "" && !parts.some((part) => part.includes(words))) parts.push(words)
  }
  for (let at: unknown = error, depth = 0; isErrorLike(at) && depth < 5; at = at.cause, depth++) {
    const members = Array.isArray(at.errors) ? at.errors.filter(isErrorLike).slice(0, 4) : []
    const own = wordsOf(at)
    // An aggregate's code alone (`ECONNREFUSED`) says less than its members' messages do.
    if (members.length === 0 || !members.some((member) => wordsOf(member).includes(own))) add(own)
    if (members.length > 0) add([...new Set(members.map(wordsOf))].filter((w) => w !== "").join(", "))
  }
  return parts.length > 0 ? parts.join(": ") : String(error)
}

export const failed = (cause: unknown): Outcome => ({
  ok: false,
  error: { reason: "Transport", detail: describe(cause), cause }
})
