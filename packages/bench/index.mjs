// `pnpm bench`: what the SDKs cost over the HTTP exchange itself. Raw `fetch`, `@memsy/sdk` and
// `@memsy/effect` make the same requests to a loopback server in a worker thread, in interleaved rounds
// (rotated order, medians over rounds) so drift on a noisy machine hits every contender alike. Every
// figure is printed with its ratio to raw fetch: the ratios are the result, absolute times are not.
// A report, not a test: it exits 0 whatever the verdicts.
import { execFile } from "node:child_process"
import { availableParallelism } from "node:os"
import { promisify } from "node:util"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { Worker } from "node:worker_threads"
import { contenders, counted } from "./contenders.mjs"

const ROUNDS = 5
const COLD_RUNS = 7
// Milliseconds per contender per round: with four contenders, about 55 s of measurement on 2 cores, so
// `pnpm bench` (build included) stays well under two minutes.
const SPAN = { latency: 750, throughput: 750, decode: 600, ingest: 450, warmup: 400 }
const CONCURRENCY = 64

const started = performance.now()
const run = promisify(execFile)
const now = () => performance.now()
const progress = (text) => process.stdout.write(text)

// A collection before each contender's turn, so no one pays for the garbage the previous one left.
setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc")

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

/** Per-call latencies (ms) of `fn` for `span` ms, one call at a time. */
const latencies = async (fn, span) => {
  const samples = []
  const end = now() + span
  while (now() < end) {
    const t0 = now()
    await fn()
    samples.push(now() - t0)
  }
  return samples
}

/** Calls per second with `CONCURRENCY` calls in flight, batch after batch, for `span` ms. */
const throughput = async (fn, span) => {
  let calls = 0
  const t0 = now()
  while (now() - t0 < span) {
    await Promise.all(Array.from({ length: CONCURRENCY }, fn))
    calls += CONCURRENCY
  }
  return calls / ((now() - t0) / 1000)
}

// --- server and contenders ------------------------------------------------------------------------

const worker = new Worker(new URL("./server.mjs", import.meta.url))
const { port } = await new Promise((resolve, reject) => {
  worker.once("message", resolve)
  worker.once("error", reject)
})
const baseUrl = `http://127.0.0.1:${port}/v1`

console.log(
  `Memsy SDK overhead: node ${process.version}, ${process.platform} ${process.arch}, ` +
    `${availableParallelism()} CPUs; server on ${baseUrl} (worker thread)`
)
console.log("Ratios to raw fetch are the figures that matter; absolute times depend on the machine.\n")

const clients = []
for (const [name, make] of Object.entries(contenders)) {
  try {
    clients.push({ name, ...(await make(baseUrl)) })
  } catch (error) {
    console.log(`! ${name} skipped: ${error.message}`)
  }
}

// Each contender must do the same work before its time means anything.
const expect = async (name, promise, n) => {
  const got = counted(await promise)
  if (got !== n) throw new Error(`${name}: expected ${n} items, got ${got}`)
}
progress("warm-up and checks ")
for (const c of clients) {
  await expect(c.name, c.search("warm up", 10), 10)
  await expect(c.name, c.search("big", 100), 3000)
  await expect(c.name, c.ingest(), 100)
  await latencies(() => c.search("warm up", 10), SPAN.warmup)
  await throughput(() => c.search("warm up", 10), SPAN.warmup / 2)
  await latencies(() => c.search("big", 100), SPAN.warmup)
  await latencies(() => c.ingest(), SPAN.warmup / 2)
  progress(".")
}
progress("\n")

/** `ROUNDS` rounds of `measure(client)` over every contender, in an order rotated at each round. */
const rounds = async (label, measure) => {
  progress(`${label} `)
  const out = Object.fromEntries(clients.map((c) => [c.name, []]))
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < clients.length; i++) {
      const c = clients[(i + r) % clients.length]
      gc()
      out[c.name].push(await measure(c))
    }
    progress(".")
  }
  progress("\n")
  return out
}

// --- measurements --------------------------------------------------------------------------------

