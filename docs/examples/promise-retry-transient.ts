import { MemsyAPIError, MemsyClient } from "@memsy/sdk"
import { Emulator } from "@memsy/testing"

// The emulator plays a flaky service: each call below gets one 503 before it is served normally.
const emulator = Emulator.make({ processingDelay: 0 })
await using client = new MemsyClient({
  baseUrl: emulator.baseUrl,
  apiKey: emulator.apiKey,
  fetch: emulator.fetch,
  retryTransient: true, // for every call; or per call: { retryTransient: true }
  retryBackoff: 0 // no pause between attempts, so this runs at once; the default is 1 s, doubled, jittered
})
const flaky = (route: string) => emulator.inject({ route, status: 503, times: 1 })
const statusOf = (error: unknown) => (error instanceof MemsyAPIError ? error.statusCode : error)
const event = { actorId: "u1", sessionId: "s1", kind: "user_message" as const, content: "I like tea" }

// Safe to repeat, so repeated: a search, a read, an ingest whose every event has an eventId.
flaky("POST /v1/search")
await client.search("tea")
flaky("GET /v1/console/memories/stats")
await client.memories.stats()
flaky("POST /v1/ingest")
await client.ingest([{ ...event, eventId: "ev_tea_1" }])

// Not safe: without eventIds, the service may have stored the events before failing. Never resent.
flaky("POST /v1/ingest")
await client.ingest([event]).catch((e: unknown) => console.log(`ingest without ids: ${statusOf(e)}`))
flaky("POST /v1/orgs")
await client.orgs
  .create({ orgId: "org_emulator", name: "Acme", focus: "Tests" })
  .catch((e: unknown) => console.log(`orgs.create: ${statusOf(e)}`))

for (const r of emulator.requests()) console.log(`${r.method} ${r.path} ${r.status}`)
