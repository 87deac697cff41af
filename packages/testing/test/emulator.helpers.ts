import * as Emulator from "../src/Emulator.js"

/** 2026-03-15T12:00:00Z: a fixed start for clock-driven tests. */
export const T0 = Date.UTC(2026, 2, 15, 12, 0, 0)

export interface Reply {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any
  readonly delay: number
  readonly dropped: boolean
}

export interface CallOptions {
  /** Raw key; default the emulator's key; `null` sends no Authorization header. */
  readonly key?: string | null
  readonly body?: unknown
  /** Sent as-is instead of JSON. */
  readonly raw?: string
  readonly now?: number
}

/** One exchange at the wire level: `path` starts with `/v1` or `/api`. */
export const call = async (
  emulator: Emulator.Emulator,
  method: string,
  path: string,
  options: CallOptions = {}
): Promise<Reply> => {
  const headers = new Headers()
  const key = options.key === undefined ? emulator.apiKey : options.key
  if (key !== null) headers.set("authorization", `Bearer ${key}`)
  let body: string | undefined
  if (options.raw !== undefined) body = options.raw
  else if (options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined) headers.set("content-type", "application/json")
  const outcome = await emulator.exchange(
    new Request(`http://memsy.emulator${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }),
    options.now
  )
  if (outcome._tag === "Drop") {
    return {
      status: 0,
      headers: new Headers(),
      text: "",
      body: undefined,
      delay: outcome.delay,
      dropped: true
    }
  }
  const text = await outcome.response.text()
  let parsed: unknown
  try {
    parsed = text === "" ? undefined : JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return {
    status: outcome.response.status,
    headers: outcome.response.headers,
    text,
    body: parsed,
    delay: outcome.delay,
    dropped: false
  }
}

export const get = (e: Emulator.Emulator, path: string, options?: CallOptions) =>
  call(e, "GET", path, options)
export const post = (e: Emulator.Emulator, path: string, body?: unknown, options?: CallOptions) =>
  call(e, "POST", path, { ...options, ...(body !== undefined ? { body } : {}) })
export const del = (e: Emulator.Emulator, path: string, options?: CallOptions) =>
  call(e, "DELETE", path, options)
export const patch = (e: Emulator.Emulator, path: string, body: unknown, options?: CallOptions) =>
  call(e, "PATCH", path, { ...options, body })

export interface EventInput {
  readonly actor_id?: string
  readonly session_id?: string
  readonly kind?: string
  readonly content: string
  readonly [key: string]: unknown
}

export const event = (input: EventInput) => ({
  actor_id: "u1",
  session_id: "s1",
  kind: "user_message",
  ...input
})

/** Ingests and returns the ids (asserting a 200). */
export const ingest = async (
  e: Emulator.Emulator,
  events: ReadonlyArray<EventInput>,
  options?: CallOptions
): Promise<Array<string>> => {
  const reply = await post(e, "/v1/ingest", { events: events.map(event) }, options)
  if (reply.status !== 200) throw new Error(`ingest failed: ${reply.status} ${reply.text}`)
  return reply.body.event_ids
}

/** An emulator on a settable clock starting at `T0`. */
export const clocked = (options: Omit<Emulator.Options, "now"> = {}) => {
  let t = T0
  const emulator = Emulator.make({ ...options, now: () => t })
  return {
    emulator,
    now: () => t,
    advance: (ms: number) => {
      t += ms
    }
  }
}
