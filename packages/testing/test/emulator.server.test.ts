import { execFileSync, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import * as Http from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { main, parseFlags } from "../src/bin.js"
import * as Emulator from "../src/Emulator.js"
import * as EmulatorServer from "../src/EmulatorServer.js"

const auth = (key: string) => ({ authorization: `Bearer ${key}`, "content-type": "application/json" })

/** Polls `condition` every 5 ms; fails after 2 s. */
const waitFor = async (condition: () => boolean) => {
  for (const end = Date.now() + 2_000; !condition();) {
    if (Date.now() > end) throw new Error("condition not met within 2 s")
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

describe("EmulatorServer on 127.0.0.1", () => {
  it("serves both planes over real HTTP with the emulator's headers and bodies", async () => {
    const emulator = Emulator.make({ processingDelay: 0 })
    const server = await EmulatorServer.serve({ emulator })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(server.dataUrl).toBe(`${server.url}/v1`)
      expect(server.controlUrl).toBe(`${server.url}/api`)
      const ingest = await fetch(`${server.dataUrl}/ingest`, {
        method: "POST",
        headers: auth(emulator.apiKey),
        body: JSON.stringify({
          events: [{ actor_id: "u1", session_id: "s1", kind: "user_message", content: "I prefer dark mode" }]
        })
      })
      expect(ingest.status).toBe(200)
      expect(ingest.headers.get("x-ratelimit-remaining")).toBe("599")
      expect(ingest.headers.get("x-plan")).toBe("pro")
      const { event_ids } = (await ingest.json()) as { event_ids: Array<string> }
      const search = await fetch(`${server.dataUrl}/search`, {
        method: "POST",
        headers: auth(emulator.apiKey),
        body: JSON.stringify({ query: "dark mode", include_source_events: true })
      })
      const { results } = (await search.json()) as {
        results: Array<{ metadata: { source_event_ids: Array<string> } }>
      }
      expect(results[0]?.metadata.source_event_ids).toEqual(event_ids)
      const events = await fetch(`${server.controlUrl}/console/events`, { headers: auth(emulator.apiKey) })
      expect(((await events.json()) as { total: number }).total).toBe(1)
      const role = await fetch(`${server.dataUrl}/roles`, {
        method: "POST",
        headers: auth(emulator.apiKey),
        body: JSON.stringify({ org_id: "org_emulator", name: "Eng", focus: "code" })
      })
      const { role_id } = (await role.json()) as { role_id: string }
      const regenerated = await fetch(
        `${server.dataUrl}/roles/${role_id}/regenerate-prompt?org_id=org_emulator`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${emulator.apiKey}` }
        }
      )
      expect(regenerated.status).toBe(200)
      const deleted = await fetch(`${server.dataUrl}/roles/${role_id}?org_id=org_emulator`, {
        method: "DELETE",
        headers: auth(emulator.apiKey)
      })
      expect(deleted.status).toBe(204)
      expect(await deleted.text()).toBe("")
      const denied = await fetch(`${server.controlUrl}/me`)
      expect(denied.status).toBe(401)
      expect(await denied.json()).toMatchObject({ detail: { error: "unauthorized" } })
      expect(emulator.requests().map((r) => r.path)).toContain("/v1/roles")
    } finally {
      await server.close()
    }
  })

  it("a dropped connection surfaces as a fetch rejection; latency is honoured", async () => {
    const server = await EmulatorServer.serve()
    const { emulator } = server
    try {
      emulator.inject({ route: "GET /v1/health", drop: true, times: 1 })
      await expect(fetch(`${server.dataUrl}/health`, { headers: auth(emulator.apiKey) })).rejects.toThrow(
        TypeError
      )
      emulator.inject({ route: "GET /v1/health", latency: 30, times: 1 })
      const started = performance.now()
      const slow = await fetch(`${server.dataUrl}/health`, { headers: auth(emulator.apiKey) })
      expect(slow.status).toBe(200)
      expect(performance.now() - started).toBeGreaterThanOrEqual(25)
      emulator.inject({ route: "/v1/search", malformed: true, times: 1 })
      const malformed = await fetch(`${server.dataUrl}/search`, {
        method: "POST",
        headers: auth(emulator.apiKey),
        body: "{}"
      })
      await expect(malformed.json()).rejects.toThrow(SyntaxError)
    } finally {
      await server.close()
    }
  })

  it("drops after handling, cuts bodies and sends gzip bodies whose Content-Length lies", async () => {
    const server = await EmulatorServer.serve()
    const { emulator } = server
    const headers = auth(emulator.apiKey)
    try {
      emulator.inject({ route: "POST /v1/ingest", drop: "after", times: 1 })
      const events = [{ actor_id: "u1", session_id: "s1", kind: "user_message", content: "I like tea" }]
      const body = JSON.stringify({ events })
      await expect(fetch(`${server.dataUrl}/ingest`, { method: "POST", headers, body })).rejects.toThrow(
        TypeError
      )
      expect(emulator.events()).toHaveLength(1)
      for (const fault of [{ drop: "body" }, { gzip: "long" }] as const) {
        emulator.inject({ route: "/v1/health", ...fault, times: 1 })
        const response = await fetch(`${server.dataUrl}/health`, { headers })
        expect(response.status).toBe(200)
        await expect(response.text()).rejects.toThrow("terminated")
      }
      // fetch inflates what arrived: the first half of the announced bytes, so a truncated body.
      emulator.inject({ route: "/v1/health", gzip: "short", times: 1 })
      const short = await fetch(`${server.dataUrl}/health`, { headers })
      expect(short.headers.get("content-encoding")).toBe("gzip")
      const text = await short.text().catch(() => "")
      expect(() => JSON.parse(text)).toThrow(SyntaxError)
      expect((await fetch(`${server.dataUrl}/health`, { headers })).status).toBe(200)
    } finally {
      await server.close()
    }
  })

  it("counts open connections; latency ends with its connection, leaving no timer behind", async () => {
    const server = await EmulatorServer.serve()
    const { emulator } = server
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length
    try {
      expect(server.connections()).toBe(0)
      const before = timers()
      emulator.inject({ route: "/v1/health", latency: 60_000 })
      const requests = Array.from({ length: 3 }, () =>
        Http.get(`${server.dataUrl}/health`, { agent: false, headers: auth(emulator.apiKey) }).on(
          "error",
          () => {}
        )
      )
      await waitFor(() => server.connections() === 3 && emulator.requests().length === 3)
      expect(timers()).toBeGreaterThanOrEqual(before + 3)
      for (const request of requests) request.destroy()
      await waitFor(() => server.connections() === 0)
      expect(timers()).toBeLessThanOrEqual(before)
    } finally {
      await server.close()
    }
  })

  it("close() stops listening even with keep-alive connections open", async () => {
    const server = await EmulatorServer.serve()
    const ok = await fetch(`${server.dataUrl}/health`, { headers: auth(server.emulator.apiKey) })
    expect(ok.status).toBe(200)
    await server.close()
    await expect(
      fetch(`${server.dataUrl}/health`, { headers: auth(server.emulator.apiKey) })
    ).rejects.toThrow()
  })
})

describe("memsy-emulator CLI", () => {
  it("parses flags, rejecting unknown ones and bad numbers", () => {
    expect(parseFlags([])).toEqual({ port: 4010, host: "127.0.0.1", processingDelay: 1000, help: false })
    expect(parseFlags(["--port", "0", "--host=localhost", "--processing-delay", "5"])).toEqual({
      port: 0,
      host: "localhost",
      processingDelay: 5,
      help: false
    })
    expect(() => parseFlags(["--port", "x"])).toThrow("--port")
    expect(() => parseFlags(["--verbose"])).toThrow("Unknown argument")
  })

  it("main() serves and prints the URLs, a working key and the export line", async () => {
    const lines: Array<string> = []
    const server = await main(["--port", "0", "--processing-delay", "0"], (line) => lines.push(line))
    expect(server).toBeDefined()
    try {
      const output = lines.join("\n")
      expect(output).toContain(server!.dataUrl)
      expect(output).toContain(server!.controlUrl)
      const key = /MEMSY_API_KEY=(msy_[0-9a-f]{32})/.exec(output)?.[1]
      expect(key).toBe(server!.emulator.apiKey)
      expect(lines.at(-1)).toBe(
        `export MEMSY_BASE_URL=${server!.dataUrl} MEMSY_CONTROL_URL=${server!.controlUrl} MEMSY_API_KEY=${key}`
      )
      const me = await fetch(`${server!.controlUrl}/me`, { headers: auth(key!) })
      expect(me.status).toBe(200)
    } finally {
      await server!.close()
    }
    const help: Array<string> = []
    expect(await main(["--help"], (line) => help.push(line))).toBeUndefined()
    expect(help.join("\n")).toContain("--processing-delay")
  })

  describe("built bin", () => {
    const cwd = fileURLToPath(new URL("..", import.meta.url))
    const out = mkdtempSync(join(tmpdir(), "memsy-emulator-bin-"))
    beforeAll(() => {
      // Bundles only the bin (and the emulator it imports), independent of the package's other entries.
      execFileSync(
        "npx",
        [
          "tsup",
          "src/bin.ts",
          "--no-config",
          "--format",
          "esm",
          "--target",
          "es2022",
          "--platform",
          "node",
          "--out-dir",
          out,
          "--silent"
        ],
        { cwd, stdio: "ignore", timeout: 60_000 }
      )
    }, 90_000)
    afterAll(() => rmSync(out, { recursive: true, force: true }))

    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      it(`starts, prints its URLs and key, answers, and exits 0 on ${signal}`, async () => {
        const child = spawn(process.execPath, [join(out, "bin.js"), "--port", "0"], {
          stdio: ["ignore", "pipe", "pipe"]
        })
        let stdout = ""
        const ready = new Promise<string>((resolve, reject) => {
          child.stdout.on("data", (chunk: Buffer) => {
            stdout += chunk.toString()
            if (stdout.includes("export MEMSY_BASE_URL=")) resolve(stdout)
          })
          child.once("exit", (code) => reject(new Error(`exited early with ${code}`)))
        })
        const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
        const printed = await ready
        const base = /MEMSY_BASE_URL=(\S+)/.exec(printed)?.[1]
        const control = /MEMSY_CONTROL_URL=(\S+)/.exec(printed)?.[1]
        const key = /MEMSY_API_KEY=(\S+)/.exec(printed)?.[1]
        expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
        expect(control).toBe(base!.replace(/\/v1$/, "/api"))
        expect(key).toMatch(/^msy_[0-9a-f]{32}$/)
        expect(printed).toContain(`data plane:    ${base}`)
        const health = await fetch(`${base}/health`, { headers: { authorization: `Bearer ${key}` } })
        expect(health.status).toBe(200)
        child.kill(signal)
        expect(await exited).toBe(0)
      }, 20_000)
    }
  })
})
