import { MemsyClient, ProcessingTimeout } from "@memsy/sdk"

await using client = new MemsyClient()
const { eventIds } = await client.ingest([
  {
    actorId: "user_3",
    sessionId: "trip",
    kind: "user_message",
    content: "I prefer window seats on long flights"
  },
  { actorId: "user_3", sessionId: "trip", kind: "user_message", content: "I am allergic to peanuts" }
])

try {
  // Polls `status` every `pollInterval` until nothing is pending; `onProgress` sees every poll.
  const status = await client.waitForProcessing(eventIds, {
    timeout: 60_000, // in all, not per poll; 5 minutes by default
    pollInterval: 500, // 1 second by default
    onProgress: (p) =>
      console.log(`progress: ${p.completed + p.failed}/${p.total} done, ${p.pending} pending`)
  })
  console.log(`settled: ${status.completedIds.length} completed, ${status.failedIds.length} failed`)
} catch (error) {
  // The events keep processing on the server; the error holds the last answer the wait had.
  if (!(error instanceof ProcessingTimeout)) throw error
  console.log(`still pending after ${error.timeout} ms: ${error.status?.pendingIds.length ?? "?"}`)
}

// `status` takes any number of ids: over the service's cap of 500 a call, it splits and merges them.
const imported = await client.ingestMany(
  Array.from({ length: 1200 }, (_, i) => ({
    actorId: "user_3",
    sessionId: "history",
    kind: "user_message" as const,
    content: `Booked trip number ${i}`
  }))
)
const all = await client.status(imported.eventIds.filter((id) => id !== undefined))
console.log(`status of ${all.total} events in one call`)
