/**
 * The exchange pipeline: settle → faults → auth → rate limit → quota → route → headers → log.
 *
 * @internal
 */
import type { Emulator, KeySpec, Options, Outcome, StoredEvent, StoredMemory } from "../EmulatorTypes.js"
import type { Ctx } from "./context.js"
import { requireQuota } from "./context.js"
import * as faults from "./faults.js"
import { coded, detail, Halt, json, RATE_LIMITED } from "./http.js"
import { apiKey, ulids } from "./ids.js"
import { authenticate, register } from "./keys.js"
import type {
  EventRecord,
  KeyRecord,
  MemoryRecord,
  MemoryStatus,
  OrgState,
  Plane,
  Settings,
  State
} from "./model.js"
import { processAll, settle } from "./processing.js"
import { take } from "./rateLimit.js"
import { resolve } from "./router.js"
import { controlRoutes, dataRoutes } from "./routes.js"
import { iso, isoOrNull } from "./time.js"
import { record, usageHeaders } from "./usage.js"

const emptyState = (): State => ({
  keys: new Map(),
  orgs: new Map(),
  events: [],
  eventIndex: new Map(),
  memories: [],
  dedup: new Map(),
  usage: [],
  totals: new Map(),
  windows: new Map(),
  requests: [],
  faults: [],
  lastNow: 0,
  ulid: ulids()
})

export const orgState = (state: State, orgId: string): OrgState => {
  const existing = state.orgs.get(orgId)
  if (existing) return existing
  const created: OrgState = { orgId, record: null, roles: new Map(), teams: new Map(), interest: null }
  state.orgs.set(orgId, created)
  return created
}

const PLANES: ReadonlyArray<readonly [Plane, string]> = [
  ["data", "/v1"],
  ["control", "/api"]
]

const segments = (rest: string): Array<string> | undefined => {
  try {
    return rest
      .split("/")
      .filter((s) => s.length > 0)
      .map((s) => decodeURIComponent(s))
  } catch {
    return undefined
  }
}

const handle = (
  state: State,
  settings: Settings,
  request: Request,
  url: URL,
  text: string,
  t: number
): Response => {
  const method = request.method.toUpperCase()
  const found = PLANES.find(([, prefix]) => url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))
  if (!found) return detail(404, "Not Found")
  const [plane, prefix] = found
  const key = authenticate(state, request.headers.get("authorization"), t)
  if (!key) return coded(plane, 401, "unauthorized", "Invalid or missing API key")
  key.lastUsedAt = t
  const verdict = take(state, settings, key, t)
  const response = verdict?.limited
    ? json(429, RATE_LIMITED)
    : route(state, settings, plane, key, method, url, prefix, text, t)
  for (const [name, value] of Object.entries(verdict?.headers ?? {})) response.headers.set(name, value)
  if (plane === "data") usageHeaders(state, settings, key, t, response.headers)
  return response
}

const route = (
  state: State,
  settings: Settings,
  plane: Plane,
  key: KeyRecord,
  method: string,
  url: URL,
  prefix: string,
  text: string,
  t: number
): Response => {
  const ctx: Ctx = { state, settings, plane, key, org: orgState(state, key.orgId), t, url, params: {}, text }
  try {
    if (plane === "data") {
      // api_calls meters authenticated data-plane calls that get past the rate limit (§2.1).
      requireQuota(ctx, "api_calls", 1)
      record(state, key.orgId, key.keyId, "api_calls", 1, t)
    }
    const path = segments(url.pathname.slice(prefix.length))
    const resolution =
      path === undefined
        ? ({ _tag: "NotFound" } as const)
        : resolve(plane === "data" ? dataRoutes : controlRoutes, method, path)
    switch (resolution._tag) {
      case "NotFound":
        return detail(404, "Not Found")
      case "MethodNotAllowed":
        return detail(405, "Method Not Allowed", { allow: resolution.allow.join(", ") })
      case "Found":
        return resolution.route.handle({ ...ctx, params: resolution.params })
    }
  } catch (e) {
    if (e instanceof Halt) return e.response
    return detail(500, "Internal Server Error")
  }
}

const storedEvent = (e: EventRecord): StoredEvent => ({
  eventId: e.eventId,
  orgId: e.orgId,
  actorId: e.actorId,
  sessionId: e.sessionId,
  kind: e.kind,
  content: e.content,
  roleId: e.roleId,
  teamId: e.teamId,
  ts: iso(e.ts),
  metadata: e.metadata,
  status: e.status,
  ingestedAt: iso(e.ingestedAt),
  memoryId: e.memoryId
})

