// The Python SDK's quick start, call for call: camelCase names, one options object, Promises.
import { MemsyClient, RateLimitExceeded } from "@memsy/sdk"

// client = MemsyClient(base_url=..., api_key=..., max_retries=3, retry_backoff=1.0, timeout=30.0)
await using client = new MemsyClient({
  baseUrl: process.env.MEMSY_BASE_URL, // with /v1: https://api.memsy.io/v1
  apiKey: process.env.MEMSY_API_KEY,
  maxRetries: 3,
  retryBackoff: 1_000, // milliseconds, not seconds
  timeout: 30_000
})

// client.ingest([EventPayload(actor_id="user_1", session_id="session_1", kind=..., content=..., role_id=...)])
const result = await client.ingest([
  {
    actorId: "user_1",
    sessionId: "session_1",
    kind: "user_message",
    content: "I prefer dark mode in all apps",
    roleId: "role_eng",
    teamId: "team_platform"
  }
])

// status = client.status(event_ids=result.event_ids), polled by hand until nothing is pending
await client.waitForProcessing(result.eventIds)

// results = client.search("user preferences", actor_id="user_1", include_source_events=True)
try {
  const results = await client.search("user preferences", { actorId: "user_1", includeSourceEvents: true })
  for (const r of results.results) {
    console.log(r.score, r.content, r.title, r.tags, r.strength)
    for (const evt of r.sourceEvents) console.log(evt.eventId, evt.kind, evt.content)
  }
  // if results.usage: print(results.usage.plan, results.usage.api_calls)
  if (results.usage) console.log(`plan ${results.usage.plan}: ${results.usage.apiCalls} calls`)
} catch (error) {
  // except RateLimitExceeded as e: print(e.retry_after)
  if (error instanceof RateLimitExceeded) console.log(`retry after ${error.retryAfter}s`)
  else throw error
}
