import { type EventPayload, MemsyClient } from "@memsy/sdk"

await using client = new MemsyClient()

// A chat export of 1,000 messages; one of them is blank, which the service would refuse.
const events: Array<EventPayload> = Array.from({ length: 1000 }, (_, i) => ({
  actorId: `user_${i % 10}`,
  sessionId: `export_${Math.floor(i / 100)}`,
  kind: "user_message",
  content: i === 500 ? "   " : `Message ${i} of the export`
}))

const { eventIds, failures } = await client.ingestMany(events, {
  batchSize: 200, // events per request: 100 by default, at most 1000
  concurrency: 2, // requests in flight: 4 by default
  onProgress: ({ stored, failed, total }) => console.log(`progress: ${stored + failed}/${total}`)
})

// It resolves even when some events fail: one id per input event, `undefined` where it failed.
console.log(`stored ${eventIds.filter((id) => id !== undefined).length} of ${eventIds.length}`)
for (const { index, error } of failures) console.log(`event ${index} not stored: ${error.name}`)
