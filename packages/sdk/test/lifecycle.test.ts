import {
  MemsyClient,
  MemsyClientClosedError,
  MemsyConnectionError,
  MemsyControlClient,
  MemsyValidationError,
  RateLimitExceeded
} from "@memsy/sdk"
import { inspect } from "node:util"
import { afterEach, describe, expect, it, vi } from "vitest"
import { apiKey, baseUrl, controlUrl, recorder } from "./fixtures.js"

const health = { body: { status: "ok", version: "1" } }
const tooMany = { status: 429, body: { detail: "Too many requests" } }

const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error("expected the call to reject")
    },
    (error: unknown) => error
  )

describe("custom fetch", () => {
  it("carries every request, with the key as a bearer token, and the result comes back", async () => {
    const { fetch, seen } = recorder(health)
    const client = new MemsyClient({ baseUrl: `${baseUrl}/`, apiKey, fetch })
    const result = await client.health()
    expect(result.status).toBe("ok")
    expect(seen).toEqual([expect.objectContaining({ method: "GET", url: `${baseUrl}/health` }) as unknown])
    expect(seen[0]!.headers["authorization"]).toBe(`Bearer ${apiKey}`)
    await client.close()
  })

  it("never shows the key when the client is inspected", async () => {
    const client = new MemsyControlClient({ baseUrl: controlUrl, apiKey, fetch: recorder(health).fetch })
    expect(inspect(client, { depth: 5, showHidden: true })).not.toContain(apiKey)
    expect(JSON.stringify(client)).not.toContain(apiKey)
    await client.close()
  })
})

// Both classes come from one definition: each must still be a class of its own, by name too.
describe("the classes", () => {
  const clients = [
    [MemsyClient, baseUrl],
    [MemsyControlClient, controlUrl]
  ] as const

  it("each client, and each client withOptions derives, is an instance of its class only", async () => {
    const [data, control] = clients.map(([Client, url]) => new Client({ baseUrl: url, apiKey }))
    for (const client of [data!, data!.withOptions({ timeout: 5 })]) {
      expect(client).toBeInstanceOf(MemsyClient)
      expect(client).not.toBeInstanceOf(MemsyControlClient)
    }
    for (const client of [control!, control!.withOptions({ timeout: 5 })]) {
      expect(client).toBeInstanceOf(MemsyControlClient)
      expect(client).not.toBeInstanceOf(MemsyClient)
    }
    await Promise.all([data!.close(), control!.close()])
  })

  it("go by their own names: in `name`, in inspect output and in the stack of a bad construction", async () => {
    for (const [Client, url] of clients) {
      expect(Client.name).toMatch(/^Memsy(Control)?Client$/)
      const client = new Client({ baseUrl: url, apiKey })
      expect(inspect(client)).toMatch(new RegExp(`^${Client.name} \\{`))
      expect(inspect(client.withOptions({ maxRetries: 1 }))).toMatch(new RegExp(`^${Client.name} \\{`))
      await client.close()
      const error = (() => {
        try {
          new Client({ baseUrl: "not a URL", apiKey })
        } catch (thrown) {
          return thrown
        }
      })()
      expect(error).toBeInstanceOf(MemsyValidationError)
      expect((error as Error).stack).toContain(`at new ${Client.name} `)
    }
    expect(new Set(clients.map(([Client]) => Client.name)).size).toBe(2)
  })
})

