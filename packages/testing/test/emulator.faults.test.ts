import { describe, expect, it } from "vitest"
import * as Emulator from "../src/Emulator.js"
import { get, post } from "./emulator.helpers.js"

describe("Emulator faults", () => {
  it("a status fault answers for `times` matching calls, then normal service resumes; all are logged", async () => {
    const e = Emulator.make()
    e.inject({
      route: "POST /v1/search",
      status: 503,
      body: { detail: "busy" },
      headers: { "x-fault": "1" },
      times: 2
    })
    const first = await post(e, "/v1/search", { query: "x" })
    expect(first).toMatchObject({ status: 503, body: { detail: "busy" } })
    expect(first.headers.get("x-fault")).toBe("1")
    expect((await get(e, "/v1/health")).status).toBe(200)
    expect((await post(e, "/v1/search", { query: "x" })).status).toBe(503)
    expect((await post(e, "/v1/search", { query: "x" })).status).toBe(200)
    expect(e.requests()).toEqual([
      { method: "POST", path: "/v1/search", status: 503 },
      { method: "GET", path: "/v1/health", status: 200 },
      { method: "POST", path: "/v1/search", status: 503 },
      { method: "POST", path: "/v1/search", status: 200 }
    ])
  })

  it("a 429 fault carries Retry-After and a plain rate-limit body by default; strings are raw text", async () => {
    const e = Emulator.make()
    e.inject({ route: "/v1/ingest", status: 429, retryAfter: 7, times: 1 })
    const limited = await post(e, "/v1/ingest", { events: [] })
    expect(limited.status).toBe(429)
    expect(limited.headers.get("retry-after")).toBe("7")
    expect(limited.body).toEqual({ error: "rate_limited", message: "Too many requests" })
    e.inject({
      route: "GET /api/me",
      status: 502,
      body: "<html>Bad Gateway</html>",
      retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT"
    })
    const gateway = await get(e, "/api/me")
    expect(gateway).toMatchObject({ status: 502, text: "<html>Bad Gateway</html>", body: undefined })
    expect(gateway.headers.get("retry-after")).toBe("Wed, 21 Oct 2026 07:28:00 GMT")
    expect(gateway.headers.get("content-type")).toContain("text/plain")
  })

  it("matches method and path exactly, a trailing * as prefix, and everything without a route", async () => {
    const e = Emulator.make()
    e.inject({ route: "GET /v1/search", status: 500 })
    expect((await post(e, "/v1/search", { query: "x" })).status).toBe(200)
    e.clearFaults()
    e.inject({ route: "/api/*", status: 500, times: 2 })
    expect((await get(e, "/v1/health")).status).toBe(200)
    expect((await get(e, "/api/health")).status).toBe(500)
    expect((await get(e, "/api/keys")).status).toBe(500)
    expect((await get(e, "/api/keys")).status).toBe(200)
    e.inject({ status: 418 })
    expect((await get(e, "/v1/health")).status).toBe(418)
    expect((await get(e, "/api/me")).status).toBe(418)
    e.clearFaults()
    expect((await get(e, "/api/me")).status).toBe(200)
  })

  it("faults apply before authentication", async () => {
    const e = Emulator.make()
    e.inject({ route: "/v1/health", status: 500, times: 1 })
    expect((await get(e, "/v1/health", { key: null })).status).toBe(500)
    expect((await get(e, "/v1/health", { key: null })).status).toBe(401)
  })

  it("latency alone delays the normal response; it adds up with a terminal fault", async () => {
    const e = Emulator.make()
    e.inject({ route: "/v1/health", latency: 250, times: 1 })
    const slow = await get(e, "/v1/health")
    expect(slow).toMatchObject({ status: 200, delay: 250, body: { status: "ok" } })
    expect((await get(e, "/v1/health")).delay).toBe(0)
    e.inject({ latency: 100, times: 1 })
    e.inject({ status: 500, latency: 50, times: 1 })
    expect(await get(e, "/v1/health")).toMatchObject({ status: 500, delay: 150 })
  })

  it("handler waits the latency with setTimeout, and an abort signal cuts it short", async () => {
    const e = Emulator.make()
    e.inject({ latency: 30, times: 1 })
    const started = performance.now()
    const response = await e.fetch(`${e.baseUrl}/health`, {
      headers: { authorization: `Bearer ${e.apiKey}` }
    })
    expect(response.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(25)
    e.inject({ latency: 60_000, times: 1 })
    const controller = new AbortController()
    const pending = e.fetch(`${e.baseUrl}/health`, {
      headers: { authorization: `Bearer ${e.apiKey}` },
      signal: controller.signal
    })
    controller.abort(new Error("timed out"))
    await expect(pending).rejects.toThrow("timed out")
  })

  it("drop: exchange says Drop, handler and fetch reject like a failed fetch", async () => {
    const e = Emulator.make()
    e.inject({ route: "POST /v1/search", drop: true, latency: 5, times: 2 })
    const request = new Request(`${e.baseUrl}/search`, {
      method: "POST",
      headers: { authorization: `Bearer ${e.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ query: "x" })
    })
    expect(await e.exchange(request)).toEqual({ _tag: "Drop", delay: 5 })
    const dropped = e.fetch(`${e.baseUrl}/search`, {
      method: "POST",
      headers: { authorization: `Bearer ${e.apiKey}` },
      body: "{}"
    })
    await expect(dropped).rejects.toThrow(TypeError)
    await expect(dropped).rejects.toThrow("fetch failed")
    expect(e.requests().map((r) => r.status)).toEqual([0, 0])
  })

  it("malformed: a 200 whose JSON body does not parse", async () => {
    const e = Emulator.make()
    e.inject({ route: "/v1/search", malformed: true, times: 1 })
    const r = await post(e, "/v1/search", { query: "x" })
    expect(r.status).toBe(200)
    expect(r.headers.get("content-type")).toBe("application/json")
    expect(() => JSON.parse(r.text)).toThrow(SyntaxError)
    expect((await post(e, "/v1/search", { query: "x" })).body).toEqual({ results: [] })
  })

  it("header-only faults decorate the normal response", async () => {
    const e = Emulator.make()
    e.inject({ route: "/v1/health", headers: { "x-request-id": "abc" }, times: 1 })
    const r = await get(e, "/v1/health")
    expect(r.status).toBe(200)
    expect(r.headers.get("x-request-id")).toBe("abc")
  })

  it("requestHeaders: only the requests carrying those headers (any case) get the fault", async () => {
    const e = Emulator.make()
    e.inject({ requestHeaders: { "X-Call": "7" }, status: 503, times: 1 })
    const headers = (call: string) => ({ authorization: `Bearer ${e.apiKey}`, "x-call": call })
    expect((await e.fetch(`${e.baseUrl}/health`, { headers: headers("6") })).status).toBe(200)
    expect((await e.fetch(`${e.baseUrl}/health`)).status).toBe(401)
    expect((await e.fetch(`${e.baseUrl}/health`, { headers: headers("7") })).status).toBe(503)
    expect((await e.fetch(`${e.baseUrl}/health`, { headers: headers("7") })).status).toBe(200)
  })

  it('drop "after": the request is handled, then its answer is lost', async () => {
    const e = Emulator.make()
    e.inject({ route: "POST /v1/ingest", drop: "after", times: 1 })
    const event = { actor_id: "u1", session_id: "s1", kind: "user_message", content: "I like tea" }
    const lost = await post(e, "/v1/ingest", { events: [event] })
    expect(lost.dropped).toBe(true)
    expect(e.events().map((stored) => stored.content)).toEqual(["I like tea"])
    expect(e.requests().at(-1)).toEqual({ method: "POST", path: "/v1/ingest", status: 0 })
    // Before handling (true or "before"), nothing is stored.
    e.inject({ route: "POST /v1/ingest", drop: "before", times: 1 })
    expect((await post(e, "/v1/ingest", { events: [{ ...event, content: "I like coffee" }] })).dropped).toBe(
      true
    )
    expect(e.events()).toHaveLength(1)
  })

  it('drop "body" and gzip damage the answer: the exchange says how, fetch fails to read the body', async () => {
    for (const [fault, damage] of [
      [{ drop: "body" }, "cut"],
      [{ gzip: "long" }, "gzipLong"],
      [{ gzip: "short" }, "gzipShort"]
    ] as const) {
      const e = Emulator.make()
      e.inject({ route: "/v1/health", ...fault, times: 1 })
      const request = new Request(`${e.baseUrl}/health`, { headers: { authorization: `Bearer ${e.apiKey}` } })
      const outcome = await e.exchange(request)
      expect(outcome).toMatchObject({ _tag: "Damage", damage, delay: 0 })
      expect(outcome._tag === "Damage" && outcome.response.status).toBe(200)
      e.inject({ route: "/v1/health", ...fault, times: 1 })
      const response = await e.fetch(`${e.baseUrl}/health`, {
        headers: { authorization: `Bearer ${e.apiKey}` }
      })
      expect(response.status).toBe(200)
      await expect(response.text()).rejects.toThrow("terminated")
      expect((await get(e, "/v1/health")).body).toMatchObject({ status: "ok" })
    }
  })

  it("a damaged status fault keeps its status; a body-less answer has nothing to damage", async () => {
    const e = Emulator.make()
    e.inject({ status: 503, drop: "body", times: 1 })
    const broken = await e.fetch(`${e.baseUrl}/health`)
    expect(broken.status).toBe(503)
    await expect(broken.text()).rejects.toThrow()
    e.inject({ status: 204, gzip: "long", times: 1 })
    const empty = await e.fetch(`${e.baseUrl}/health`)
    expect(empty.status).toBe(204)
    expect(await empty.text()).toBe("")
  })
})
