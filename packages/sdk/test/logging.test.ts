/**
 * `logLevel` and `MEMSY_LOG`: nothing on `console` by default; at `"debug"`, one line per request,
 * with no key, query, content or metadata in it. And the facade traces nothing: no `traceparent` of
 * its own, a caller's sent as given.
 */
import { MemsyClient } from "@memsy/sdk"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { apiKey, baseUrl, recorder } from "./fixtures.js"

const found = { body: { results: [{ id: "m1", content: "Prefers dark mode", score: 0.5 }] } }
const methods = ["log", "debug", "info", "warn", "error"] as const

let lines: Array<readonly [method: string, text: string]>
beforeEach(() => {
  lines = []
  for (const method of methods) {
    vi.spyOn(console, method).mockImplementation((...args: Array<unknown>) => {
      lines.push([method, args.map(String).join(" ")])
    })
  }
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

const QUERY = "what does the user prefer about editors"
const CONTENT = "I use vim keybindings everywhere"
const METADATA = "meta_7c1d"

/** A logfmt line's fields (Effect's default logger), values unquoted. */
const fields = (line: string): Record<string, string> =>
  Object.fromEntries(
    [...line.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g)].map(([, key, value]) => [
      key!,
      value!.startsWith('"') ? (JSON.parse(value!) as string) : value!
    ])
  )

/** A search, an ingest and a failing call through a client made with `options`. */
const exercise = async (options: Partial<ConstructorParameters<typeof MemsyClient>[0]> = {}) => {
  const { fetch, seen } = recorder((index, request) =>
    request.url.endsWith("/ingest")
      ? { body: { event_ids: ["e1"] } }
      : index === 2
        ? { status: 500, text: "boom" }
        : found
  )
  const client = new MemsyClient({ baseUrl, apiKey, fetch, maxRetries: 0, ...options })
  await client.search(QUERY, { actorId: "u1" })
  await client.ingest([
    { actorId: "u1", sessionId: "s1", kind: "user_message", content: CONTENT, metadata: { tag: METADATA } }
  ])
  await expect(client.search(QUERY)).rejects.toThrow()
  await client.close()
  return seen
}

describe("logLevel", () => {
  it("logs nothing by default", async () => {
    await exercise()
    expect(lines).toEqual([])
  })

  it('"debug" writes one line per request to console.log, and nothing of what was sent', async () => {
    await exercise({ logLevel: "debug" })
    expect(lines.map(([method]) => method)).toEqual(["log", "log", "log"])
    const [search, ingest, failed] = lines.map(([, text]) => fields(text))
    const { timestamp, fiber, durationMs, ...rest } = search!
    expect(new Date(timestamp!).getTime()).not.toBeNaN()
    expect(fiber).toMatch(/^#\d+$/)
    expect(Number(durationMs)).toBeGreaterThanOrEqual(0)
    expect(rest).toEqual({
      level: "DEBUG",
      message: "Memsy.search",
      method: "POST",
      path: "/search",
      status: "200",
      attempts: "1"
    })
    expect(ingest).toMatchObject({ message: "Memsy.ingest", path: "/ingest", status: "200", attempts: "1" })
    expect(failed).toMatchObject({ status: "500", attempts: "1", error: "MemsyAPIError" })
    for (const [, text] of lines) {
      for (const secret of [apiKey, apiKey.slice(4, 20), QUERY, CONTENT, METADATA, "u1"]) {
        expect(text).not.toContain(secret)
      }
    }
  })

  it("a retried request is still one line, with its attempts", async () => {
    const { fetch } = recorder((index) =>
      index === 0 ? { status: 429, body: { detail: "slow" }, headers: { "retry-after": "0" } } : found
    )
    const client = new MemsyClient({ baseUrl, apiKey, fetch, logLevel: "debug" })
    await client.search(QUERY)
    await client.close()
    expect(lines).toHaveLength(1)
    expect(fields(lines[0]![1])).toMatchObject({ message: "Memsy.search", status: "200", attempts: "2" })
  })

  it("ingestMany logs one line per batch, and nothing of the events", async () => {
    const { fetch, seen } = recorder((_, request) => ({
      body: {
        event_ids: (JSON.parse(request.body!) as { events: Array<unknown> }).events.map((_, i) => `e${i}`)
      }
    }))
    const client = new MemsyClient({ baseUrl, apiKey, fetch, logLevel: "debug" })
    const events = Array.from({ length: 5 }, (_, i) => ({
      actorId: "u1",
      sessionId: "s1",
      kind: "user_message" as const,
      content: `${CONTENT} (${i})`,
      metadata: { tag: METADATA }
    }))
    const { failures } = await client.ingestMany(events, { batchSize: 2 })
    await client.close()
    expect(failures).toEqual([])
    expect(seen).toHaveLength(3)
    expect(lines.map(([, text]) => fields(text))).toMatchObject([
      { message: "Memsy.ingest", path: "/ingest", status: "200", attempts: "1" },
      { message: "Memsy.ingest", path: "/ingest", status: "200", attempts: "1" },
      { message: "Memsy.ingest", path: "/ingest", status: "200", attempts: "1" }
    ])
    for (const [, text] of lines) {
      for (const secret of [apiKey, apiKey.slice(4, 20), CONTENT, METADATA, "u1", "ev_"]) {
        expect(text).not.toContain(secret)
      }
    }
  })

  it('"info", "warn" and "error" leave the request lines out', async () => {
    for (const logLevel of ["info", "warn", "error", "none"] as const) await exercise({ logLevel })
    expect(lines).toEqual([])
  })

  it("MEMSY_LOG sets the default; the option wins over it; other values are ignored", async () => {
    vi.stubEnv("MEMSY_LOG", "DEBUG")
    await exercise()
    expect(lines).toHaveLength(3)
    lines.length = 0
    await exercise({ logLevel: "none" })
    expect(lines).toEqual([])
    vi.stubEnv("MEMSY_LOG", "1")
    await exercise()
    expect(lines).toEqual([])
  })

  it("where there is no process, or reading the environment throws, nothing is logged", async () => {
    const process = globalThis.process
    const env = process.env
    try {
      // A browser: no `process` at all. Deno without --allow-env: reading a variable throws.
      Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true })
      const browser = new MemsyClient({ baseUrl, apiKey, fetch: recorder(found).fetch })
      Object.defineProperty(globalThis, "process", { value: process, configurable: true, writable: true })
      process.env = new Proxy(
        {},
        {
          get: () => {
            throw new Error("PermissionDenied: Requires env access")
          }
        }
      )
      const deno = new MemsyClient({ baseUrl, apiKey, fetch: recorder(found).fetch })
      process.env = env
      await browser.search(QUERY)
      await deno.search(QUERY)
      await Promise.all([browser.close(), deno.close()])
    } finally {
      Object.defineProperty(globalThis, "process", { value: process, configurable: true, writable: true })
      process.env = env
    }
    expect(lines).toEqual([])
  })
})

describe("trace context", () => {
  it("the facade sends no traceparent of its own", async () => {
    const seen = await exercise({ logLevel: "debug" })
    expect(seen.map((request) => request.headers["traceparent"])).toEqual([undefined, undefined, undefined])
  })

  it("a caller's traceparent and tracestate go as given, checked or not", async () => {
    const { fetch, seen } = recorder(found)
    const client = new MemsyClient({ baseUrl, apiKey, fetch })
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    await client.search(QUERY, undefined, { headers: { traceparent, tracestate: "vendor=x" } })
    await client.search(QUERY, undefined, { headers: { TraceParent: "not one" } })
    await client.close()
    expect(seen[0]?.headers["traceparent"]).toBe(traceparent)
    expect(seen[0]?.headers["tracestate"]).toBe("vendor=x")
    expect(seen[1]?.headers["traceparent"]).toBe("not one")
  })
})
