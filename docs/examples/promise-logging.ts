import { MemsyClient } from "@memsy/sdk"

// One logfmt line per request on console.log; `MEMSY_LOG=debug` in the environment does the same.
await using client = new MemsyClient({
  baseUrl: process.env.MEMSY_BASE_URL!,
  apiKey: process.env.MEMSY_API_KEY!,
  logLevel: "debug"
})
await client.ingest([
  { actorId: "user_4", sessionId: "s1", kind: "user_message", content: "I cycle to work" }
])
// The Promise client starts no trace of its own: the app's `traceparent` goes as given.
const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
await client.search("commute", { actorId: "user_4" }, { headers: { traceparent } })
