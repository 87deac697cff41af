// Every error class, provoked on the emulator, with what each one carries.
import { MemsyClient, MemsyControlClient, MemsyError } from "@memsy/sdk"
import { Emulator } from "@memsy/testing"

const emulator = Emulator.make({ processingDelay: 0 })
const opened: Array<{ close(): Promise<void> }> = []
const clientsOf = (apiKey: string) => {
  const options = { apiKey, fetch: emulator.fetch, maxRetries: 0 }
  const memsy = new MemsyClient({ ...options, baseUrl: emulator.baseUrl })
  const control = new MemsyControlClient({ ...options, baseUrl: emulator.controlUrl })
  opened.push(memsy, control)
  return { memsy, control }
}
const { memsy } = clientsOf(emulator.apiKey)
const readOnly = clientsOf(emulator.addKey({ scopes: ["read"] }))
const member = clientsOf(emulator.addKey({ admin: false, seat: false }))
const free = clientsOf(emulator.addKey({ tier: "free", orgId: "org_free", email: "free@example.com" }))
const unknown = clientsOf(`msy_${"0".repeat(32)}`)

/** Runs `call` (after making the emulator answer the next search with `fault`) and shows its error. */
const show = async (label: string, call: () => Promise<unknown>, fault?: Emulator.Fault) => {
  if (fault) emulator.inject({ route: "POST /v1/search", times: 1, ...fault })
  try {
    await call()
    console.log(`${label}: no error`)
  } catch (error) {
    if (!(error instanceof MemsyError)) throw error
    // The fields are own properties of the error; `name` and `message` come from its class.
    console.log(`${label}: ${error.name} ${JSON.stringify({ ...error })}`)
  }
}
const search = () => memsy.search("tea")

await show("unknown key", () => unknown.memsy.search("tea"))
await show("gateway refusal", search, { status: 403, body: { message: "Forbidden" } })
await show("read-only key", () =>
  readOnly.memsy.ingest([{ actorId: "u1", sessionId: "s1", kind: "user_message", content: "Hello there" }])
)
await show("not an admin", () => member.control.keys.list())
await show("no seat", () => member.control.events.list())
await show("feature", search, { status: 403, body: { error: "feature_not_available", feature: "rerank" } })
await show("org id", search, { status: 400, body: { error: "org_id_not_allowed" } })
await show("org cap", async () => {
  for (const name of ["One", "Two"]) await free.memsy.orgs.create({ orgId: "org_free", name, focus: "Tests" })
})
await show("key cap", async () => {
  for (let i = 0; i < Emulator.tiers.free.maxKeys; i++) await free.control.keys.create(`key ${i}`)
})
await show("free plan", () => free.control.billing.summary())
await show("seats", search, { status: 409, body: { error: "seat_limit_reached", purchased_seats: 5 } })
await show("rate limit", search, { status: 429, retryAfter: 120 })
await show("quota", search, {
  status: 429,
  body: { error: "usage_limit_exceeded", dimension: "search_queries" }
})
await show("not found", () => memsy.memories.get("00000000-0000-4000-8000-000000000000"))
await show("server error", search, { status: 503 })
await show("bad input", () => memsy.search("   "))
await show("bad answer", search, { malformed: true })
await show("dropped", search, { drop: true })
await Promise.all(opened.map((client) => client.close()))
await show("closed", search)
