/**
 * Identifiers: ULID event ids (§4.1), UUID memory ids (§4.9), `msy_` keys (§1.3).
 *
 * @internal
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const randomDigits = (count: number): Array<number> =>
  Array.from(crypto.getRandomValues(new Uint8Array(count)), (byte) => byte & 31)

const encodeTime = (time: number): string => {
  let rest = time
  let out = ""
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[rest % 32] + out
    rest = Math.floor(rest / 32)
  }
  return out
}

/**
 * A monotonic ULID source: ids sort in ingestion order even within one millisecond or when the
 * clock steps back (a test clock may), so `ts_asc` ties break the way events arrived.
 */
export const ulids = (): ((time: number) => string) => {
  let lastTime = -1
  let random: Array<number> = []
  return (time) => {
    const t = Math.max(0, Math.floor(time))
    if (t > lastTime) {
      lastTime = t
      random = randomDigits(16)
    } else {
      for (let i = random.length - 1; i >= 0; i--) {
        const digit = (random[i] ?? 0) + 1
        random[i] = digit & 31
        if (digit < 32) break
      }
    }
    return encodeTime(lastTime) + random.map((d) => CROCKFORD[d]).join("")
  }
}

/** Lower-case hex of `bytes` random bytes. */
export const randomHex = (bytes: number): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("")

/** A fresh API key: `msy_` + 32 hex (§1.3). */
export const apiKey = (): string => `msy_${randomHex(16)}`

export const uuid = (): string => crypto.randomUUID()

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const isUuid = (s: string): boolean => UUID.test(s)

/** A short stable hash (FNV-1a, hex) for deterministic derived ids such as `user_…`. */
export const hash = (s: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, "0")
}

/** `role_<slug>` style ids, made unique against `taken`. */
export const slugId = (prefix: string, name: string, taken: (id: string) => boolean): string => {
  const slug =
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 40) || "unnamed"
  const base = `${prefix}_${slug}`
  let id = base
  for (let n = 2; taken(id); n++) id = `${base}_${n}`
  return id
}
