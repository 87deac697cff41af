/**
 * A faithful, stateful, in-memory Memsy: both the data plane (`/v1`) and the control plane (`/api`)
 * behind one `exchange(Request) → Outcome` function that runs anywhere `fetch` does (no sockets, no Node
 * APIs). Serve it over HTTP with `EmulatorServer.serve` from `@memsy/testing/node`, or start
 * `memsy-emulator` from a shell.
 *
 * Behaviour worth knowing when writing tests against it:
 *
 * - **Time** comes only from `options.now` (default `Date.now`) or the `now` argument of `exchange`, so
 *   a test clock drives processing, dedup windows, rate-limit windows and usage periods.
 * - **Processing** is lazy: every exchange first completes the events whose `processingDelay` has
 *   elapsed. An event completes into a memory unless its content contains the marker `[[fail]]` (any
 *   case) or has fewer than 3 letters/digits — then it ends `failed`. An event whose memory would say the
 *   same thing (same words) as an existing memory of the same actor and scope reinforces that memory
 *   (another `source_event_ids` entry) instead of creating a new one.
 * - **Extraction** is rule-based: `type` from cue words (prefer/like/love/hate → `preference`,
 *   decided/will/chose → `decision`, always/never/should/must → `norm`, yesterday/today/met/went/happened →
 *   `event`, else `fact`); `kind` is `procedural` for tool results and how-to text, `episodic` for events,
 *   else `semantic`; entities are capitalised words not opening a sentence; the scope is `team` when the
 *   event has a `team_id`, else `role` with a `role_id`, else `actor`.
 * - **Search** returns the `limit` best memories in scope scoring at least `threshold`. Like the service's
 *   embedding similarity, no score is 0: memories sharing a term with the query (lower-cased, stop words
 *   removed, lightly stemmed) rank by BM25 scaled into [0.1, 1); the others by how alike their words are
 *   (character trigrams), in (0, 0.1), so `threshold: matchFloor` keeps only matches. Each hit gains
 *   0.1 strength (capped at 5).
 * - **Tiers**: the tier belongs to the key (give a free key its own `orgId` to model a free org). Usage
 *   counters belong to the org and the calendar month. `api_calls` counts authenticated data-plane calls
 *   that passed the rate limit; control-plane calls are rate limited but not metered.
 * - **Caps**: API keys per org free 2 / pro 10; org records per customer (email) free 1 / pro 5. Quotas per
 *   period are in {@link tiers}; `options.quotas` overrides them for every tier.
 *
 * @since 0.1.0
 */
import { create } from "./emulator/core.js"
import { FAIL_MARKER } from "./emulator/extract.js"
import { KEY_CAP, ORG_CAP, QUOTAS } from "./emulator/limits.js"
import { MATCH_FLOOR } from "./emulator/relevance.js"

/**
 * The identity behind an API key.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeySpec {
  /** Plan of the key's org; default `"pro"`. */
  readonly tier?: "free" | "pro"
  /** Default `["read", "write"]`; ingest and onboarding mutations need `write`, reads need `read`. */
  readonly scopes?: ReadonlyArray<"read" | "write">
  /** Org role `org:admin` (keys, usage, billing, onboarding mutations); default `true`. */
  readonly admin?: boolean
  /** An assigned seat (console events); default `true`. */
  readonly seat?: boolean
  /** Default `"org_emulator"`. */
  readonly orgId?: string
  /** Default `"developer@memsy.emulator"`; also identifies the customer for the org-record cap. */
  readonly email?: string
  /** The key's display name; default `"default"`. */
  readonly name?: string
}

/**
 * A usage dimension (§5.4).
 *
 * @since 0.1.0
 * @category models
 */
export type Dimension = "api_calls" | "events_ingested" | "memories_stored" | "llm_tokens" | "search_queries"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Milliseconds an event stays `pending` (by the clock); default 1000. */
  readonly processingDelay?: number
  /** Calls per key per fixed window; default `{ limit: 600, windowMs: 60_000 }`; `false` disables it. */
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number } | false
  /** Per-period limits overriding the tier defaults ({@link tiers}) for every key. */
  readonly quotas?: Partial<Record<Dimension, number>>
  /** The default key's spec. */
  readonly key?: KeySpec
  /** The clock, in epoch milliseconds; default `Date.now`. */
  readonly now?: () => number
}

