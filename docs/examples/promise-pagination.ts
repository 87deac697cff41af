import { MemsyClient, MemsyControlClient } from "@memsy/sdk"
import { Emulator } from "@memsy/testing"

// The emulator, to count the pages each loop fetches; any client works the same against the service.
const emulator = Emulator.make({ processingDelay: 0 })
const options = { apiKey: emulator.apiKey, fetch: emulator.fetch }
await using memsy = new MemsyClient({ ...options, baseUrl: emulator.baseUrl })
await using control = new MemsyControlClient({ ...options, baseUrl: emulator.controlUrl })

await memsy.ingestMany(
  Array.from({ length: 250 }, (_, i) => ({
    actorId: "reader",
    sessionId: "books",
    kind: "user_message" as const,
    content: `I finished reading book ${i}`
  }))
)
const pages = (path: string) => emulator.requests().filter((r) => r.path === path).length

// Every item, in the list's order; each page is fetched when the loop has used up the one before.
let count = 0
for await (const memory of memsy.memories.listAll({ actorId: "reader" }, { pageSize: 100 })) {
  if (memory.text) count++
}
console.log(`memories: ${count} in ${pages("/v1/console/memories")} pages`)

// Leaving the loop early fetches no further page.
for await (const memory of memsy.memories.listAll({ actorId: "reader", sort: "created_at_desc" })) {
  console.log(`newest: ${memory.text}`)
  break
}
console.log(`pages after the early stop: ${pages("/v1/console/memories")}`)

// The control plane's raw events, with the same filters `events.list` takes.
let events = 0
for await (const event of control.events.listAll(
  { sessionId: "books", kind: "user_message" },
  { pageSize: 200 }
)) {
  if (event.actorId === "reader") events++
}
console.log(`events: ${events} in ${pages("/api/console/events")} pages`)
