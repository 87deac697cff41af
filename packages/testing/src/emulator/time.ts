/**
 * Time helpers. Every instant in the emulator is epoch milliseconds from the injected clock.
 *
 * @internal
 */

/** ISO 8601 in UTC, without a zero millisecond part (`2026-03-15T14:22:10Z`). */
export const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z")

export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms))

export const unixSeconds = (ms: number): number => Math.floor(ms / 1000)

/** The billing period is the UTC calendar month (§5.4). */
export const periodOf = (ms: number): { readonly start: number; readonly end: number } => {
  const d = new Date(ms)
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
  return { start, end }
}

export const DAY = 86_400_000
export const HOUR = 3_600_000

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i

/** Parses an ISO 8601 date or date-time; a date-time without offset is UTC. `null` if invalid. */
export const parseIso = (s: string): number | null => {
  const trimmed = s.trim()
  if (!ISO_DATE.test(trimmed) && !ISO_DATETIME.test(trimmed)) return null
  const zoned = ISO_DATE.test(trimmed) || /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? trimmed : `${trimmed}Z`
  const ms = Date.parse(zoned.replace(" ", "T"))
  return Number.isNaN(ms) ? null : ms
}

/** Parses a `YYYY-MM-DD` date to the start of that UTC day; `null` if invalid. */
export const parseDate = (s: string): number | null => {
  if (!ISO_DATE.test(s)) return null
  const ms = Date.parse(`${s}T00:00:00Z`)
  return Number.isNaN(ms) ? null : ms
}
