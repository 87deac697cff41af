import { MemsyClient, MemsyControlClient } from "@memsy/sdk"

// MEMSY_CONTROL_URL, else MEMSY_BASE_URL with its /v1 turned into /api; the same MEMSY_API_KEY.
await using control = new MemsyControlClient()
await using memsy = new MemsyClient()
await memsy.ingest([{ actorId: "user_8", sessionId: "s1", kind: "user_message", content: "I like jazz" }])

// Who the key belongs to.
const me = await control.me()
console.log(`me: ${me.tier} plan, org ${me.orgId}, role ${me.orgRole ?? "member"}`)
console.log(`health: ${(await control.health()).status}, billing ${(await control.health()).billingEnabled}`)

// The raw events, newest first (an assigned seat is needed).
const events = await control.events.list({ actorId: "user_8", sort: "ts_desc", limit: 10 })
console.log(`events: ${events.total}, first "${events.items[0]?.content}"`)

// Usage, billing and keys need an org admin.
const usage = await control.usage.summary()
const calls = usage.dimensions.find((d) => d.dimension === "api_calls")
console.log(`usage: ${calls?.used} of ${calls?.limit ?? "unlimited"} api calls since ${usage.periodStart}`)
const series = await control.usage.timeseries({ dimension: "events_ingested", granularity: "daily" })
console.log(`timeseries: ${series.data.map((p) => `${p.date} ${p.quantity}`).join(", ")}`)

const billing = await control.billing.summary()
console.log(`billing: ${billing.tier}, ${billing.assignedSeats}/${billing.purchasedSeats} seats`)
console.log(`invoices: ${(await control.billing.invoices()).length}`)

// A new key: its raw secret is in this answer only. Store it; never log it.
const created = await control.keys.create("ci-pipeline", { scopes: ["read"] })
const keys = await control.keys.list()
console.log(
  `keys: ${keys.activeCount} active of ${keys.maxKeys}; new one ${created.prefix}… [${created.scopes}]`
)
console.log(`key usage records: ${(await control.keys.usage(created.keyId)).length}`)
await control.keys.delete(created.keyId) // revoked at once

// Pro-plan interest.
await control.interest.express({ email: "you@example.com", name: "You", company: "Acme", useCase: "support" })
console.log(`interest expressed: ${await control.interest.status()}`)
