/**
 * Per-call `RequestOptions`, `withResponse` and `withOptions`, against the emulator served on
 * 127.0.0.1. The clients reach it through a TCP relay that counts the connections they open and
 * keeps the bytes they send (request lines and headers are in the clear), so the default transport
 * (HTTP/1.1 on Node's sockets) is seen from the wire.
 */
import {
  AuthenticationError,
  type ClientOptions,
  MemsyAPIError,
  MemsyClient,
  MemsyClientClosedError,
  MemsyConnectionError,
  MemsyControlClient,
  RateLimitExceeded
} from "@memsy/sdk"
import { Emulator } from "@memsy/testing"
import { EmulatorServer } from "@memsy/testing/node"
import * as net from "node:net"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"

interface Relay {
  readonly dataUrl: string
  readonly controlUrl: string
  /** Every connection the clients opened, in order. */
  readonly sockets: Array<net.Socket>
  /** Everything the clients sent so far, as text. */
  readonly sent: () => string
  readonly close: () => Promise<void>
}

/** A TCP relay to `upstream`: one upstream connection per client connection, bytes unchanged. */
const relay = async (upstream: EmulatorServer.Server): Promise<Relay> => {
  const { hostname, port } = new URL(upstream.url)
  const sockets: Array<net.Socket> = []
  const chunks: Array<string> = []
  const server = net.createServer((socket) => {
    sockets.push(socket)
    const target = net.connect(Number(port), hostname)
    socket.on("data", (chunk: Buffer) => chunks.push(chunk.toString("latin1")))
    socket.pipe(target)
    target.pipe(socket)
    const end = () => {
      socket.destroy()
      target.destroy()
    }
    for (const side of [socket, target]) {
      side.on("close", end)
      side.on("error", end)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
  return {
    dataUrl: `${url}/v1`,
    controlUrl: `${url}/api`,
    sockets,
    sent: () => chunks.join(""),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

const open = (sockets: ReadonlyArray<net.Socket>) => sockets.filter((socket) => !socket.destroyed).length

/** Polls (for real, briefly) until `n` connections are open; returns how many are. */
const openConnections = async (sockets: ReadonlyArray<net.Socket>, n: number) => {
  for (let i = 0; i < 100 && open(sockets) !== n; i++) await new Promise((resolve) => setTimeout(resolve, 5))
  return open(sockets)
}

const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error("expected the call to reject")
    },
    (error: unknown) => error
  )

/** A result without what changes from one response to the next: the usage and rate-limit counters
 * every response carries, and the strength each search hit adds to a memory. */
const steady = (value: unknown): unknown =>
  JSON.parse(
    JSON.stringify(value, (key, field: unknown) =>
      key === "usage" || key === "rateLimit" || key === "strength" ? undefined : field
    )
  )

let emulator: Emulator.Emulator
let served: EmulatorServer.Server
let wire: Relay
const clients: Array<{ close(): Promise<void> }> = []

beforeEach(async () => {
  emulator = Emulator.make({ processingDelay: 0 })
  served = await EmulatorServer.serve({ emulator })
  wire = await relay(served)
})

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()))
  await wire.close()
  await served.close()
})

const dataClient = (options: Partial<ClientOptions> = {}): MemsyClient => {
  const client = new MemsyClient({ baseUrl: wire.dataUrl, apiKey: emulator.apiKey, ...options })
  clients.push(client)
  return client
}

/** The requests the emulator handled on `path`, as `METHOD status`. */
const hits = (path: string) =>
  emulator
    .requests()
    .filter((request) => request.path === path)
    .map((request) => `${request.method} ${request.status}`)

const forgedKey = "msy_ffffffffffffffffffffffffffffffff"

