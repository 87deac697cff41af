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
import type { Dimension, Emulator, Options, Tier } from "./EmulatorTypes.js"

/**
 * The emulator's shapes, declared in `EmulatorTypes`: `Options`, `KeySpec`, `Fault`, `Outcome`,
 * `StoredEvent`, `StoredMemory`, the `Emulator` handle and the rest.
 *
 * @since 0.1.0
 * @category models
 */
export type * from "./EmulatorTypes.js"

/**
 * The emulator's per-tier limits: period quotas, API keys per org, org records per customer.
 *
 * @since 0.1.0
 * @category constants
 */
export const tiers: {
  readonly [T in Tier]: {
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
 * @example
 * ```ts
 * import { Emulator } from "@memsy/testing"
 *
 * const emulator = Emulator.make({ processingDelay: 0 })
 * await emulator.fetch(`${emulator.baseUrl}/ingest`, {
 *   method: "POST",
 *   headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" },
 *   body: JSON.stringify({
 *     events: [{ actor_id: "u1", session_id: "s1", kind: "user_message", content: "I prefer green tea" }]
 *   })
 * })
 * console.log(emulator.memories().map((memory) => memory.type)) // ["preference"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Emulator => create(options)
