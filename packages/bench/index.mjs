// `pnpm bench`: what the SDKs cost over the HTTP exchange itself. Raw `fetch`, a hand-written undici
// client (the floor on Node), two floors for an Effect SDK (Effect's runtime around the fetch call, and
// that plus the timeout and cancellation every fetch-path call needs), `@memsy/sdk` and `@memsy/effect`
// (each by default and forced onto fetch) make the same requests to a loopback server in a worker
// thread, in interleaved rounds (rotated order, medians over rounds) so drift on a noisy machine hits
// every contender alike. Every figure is printed with its ratio to raw fetch and to the undici floor:
// the ratios are the result, absolute times are not.
// A report, not a test: it exits 0 whatever the verdicts, and non-zero only if a contender does not do
// the work (wrong item counts), since its times would then mean nothing.
import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import { availableParallelism } from "node:os"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { Worker } from "node:worker_threads"
import { gzipSync } from "node:zlib"
import { contenders, counted } from "./contenders.mjs"

const ROUNDS = 3
const COLD_RUNS = 5
const HEAP_CALLS = 2000
// Milliseconds per contender per round: with eight contenders, about 35 s of warm rounds on 2 cores, so
// `pnpm bench` (build, heap children and cold starts included) stays under two minutes. The heap children
// make a fixed number of calls: the slower a client, the longer they take.
const SPAN = { latency: 300, throughput: 260, decode: 300, ingest: 260, warmup: 180 }
const CONCURRENCY = 64
const INGEST_CONCURRENCY = 8

/**
 * The machine's CPU time so far, in clock ticks, from Linux's `/proc/stat`: what it ran (idle and I/O
 * wait left out) and what the hypervisor gave to other guests meanwhile (steal). `undefined` elsewhere.
 */
const cpuTimes = () => {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8")
      .split("\n", 1)[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number)
    return { ran: user + nice + system + irq + softirq, stolen: steal }
  } catch {
    return undefined
  }
}
const cpuAtStart = cpuTimes()
const started = performance.now()
const run = promisify(execFile)
const now = () => performance.now()
const progress = (text) => process.stdout.write(text)
let phase = now()
/** Ends a progress line with the seconds its phase took: where the two-minute budget goes. */
const done = () => {
  progress(` ${((now() - phase) / 1000).toFixed(1)} s\n`)
  phase = now()
}
const here = (file) => fileURLToPath(new URL(file, import.meta.url))

// A collection before each contender's turn, so no one pays for the garbage the previous one left.
setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc")

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
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

/** Calls per second with `concurrency` calls kept in flight for `span` ms. */
const throughput = async (fn, span, concurrency) => {
  let calls = 0
  const t0 = now()
  const end = t0 + span
  const loop = async () => {
    while (now() < end) {
      await fn()
      calls++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, loop))
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
console.log("Ratios are the figures that matter; absolute times depend on the machine.\n")

const failures = []
const clients = []
for (const [name, make] of Object.entries(contenders)) {
  try {
    clients.push({ name, ...(await make(baseUrl)) })
  } catch (error) {
    failures.push(`${name}: could not be built: ${error.message}`)
  }
}

// Each contender must do the same work before its time means anything.
const check = async (c) => {
  const expect = async (what, promise, n) => {
    const got = counted(await promise)
    if (got !== n) throw new Error(`${what}: expected ${n} items, got ${got}`)
  }
  await expect("search 10", c.search("warm up", 10), 10)
  await expect("search 3,000", c.search("big", 100), 3000)
  await expect("ingest", c.ingest(), 100)
  const { status } = await c.health()
  if (status !== "ok") throw new Error(`health: expected status "ok", got ${status}`)
}
progress("warm-up and checks ")
for (const c of [...clients]) {
  try {
    await check(c)
  } catch (error) {
    failures.push(`${c.name}: ${error.message}`)
    clients.splice(clients.indexOf(c), 1)
    await c.close()
    continue
  }
  await latencies(() => c.search("warm up", 10), SPAN.warmup)
  await throughput(() => c.search("warm up", 10), SPAN.warmup / 2, CONCURRENCY)
  await latencies(() => c.search("big", 100), SPAN.warmup)
  await throughput(() => c.ingest(), SPAN.warmup / 2, INGEST_CONCURRENCY)
  progress(".")
}
done()
const names = clients.map((c) => c.name)
if (!names.includes("raw fetch") || !names.includes("undici floor")) {
  console.log(`\nNo baseline to compare with:\n  ${failures.join("\n  ")}`)
  process.exit(1)
}

/** `ROUNDS` rounds of `measure(client)` over every contender, in an order rotated at each round. */
const rounds = async (label, measure) => {
  progress(`${label} `)
  const out = Object.fromEntries(names.map((n) => [n, []]))
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < clients.length; i++) {
      const c = clients[(i + r) % clients.length]
      gc()
      out[c.name].push(await measure(c))
    }
    progress(".")
  }
  done()
  return out
}