/**
 * What the transport should do with one request.
 *
 * @since 0.1.0
 * @category models
 */
export type Outcome =
  /** Deliver `response` after waiting `delay` ms. */
  | { readonly _tag: "Respond"; readonly response: Response; readonly delay: number }
  /** Wait `delay` ms, then fail as a dropped connection. */
  | { readonly _tag: "Drop"; readonly delay: number }
  /** Wait `delay` ms, send `response`'s status and headers, then break its body as `damage` says. */
  | { readonly _tag: "Damage"; readonly response: Response; readonly delay: number; readonly damage: Damage }

/**
 * How an answer's body breaks on the wire: `cut` midway (the connection closes), or sent
 * gzip-compressed with a `Content-Length` that announces more bytes than follow (`gzipLong`) or fewer
 * (`gzipShort`), the connection closing after it.
 *
 * @since 0.2.0
 * @category models
 */
export type Damage = "cut" | "gzipLong" | "gzipShort"

/**
 * A fault to inject. Faults are checked before authentication, in injection order; latency-only faults
 * add up, and the first matching fault with `status`, `malformed` or a `drop` before handling replaces
 * the response. A `drop` after handling and `gzip` act on whichever response goes out.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fault {
  /** `"POST /v1/search"`, `"/v1/search"`, `"GET /api/me"`, a prefix ending in `*`; omitted = every route. */
  readonly route?: string
  /**
   * Only requests carrying each of these headers with exactly this value (names in any case): a
   * fault for one call among many running at once.
   */
  readonly requestHeaders?: Readonly<Record<string, string>>
  /** Respond with this status… */
  readonly status?: number
  /** …and this JSON body (a string is sent as-is, raw text). Default: a plain rate-limit body for 429. */
  readonly body?: unknown
  readonly headers?: Record<string, string>
  /** Sets `Retry-After`. */
  readonly retryAfter?: number | string
  /** Milliseconds added before the response; alone, it delays the normal response. */
  readonly latency?: number
  /**
   * Drop the connection. `true` or `"before"`: before the request is handled, so it has no effect (to
   * the client, a reset mid-request). `"after"`: once it has been handled, so its effects stay and its
   * answer is lost. `"body"`: midway through the answer's body.
   */
  readonly drop?: boolean | "before" | "after" | "body"
  /**
   * Send the answer's body gzip-compressed with a `Content-Length` that lies, then close the
   * connection: `"long"` announces more bytes than follow, `"short"` fewer. A fault of the wire: over
   * `EmulatorServer` it is sent as said; in process the body fails to read, as it would for `fetch`.
   */
  readonly gzip?: "long" | "short"
  /** Answer 200 (or `status`) with a `application/json` body that is not JSON. */
  readonly malformed?: boolean
  /** For the next N matching calls; omitted = until cleared. */
  readonly times?: number
}

/**
 * A stored event, as the console shows it (§5.3).
 *
 * @since 0.1.0
 * @category models
 */
export interface StoredEvent {
  readonly eventId: string
  readonly orgId: string
  readonly actorId: string
  readonly sessionId: string
  readonly kind: "user_message" | "assistant_message" | "tool_result" | "app_event"
  readonly content: string
  readonly roleId: string | null
  readonly teamId: string | null
  /** ISO 8601: the event's `ts`, or the ingestion time when it had none. */
  readonly ts: string
  /** The parsed metadata string: an object, or `{ raw }` when it was not a JSON object. */
  readonly metadata: Readonly<Record<string, unknown>> | null
  readonly status: "pending" | "completed" | "failed"
  readonly ingestedAt: string
  /** The memory it became part of, once completed. */
  readonly memoryId: string | null
}

/**
 * Where a memory lives (§10.3).
 *
 * @since 0.1.0
 * @category models
 */
export interface MemoryScope {
  readonly level: "org" | "role" | "team" | "actor"
  readonly actorId: string | null
  readonly roleId: string | null
  readonly teamId: string | null
}

/**
 * A stored memory (§4.9).
 *
 * @since 0.1.0
 * @category models
 */
