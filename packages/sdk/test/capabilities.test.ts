/**
 * What the facade adds over the endpoints, against the emulator served on 127.0.0.1: `listAll` as an
 * `AsyncIterable`, `waitForProcessing` with progress and `ProcessingTimeout`, `status` past 500 ids.
 */
import {
  MemsyAPIError,
  MemsyClient,
  MemsyClientClosedError,
  MemsyControlClient,
  MemsyError,
  MemsyValidationError,
  ProcessingTimeout
} from "@memsy/sdk"
import { Emulator } from "@memsy/testing"
import { EmulatorServer } from "@memsy/testing/node"
import { afterEach, beforeEach, describe, expect, it } from "vitest"

let emulator: Emulator.Emulator
let served: EmulatorServer.Server
let memsy: MemsyClient
let control: MemsyControlClient

const start = async (options: Emulator.Options) => {
  emulator = Emulator.make(options)
  served = await EmulatorServer.serve({ emulator })
  memsy = new MemsyClient({ baseUrl: served.dataUrl, apiKey: emulator.apiKey })
  control = new MemsyControlClient({ baseUrl: served.controlUrl, apiKey: emulator.apiKey })
}

beforeEach(() => start({ processingDelay: 0 }))
afterEach(async () => {
  await memsy.close()
  await control.close()
  await served.close()
})

const event = (content: string) => ({
  actorId: "u1",
  sessionId: "s1",
  kind: "user_message" as const,
  content
})

const ingest = async (n: number) => {
  const ids: Array<string> = []
  for (let b = 0; b < n; b += 100) {
    const batch = Array.from({ length: Math.min(100, n - b) }, (_, i) =>
      event(`fact ${b + i}: option ${b + i}`)
    )
    ids.push(...(await memsy.ingest(batch)).eventIds)
  }
  return ids
}

const requestsTo = (path: string) => emulator.requests().filter((r) => r.path === path).length

describe("memories.listAll", () => {
  it("iterates every memory, one page per request", async () => {
    await ingest(250)
    emulator.processAll()
    const active = emulator.memories().filter((m) => m.status === "active").length
    const ids: Array<string> = []
    for await (const memory of memsy.memories.listAll({}, { pageSize: 100 })) ids.push(memory.memoryId)
    expect(ids.length).toBe(active)
    expect(new Set(ids).size).toBe(active)
    expect(requestsTo("/v1/console/memories")).toBe(Math.ceil(active / 100))
  })

  it("breaking out of the loop fetches no further page", async () => {
    await ingest(250)
    emulator.processAll()
    let seen = 0
    for await (const _ of memsy.memories.listAll({}, { pageSize: 50 })) {
      if (++seen === 60) break
    }
    expect(requestsTo("/v1/console/memories")).toBe(2)
  })

  it("a failing page rejects the loop with the facade's error class", async () => {
    emulator.inject({ route: "GET /v1/console/memories", status: 500, body: { detail: "boom" } })
    const loop = async () => {
      for await (const _ of memsy.memories.listAll()) void _
    }
    await expect(loop()).rejects.toBeInstanceOf(MemsyAPIError)
  })

  it("a closed client rejects the loop", async () => {
    await memsy.close()
    const loop = async () => {
      for await (const _ of memsy.memories.listAll()) void _
    }
    await expect(loop()).rejects.toBeInstanceOf(MemsyClientClosedError)
  })
})

describe("events.listAll", () => {
  it("iterates every console event", async () => {
    const ids = await ingest(150)
    const seen: Array<string> = []
    for await (const item of control.events.listAll({ sort: "ts_asc" }, { pageSize: 100 }))
      seen.push(item.eventId)
    expect(new Set(seen)).toEqual(new Set(ids))
    expect(requestsTo("/api/console/events")).toBe(2)
  })
})

describe("ingestMany", () => {
  it("stores every event once, in input order, and resolves a partial failure with the facade's errors", async () => {
    const input = Array.from({ length: 450 }, (_, i) => event(`bulk ${i}: fact number ${i}`))
    input[3] = event(" ")
    emulator.inject({ route: "POST /v1/ingest", status: 503, body: { detail: "busy" }, times: 1 })
    const progress: Array<number> = []
    const result = await memsy.ingestMany(input, {
      batchSize: 100,
      concurrency: 3,
      maxRetries: 0,
      onProgress: (p) => {
        progress.push(p.stored + p.failed)
      }
    })
    // Event 3 fails before sending; with no retries allowed, the batch that met the 503 fails whole.
    const failed = result.failures.map((f) => f.index)
    expect(failed).toContain(3)
    expect(result.failures.find((f) => f.index === 3)?.error).toBeInstanceOf(MemsyValidationError)
    expect(result.failures.filter((f) => f.index !== 3).every((f) => f.error instanceof MemsyAPIError)).toBe(
      true
    )
    expect(result.failures.length).toBe(101)
    expect(result.eventIds.filter((id) => id !== undefined).length).toBe(349)
    expect(emulator.events().length).toBe(349)
    const stored = new Map(emulator.events().map((e) => [e.eventId, e.content]))
    result.eventIds.forEach((id, i) => {
      if (id !== undefined) expect(stored.get(id)).toBe(input[i]!.content)
    })
    expect(progress[progress.length - 1]).toBe(450)
  })
})

describe("status and waitForProcessing", () => {
  it("status splits 1,200 ids into three calls", async () => {
    const ids = await ingest(1200)
    const status = await memsy.status(ids)
    expect(status.total).toBe(1200)
    expect(requestsTo("/v1/status")).toBe(3)
  })

  it("waits until nothing is pending, reporting progress", async () => {
    await memsy.close()
    await served.close()
    await start({ processingDelay: 300 })
    const { eventIds } = await memsy.ingest([event("one"), event("two")])
    const progress: Array<number> = []
    const status = await memsy.waitForProcessing(eventIds, {
      pollInterval: 50,
      onProgress: (p) => {
        progress.push(p.pending)
      }
    })
    expect(status.pendingIds).toEqual([])
    expect(status.completedIds.length + status.failedIds.length).toBe(2)
    expect(progress[0]).toBe(2)
    expect(progress[progress.length - 1]).toBe(0)
  })

  it("rejects with ProcessingTimeout, a MemsyError carrying the last status", async () => {
    await memsy.close()
    await served.close()
    await start({ processingDelay: 60_000 })
    const { eventIds } = await memsy.ingest([event("slow")])
    const error = await memsy.waitForProcessing(eventIds, { timeout: 200, pollInterval: 50 }).catch((e) => e)
    expect(error).toBeInstanceOf(ProcessingTimeout)
    expect(error).toBeInstanceOf(MemsyError)
    expect(error.timeout).toBe(200)
    expect(error.status?.pendingIds).toEqual(eventIds)
  })

  it("aborting the signal stops waiting", async () => {
    await memsy.close()
    await served.close()
    await start({ processingDelay: 60_000 })
    const { eventIds } = await memsy.ingest([event("slow")])
    const controller = new AbortController()
    const waiting = memsy.waitForProcessing(eventIds, { pollInterval: 20, signal: controller.signal })
    setTimeout(() => controller.abort(new Error("stop")), 100)
    await expect(waiting).rejects.toThrow("stop")
  })
})
