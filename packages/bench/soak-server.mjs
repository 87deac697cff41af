// The emulator served on 127.0.0.1 in a worker thread for the soak (soak.mjs): its store and request
// log grow with the run on this thread's heap, not on the one the soak measures. No rate limit and
// no quotas in the way; a few hundred memories to search, processed before the run, and none after.
// Answers the soak's messages: inject a fault, count the stored events whose content has a prefix.
import { parentPort } from "node:worker_threads"
import { Emulator } from "@memsy/testing"
import { EmulatorServer } from "@memsy/testing/node"

const unlimited = 1e12
const emulator = Emulator.make({
  rateLimit: false,
  processingDelay: 3_600_000,
  quotas: {
    api_calls: unlimited,
    events_ingested: unlimited,
    memories_stored: unlimited,
    llm_tokens: unlimited,
    search_queries: unlimited
  }
})

const topics = ["dark mode", "vim keybindings", "deploys on Fridays", "tea over coffee", "short answers"]
const seed = Array.from({ length: 300 }, (_, i) => ({
  actor_id: `user_${i % 20}`,
  session_id: `seed_${i % 30}`,
  kind: "user_message",
  content: `Seed ${i}: the user prefers ${topics[i % topics.length]} (${i}).`
}))
await emulator.fetch(`${emulator.baseUrl}/ingest`, {
  method: "POST",
  headers: { authorization: `Bearer ${emulator.apiKey}`, "content-type": "application/json" },
  body: JSON.stringify({ events: seed })
})
emulator.processAll()

const server = await EmulatorServer.serve({ emulator })

parentPort.on("message", (message) => {
  switch (message.type) {
    case "inject":
      emulator.inject(message.fault)
      parentPort.postMessage({ id: message.id })
      break
    case "stored": {
      const counts = {}
      for (const event of emulator.events()) {
        if (event.content.startsWith(message.prefix)) counts[event.content] = (counts[event.content] ?? 0) + 1
      }
      parentPort.postMessage({ id: message.id, counts })
      break
    }
    case "connections":
      parentPort.postMessage({ id: message.id, connections: server.connections() })
      break
  }
})

parentPort.postMessage({
  type: "ready",
  dataUrl: server.dataUrl,
  controlUrl: server.controlUrl,
  apiKey: emulator.apiKey
})