const storedMemory = (m: MemoryRecord): StoredMemory => ({
  memoryId: m.memoryId,
  orgId: m.orgId,
  actorId: m.actorId,
  sessionId: m.sessionId,
  scope: { level: m.level, actorId: m.actorId, roleId: m.roleId, teamId: m.teamId },
  type: m.type,
  kind: m.kind,
  status: m.status,
  text: m.text,
  title: m.title,
  summary: m.summary,
  tags: [...m.tags],
  entities: m.entities.map((e) => ({ ...e })),
  confidence: m.confidence,
  strength: m.strength,
  recallCount: m.recallCount,
  lastRecalledAt: isoOrNull(m.lastRecalledAt),
  sourceEventIds: [...m.sourceEventIds],
  sourceUrls: [...m.sourceUrls],
  observedAt: iso(m.observedAt),
  createdAt: iso(m.createdAt),
  updatedAt: iso(m.updatedAt)
})

const sleep = (ms: number, signal: AbortSignal | null): Promise<void> =>
  new Promise((resolveSleep, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort)
      resolveSleep()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener("abort", onAbort, { once: true })
  })

export const create = (options: Options = {}): Emulator => {
  const settings: Settings = {
    processingDelay: Math.max(0, options.processingDelay ?? 1000),
    rateLimit: options.rateLimit === undefined ? { limit: 600, windowMs: 60_000 } : options.rateLimit,
    quotas: options.quotas,
    now: options.now ?? (() => Date.now())
  }
  const defaultKey = apiKey()
  const fresh = (): State => {
    const s = emptyState()
    register(s, options.key ?? {}, settings.now(), { raw: defaultKey })
    return s
  }
  let state = fresh()

  const exchange = async (request: Request, now?: number): Promise<Outcome> => {
    const t = now ?? settings.now()
    const url = new URL(request.url)
    const method = request.method.toUpperCase()
    const text = method === "GET" || method === "HEAD" ? "" : await request.text()
    settle(state, settings, t)
    const applied = faults.apply(state.faults, method, url.pathname, request.headers)
    const log = (status: number) => state.requests.push({ method, path: url.pathname, status })
    const { delay, terminal, after } = applied
    if (terminal?.drop === true || terminal?.drop === "before") {
      log(0)
      return { _tag: "Drop", delay }
    }
    const response = terminal ? faults.respond(terminal) : handle(state, settings, request, url, text, t)
    for (const [name, value] of Object.entries(applied.headers)) response.headers.set(name, value)
    if (after === "lost") {
      log(0)
      return { _tag: "Drop", delay }
    }
    log(response.status)
    return after === undefined
      ? { _tag: "Respond", response, delay }
      : { _tag: "Damage", response, delay, damage: after }
  }

  const handler = async (request: Request): Promise<Response> => {
    const outcome = await exchange(request)
    if (outcome.delay > 0) await sleep(outcome.delay, request.signal)
    if (outcome._tag === "Drop")
      throw new TypeError("fetch failed", { cause: new Error("connection dropped by the emulator") })
    return outcome._tag === "Damage" ? faults.damaged(outcome.response) : outcome.response
  }

  const setMemoryStatus = (memoryId: string, status: MemoryStatus): void => {
    const memory = state.memories.find((m) => m.memoryId === memoryId)
    if (!memory) throw new Error(`Unknown memory ${memoryId}`)
    memory.status = status
    memory.updatedAt = Math.max(state.lastNow, memory.updatedAt)
  }

  return {
    apiKey: defaultKey,
    baseUrl: "http://memsy.emulator/v1",
    controlUrl: "http://memsy.emulator/api",
    exchange,
    handler,
    fetch: (input, init) => handler(new Request(input, init)),
    addKey: (spec: KeySpec = {}) => register(state, spec, settings.now()).raw,
    revokeKey: (raw) => {
      const key = state.keys.get(raw)
      if (key) key.active = false
    },
    inject: (fault) => {
      state.faults.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY })
    },
    clearFaults: () => {
      state.faults = []
    },
    // Snapshots first catch up to the latest instant already seen (never beyond: the clock may be a test's).
    events: () => {
      settle(state, settings, state.lastNow)
      return state.events.map(storedEvent)
    },
    memories: () => {
      settle(state, settings, state.lastNow)
      return state.memories.map(storedMemory)
    },
    settle: (now) => settle(state, settings, now ?? settings.now()),
    processAll: () => processAll(state, settings),
    requests: () => state.requests.map((r) => ({ ...r })),
    setMemoryStatus,
    reset: () => {
      state = fresh()
    }
  }
}