const query = "what does the user prefer?"
const c1 = await rounds("search, 10 results, concurrency 1", async (c) => {
  const xs = await latencies(() => c.search(query, 10), SPAN.latency)
  return { median: median(xs), p99: percentile(xs, 99) }
})
const c64 = await rounds(`search, 10 results, concurrency ${CONCURRENCY}`, (c) =>
  throughput(() => c.search(query, 10), SPAN.throughput)
)
const decode = await rounds("search, 3,000 results", async (c) =>
  median(await latencies(() => c.search("big", 100), SPAN.decode))
)
const ingest = await rounds("ingest, 100-event batches", async (c) =>
  median(await latencies(() => c.ingest(), SPAN.ingest))
)

// Fresh processes: one unmeasured start each first, so every contender finds its files in the page cache.
const coldScript = new URL("./cold.mjs", import.meta.url).pathname
const cold = async (name) => {
  const { stdout } = await run(process.execPath, [coldScript, name, baseUrl], { timeout: 30_000 })
  return Number(stdout.trim())
}
progress("cold import + first call ")
const colds = Object.fromEntries(clients.map((c) => [c.name, []]))
for (const c of clients) await cold(c.name)
for (let r = 0; r < COLD_RUNS; r++) {
  for (let i = 0; i < clients.length; i++) {
    const { name } = clients[(i + r) % clients.length]
    colds[name].push(await cold(name))
  }
  progress(".")
}
progress("\n\n")

/** One reported figure: the median over rounds per contender, and the target on its ratio to raw fetch. */
const figure = (label, unit, target, perRound) => ({
  label,
  unit,
  target,
  values: Object.fromEntries(Object.entries(perRound).map(([name, xs]) => [name, median(xs)]))
})
const field = (out, key) =>
  Object.fromEntries(Object.entries(out).map(([n, rs]) => [n, rs.map((r) => r[key])]))
const figures = [
  figure("search 10, c=1, median", "time", "≤ 1.15", field(c1, "median")),
  figure("search 10, c=1, p99", "time", "≤ 1.15", field(c1, "p99")),
  figure(`search 10, c=${CONCURRENCY}`, "rate", "≥ 0.95", c64),
  figure("search 3,000 (decode), median", "time", "≤ 2", decode),
  figure("ingest 100 events, median", "time", "", ingest),
  figure("cold import + first call", "time", "≤ 1.5", colds)
]

// --- report --------------------------------------------------------------------------------------

const show = (value, unit) =>
  unit === "rate"
    ? `${Math.round(value).toLocaleString("en-US")}/s`
    : value < 1
      ? `${(value * 1000).toFixed(0)} µs`
      : `${value.toFixed(value < 10 ? 2 : 1)} ms`
const columns = [32, 15, 12, 8, 8]
const row = (cells) =>
  cells
    .map((cell, i) => (i < columns.length ? cell.padEnd(columns[i]) : cell))
    .join(" ")
    .trimEnd()

console.log(row(["figure", "contender", "value", "× raw", "target", "verdict"]))
const misses = []
for (const f of figures) {
  const base = f.values["raw fetch"]
  clients.forEach(({ name }, i) => {
    const ratio = f.values[name] / base
    const [sign, bound] = f.target.split(" ")
    const met = sign === "≤" ? ratio <= Number(bound) : ratio >= Number(bound)
    const verdict = name === "raw fetch" ? "" : f.target === "" ? "(info)" : met ? "PASS" : "MISS"
    if (verdict === "MISS") misses.push(`${name}: ${f.label} (${ratio.toFixed(2)}×, target ${f.target})`)
    const target = name === "raw fetch" ? "" : f.target
    console.log(
      row([i === 0 ? f.label : "", name, show(f.values[name], f.unit), ratio.toFixed(2), target, verdict])
    )
  })
}
console.log(
  `\n${ROUNDS} interleaved rounds (cold start: ${COLD_RUNS} fresh processes each); medians over rounds. ` +
    `Ingest has no target.`
)
console.log(misses.length === 0 ? "All targets met." : `Missed:\n  ${misses.join("\n  ")}`)
if (misses.length)
  console.log("Profile a miss with `node --cpu-prof packages/bench/index.mjs` to see what dominates.")
console.log(`Measured in ${((now() - started) / 1000).toFixed(0)} s.`)

// Everything we started ends here: clients' sockets, then the server's thread (cold children have exited).
for (const c of clients) await c.close()
await worker.terminate()
