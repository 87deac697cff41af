// `pnpm soak`: the Promise client under load against the emulator served on 127.0.0.1 (in a worker
// thread), with faults injected into 1 % of the calls: 503s, 429s, connections reset before and after
// the server acted, answers held past the timeout. Every call must end as its fault dictates (nothing
// unexpected, nothing hung), no event may be stored twice, and the heap must stay flat. The first run
// uses the client's defaults; the second `retryTransient` and `ingestMany`, where every call must
// succeed and every event be stored exactly once. A report: it prints its figures and exits non-zero
// when a run breaks a promise. `soak()` is what the test suite runs, shortened.
import { pathToFileURL } from "node:url"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import { Worker } from "node:worker_threads"
import { MemsyAPIError, MemsyClient, MemsyConnectionError, MemsyControlClient } from "@memsy/sdk"

setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc")

/** The heap after full collections. */
const heap = () => {
  for (let i = 0; i < 3; i++) gc()
  return process.memoryUsage().heapUsed
}

/** A small seeded generator (mulberry32): the same plan on every run of a seed. */
const random = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** The calls, by share of the load. */
const OPERATIONS = [
  ["ingest", 0.4],
  ["search", 0.25],
  ["status", 0.15],
  ["health", 0.1],
  ["memories.list", 0.05],
  ["me", 0.05]
]

/**
 * The faults, each with what a call must end in under the client's defaults (success when no error
 * is named) and how many copies of an ingest's events stay stored (one when not said).
 */
const faultsFor = (timeout) => [
  { name: "none" },
  { name: "5xx (503)", fault: { status: 503 }, error: [MemsyAPIError, "statusCode", 503], stored: 0 },
  { name: "429 (Retry-After 0.05)", fault: { status: 429, retryAfter: "0.05" } },
  {
    name: "reset before the server acted",
    fault: { drop: true },
    error: [MemsyConnectionError, "reason", "Transport"],
    stored: 0
  },
  {
    name: "reset after the server acted",
    fault: { drop: "after" },
    error: [MemsyConnectionError, "reason", "Transport"]
  },
  // The server acts at once and holds the answer back.
  {
    name: "latency past the timeout",
    fault: { latency: timeout + 1_000 },
    error: [MemsyConnectionError, "reason", "Timeout"]
  }
]

const startServer = () =>
  new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./soak-server.mjs", import.meta.url))
    const pending = new Map()
    let next = 0
    const rpc = (message) =>
      new Promise((done) => {
        const id = next++
        pending.set(id, done)
        worker.postMessage({ ...message, id })
      })
    worker.on("message", (message) => {
      if (message.type === "ready") resolve({ ...message, rpc, stop: () => worker.terminate() })
      else {
        pending.get(message.id)?.(message)
        pending.delete(message.id)
      }
    })
    worker.once("error", reject)
  })

/**
 * One run: `calls` calls, `concurrency` at a time, a fault in `faultRate` of them. Resolves with its
 * figures; `problems` lists what broke a promise (empty when none did).
 */
