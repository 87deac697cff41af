import { MemsyClient } from "@memsy/sdk"

await using client = new MemsyClient()
const { eventIds } = await client.ingest([
  { actorId: "ana", sessionId: "s1", kind: "user_message", content: "I prefer aisle seats on every flight" },
  {
    actorId: "ana",
    sessionId: "s1",
    kind: "user_message",
    content: "I like flight upgrades when they are cheap"
  },
  { actorId: "ben", sessionId: "s2", kind: "user_message", content: "I prefer window seats on long flights" },
  {
    actorId: "ana",
    sessionId: "s3",
    kind: "user_message",
    content: "Production deploys need two approvals",
    roleId: "role_eng", // said as an engineer: a memory that may serve everyone in the role
    metadata: { source: "standup" }
  }
])
await client.waitForProcessing(eventIds)
const show = (label: string, results: ReadonlyArray<{ score: number; content: string }>) =>
  console.log(`${label}: ${results.map((r) => `${r.score.toFixed(2)} ${r.content}`).join(" | ") || "none"}`)

// One actor's memories, best first: at threshold 0, the `limit` best however weak the match.
show("ana", (await client.search("flight seats", { actorId: "ana" })).results)

// A threshold drops weak matches. Scores rank one query's results; they mean nothing across queries.
show("ana, 0.5 and up", (await client.search("flight seats", { actorId: "ana", threshold: 0.5 })).results)

// Without actorId the search spans every actor of the org (admin tools, analytics).
show("the org", (await client.search("flight seats", { limit: 5 })).results)

// Memories promoted to the roles and teams the actor belongs to join the actor's own, and rank first.
show("ben", (await client.search("deploy approvals", { actorId: "ben" })).results)
show(
  "ben, engineer",
  (await client.search("deploy approvals", { actorId: "ben", roleIds: ["role_eng"] })).results
)

// Where a memory came from: the events (when asked for) and their metadata.
const [top] = (await client.search("deploys", { actorId: "ana", includeSourceEvents: true })).results
for (const event of top?.sourceEvents ?? []) console.log(`source: ${event.kind} "${event.content}"`)
console.log(`source metadata: ${JSON.stringify(top?.sourceMetadata)}`)
console.log(`type ${top?.type}, kind ${top?.kind}, strength ${top?.strength} (0 to 5), tags [${top?.tags}]`)
