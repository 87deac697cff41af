import { MemsyClient, RateLimitExceeded } from "@memsy/sdk"

await using client = new MemsyClient({
  baseUrl: process.env.MEMSY_BASE_URL!,
  apiKey: process.env.MEMSY_API_KEY!
})
const { eventIds } = await client.ingest([
  { actorId: "user_1", sessionId: "s1", kind: "user_message", content: "I prefer dark mode in all apps" }
])
console.log(`ingested ${eventIds.length} event(s)`)
try {
  const { results } = await client.search("user preferences", { actorId: "user_1" })
  for (const r of results) console.log(r.score, r.content)
} catch (error) {
  if (error instanceof RateLimitExceeded) console.log(`retry after ${error.retryAfter}s`)
  else throw error
}
