// The loopback Memsy the benchmark talks to. It runs in a worker thread so serving never competes with
// the contenders for the main thread's event loop; bodies are precomputed so the server costs the same
// for every contender and the differences measured are the clients'.
import { createServer } from "node:http"
import { parentPort } from "node:worker_threads"

const words = "user prefers dark mode vim keybindings deploys billing fridays after freeze manager alice"
const pick = (i, n) => words.split(" ").slice(i % 6, (i % 6) + n)
const ulid = (i) => `01JQ8ZK2V6M3T1XGJ9${i.toString(32).toUpperCase().padStart(8, "0")}`

// One result the size of the contract's example (§4.2), with every metadata key the SDK decodes.
const result = (i) => ({
  id: `3f1c2a9e-8b7d-4c2e-9a51-${i.toString(16).padStart(12, "0")}`,
  content: `Memory ${i}: the ${pick(i, 6).join(" ")}; stated in a session and confirmed later.`,
  score: Math.round((0.95 - (i % 1000) / 1100) * 1e4) / 1e4,
  metadata: {
    title: `Preference ${i}`,
    summary: `The ${pick(i, 4).join(" ")}.`,
    tags: pick(i, 3),
    entities: [
      { name: "Alice Martin", type: "person" },
      { name: "Platform", type: "team" }
    ],
    source_event_ids: [ulid(2 * i), ulid(2 * i + 1)],
    kind: "semantic",
    type: "preference",
    strength: 1.2,
    confidence: 0.91,
    observed_at: "2026-03-15T14:22:10Z"
  }
})

const json = (value) => Buffer.from(JSON.stringify(value))
const searchBody = (n) => json({ results: Array.from({ length: n }, (_, i) => result(i)) })
const small = searchBody(10)
// The SDKs cap `limit` at 100, so the decode case is chosen by the query text instead.
const big = searchBody(3000)
const ids = Array.from({ length: 1000 }, (_, i) => ulid(i))
const ingestBodies = new Map()
const ingestBody = (n) => {
  if (!ingestBodies.has(n)) ingestBodies.set(n, json({ event_ids: ids.slice(0, n) }))
  return ingestBodies.get(n)
}
// The contract's health answer, with every field the SDK's model decodes.
const health = json({ status: "ok", version: "1.0.0", billing_enabled: true })

// What the service sends on data-plane responses (contract §2.1).
const meta = {
  "x-ratelimit-limit": "1000",
  "x-ratelimit-remaining": "998",
  "x-ratelimit-reset": "1767225600",
  "x-usage-apicalls": "1234",
  "x-usage-apicalls-limit": "100000",
  "x-usage-eventsingested": "5678",
  "x-usage-eventsingested-limit": "1000000",
  "x-usage-memoriesstored": "910",
  "x-usage-memoriesstored-limit": "50000",
  "x-usage-llmtokens": "123456",
  "x-usage-llmtokens-limit": "10000000",
  "x-usage-searchqueries": "789",
  "x-usage-searchqueries-limit": "100000",
  "x-plan": "pro"
}

const send = (res, status, body) => {
  res.writeHead(status, { ...meta, "content-type": "application/json", "content-length": body.length })
  res.end(body)
}

const server = createServer((req, res) => {
  const chunks = []
  req.on("data", (chunk) => chunks.push(chunk))
  req.on("end", () => {
    if (req.method === "GET" && req.url === "/v1/health") return send(res, 200, health)
    // Parse every body, as the real server would: the ingest answer needs the event count anyway.
    let body
    try {
      body = JSON.parse(Buffer.concat(chunks).toString())
    } catch {
      return send(res, 400, json({ message: "invalid JSON" }))
    }
    if (req.method === "POST" && req.url === "/v1/search")
      return send(res, 200, body.query === "big" ? big : small)
    if (req.method === "POST" && req.url === "/v1/ingest")
      return send(res, 200, ingestBody(body.events.length))
    send(res, 404, json({ message: "Not Found" }))
  })
})
// Keep-alive must outlast the pauses between rounds (Node's default is 5 s).
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () =>
  parentPort.postMessage({ port: server.address().port, bigBytes: big.length })
)