describe("RequestOptions, the argument after the declared parameters", () => {
  it("headers reach the server beside the SDK's own, which a call cannot replace", async () => {
    const memsy = dataClient()
    // Were the forged key sent, the emulator would answer 401: it knows only its own key.
    await expect(dataClient({ apiKey: forgedKey }).health()).rejects.toBeInstanceOf(AuthenticationError)
    const before = wire.sent().length
    const result = await memsy.search("dark mode", undefined, {
      headers: {
        "X-Request-Tag": "tag-1",
        Authorization: `Bearer ${forgedKey}`,
        accept: "text/html",
        "content-type": "text/plain"
      }
    })
    expect(result.results).toEqual([])
    await expect(
      memsy.health({ headers: { authorization: `Bearer ${forgedKey}`, "x-request-tag": "tag-2" } })
    ).resolves.toMatchObject({ status: "ok" })
    const sent = wire.sent().slice(before)
    expect(sent).toContain("POST /v1/search ")
    expect(sent).toContain("x-request-tag: tag-1\r\n")
    expect(sent).toContain("x-request-tag: tag-2\r\n")
    expect(sent.split(`authorization: Bearer ${emulator.apiKey}\r\n`)).toHaveLength(3)
    expect(sent).not.toContain(forgedKey)
    expect(sent).toContain("content-type: application/json\r\n")
    expect(sent).not.toContain("text/plain")
    expect(sent).not.toContain("text/html")
    expect(hits("/v1/search")).toEqual(["POST 200"])
    // The headers were that call's only.
    const later = wire.sent().length
    await memsy.search("dark mode")
    expect(wire.sent().slice(later)).not.toContain("x-request-tag")
  })

  it("headers go through a custom fetch too, over the same wire", async () => {
    const seen: Array<Record<string, string>> = []
    const recordingFetch: typeof globalThis.fetch = (input, init) => {
      seen.push(Object.fromEntries(new Request(input, init).headers))
      return globalThis.fetch(input, init)
    }
    const memsy = dataClient({ fetch: recordingFetch })
    await memsy.orgs.list({ headers: { "X-Tenant": "acme", AUTHORIZATION: `Bearer ${forgedKey}` } })
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ "x-tenant": "acme", authorization: `Bearer ${emulator.apiKey}` })
    expect(wire.sent()).toContain("GET /v1/orgs ")
    expect(wire.sent()).not.toContain(forgedKey)
    expect(hits("/v1/orgs")).toEqual(["GET 200"])
  })

  it("timeout bounds that call only; the next call without it succeeds", async () => {
    const memsy = dataClient()
    emulator.inject({ route: "GET /v1/health", latency: 400, times: 1 })
    const started = performance.now()
    const error = await rejection(memsy.health({ timeout: 25 }))
    expect(performance.now() - started).toBeLessThan(300)
    expect(error).toBeInstanceOf(MemsyConnectionError)
    expect((error as MemsyConnectionError).message).toContain("timed out")
    expect(error).toMatchObject({ reason: "Timeout", detail: "health timed out after 25ms" })
    await expect(memsy.health()).resolves.toMatchObject({ status: "ok" })
    // After optional parameters left out, too.
    emulator.inject({ route: "POST /v1/search", latency: 400, times: 1 })
    await expect(memsy.search("dark mode", undefined, { timeout: 25 })).rejects.toMatchObject({
      reason: "Timeout",
      detail: "search timed out after 25ms"
    })
    await expect(memsy.search("dark mode")).resolves.toMatchObject({ results: [] })
    expect(hits("/v1/health")).toEqual(["GET 200", "GET 200"])
  })

  it("timeout replaces the client's, in both directions", async () => {
    const memsy = dataClient({ timeout: 25 })
    emulator.inject({ route: "GET /v1/health", latency: 80, times: 2 })
    await expect(memsy.health()).rejects.toMatchObject({ detail: "health timed out after 25ms" })
    await expect(memsy.health({ timeout: 1_000 })).resolves.toMatchObject({ status: "ok" })
  })

  it("signal aborts the call and its request while the server is still answering", async () => {
    const memsy = dataClient()
    await memsy.health()
    expect(await openConnections(wire.sockets, 1)).toBe(1)
    emulator.inject({ route: "POST /v1/search", latency: 500, times: 1 })
    const controller = new AbortController()
    const call = rejection(memsy.search("dark mode", { limit: 3 }, { signal: controller.signal }))
    await vi.waitFor(() => expect(hits("/v1/search")).toHaveLength(1))
    const started = performance.now()
    controller.abort()
    const error = await call
    expect(performance.now() - started).toBeLessThan(200)
    expect(error).toBeInstanceOf(DOMException)
    expect((error as DOMException).name).toBe("AbortError")
    // The exchange's socket is closed, not left waiting for the delayed answer.
    expect(await openConnections(wire.sockets, 0)).toBe(0)
    await expect(memsy.health()).resolves.toMatchObject({ status: "ok" })
  })

  it("maxRetries replaces the client's for that call", async () => {
    const memsy = dataClient({ maxRetries: 0, retryBackoff: 1 })
    emulator.inject({ route: "GET /v1/health", status: 429, times: 1 })
    await expect(memsy.health({ maxRetries: 1 })).resolves.toMatchObject({ status: "ok" })
    expect(hits("/v1/health")).toEqual(["GET 429", "GET 200"])
    emulator.inject({ route: "GET /v1/health", status: 429, times: 1 })
    await expect(memsy.health()).rejects.toBeInstanceOf(RateLimitExceeded)
    expect(hits("/v1/health")).toEqual(["GET 429", "GET 200", "GET 429"])
  })

  it("retryTransient retries a 503 of a safe call, never of an unsafe one", async () => {
    const memsy = dataClient({ retryBackoff: 1 })
    emulator.inject({ route: "GET /v1/health", status: 503, times: 1 })
    await expect(memsy.health()).rejects.toMatchObject({ statusCode: 503 })
    emulator.inject({ route: "GET /v1/health", status: 503, times: 1 })
    await expect(memsy.health({ retryTransient: true })).resolves.toMatchObject({ status: "ok" })
    expect(hits("/v1/health")).toEqual(["GET 503", "GET 503", "GET 200"])
    // An ingest without event ids is not safe to repeat: sent once, whatever the option says.
    emulator.inject({ route: "POST /v1/ingest", status: 503, times: 1 })
    const events = [{ actorId: "u1", sessionId: "s1", kind: "user_message" as const, content: "I like tea" }]
    const error = await rejection(memsy.ingest(events, { retryTransient: true }))
    expect(error).toBeInstanceOf(MemsyAPIError)
    expect(hits("/v1/ingest")).toEqual(["POST 503"])
  })
})

