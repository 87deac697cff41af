/**
 * The emulator's public shapes: its options, the keys and faults it takes, what it answers and
 * stores, and the `Emulator` handle itself. Read them as `Emulator.Options`, `Emulator.Fault`, …:
 * `Emulator` re-exports every one. They live apart from `Emulator.ts` so that the implementation
 * (`emulator/`), which `Emulator.ts` imports, can use them without importing it back.
 *
 * @since 0.2.0
 */

/**
 * An org's plan, carried by its keys: it sets the period quotas, how many API keys the org holds and
 * how many org records its customer may create (`Emulator.tiers`).
 *
 * @since 0.2.0
 * @category models
 */
export type Tier = "free" | "pro"

/**
 * The identity behind an API key.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeySpec {
  /** Plan of the key's org; default `"pro"`. */
  readonly tier?: Tier
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
 * How `Emulator.make` sets up a fresh emulator; every option has a default.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Milliseconds an event stays `pending` (by the clock); default 1000. */
  readonly processingDelay?: number
  /** Calls per key per fixed window; default `{ limit: 600, windowMs: 60_000 }`; `false` disables it. */
  readonly rateLimit?: { readonly limit: number; readonly windowMs: number } | false
  /** Per-period limits overriding the tier defaults (`Emulator.tiers`) for every key. */
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
  /** Headers set on the response that goes out, the fault's own or, for latency alone, the normal one. */
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
 * A running emulator: answers requests (`exchange`, `handler`, `fetch`), takes keys and faults, and
 * shows what it stores and what it was asked.
 *
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
  /** Adds a fault, checked on every later request until its `times` run out. */
  readonly inject: (fault: Fault) => void
  /** Removes every fault. */
  readonly clearFaults: () => void
  /** A snapshot, in ingestion order, after processing up to the latest instant already seen. */
  readonly events: () => ReadonlyArray<StoredEvent>
  /** A snapshot, in creation order, after processing up to the latest instant already seen. */
  readonly memories: () => ReadonlyArray<StoredMemory>
  /** Runs processing up to `now` (also done lazily on every exchange). */
  readonly settle: (now?: number) => void
  /** Completes every pending event at once, ignoring the delay. */
  readonly processAll: () => void
  /** Every call handled so far, in order. */
  readonly requests: () => ReadonlyArray<RequestLogEntry>
  /** Archives or decays a memory, as the dashboard would (there is no API for it, §10.6). */
  readonly setMemoryStatus: (memoryId: string, status: StoredMemory["status"]) => void
  /** Back to a fresh state with the same default key. */
  readonly reset: () => void
}
