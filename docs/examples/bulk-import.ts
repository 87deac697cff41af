// A resumable import of a chat history: stable event ids, so running it again (after a crash, or on
// a schedule) stores nothing twice; progress as it goes; every event that was not stored, with why.
import { createHash } from "node:crypto"
import { type EventPayload, MemsyClient, MemsyControlClient } from "@memsy/sdk"

/** One exported message, as a chat tool might write it (one JSON object a line). */
interface ExportedMessage {
  readonly user: string
  readonly conversation: string
  readonly from: "user" | "bot"
  readonly text: string
  readonly at: string
}

const exported: Array<ExportedMessage> = Array.from({ length: 600 }, (_, i) => ({
  user: `customer_${i % 12}`,
  conversation: `conv_${Math.floor(i / 20)}`,
  from: i % 2 === 0 ? "user" : "bot",
  text: i === 137 ? "" : `Message ${i}: ${i % 2 === 0 ? "I need help with invoice" : "Here is invoice"} ${i}`,
  at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()
}))

/** The same message always gets the same id, whatever order or run it is sent in. */
const eventId = (m: ExportedMessage) =>
  "ev_" + createHash("sha256").update(`${m.conversation}\n${m.at}\n${m.from}`).digest("hex").slice(0, 40)

const toEvent = (m: ExportedMessage): EventPayload => ({
  actorId: m.user,
  sessionId: m.conversation,
  kind: m.from === "user" ? "user_message" : "assistant_message",
  content: m.text,
  ts: m.at, // backfilled events keep their time: search weighs recency by it
  metadata: { source: "chat-export" },
  eventId: eventId(m)
})

await using memsy = new MemsyClient()
await using control = new MemsyControlClient()

const importAll = async (run: string) => {
  let reported = 0
  const { eventIds, failures } = await memsy.ingestMany(exported.map(toEvent), {
    batchSize: 100,
    concurrency: 3,
    onProgress: ({ stored, failed, total }) => {
      // One line per quarter, not per batch.
      if ((stored + failed) / total >= (reported + 1) / 4) console.log(`${run}: ${++reported * 25}%`)
    }
  })
  const stored = eventIds.filter((id) => id !== undefined).length
  console.log(`${run}: ${stored} stored, ${failures.length} not stored`)
  for (const { index, error } of failures) console.log(`${run}:   line ${index + 1}: ${error.name}`)
}

await importAll("first run")
await importAll("second run")

// The service kept one event per id: the second run added nothing.
const { total } = await control.events.list({ limit: 1 })
console.log(`events stored: ${total}`)
