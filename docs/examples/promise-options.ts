import { MemsyClient } from "@memsy/sdk"

// The client's defaults: 10 s per attempt, 3 retries of a rate limit, no transient retries.
await using client = new MemsyClient({ timeout: 10_000 })

// A call's own options come last, after the method's parameters, optional ones included.
const health = await client.health({ timeout: 2_000, maxRetries: 0 })
const found = await client.search("seat preferences", undefined, {
  retryTransient: true, // this call may be repeated after a 5xx or a timeout: a search is safe to repeat
  headers: { "x-request-source": "nightly-report" } // added; the SDK's own headers are kept
})
console.log(`health ${health.status}; ${found.results.length} result(s)`)

// A client for background work: other defaults, the same connections, closed with `client`.
const background = client.withOptions({ timeout: 60_000, maxRetries: 8, retryTransient: true })
const stats = await background.memories.stats()
console.log(`background: ${stats.totalMemories} memories`)

// Cancel a call with an AbortSignal: here, a deadline for the whole call, retries included.
const answer = await client
  .search("travel", { actorId: "user_1" }, { signal: AbortSignal.timeout(5_000) })
  .catch((error: Error) => error.name)
console.log(`with a deadline: ${typeof answer === "string" ? answer : "answered"}`)
