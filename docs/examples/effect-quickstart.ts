import { MemsyClient } from "@memsy/effect"
import { Effect } from "effect"

const program = Effect.gen(function* () {
  const memsy = yield* MemsyClient.MemsyClient
  const { eventIds } = yield* memsy.ingest([
    { actorId: "user_1", sessionId: "s1", kind: "user_message", content: "I prefer dark mode in all apps" }
  ])
  console.log(`ingested ${eventIds.length} event(s)`)
  const { results } = yield* memsy.search("user preferences", { actorId: "user_1" })
  for (const r of results) console.log(r.score, r.content, r.tags)
}).pipe(
  Effect.catchTag("RateLimitExceeded", (e) => Effect.logWarning(`rate limited, retry after ${e.retryAfter}s`))
)

// MEMSY_BASE_URL (e.g. https://api.memsy.io/v1) and MEMSY_API_KEY, read through Config. With no
// transport provided, the SDK's own: HTTP/1.1 on Node's sockets with a keep-alive pool on Node, fetch elsewhere.
const MemsyLive = MemsyClient.layerConfig()

await Effect.runPromise(program.pipe(Effect.provide(MemsyLive)))