describe("withResponse", () => {
  it("health and search: the plain method's data, and the response's status, headers, usage and rate limit", async () => {
    const memsy = dataClient()
    await memsy.ingest([
      { actorId: "u1", sessionId: "s1", kind: "user_message", content: "I prefer dark mode" }
    ])

    const plain = await memsy.health()
    const { data, meta } = await memsy.withResponse.health()
    expect(data).toBeInstanceOf(plain.constructor)
    expect(steady(data)).toEqual(steady(plain))
    expect(data.status).toBe("ok")
    expect(meta.status).toBe(200)
    expect(Object.getPrototypeOf(meta.headers)).toBe(Object.prototype)
    expect(Object.keys(meta.headers).every((name) => name === name.toLowerCase())).toBe(true)
    expect(meta.headers).toMatchObject({
      "content-type": "application/json",
      "x-plan": "pro",
      "x-ratelimit-limit": "600",
      "x-usage-apicalls-limit": expect.any(String) as unknown
    })
    expect(meta.rateLimit).toEqual({
      limit: 600,
      remaining: Number(meta.headers["x-ratelimit-remaining"]),
      reset: Number(meta.headers["x-ratelimit-reset"])
    })
    // The metadata is this response's: one call later than the plain one.
    expect(meta.rateLimit?.remaining).toBe(plain.rateLimit!.remaining! - 1)
    expect(meta.usage?.plan).toBe("pro")
    expect(meta.usage?.apiCalls).toBe(plain.usage!.apiCalls! + 1)
    expect(meta.usage?.apiCalls).toBe(Number(meta.headers["x-usage-apicalls"]))
    expect(data.usage).toEqual(meta.usage)
    expect(data.rateLimit).toEqual(meta.rateLimit)

    const found = await memsy.search("dark mode", { limit: 5 })
    expect(found.results).toHaveLength(1)
    const withMeta = await memsy.withResponse.search("dark mode", { limit: 5 })
    expect(withMeta.data).toBeInstanceOf(found.constructor)
    expect(steady(withMeta.data)).toEqual(steady(found))
    expect(withMeta.data.results[0]!.content).toBe(found.results[0]!.content)
    expect(withMeta.meta.status).toBe(200)
    expect(withMeta.meta.usage?.searchQueries).toBe(found.usage!.searchQueries! + 1)
  })

  it("takes the same RequestOptions, and rejects as the plain method does", async () => {
    const memsy = dataClient()
    const before = wire.sent().length
    const { meta } = await memsy.withResponse.search("dark mode", undefined, {
      headers: { "x-trace": "t-9" }
    })
    expect(meta.status).toBe(200)
    expect(wire.sent().slice(before)).toContain("x-trace: t-9\r\n")
    emulator.inject({ route: "GET /v1/health", latency: 400, times: 1 })
    const error = await rejection(memsy.withResponse.health({ timeout: 25 }))
    expect(error).toBeInstanceOf(MemsyConnectionError)
    expect((error as Error).message).toContain("timed out")
    // The key's org has no record yet: the same API error either way.
    const plainError = await rejection(memsy.orgs.get("org_emulator"))
    const metaError = await rejection(memsy.withResponse.orgs.get("org_emulator"))
    expect(plainError).toBeInstanceOf(MemsyAPIError)
    expect(metaError).toBeInstanceOf((plainError as MemsyAPIError).constructor)
    expect(metaError).toMatchObject({ statusCode: 404, detail: (plainError as MemsyAPIError).detail })
  })

  it("nested resources: orgs and memories, and a 204", async () => {
    const memsy = dataClient()
    await memsy.orgs.create({ orgId: "org_emulator", name: "Acme", focus: "support" })
    const orgs = await memsy.orgs.list()
    expect(orgs).toHaveLength(1)
    const listed = await memsy.withResponse.orgs.list()
    expect(listed.data).toEqual(orgs)
    expect(listed.meta.status).toBe(200)
    expect(listed.meta.rateLimit?.limit).toBe(600)

    await memsy.ingest([
      { actorId: "u1", sessionId: "s1", kind: "user_message", content: "I prefer dark mode" }
    ])
    const page = await memsy.memories.list({ actorId: "u1" })
    expect(page.items).toHaveLength(1)
    const paged = await memsy.withResponse.memories.list({ actorId: "u1" })
    expect(steady(paged.data)).toEqual(steady(page))
    expect(paged.meta.status).toBe(200)

    const deleted = await memsy.withResponse.orgs.delete("org_emulator")
    expect(deleted.meta.status).toBe(204)
    await expect(memsy.orgs.list()).resolves.toEqual([])
  })

  it("through a custom fetch: the same plain, lower-case headers", async () => {
    const memsy = dataClient({ fetch: (input, init) => globalThis.fetch(input, init) })
    const { data, meta } = await memsy.withResponse.health()
    expect(data.status).toBe("ok")
    expect(meta.status).toBe(200)
    expect(Object.getPrototypeOf(meta.headers)).toBe(Object.prototype)
    expect(Object.keys(meta.headers).every((name) => name === name.toLowerCase())).toBe(true)
    expect(meta.headers["x-ratelimit-limit"]).toBe("600")
    expect(meta.rateLimit?.limit).toBe(600)
    expect(meta.usage?.plan).toBe("pro")
  })
})

