// The official Node SDK's README, in this SDK: the same client and resources, a few new names.
import { AuthenticationError, MemsyClient, MemsyControlClient, RateLimitExceeded } from "@memsy/sdk"

// new MemsyClient({ baseUrl, apiKey, timeoutMs: 30_000, maxRetries: 3 })
await using client = new MemsyClient({
  baseUrl: process.env.MEMSY_BASE_URL,
  apiKey: process.env.MEMSY_API_KEY,
  timeout: 30_000,
  maxRetries: 3
})
// new MemsyControlClient({ baseUrl: process.env.MEMSY_CONTROL_BASE_URL!, ... }): MEMSY_CONTROL_URL here
await using control = new MemsyControlClient()

await client.ingest([{ actorId: "user_1", sessionId: "s1", kind: "user_message", content: "I love teal." }])

// client.orgs.create("my-org", "My Org", "AI assistant context"): one object of named fields
const { orgId } = await control.me()
const org = await client.orgs.create({ orgId, name: "My Org", focus: "AI assistant context" })
// client.roles.create("my-org", "engineer", "..."), client.roles.list("my-org")
await client.roles.create({ orgId: org.orgId, name: "engineer", focus: "Code & deploy context" })
console.log(`roles: ${(await client.roles.list(orgId)).map((r) => r.name)}`)

// control.interest.express(email, name, { company }): one object
await control.interest.express({ email: "you@example.com", name: "You", company: "Acme" })

try {
  const { results } = await client.search("what colour?", { actorId: "user_1" })
  // r.metadata?.source_event_ids and r.sourceEvents ?? []: typed accessors, lists never null
  for (const r of results) console.log(r.score, r.content, r.sourceEventIds.length, r.sourceEvents.length)
} catch (err) {
  // MemsyRateLimitError, MemsyAuthError: the Python names
  if (err instanceof RateLimitExceeded) console.log(`retry after ${err.retryAfter}s`)
  else if (err instanceof AuthenticationError) console.log("check the API key")
  else throw err
}
