import { MemsyClient } from "@memsy/sdk"

await using client = new MemsyClient({
  baseUrl: process.env.MEMSY_BASE_URL!,
  apiKey: process.env.MEMSY_API_KEY!
})
const { eventIds } = await client.ingest([
  {
    actorId: "user_2",
    sessionId: "s1",
    kind: "user_message",
    content: "I water the ferns on Sundays",
    eventId: "ev_1"
  },
  {
    actorId: "user_2",
    sessionId: "s1",
    kind: "user_message",
    content: "My cat is called Miso",
    eventId: "ev_2"
  }
])

// Poll until both events are processed; progress after every poll, a typed timeout otherwise.
const status = await client.waitForProcessing(eventIds, {
  timeout: 30_000,
  onProgress: (p) => console.log(`progress: ${p.completed + p.failed}/${p.total}`)
})
console.log(`processed: ${status.completedIds.length} completed`)

// Every page of a list, fetched as the loop asks for more; `break` stops the requests too.
for await (const memory of client.memories.listAll({ actorId: "user_2" }, { pageSize: 50 })) {
  console.log(`memory: ${memory.text}`)
}

// The same call with its response's metadata, and options for this call only.
const { data, meta } = await client.withResponse.search(
  "pets",
  { actorId: "user_2" },
  { timeout: 5_000, retryTransient: true, headers: { "x-request-source": "docs" } }
)
console.log(
  `status ${meta.status}: ${data.results.length} result(s), ${meta.rateLimit?.remaining} calls left`
)