describe("withOptions", () => {
  it("gives a MemsyClient with new defaults; the original keeps its own", async () => {
    const memsy = dataClient()
    const quick = memsy.withOptions({ timeout: 150 })
    expect(quick).toBeInstanceOf(MemsyClient)
    expect(quick).not.toBe(memsy)
    await expect(quick.health()).resolves.toMatchObject({ status: "ok" })
    emulator.inject({ route: "GET /v1/health", latency: 300, times: 1 })
    await expect(quick.health()).rejects.toMatchObject({
      reason: "Timeout",
      detail: "health timed out after 150ms"
    })
    // Slower than the derived timeout, well within the original's 30 s.
    emulator.inject({ route: "GET /v1/health", latency: 250, times: 1 })
    await expect(memsy.health()).resolves.toMatchObject({ status: "ok" })
    // A call's own options still win over the derived defaults.
    emulator.inject({ route: "GET /v1/health", latency: 250, times: 1 })
    await expect(quick.health({ timeout: 1_000 })).resolves.toMatchObject({ status: "ok" })
    const { data, meta } = await quick.withResponse.search("dark mode")
    expect(data.results).toEqual([])
    expect(meta.status).toBe(200)
  })

  it("lays the new options over the original's, and derives again", async () => {
    const memsy = dataClient({ maxRetries: 0, retryBackoff: 1 })
    const retrying = memsy.withOptions({ maxRetries: 2 })
    emulator.inject({ route: "GET /v1/health", status: 429, times: 2 })
    const started = performance.now()
    await expect(retrying.health()).resolves.toMatchObject({ status: "ok" })
    // The original's 1 ms backoff is kept: the default 1 s would take 3 s for two retries.
    expect(performance.now() - started).toBeLessThan(500)
    expect(hits("/v1/health")).toEqual(["GET 429", "GET 429", "GET 200"])
    emulator.inject({ route: "GET /v1/health", status: 429, times: 1 })
    await expect(memsy.health()).rejects.toBeInstanceOf(RateLimitExceeded)

    const transient = retrying.withOptions({ retryTransient: true })
    expect(transient).toBeInstanceOf(MemsyClient)
    emulator.inject({ route: "GET /v1/health", status: 503, times: 1 })
    emulator.inject({ route: "GET /v1/health", status: 429, times: 1 })
    await expect(transient.health()).resolves.toMatchObject({ status: "ok" })
    emulator.inject({ route: "GET /v1/health", status: 503, times: 1 })
    await expect(retrying.health()).rejects.toMatchObject({ statusCode: 503 })

    const fast = dataClient().withOptions({ retryBackoff: 1 })
    emulator.inject({ route: "GET /v1/health", status: 429, times: 1 })
    const again = performance.now()
    await expect(fast.health()).resolves.toMatchObject({ status: "ok" })
    expect(performance.now() - again).toBeLessThan(500)
  })

  it("shares the original's connections", async () => {
    const memsy = dataClient()
    const derived = memsy.withOptions({ timeout: 5_000, maxRetries: 1 })
    await memsy.health()
    await derived.health()
    await memsy.search("dark mode")
    await derived.withResponse.search("dark mode")
    await derived.withOptions({ retryTransient: true }).orgs.list()
    expect(emulator.requests()).toHaveLength(5)
    expect(wire.sockets).toHaveLength(1)
    // Another client has a pool of its own: the relay tells the two apart.
    await dataClient().health()
    expect(wire.sockets).toHaveLength(2)
  })

  it("closing the derived client closes the original, calls in flight included", async () => {
    const memsy = dataClient()
    const derived = memsy.withOptions({ maxRetries: 0 })
    await memsy.health()
    await derived.health()
    emulator.inject({ route: "POST /v1/search", latency: 500, times: 1 })
    const inFlight = rejection(memsy.search("dark mode"))
    await vi.waitFor(() => expect(hits("/v1/search")).toHaveLength(1))
    await derived.close()
    expect(await inFlight).toBeInstanceOf(MemsyClientClosedError)
    const error = await rejection(memsy.health())
    expect(error).toBeInstanceOf(MemsyClientClosedError)
    expect((error as Error).message).toBe("This MemsyClient is closed")
    await expect(derived.withResponse.health()).rejects.toBeInstanceOf(MemsyClientClosedError)
    expect(await openConnections(wire.sockets, 0)).toBe(0)
    expect(hits("/v1/health")).toHaveLength(2)
  })

  it("closing the original, or leaving an `await using` block of a derived one, closes every client", async () => {
    const memsy = dataClient()
    const derived = memsy.withOptions({ timeout: 1_000 })
    await memsy.close()
    await expect(derived.health()).rejects.toBeInstanceOf(MemsyClientClosedError)

    const other = dataClient()
    {
      await using scoped = other.withOptions({ maxRetries: 1 })
      await expect(scoped.health()).resolves.toMatchObject({ status: "ok" })
    }
    await expect(other.health()).rejects.toBeInstanceOf(MemsyClientClosedError)
    expect(hits("/v1/health")).toEqual(["GET 200"])
  })
})

