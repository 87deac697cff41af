// Runs in Chromium on one loopback origin against the emulator's server on another port: every call
// is cross-origin, so the browser preflights it and reads the answer only as CORS allows.
import { MemsyClient, MemsyControlClient } from "@memsy/sdk"

declare const MEMSY_API_KEY: string
declare const MEMSY_BASE_URL: string
declare const MEMSY_CONTROL_URL: string

const report = (body: unknown) => fetch("/report", { method: "POST", body: JSON.stringify(body) })

const run = async () => {
  const client = new MemsyClient({ baseUrl: MEMSY_BASE_URL, apiKey: MEMSY_API_KEY, maxRetries: 0 })
  const { eventIds } = await client.ingest(
    [{ actorId: "u1", sessionId: "s1", kind: "user_message", content: "I prefer dark mode in the browser" }],
    // A call's own x- header goes through the preflight too.
    { headers: { "X-Request-Tag": "cross-origin" } }
  )
  const { data, meta } = await client.withResponse.search("dark mode", { actorId: "u1" })
  const control = new MemsyControlClient({ baseUrl: MEMSY_CONTROL_URL, apiKey: MEMSY_API_KEY, maxRetries: 0 })
  const me = await control.me()
  // A header the emulator does not allow: the preflight refuses it, so the call is never sent.
  const refused = await fetch(`${MEMSY_BASE_URL}/health`, {
    headers: { authorization: `Bearer ${MEMSY_API_KEY}`, "if-match": "*" }
  }).then(
    () => "sent",
    (error: unknown) => (error instanceof TypeError ? "TypeError" : String(error))
  )
  await Promise.all([client.close(), control.close()])
  await report({
    origin: location.origin,
    eventIds,
    top: data.results[0]?.content,
    remaining: meta.rateLimit?.remaining,
    plan: meta.usage?.plan,
    orgId: me.orgId,
    refused
  })
}

run().catch((error: unknown) => report({ failure: String(error) }))
