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
})
