import { MemsyClient } from "@memsy/sdk"
import { Emulator } from "@memsy/testing"

// The emulator as the client's fetch: no server, no account, processing after 0 ms here.
const emulator = Emulator.make({ processingDelay: 0 })
const client = new MemsyClient({ baseUrl: emulator.baseUrl, apiKey: emulator.apiKey, fetch: emulator.fetch })

await client.ingest([{ actorId: "u1", sessionId: "s1", kind: "user_message", content: "I like green tea" }])
const { results } = await client.search("tea", { actorId: "u1" })
console.log(results.map((r) => `${r.score.toFixed(2)} ${r.content}`))
console.log(`stored: ${emulator.events().length} event(s), ${emulator.memories().length} memory`)
await client.close()
