import { MemsyClient } from "@memsy/sdk"

await using client = new MemsyClient()

// `withResponse` has every method; each resolves to the result and what the response said besides.
const { data, meta } = await client.withResponse.search("preferences", { actorId: "user_1" })
console.log(`status ${meta.status}, ${data.results.length} result(s), plan ${meta.headers["x-plan"]}`)
console.log(`searches: ${meta.usage?.searchQueries} of ${meta.usage?.searchQueriesLimit} this period`)
console.log(
  `rate limit: ${meta.rateLimit?.remaining} of ${meta.rateLimit?.limit} left until ${meta.rateLimit?.reset}`
)

// Object results carry `usage` and `rateLimit` themselves, absent when the headers were.
const stats = await client.memories.stats()
console.log(`memories stored: ${stats.usage?.memoriesStored} of ${stats.usage?.memoriesStoredLimit}`)

// Lists have nowhere to carry them: `withResponse` is the way to their headers.
const orgs = await client.withResponse.orgs.list()
console.log(`orgs: ${orgs.data.length}, calls left ${orgs.meta.rateLimit?.remaining}`)
