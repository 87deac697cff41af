/**
 * A fixed-window rate limit per key (§2.1 `X-RateLimit-*`, §7.4 plain 429 with `Retry-After`).
 *
 * @internal
 */
import type { KeyRecord, Settings, State } from "./model.js"

export interface Verdict {
  readonly limited: boolean
  readonly headers: Record<string, string>
}

/** Counts one call against the key's current window; `undefined` when rate limiting is off. */
export const take = (state: State, settings: Settings, key: KeyRecord, t: number): Verdict | undefined => {
  if (settings.rateLimit === false) return undefined
  const { limit, windowMs } = settings.rateLimit
  const start = Math.floor(t / windowMs) * windowMs
  const window = state.windows.get(key.keyId)
  const current = window && window.start === start ? window : { start, count: 0 }
  state.windows.set(key.keyId, current)
  const limited = current.count >= limit
  if (!limited) current.count++
  const end = start + windowMs
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(limit),
    "X-RateLimit-Remaining": String(Math.max(0, limit - current.count)),
    "X-RateLimit-Reset": String(Math.ceil(end / 1000))
  }
  if (limited) headers["Retry-After"] = String(Math.max(1, Math.ceil((end - t) / 1000)))
  return { limited, headers }
}