/** The number a child process prints; NaN, and a failure recorded, if it crashes. */
const child = async (name, args) => {
  try {
    const { stdout } = await run(process.execPath, args, { timeout: 60_000 })
    return Number(stdout.trim())
  } catch (error) {
    failures.push(
      `${name}: child process failed: ${error.stderr?.trim().split("\n").at(-1) ?? error.message}`
    )
    return NaN
  }
}

// The baselines: no SDK code, no target of their own.
const floors = ["raw fetch", "Effect floor", "fetch floor", "undici floor"]
// The default transports are asked to beat fetch; the fetch path to match it.
const native = ["@memsy/sdk", "@memsy/effect"]
const onFetch = ["sdk on fetch", "effect on fetch"]

// --- measurements --------------------------------------------------------------------------------

const query = "what does the user prefer?"
const c1 = await rounds("search, 10 results, concurrency 1", async (c) => {
  const xs = await latencies(() => c.search(query, 10), SPAN.latency)
  return { p50: median(xs), p99: percentile(xs, 99) }
})
const c64 = await rounds(`search, 10 results, concurrency ${CONCURRENCY}`, (c) =>
  throughput(() => c.search(query, 10), SPAN.throughput, CONCURRENCY)
)
const decode = await rounds("search, 3,000 results", async (c) =>
  mean(await latencies(() => c.search("big", 100), SPAN.decode))
)
const ingest = await rounds(`ingest, 100-event batches, concurrency ${INGEST_CONCURRENCY}`, (c) =>
  throughput(() => c.ingest(), SPAN.ingest, INGEST_CONCURRENCY)
)
// The warm clients are done: close them so their sockets and pools do not sit beside the children.
for (const c of clients) await c.close()

// Bulk ingest: the facade's ingestMany into the emulator served in a worker thread, from a fresh
// process (events per second, heap before and after).
const BULK_EVENTS = 100_000
const bulkRun = async () => {
  const server = new Worker(new URL("./bulk-server.mjs", import.meta.url))
  try {
    const { dataUrl, apiKey } = await new Promise((resolve, reject) => {
      server.once("message", resolve)
      server.once("error", reject)
    })
    const { stdout } = await run(
      process.execPath,
      ["--expose-gc", here("./bulk.mjs"), dataUrl, apiKey, String(BULK_EVENTS)],
      {
        maxBuffer: 1 << 20
      }
    )
    return JSON.parse(stdout.trim().split("\n").pop())
  } catch (error) {
    return { error: String(error?.message ?? error) }
  } finally {
    await server.terminate()
  }
}
process.stdout.write(`ingestMany, ${BULK_EVENTS.toLocaleString("en")} events ...`)
const bulk = await bulkRun()
console.log(" done")

