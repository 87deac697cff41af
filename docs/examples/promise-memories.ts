import { MemsyClient } from "@memsy/sdk"

await using client = new MemsyClient()
const { eventIds } = await client.ingest([
  { actorId: "user_5", sessionId: "s1", kind: "user_message", content: "I prefer tea over coffee" },
  {
    actorId: "user_5",
    sessionId: "s1",
    kind: "user_message",
    content: "We decided to move the launch to May"
  },
  {
    actorId: "user_5",
    sessionId: "s2",
    kind: "user_message",
    content: "Yesterday I met Dana at the Berlin office"
  }
])
await client.waitForProcessing(eventIds)

// One page, filtered and sorted; `total` counts every match, not the page.
const page = await client.memories.list({ actorId: "user_5", sort: "created_at_desc", limit: 2, offset: 0 })
console.log(`page: ${page.items.length} of ${page.total}`)
for (const m of page.items) console.log(`  ${m.type}/${m.kind} [${m.scope.level}] ${m.text}`)

// The filters: kind (semantic, episodic, procedural), type, status (active by default), text search.
const events = await client.memories.list({ actorId: "user_5", kind: "episodic" })
const preferences = await client.memories.list({ type: "preference", search: "tea" })
console.log(`episodic: ${events.total}, preferences about tea: ${preferences.total}`)

// One memory by its UUID, with everything the console knows about it.
const memory = await client.memories.get(page.items[0]!.memoryId)
console.log(
  `memory: strength ${memory.strength}, recalled ${memory.recallCount} times, from ${memory.sourceEventIds.length} event`
)

// The org's totals.
const stats = await client.memories.stats()
console.log(
  `stats: ${stats.totalMemories} memories, ${stats.activeMemories} active, by type ${JSON.stringify(stats.byType)}`
)