export const soak = async ({
  calls = 50_000,
  concurrency = 64,
  faultRate = 0.01,
  seed = 1,
  retryTransient = false,
  timeout = 5_000
} = {}) => {
  const server = await startServer()
  const options = { apiKey: server.apiKey, timeout, retryTransient, retryBackoff: 100 }
  const memsy = new MemsyClient({ ...options, baseUrl: server.dataUrl })
  const control = new MemsyControlClient({ ...options, baseUrl: server.controlUrl })
  const prefix = `soak-${seed}-${retryTransient ? "transient" : "defaults"}-`
  const faults = faultsFor(timeout)

  // The plan, drawn up front in typed arrays: what grows during the run is the SDK's, not ours.
  const next = random(seed)
  const operation = new Uint8Array(calls)
  const fault = new Uint8Array(calls)
  for (let i = 0; i < calls; i++) {
    const r = next()
    let at = 0
    for (let sum = OPERATIONS[0][1]; r > sum && at < OPERATIONS.length - 1; sum += OPERATIONS[++at][1]);
    operation[i] = at
    fault[i] = next() < faultRate ? 1 + Math.floor(next() * (faults.length - 1)) : 0
  }
  const injected = new Uint32Array(faults.length)
  const ended = { expected: 0, unexpected: 0 }
  const unexpected = []
  // The last ids stored, for the status calls to ask about.
  const knownIds = Array.from({ length: 20 }, () => "01JQ8ZK2V6M3T1XGJ9QF2B7C4D")
  const remember = (id) => (knownIds[Math.floor(Math.random() * knownIds.length)] = id)

  /** Call `i` of the plan; its events' content starts with `label`. */
  const call = (i, headers, label = `${prefix}${i}`) => {
    const content = (j) => `${label}-${j}`
    switch (OPERATIONS[operation[i]][0]) {
      case "ingest": {
        const events = [0, 1].map((j) => ({
          actorId: `user_${i % 50}`,
          sessionId: `session_${i % 500}`,
          kind: "user_message",
          content: `${content(j)}: the user prefers dark mode`
        }))
        if (!retryTransient) {
          return memsy.ingest(events, { headers }).then((result) => remember(result.eventIds[0]))
        }
        // ingestMany: ids on every event, so a repeated batch stores nothing twice.
        return memsy.ingestMany(events, { headers }).then((result) => {
          if (result.failures.length > 0) throw result.failures[0].error
          remember(result.eventIds[0])
        })
      }
      case "search":
        return memsy.search("what does the user prefer?", { limit: 5 }, { headers })
      case "status":
        return memsy.status(knownIds, { headers })
      case "health":
        return memsy.health({ headers })
      case "memories.list":
        return memsy.memories.list({ limit: 10 }, { headers })
      case "me":
        return control.me({ headers })
    }
  }

  /** Whether call `i` ended as its fault says: success, or exactly the documented error. */
  const asExpected = (i, error) => {
    const rule = retryTransient ? undefined : faults[fault[i]].error
    if (rule === undefined) return error === undefined
    const [type, field, value] = rule
    return error instanceof type && error[field] === value
  }

  // Warm up first, uncounted: code compiled, the pool's connections open, on both threads.
  for (let round = 0; round < 5; round++) {
    await Promise.all(
      Array.from({ length: concurrency }, (_, k) =>
        call(k % calls, {}, `warm-up-${round}-${k}`).catch(() => {})
      )
    )
  }

  let cursor = 0
  let settled = 0
  let heapAtTenth
  const tenth = Math.floor(calls / 10)
  const started = performance.now()
  const lane = async () => {
    while (cursor < calls) {
      const i = cursor++
      const headers = { "x-soak-call": `${prefix}${i}` }
      if (fault[i] !== 0) {
        injected[fault[i]]++
        await server.rpc({
          type: "inject",
          fault: { requestHeaders: headers, times: 1, ...faults[fault[i]].fault }
        })
      }
      let error
      try {
        await call(i, headers)
      } catch (e) {
        error = e
      }
      if (asExpected(i, error)) ended.expected++
      else {
        ended.unexpected++
        if (unexpected.length < 10) {
          unexpected.push(
            `call ${i} (${OPERATIONS[operation[i]][0]}, ${faults[fault[i]].name}): ${error ?? "succeeded"}`
          )
        }
      }
      if (++settled === tenth) heapAtTenth = heap()
    }
  }
  // Every call is bounded by its timeout and retries: a run still going long after is hung.
  const bound = (calls / concurrency) * timeout + 60_000
  let watchdog
  const hung = await Promise.race([
    Promise.all(Array.from({ length: concurrency }, lane)).then(() => false),
    new Promise((resolve) => (watchdog = setTimeout(() => resolve(true), bound)))
  ])
  clearTimeout(watchdog)
  const seconds = (performance.now() - started) / 1000
  const heapAtEnd = heap()

  // The store: each ingest call's events exactly as often as its fault leaves them (defaults), or
  // exactly once (ingestMany), and never twice.
  const { counts } = await server.rpc({ type: "stored", prefix })
  let twice = 0
  let misstored = 0
  let events = 0
  for (let i = 0; i < calls; i++) {
    if (OPERATIONS[operation[i]][0] !== "ingest") continue
    const want = retryTransient ? 1 : (faults[fault[i]].stored ?? 1)
    for (const j of [0, 1]) {
      const copies = counts[`${prefix}${i}-${j}: the user prefers dark mode`] ?? 0
      events += copies
      if (copies > 1) twice++
      if (copies !== want) misstored++
    }
  }
  await memsy.close()
  await control.close()
  // The server sees the closed connections go as their FINs arrive: allow it a moment.
  let connections
  for (const end = performance.now() + 2_000; ;) {
    connections = (await server.rpc({ type: "connections" })).connections
    if (connections === 0 || performance.now() > end) break
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await server.stop()

  const figures = {
    mode: retryTransient ? "retryTransient + ingestMany" : "defaults",
    calls,
    concurrency,
    seconds,
    callsPerSecond: calls / seconds,
    faults: Object.fromEntries(faults.slice(1).map((f, k) => [f.name, injected[k + 1]])),
    expected: ended.expected,
    unexpected: ended.unexpected,
    hung: hung ? calls - settled : 0,
    eventsStored: events,
    storedTwice: twice,
    storedOtherwise: misstored,
    heapAtTenth,
    heapAtEnd,
    heapRatio: heapAtEnd / heapAtTenth,
    connectionsAfterClose: connections
  }
  const problems = [
    ...unexpected,
    ...(hung ? [`${calls - settled} calls still pending after ${bound} ms`] : []),
    ...(twice > 0 ? [`${twice} events stored twice`] : []),
    ...(misstored > 0 ? [`${misstored} events stored other than their fault says`] : []),
    ...(figures.heapRatio > 1.2 ? [`heap grew ${figures.heapRatio.toFixed(2)}× after the first tenth`] : []),
    ...(connections > 0 ? [`${connections} connections open after close()`] : [])
  ]
  return { figures, problems }
}

/** One line per figure, for people. */
export const report = ({ figures, problems }) => {
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return [
    `soak, ${figures.mode}: ${figures.calls} calls at concurrency ${figures.concurrency} in ${figures.seconds.toFixed(1)} s (${Math.round(figures.callsPerSecond)} calls/s)`,
    `  faults injected: ${Object.entries(figures.faults)
      .map(([name, n]) => `${name} ${n}`)
      .join(", ")}`,
    `  ended as documented: ${figures.expected}; unexpected: ${figures.unexpected}; hung: ${figures.hung}`,
    `  events stored: ${figures.eventsStored}; stored twice: ${figures.storedTwice}; stored otherwise than expected: ${figures.storedOtherwise}`,
    `  heap: ${mb(figures.heapAtTenth)} at the first tenth, ${mb(figures.heapAtEnd)} at the end (×${figures.heapRatio.toFixed(2)})`,
    `  connections open after close(): ${figures.connectionsAfterClose}`,
    ...problems.map((problem) => `  PROBLEM: ${problem}`)
  ].join("\n")
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  let failed = false
  for (const retryTransient of [false, true]) {
    const result = await soak({ retryTransient })
    console.log(report(result))
    failed ||= result.problems.length > 0
  }
  process.exitCode = failed ? 1 : 0
}
