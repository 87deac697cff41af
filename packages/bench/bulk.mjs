// `ingestMany` of many events to the emulator server, in a fresh process (with `--expose-gc`) run by
// index.mjs: events per second, and the heap after full collections before and after the import with
// the client still open. Prints one JSON line.
import { MemsyClient } from "@memsy/sdk"

const [baseUrl, apiKey, count] = process.argv.slice(2)
const total = Number(count)
const kinds = ["user_message", "assistant_message", "tool_result", "app_event"]
const events = Array.from({ length: total }, (_, i) => ({
  actorId: `user_${i % 50}`,
  sessionId: `session_${i % 500}`,
  kind: kinds[i % 4],
  content: `Turn ${i}: the user prefers dark mode, vim keybindings and deploys only on Fridays (${i}).`
}))
const heap = () => {
  for (let i = 0; i < 3; i++) globalThis.gc()
  return process.memoryUsage().heapUsed
}
const client = new MemsyClient({ baseUrl, apiKey })
await client.health()
const before = heap()
const started = performance.now()
let result = await client.ingestMany(events)
const seconds = (performance.now() - started) / 1000
const stored = result.eventIds.filter((id) => id !== undefined).length
const failures = result.failures.length
// The events and the result are the caller's: what remains besides is what the SDK holds on to.
result = undefined
// Let sockets and timers settle, as heap.mjs does.
await new Promise((resolve) => setTimeout(resolve, 50))
const after = heap()
console.log(JSON.stringify({ stored, failures, rate: stored / seconds, before, after }))
await client.close()
