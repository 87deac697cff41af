// The ways to call Memsy that the benchmark compares, each behind the same tiny interface
// (`search(query, limit)`, `ingest()`, `close()`). Shared by the main script and the cold-start child,
// so a cold start imports and calls exactly what the warm rounds measure. Packages are imported lazily:
// the import is part of what the cold start measures.

export const apiKey = "msy_0123456789abcdef0123456789abcdef"
const actorId = "bench_user"

const kinds = ["user_message", "assistant_message", "tool_result", "app_event"]
const batch = Array.from({ length: 100 }, (_, i) => ({
  actorId,
  sessionId: "bench_session",
  kind: kinds[i % 4],
  content: `Turn ${i}: I prefer dark mode in all my apps, vim keybindings, and deploys only on Fridays.`,
  ts: "2026-03-15T14:22:10Z",
  // Text, not an object, so every contender sends a byte-identical body (the SDKs accept both).
  metadata: `{"source":"bench","turn":${i}}`
}))
// What a hand-written client would send: the wire form, built once.
const wireBatch = batch.map(({ actorId, sessionId, ...rest }) => ({
  actor_id: actorId,
  session_id: sessionId,
  ...rest
}))

const facade = ({ MemsyClient }, baseUrl) => {
  const client = new MemsyClient({ baseUrl, apiKey })
  return {
    search: (query, limit) => client.search(query, { actorId, limit }),
    ingest: () => client.ingest(batch),
    close: () => client.close()
  }
}

export const contenders = {
  "raw fetch": async (baseUrl) => {
    const headers = {
      authorization: `Bearer ${apiKey}`,
      "content-type": "application/json",
      accept: "application/json"
    }
    const post = async (path, body) => {
      const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers, body: JSON.stringify(body) })
      return res.json()
    }
    return {
      // The body the SDKs send for the same call: defaults made explicit (contract §4.2).
      search: (query, limit) =>
        post("/search", { query, actor_id: actorId, limit, threshold: 0, include_source_events: false }),
      ingest: () => post("/ingest", { events: wireBatch }),
      close: () => {}
    }
  },

  "@memsy/sdk": async (baseUrl) => facade(await import("@memsy/sdk"), baseUrl),

  // The same facade with the Effect runtime inlined in one module.
  "sdk/standalone": async (baseUrl) => facade(await import("@memsy/sdk/standalone"), baseUrl),

  "@memsy/effect": async (baseUrl) => {
    // Subpaths, as the SDKs themselves import: the `@effect/platform` barrel alone would add ~200 ms of
    // cold start (MsgPack, workers, …) that says nothing about this SDK.
    const [FetchHttpClient, { MemsyClient }, Layer, ManagedRuntime] = await Promise.all([
      import("@effect/platform/FetchHttpClient"),
      import("@memsy/effect"),
      import("effect/Layer"),
      import("effect/ManagedRuntime")
    ])
    // Built once and the service resolved once, as a long-lived application would.
    const runtime = ManagedRuntime.make(
      MemsyClient.layer({ baseUrl, apiKey }).pipe(Layer.provide(FetchHttpClient.layer))
    )
    const client = await runtime.runPromise(MemsyClient.MemsyClient)
    return {
      search: (query, limit) => runtime.runPromise(client.search(query, { actorId, limit })),
      ingest: () => runtime.runPromise(client.ingest(batch)),
      close: () => runtime.dispose()
    }
  }
}

/** Result counts, whichever casing the contender returns: used to check every contender did the work. */
export const counted = (response) => (response.results ?? response.event_ids ?? response.eventIds).length