// The whole facade for a browser app, as a bundler would ship it: built while the heap children run,
// since neither is a time.
const browserBundle = async () => {
  const esbuild = await import("esbuild")
  try {
    const result = await esbuild.build({
      stdin: {
        contents: 'export { MemsyClient, MemsyControlClient } from "@memsy/sdk"',
        resolveDir: here("."),
        loader: "js"
      },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      minify: true,
      treeShaking: true,
      metafile: true,
      logLevel: "silent"
    })
    const [output] = result.outputFiles
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path))
    const nodeImports = [
      ...imports.filter((path) => path.startsWith("node:")),
      ...(output.text.match(/["'`]node:[\w/]+["'`]/g) ?? [])
    ]
    return { gzip: gzipSync(output.contents).length, nodeImports: [...new Set(nodeImports)] }
  } catch (error) {
    // A `node:` import does not resolve for the browser: the build itself fails on it.
    const messages = error.errors?.map((e) => e.text) ?? [error.message]
    return { error: messages.join("; "), nodeImports: messages.filter((m) => m.includes("node:")) }
  } finally {
    await esbuild.stop()
  }
}
const bundling = browserBundle()

// A heap is a count of bytes, not a time: its children run side by side, as many as there are cores.
progress(`heap after ${HEAP_CALLS.toLocaleString("en-US")} calls `)
const heap = {}
// The slowest first, so the pool is not left waiting on one of them at the end.
const queue = [...native, ...onFetch, "Effect floor", "undici floor", "raw fetch"].filter((n) =>
  names.includes(n)
)
const heapArgs = (name) => [
  "--expose-gc",
  here("./heap.mjs"),
  name,
  baseUrl,
  `${HEAP_CALLS}`,
  `${CONCURRENCY}`
]
// What importing Effect and its Schema holds before any call: the heap no Schema-based Effect SDK
// goes below, beside what the contenders hold after their calls.
let schemaHeap = NaN
await Promise.all([
  child("effect + Schema imports", ["--expose-gc", here("./heap-imports.mjs")]).then((bytes) => {
    schemaHeap = bytes
  }),
  ...Array.from({ length: availableParallelism() }, async () => {
    for (let name; (name = queue.shift()); progress(".")) heap[name] = [await child(name, heapArgs(name))]
  })
])
done()

// Cold starts, one at a time: `COLD_RUNS` per contender, interleaved. No unmeasured start first: the
// heap children have just read the same files, so every contender finds them in the page cache. The
// fetch-path contenders import what the defaults import, so only the defaults and the baselines start.
progress("cold import + construct + health() ")
const coldNames = ["raw fetch", "undici floor", ...native].filter((n) => names.includes(n))
const cold = Object.fromEntries(coldNames.map((n) => [n, []]))
const coldArgs = (name) => [here("./cold.mjs"), name, baseUrl]
for (let r = 0; r < COLD_RUNS; r++) {
  for (let i = 0; i < coldNames.length; i++) {
    const name = coldNames[(i + r) % coldNames.length]
    cold[name].push(await child(name, coldArgs(name)))
  }
  progress(".")
}
done()

progress("cold import of @memsy/effect over effect ")
const importRuns = []
for (let r = 0; r < COLD_RUNS; r++) {
  importRuns.push(await child("@memsy/effect import", [here("./import-effect.mjs")]))
  progress(".")
}
done()
const bundle = await bundling
console.log()

// --- figures -------------------------------------------------------------------------------------

// Targets are on the time ratio (a rate's is inverted, so lower is better everywhere), to raw fetch
// unless they say `floor`.
const to = (bound, on = "raw") => ({ bound, on })
const targets = (byName) => (name) => byName[name] ?? []
const group = (members, list) => Object.fromEntries(members.map((n) => [n, list]))
const field = (out, key) =>
  Object.fromEntries(Object.entries(out).map(([n, rs]) => [n, rs.map((r) => r[key])]))
const figure = (label, unit, perRound, target) => ({
  label,
  unit,
  target,
  values: Object.fromEntries(Object.entries(perRound).map(([name, xs]) => [name, median(xs)]))
})

const figures = [
  figure(
    "search 10, c=1, p50",
    "time",
    field(c1, "p50"),
    targets({
      ...group(native, [to(0.6)]),
      ...group(onFetch, [to(1.1)]),
      "@memsy/sdk": [to(0.6), to(1.3, "floor")]
    })
  ),
  figure("search 10, c=1, p99", "time", field(c1, "p99"), targets({})),
  figure(
    `search 10, c=${CONCURRENCY}, throughput`,
    "rate",
    c64,
    targets({
      ...group(native, [to(0.5)]),
      ...group(onFetch, [to(1.1)]),
      // At least 0.75× the floor's throughput.
      "@memsy/sdk": [to(0.5), to(1 / 0.75, "floor")]
    })
  ),
  figure(
    "search 3,000 (1.8 MB), c=1, mean",
    "time",
    decode,
    targets(group([...native, ...onFetch], [to(1.3)]))
  ),
  figure(
    `ingest 100 events, c=${INGEST_CONCURRENCY}, throughput`,
    "rate",
    ingest,
    // At least 1.7× raw fetch's throughput.
    targets(group(native, [to(1 / 1.7)]))
  ),
  figure(
    `heap after ${HEAP_CALLS.toLocaleString("en-US")} calls, c=${CONCURRENCY}`,
    "bytes",
    heap,
    targets(group([...native, ...onFetch], [to(1.5)]))
  ),
  figure("cold: import + construct + health()", "time", cold, targets({ "@memsy/sdk": [to(1.3)] }))
]

// --- report --------------------------------------------------------------------------------------

const show = (value, unit) =>
  Number.isNaN(value)
    ? "failed"
    : unit === "rate"
      ? `${Math.round(value).toLocaleString("en-US")}/s`
      : unit === "bytes"
        ? `${(value / 2 ** 20).toFixed(1)} MB`
        : value < 1
          ? `${(value * 1000).toFixed(0)} µs`
          : `${value.toFixed(value < 10 ? 2 : 1)} ms`
const columns = [36, 16, 11, 7, 7, 8, 14]
const row = (cells) =>
  cells
    .map((cell, i) => (i < columns.length ? cell.padEnd(columns[i]) : cell))
    .join(" ")
    .trimEnd()
const misses = []
const verdict = (met, name, label, ratio, target) => {
  if (!met) misses.push(`${name}: ${label} (${ratio.toFixed(2)}×, target ${target})`)
  return met ? "PASS" : "MISS"
}

console.log(row(["figure", "contender", "value", "× raw", "× floor", "× Effect", "target", "verdict"]))
for (const f of figures) {
  // Time ratios: for a rate, the baseline's rate over the contender's.
  const ratio = (name, base) =>
    f.unit === "rate" ? f.values[base] / f.values[name] : f.values[name] / f.values[base]
  names
    .filter((name) => name in f.values)
    .forEach((name, i) => {
      const ratios = { raw: ratio(name, "raw fetch"), floor: ratio(name, "undici floor") }
      // Over the Effect floor: what an Effect SDK adds to Effect's own runtime (no cold figure: the
      // floor's start is raw fetch's plus importing Effect).
      const overEffect = f.values["Effect floor"] === undefined ? "" : ratio(name, "Effect floor").toFixed(2)
      const [first, ...more] = f.target(name)
      const cell = (t) => `≤ ${t.bound.toFixed(2)}${t.on === "floor" ? " floor" : ""}`
      const judge = (t) => verdict(ratios[t.on] <= t.bound, name, f.label, ratios[t.on], cell(t))
      const base = floors.includes(name)
      console.log(
        row([
          i === 0 ? f.label : "",
          name,
          show(f.values[name], f.unit),
          ratios.raw.toFixed(2),
          ratios.floor.toFixed(2),
          overEffect,
          first ? cell(first) : "",
          first ? judge(first) : base ? "" : "(info)"
        ])
      )
      for (const t of more) console.log(row(["", "", "", "", "", "", cell(t), judge(t)]))
    })
}

// Absolute targets: no ratio, one figure each.
console.log()
const absolute = (label, value, target, met) => {
  if (!met) misses.push(`${label} (${value}, target ${target})`)
  console.log(row([label, "", value, "", "", "", target, met ? "PASS" : "MISS"]))
}
const info = (label, value) => console.log(row([label, "", value, "", "", "", "", "(info)"]))
info(
  "heap of effect + effect/Schema, no call",
  `${show(schemaHeap, "bytes")}, ${(schemaHeap / heap["raw fetch"][0]).toFixed(2)}× raw fetch's`
)
if (bulk.error)
  absolute(`ingestMany of ${BULK_EVENTS.toLocaleString("en")} events`, "failed", "≥ 20,000/s", false)
else {
  const label = `ingestMany, ${BULK_EVENTS.toLocaleString("en")} events, emulator on 127.0.0.1`
  absolute(
    label,
    `${Math.round(bulk.rate).toLocaleString("en")} ev/s`,
    "≥ 20,000/s",
    bulk.rate >= 20_000 && bulk.stored === BULK_EVENTS
  )
  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`
  // Flat: what the client holds after the import is what it held before, give or take a megabyte.
  absolute(
    "ingestMany heap, before → after",
    `${mb(bulk.before)} → ${mb(bulk.after)}`,
    "flat (±1 MB)",
    Math.abs(bulk.after - bulk.before) <= 1e6
  )
}
const importMs = median(importRuns)
absolute("@memsy/effect import over effect", `${importMs.toFixed(1)} ms`, "≤ 15 ms", importMs <= 15)
if (bundle.error) absolute("browser bundle, gzip", "failed", "≤ 80 kB", false)
else
  absolute("browser bundle, gzip", `${(bundle.gzip / 1000).toFixed(1)} kB`, "≤ 80 kB", bundle.gzip <= 80_000)
absolute(
  "browser bundle, node: imports",
  String(bundle.nodeImports.length),
  "none",
  bundle.nodeImports.length === 0
)
if (bundle.error) console.log(`  bundle: ${bundle.error}`)
else if (bundle.nodeImports.length) console.log(`  node: imports: ${bundle.nodeImports.join(", ")}`)

console.log(
  `\n${ROUNDS} interleaved rounds; medians over rounds. Rates are compared as time per call (× raw = ` +
    `raw's rate / the contender's), so lower is better everywhere. Heap: one fresh process per ` +
    `contender; cold starts and the import: ${COLD_RUNS} fresh processes each, medians.`
)
console.log(misses.length === 0 ? "All targets met." : `Missed:\n  ${misses.join("\n  ")}`)
if (misses.length)
  console.log("Profile a miss with `node --cpu-prof packages/bench/index.mjs` to see what dominates.")
if (failures.length) console.log(`Failed (not measured):\n  ${failures.join("\n  ")}`)
// On a shared host the ratios are only as steady as the CPU this machine got: say how much it lost.
const cpuAtEnd = cpuTimes()
if (cpuAtStart && cpuAtEnd) {
  const stolen = cpuAtEnd.stolen - cpuAtStart.stolen
  const share = stolen / (stolen + cpuAtEnd.ran - cpuAtStart.ran)
  console.log(
    `CPU stolen by the host: ${(100 * share).toFixed(0)} % of what this machine ran` +
      (share > 0.05 ? " (expect noisier ratios; rerun when the host is quieter)." : ".")
  )
}
console.log(`Total: ${((now() - started) / 1000).toFixed(0)} s for the benchmark, after the build.`)

await worker.terminate()
process.exitCode = failures.length ? 1 : 0