describe("MemsyControlClient", () => {
  it("has withResponse and withOptions too", async () => {
    const control = new MemsyControlClient({ baseUrl: wire.controlUrl, apiKey: emulator.apiKey })
    clients.push(control)
    const me = await control.me()
    const { data, meta } = await control.withResponse.me()
    expect(data).toBeInstanceOf(me.constructor)
    expect(steady(data)).toEqual(steady(me))
    expect(meta.status).toBe(200)
    expect(meta.headers["x-ratelimit-limit"]).toBe("600")
    expect(meta.rateLimit?.remaining).toBe(me.rateLimit!.remaining! - 1)
    const events = await control.withResponse.events.list(undefined, { headers: { "x-trace": "c-1" } })
    expect(events.meta.status).toBe(200)
    expect(wire.sent()).toContain("x-trace: c-1\r\n")

    const quick = control.withOptions({ timeout: 150 })
    expect(quick).toBeInstanceOf(MemsyControlClient)
    await expect(quick.withResponse.me()).resolves.toMatchObject({ meta: { status: 200 } })
    expect(wire.sockets).toHaveLength(1)
    emulator.inject({ route: "GET /api/me", latency: 300, times: 1 })
    await expect(quick.me()).rejects.toMatchObject({ reason: "Timeout", detail: "me timed out after 150ms" })
    emulator.inject({ route: "GET /api/me", latency: 250, times: 1 })
    await expect(control.me()).resolves.toMatchObject({ email: me.email })
    await quick.close()
    await expect(control.me()).rejects.toThrow("This MemsyControlClient is closed")
  })
})
