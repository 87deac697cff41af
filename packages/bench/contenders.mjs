// The ways to call Memsy that the benchmark compares, each behind the same tiny interface
// (`search(query, limit)`, `ingest()`, `health()`, `close()`). Shared by the main script and the
// child processes (cold start, heap), so a child imports and calls exactly what the warm rounds measure.
// Packages are imported lazily: the import is part of what the cold start measures.

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
// The body the SDKs send for a search: defaults made explicit (contract §4.2).
const searchBody = (query, limit) =>
  JSON.stringify({ query, actor_id: actorId, limit, threshold: 0, include_source_events: false })
const ingestBody = JSON.stringify({ events: wireBatch })
const headers = {
  authorization: `Bearer ${apiKey}`,
  "content-type": "application/json",
  accept: "application/json"
}

/** A hand-written client: `send(method, path, body)` resolves to the response text. */
const handWritten = (send, close) => ({
  search: async (query, limit) => JSON.parse(await send("POST", "/search", searchBody(query, limit))),
  ingest: async () => JSON.parse(await send("POST", "/ingest", ingestBody)),
  health: async () => JSON.parse(await send("GET", "/health")),
  close
})

const facade = ({ MemsyClient }, options) => {
  const client = new MemsyClient(options)
  return {
    search: (query, limit) => client.search(query, { actorId, limit }),
    ingest: () => client.ingest(batch),
    health: () => client.health(),
    close: () => client.close()
  }
}

/** The core on a runtime built once, the service resolved once, as a long-lived application would. */
const core = async (baseUrl, transport) => {
  // Subpaths, as the SDKs themselves import: the `@effect/platform` barrel alone would add ~200 ms of
  // cold start (MsgPack, workers, …) that says nothing about this SDK.
  const [memsy, Layer, ManagedRuntime] = await Promise.all([
    import("@memsy/effect"),
    import("effect/Layer"),
    import("effect/ManagedRuntime")
  ])
  const { MemsyClient } = memsy
  const layer = await transport(memsy, MemsyClient.layer({ baseUrl, apiKey }), Layer)
  const runtime = ManagedRuntime.make(layer)
  const client = await runtime.runPromise(MemsyClient.MemsyClient)
  return {
    search: (query, limit) => runtime.runPromise(client.search(query, { actorId, limit })),
    ingest: () => runtime.runPromise(client.ingest(batch)),
    health: () => runtime.runPromise(client.health()),
    close: () => runtime.dispose()
  }
}

export const contenders = {
  "raw fetch": async (baseUrl) =>
    handWritten(
      async (method, path, body) => (await fetch(`${baseUrl}${path}`, { method, headers, body })).text(),
      () => {}
    ),

  // The floor for an Effect SDK: the same hand-written fetch call, run as an Effect by
  // `Effect.runPromise`, as an Effect application awaits any call. What Effect's runtime costs on its
  // own, with no SDK code: the part of `@memsy/effect`'s ratios that no SDK built on Effect avoids.
  "Effect floor": async (baseUrl) => {
    const [Effect, raw] = await Promise.all([import("effect/Effect"), contenders["raw fetch"](baseUrl)])
    const run = (f) => Effect.runPromise(Effect.promise(f))
    return {
      search: (query, limit) => run(() => raw.search(query, limit)),
      ingest: () => run(() => raw.ingest()),
      health: () => run(() => raw.health()),
      close: raw.close
    }
  },

  // The floor for an Effect SDK on fetch: the Effect floor's call plus what every call on that path
  // must do whatever the SDK (a per-attempt timeout that aborts the request, an abort when the call is
  // interrupted, the response's headers read as data), written as the SDK's fetch transport is: one
  // `AbortController` and one timer per call, `Effect.async` with a canceller. No validation, no
  // encoding, no decoding, no retries, no span: what the fetch-path targets sit on before any SDK code.
  "fetch floor": async (baseUrl) => {
    const Effect = await import("effect/Effect")
    const exchange = (method, path, body) =>
      Effect.async((resume) => {
        const controller = new AbortController()
        const timer = setTimeout(() => controller.abort(), 30_000)
        const failed = (cause) => {
          clearTimeout(timer)
          resume(Effect.die(cause))
        }
        fetch(`${baseUrl}${path}`, { method, headers, body, signal: controller.signal }).then(
          (response) =>
            response.text().then((text) => {
              clearTimeout(timer)
              const received = {}
              response.headers.forEach((value, name) => {
                received[name] = value
              })
              resume(Effect.succeed({ status: response.status, headers: received, text }))
            }, failed),
          failed
        )
        return Effect.sync(() => {
          clearTimeout(timer)
          controller.abort()
        })
      })
    return handWritten(
      async (method, path, body) => (await Effect.runPromise(exchange(method, path, body))).text,
      () => {}
    )
  },

  // The floor for Node: undici's pooled `request`, one keep-alive pool, no WHATWG Response in between.
  "undici floor": async (baseUrl) => {
    const { Pool } = await import("undici")
    const url = new URL(baseUrl)
    const pool = new Pool(url.origin, { keepAliveTimeout: 60_000 })
    return handWritten(
      async (method, path, body) => {
        const res = await pool.request({ method, path: `${url.pathname}${path}`, headers, body })
        return res.body.text()
      },
      () => pool.close()
    )
  },

  "@memsy/sdk": async (baseUrl) => facade(await import("@memsy/sdk"), { baseUrl, apiKey }),

  // The facade forced onto fetch: what browsers, Deno and edge runtimes get.
  "sdk on fetch": async (baseUrl) =>
    facade(await import("@memsy/sdk"), { baseUrl, apiKey, fetch: globalThis.fetch }),

  // The README quick start: nothing provided, so the core's default transport (Node's http here).
  "@memsy/effect": (baseUrl) => core(baseUrl, (memsy, layer) => layer),

  // The core forced onto fetch.
  "effect on fetch": (baseUrl) =>
    core(baseUrl, (memsy, layer, Layer) => layer.pipe(Layer.provide(memsy.Transport.layerFetch())))
}

/** Result counts, whichever casing the contender returns: used to check every contender did the work. */
export const counted = (response) => (response.results ?? response.event_ids ?? response.eventIds).length