export interface StoredMemory {
  readonly memoryId: string
  readonly orgId: string
  readonly actorId: string
  readonly sessionId: string
  readonly scope: MemoryScope
  readonly type: "preference" | "decision" | "norm" | "event" | "fact"
  readonly kind: "semantic" | "episodic" | "procedural"
  readonly status: "active" | "archived" | "decayed"
  readonly text: string
  readonly title: string
  readonly summary: string
  readonly tags: ReadonlyArray<string>
  readonly entities: ReadonlyArray<{ readonly name: string; readonly type: string }>
  readonly confidence: number
  readonly strength: number
  readonly recallCount: number
  readonly lastRecalledAt: string | null
  readonly sourceEventIds: ReadonlyArray<string>
  readonly sourceUrls: ReadonlyArray<string>
  readonly observedAt: string
  readonly createdAt: string
  readonly updatedAt: string
}

/**
 * One handled call, in order (faulted ones included; a dropped connection has status 0).
 *
 * @since 0.1.0
 * @category models
 */
export interface RequestLogEntry {
  readonly method: string
  readonly path: string
  readonly status: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Emulator {
  /** The default key (`msy_` + 32 hex). */
  readonly apiKey: string
  /** `"http://memsy.emulator/v1"`: any host works, routing is by path. */
  readonly baseUrl: string
  /** `"http://memsy.emulator/api"`. */
  readonly controlUrl: string
  /** The one implementation: what to answer, at `now` (default `options.now()`). */
  readonly exchange: (request: Request, now?: number) => Promise<Outcome>
  /**
   * `exchange`, then waits the delay with `setTimeout`; a drop rejects with `TypeError("fetch failed")`,
   * a damaged body fails to read (`TypeError("terminated")`, as `fetch` reports a connection closed
   * midway).
   */
  readonly handler: (request: Request) => Promise<Response>
  /** `new Request(input, init)`, then `handler`. */
  readonly fetch: typeof globalThis.fetch
  /** Registers a key and returns it raw. */
  readonly addKey: (spec?: KeySpec) => string
  /** Revokes a raw key; later calls with it get 401. */
  readonly revokeKey: (key: string) => void
  readonly inject: (fault: Fault) => void
  readonly clearFaults: () => void
  /** A snapshot, in ingestion order, after processing up to the latest instant already seen. */
  readonly events: () => ReadonlyArray<StoredEvent>
  /** A snapshot, in creation order, after processing up to the latest instant already seen. */
  readonly memories: () => ReadonlyArray<StoredMemory>
  /** Runs processing up to `now` (also done lazily on every exchange). */
  readonly settle: (now?: number) => void
  /** Completes every pending event at once, ignoring the delay. */
  readonly processAll: () => void
  readonly requests: () => ReadonlyArray<RequestLogEntry>
  /** Archives or decays a memory, as the dashboard would (there is no API for it, §10.6). */
  readonly setMemoryStatus: (memoryId: string, status: "active" | "archived" | "decayed") => void
  /** Back to a fresh state with the same default key. */
  readonly reset: () => void
}

/**
 * The emulator's per-tier limits: period quotas, API keys per org, org records per customer.
 *
 * @since 0.1.0
 * @category constants
 */
export const tiers: {
  readonly [T in "free" | "pro"]: {
    readonly quotas: Readonly<Record<Dimension, number>>
    readonly maxKeys: number
    readonly maxOrgRecords: number
  }
} = {
  free: { quotas: QUOTAS.free, maxKeys: KEY_CAP.free, maxOrgRecords: ORG_CAP.free },
  pro: { quotas: QUOTAS.pro, maxKeys: KEY_CAP.pro, maxOrgRecords: ORG_CAP.pro }
}

/**
 * Content containing this marker (any case) fails extraction: the event ends `failed`, no memory.
 *
 * @since 0.1.0
 * @category constants
 */
export const failMarker: string = FAIL_MARKER

/**
 * The lowest search score of a memory sharing a word with the query; memories sharing none score below
 * it, so `threshold: matchFloor` keeps only the memories a query names.
 *
 * @since 0.2.0
 * @category constants
 */
export const matchFloor: number = MATCH_FLOOR

/**
 * A fresh emulator with one default key.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Emulator => create(options)