describe("abort", () => {
  it("rejects promptly with the abort reason and aborts the request", async () => {
    const { fetch, seen } = recorder("hang")
    const client = new MemsyClient({ baseUrl, apiKey, fetch })
    const controller = new AbortController()
    const call = client.search("preferences", undefined, { signal: controller.signal })
    await vi.waitFor(() => expect(seen).toHaveLength(1))
    const started = performance.now()
    controller.abort()
    const error = await rejection(call)
    expect(performance.now() - started).toBeLessThan(200)
    expect(error).toBeInstanceOf(DOMException)
    expect((error as DOMException).name).toBe("AbortError")
    expect(seen[0]!.signal?.aborted).toBe(true)
    // The client stays usable.
    await client.close()
  })

  it("rejects with a custom reason, and sends nothing when already aborted", async () => {
    const { fetch, seen } = recorder(health)
    const client = new MemsyClient({ baseUrl, apiKey, fetch })
    const reason = new Error("user navigated away")
    await expect(client.health({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    expect(seen).toHaveLength(0)
    await expect(client.health({ signal: new AbortController().signal })).resolves.toMatchObject({
      status: "ok"
    })
    await client.close()
  })

  it("finds the signal after optional parameters left out", async () => {
    const { fetch, seen } = recorder("hang")
    const client = new MemsyControlClient({ baseUrl: controlUrl, apiKey, fetch })
    const controller = new AbortController()
    const call = client.events.list(undefined, { signal: controller.signal })
    await vi.waitFor(() => expect(seen).toHaveLength(1))
    controller.abort()
    await expect(call).rejects.toMatchObject({ name: "AbortError" })
    await client.close()
  })
})

describe("close", () => {
  it("rejects later calls with a clear error", async () => {
    const { fetch, seen } = recorder(health)
    const client = new MemsyClient({ baseUrl, apiKey, fetch })
    await client.health()
    await client.close()
    const error = await rejection(client.orgs.list())
    expect(error).toBeInstanceOf(MemsyClientClosedError)
    expect((error as Error).message).toBe("This MemsyClient is closed")
    expect((error as Error).name).toBe("MemsyClientClosedError")
    expect(seen).toHaveLength(1)
    await client.close() // idempotent
    const control = new MemsyControlClient({ baseUrl: controlUrl, apiKey, fetch })
    await control.close()
    await expect(control.me()).rejects.toThrow("This MemsyControlClient is closed")
  })

  it("aborts the calls in flight", async () => {
    const { fetch, seen } = recorder("hang")
    const client = new MemsyClient({ baseUrl, apiKey, fetch })
    const call = client.health()
    await vi.waitFor(() => expect(seen).toHaveLength(1))
    await client.close()
    await expect(call).rejects.toBeInstanceOf(MemsyClientClosedError)
    expect(seen[0]!.signal?.aborted).toBe(true)
  })

  it("happens at the end of an `await using` block", async () => {
    const { fetch } = recorder(health)
    let escaped: MemsyClient | undefined
    {
      await using client = new MemsyClient({ baseUrl, apiKey, fetch })
      escaped = client
      await client.health()
    }
    await expect(escaped.health()).rejects.toBeInstanceOf(MemsyClientClosedError)
  })
})

describe("options in milliseconds", () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it("timeout: 50 times out after 50 ms", async () => {
    const { fetch, seen } = recorder("hang")
    const client = new MemsyClient({ baseUrl, apiKey, fetch, timeout: 50 })
    const started = performance.now()
    const error = await rejection(client.health())
    expect(performance.now() - started).toBeLessThan(500)
    expect(error).toBeInstanceOf(MemsyConnectionError)
    expect(error).toMatchObject({ reason: "Timeout", detail: "health timed out after 50ms" })
    expect(seen[0]!.signal?.aborted).toBe(true)
    await client.close()
  })

  it("retryBackoff: 1 retries a 429 after about a millisecond", async () => {
    const { fetch, seen } = recorder((index) => (index === 0 ? tooMany : health))
    const client = new MemsyClient({ baseUrl, apiKey, fetch, retryBackoff: 1 })
    const started = performance.now()
    await expect(client.health()).resolves.toMatchObject({ status: "ok" })
    expect(performance.now() - started).toBeLessThan(500)
    expect(seen).toHaveLength(2)
    await client.close()
  })

  it("maxRetries defaults to 3 and maxRetries: 0 disables retries", async () => {
    const always = recorder(tooMany)
    const client = new MemsyClient({ baseUrl, apiKey, fetch: always.fetch, retryBackoff: 1 })
    await expect(client.health()).rejects.toBeInstanceOf(RateLimitExceeded)
    expect(always.seen).toHaveLength(4)
    await client.close()
    const once = recorder(tooMany)
    const noRetry = new MemsyClient({ baseUrl, apiKey, fetch: once.fetch, maxRetries: 0 })
    await expect(noRetry.health()).rejects.toBeInstanceOf(RateLimitExceeded)
    expect(once.seen).toHaveLength(1)
    await noRetry.close()
  })

  it("defaults: 1 000 ms backoff, 30 000 ms timeout", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] })
    const { fetch, seen } = recorder((index) => (index === 0 ? tooMany : "hang"))
    const client = new MemsyClient({ baseUrl, apiKey, fetch })
    const call = rejection(client.health())
    await vi.advanceTimersByTimeAsync(999)
    expect(seen).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(seen).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(29_999)
    expect(seen[1]!.signal?.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await expect(call).resolves.toMatchObject({ reason: "Timeout", detail: "health timed out after 30s" })
    await client.close()
  })
})
