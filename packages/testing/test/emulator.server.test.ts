import { execFile, execFileSync, spawn } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import * as Http from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import { Emulator } from "@memsy/testing"
import { EmulatorServer } from "@memsy/testing/node"
import { main, parseFlags } from "../src/bin.js"

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
    // The latency's own timers, by their delay: counting every timer of the process would count the
    // test runner's too, which come and go on a loaded machine.
    const LATENCY = 61_234
    const pending = new Set<unknown>()
    const set = globalThis.setTimeout
    const clear = globalThis.clearTimeout
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
      const timer = set(() => {
        pending.delete(timer)
        fn()
      }, ms)
      if (ms === LATENCY) pending.add(timer)
      return timer
    }) as typeof setTimeout)
    vi.spyOn(globalThis, "clearTimeout").mockImplementation((timer) => {
      pending.delete(timer)
      clear(timer)
    })
    try {
      expect(server.connections()).toBe(0)
      emulator.inject({ route: "/v1/health", latency: LATENCY })
      const requests = Array.from({ length: 3 }, () =>
        Http.get(`${server.dataUrl}/health`, { agent: false, headers: auth(emulator.apiKey) }).on(
          "error",
          () => {}
        )
      )
      await waitFor(() => server.connections() === 3 && emulator.requests().length === 3)
      expect(pending.size).toBe(3)
      for (const request of requests) request.destroy()
      await waitFor(() => server.connections() === 0)
      await waitFor(() => pending.size === 0)
      expect(pending.size).toBe(0)
    } finally {
      vi.restoreAllMocks()
      await server.close()
    }
  })

  it("answers CORS preflights and lets another origin read every answer and its headers", async () => {
    const server = await EmulatorServer.serve({ emulator: Emulator.make({ processingDelay: 0 }) })
    const { emulator } = server
    const origin = { origin: "http://127.0.0.1:5173" }
    try {
      const preflight = await fetch(`${server.dataUrl}/search`, {
        method: "OPTIONS",
        headers: {
          ...origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type, traceparent, x-request-tag, cookie2"
        }
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*")
      expect(preflight.headers.get("access-control-allow-methods")).toBe("GET, POST, PATCH, DELETE")
      // What the SDKs send, and any x- header; nothing else.
      expect(preflight.headers.get("access-control-allow-headers")).toBe(
        "authorization, content-type, traceparent, x-request-tag"
      )
      expect(emulator.requests()).toEqual([])

      const search = await fetch(`${server.dataUrl}/search`, {
        method: "POST",
        headers: { ...origin, ...auth(emulator.apiKey) },
        body: JSON.stringify({ query: "dark mode" })
      })
      expect(search.status).toBe(200)
      expect(search.headers.get("access-control-allow-origin")).toBe("*")
      const exposed = search.headers.get("access-control-expose-headers")?.split(", ")
      expect(exposed).toEqual(
        expect.arrayContaining([
          "x-ratelimit-limit",
          "x-ratelimit-remaining",
          "x-ratelimit-reset",
          "x-usage-apicalls",
          "x-usage-searchqueries-limit",
          "x-plan"
        ])
      )
      expect(exposed).not.toContain("content-type")

      // Errors and injected faults too, with their Retry-After readable.
      const denied = await fetch(`${server.controlUrl}/me`, { headers: origin })
      expect(denied.status).toBe(401)
      expect(denied.headers.get("access-control-allow-origin")).toBe("*")
      emulator.inject({ route: "GET /v1/health", status: 429, retryAfter: 2, times: 1 })
      const limited = await fetch(`${server.dataUrl}/health`, {
        headers: { ...origin, ...auth(emulator.apiKey) }
      })
      expect(limited.status).toBe(429)
      expect(limited.headers.get("access-control-expose-headers")).toContain("retry-after")
      // An OPTIONS that is no preflight is an API call like any other.
      const options = await fetch(`${server.dataUrl}/search`, {
        method: "OPTIONS",
        headers: auth(emulator.apiKey)
      })
      expect(options.status).toBe(405)
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
  const defaults = {
    port: 4010,
    host: "127.0.0.1",
    processingDelay: 1000,
    help: false,
    key: {},
    keys: [],
    keysFile: undefined
  }

  it("parses flags, rejecting unknown ones and bad numbers", () => {
    expect(parseFlags([])).toEqual(defaults)
    expect(parseFlags(["--port", "0", "--host=localhost", "--processing-delay", "5"])).toEqual({
      ...defaults,
      port: 0,
      host: "localhost",
      processingDelay: 5
    })
    expect(() => parseFlags(["--port", "x"])).toThrow("--port")
    expect(() => parseFlags(["--verbose"])).toThrow("Unknown argument")
  })

  it("accepts the -- that pnpm passes on", () => {
    expect(parseFlags(["--", "--help"])).toEqual({ ...defaults, help: true })
    expect(parseFlags(["--port", "0", "--"])).toEqual({ ...defaults, port: 0 })
  })

  it("parses the printed key's tier, scopes, admin, seat and org, and further keys", () => {
    expect(
      parseFlags(["--tier", "free", "--scopes=read", "--no-admin", "--no-seat", "--org", "org_free"]).key
    ).toEqual({ tier: "free", scopes: ["read"], admin: false, seat: false, orgId: "org_free" })
    expect(parseFlags(["--scopes", "none"]).key).toEqual({ scopes: [] })
    expect(parseFlags(["--scopes", "read,write", "--no-admin", "--admin"]).key).toEqual({
      scopes: ["read", "write"],
      admin: true
    })
    expect(
      parseFlags([
        "--key",
        "name=reader,tier=free,scopes=read,admin=false,seat=no,org=org_free,email=r@x.io",
        "--key=name=writer,scopes=write"
      ]).keys
    ).toEqual([
      {
        name: "reader",
        tier: "free",
        scopes: ["read"],
        admin: false,
        seat: false,
        orgId: "org_free",
        email: "r@x.io"
      },
      { name: "writer", scopes: ["write"] }
    ])
    expect(() => parseFlags(["--tier", "team"])).toThrow("--tier expects free or pro")
    expect(() => parseFlags(["--scopes", "admin"])).toThrow(
      "--scopes expects read+write, read, write or none"
    )
    expect(() => parseFlags(["--key", "name=x,role=owner"])).toThrow('--key: unknown field "role"')
    expect(() => parseFlags(["--key", "admin=maybe"])).toThrow("--key admin expects true or false")
    expect(() => parseFlags(["--key"])).toThrow("--key expects a non-empty value")
  })

  it("--help documents every flag", async () => {
    const help: Array<string> = []
    expect(await main(["--", "--help"], (line) => help.push(line))).toBeUndefined()
    for (const flag of [
      "--port",
      "--host",
      "--processing-delay",
      "--tier",
      "--scopes",
      "--no-admin",
      "--no-seat",
      "--org",
      "--key",
      "--keys",
      "--help"
    ]) {
      expect(help.join("\n")).toContain(`  ${flag} `)
    }
  })

  describe("the keys file", () => {
    const dir = mkdtempSync(join(tmpdir(), "memsy-emulator-keys-"))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    const file = (name: string, contents: unknown) => {
      const path = join(dir, name)
      writeFileSync(path, typeof contents === "string" ? contents : JSON.stringify(contents))
      return path
    }

    it("sets the printed key (flags win) and adds keys before the --key ones", async () => {
      const keys = file("keys.json", {
        key: { tier: "free", scopes: ["read"], orgId: "org_file" },
        keys: [{ name: "auditor", admin: false }]
      })
      const lines: Array<string> = []
      const server = await main(
        ["--port", "0", "--keys", keys, "--scopes", "read+write", "--key", "name=guest,seat=false"],
        (line) => lines.push(line)
      )
      try {
        const output = lines.join("\n")
        expect(output).toContain(
          `API key:       ${server!.emulator.apiKey}  (free, scopes read+write, admin, seat, org org_file)`
        )
        const auditor =
          /key auditor: (msy_[0-9a-f]{32}) {2}\(pro, scopes read\+write, not admin, seat, org org_emulator\)/.exec(
            output
          )
        const guest =
          /key guest: (msy_[0-9a-f]{32}) {2}\(pro, scopes read\+write, admin, no seat, org org_emulator\)/.exec(
            output
          )
        expect(output.indexOf("key auditor")).toBeLessThan(output.indexOf("key guest"))
        const me = async (key: string) =>
          (await (await fetch(`${server!.controlUrl}/me`, { headers: auth(key) })).json()) as Record<
            string,
            unknown
          >
        expect(await me(server!.emulator.apiKey)).toMatchObject({ org_id: "org_file", tier: "free" })
        expect(await me(auditor![1]!)).toMatchObject({ org_id: "org_emulator", org_role: "org:member" })
        const events = await fetch(`${server!.controlUrl}/console/events`, { headers: auth(guest![1]!) })
        expect(events.status).toBe(403)
      } finally {
        await server?.close()
      }
    })

    it("rejects a bad file naming the field and the rule", async () => {
      const run = (contents: unknown) => main(["--port", "0", "--keys", file("bad.json", contents)], () => {})
      await expect(run("{ nope")).rejects.toThrow("bad.json is not JSON")
      await expect(run({ keys: {} })).rejects.toThrow("keys must be an array")
      await expect(run({ key: { tier: "gold" } })).rejects.toThrow("key.tier expects free or pro")
      await expect(run({ keys: [{ scopes: "read" }] })).rejects.toThrow(
        'keys[0].scopes must be an array of "read" and "write"'
      )
      await expect(run({ keys: [{ admin: "no" }] })).rejects.toThrow("keys[0].admin must be true or false")
      await expect(run({ key: { role: "owner" } })).rejects.toThrow('key: unknown field "role"')
      await expect(run({ users: [] })).rejects.toThrow('unknown field "users"')
      await expect(main(["--keys", join(dir, "missing.json")], () => {})).rejects.toThrow(
        "--keys: cannot read"
      )
    })
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

    /** Runs the built bin with `args` until it has printed its export line. */
    const start = async (args: ReadonlyArray<string>) => {
      const child = spawn(process.execPath, [join(out, "bin.js"), ...args], {
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
      const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
        child.kill(signal)
        return exited
      }
      return {
        printed,
        stop,
        base: /MEMSY_BASE_URL=(\S+)/.exec(printed)?.[1],
        control: /MEMSY_CONTROL_URL=(\S+)/.exec(printed)?.[1],
        key: /MEMSY_API_KEY=(\S+)/.exec(printed)?.[1],
        named: (name: string) => new RegExp(`key ${name}: (msy_[0-9a-f]{32})`).exec(printed)?.[1]
      }
    }

    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      it(`starts, prints its URLs and key, answers, and exits 0 on ${signal}`, async () => {
        const { printed, base, control, key, stop } = await start(["--port", "0"])
        expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)
        expect(control).toBe(base!.replace(/\/v1$/, "/api"))
        expect(key).toMatch(/^msy_[0-9a-f]{32}$/)
        expect(printed).toContain(`data plane:    ${base}`)
        const health = await fetch(`${base}/health`, { headers: { authorization: `Bearer ${key}` } })
        expect(health.status).toBe(200)
        expect(await stop(signal)).toBe(0)
      }, 20_000)
    }

    it("serves the keys its flags describe: a shell client meets every 401 and 403", async () => {
      const bin = await start([
        "--",
        "--port=0",
        "--scopes",
        "read",
        "--no-seat",
        "--key",
        "name=writer,scopes=write,admin=false",
        "--key",
        "name=free,tier=free,org=org_free"
      ])
      try {
        const { base, control, key } = bin
        const [writer, free] = [bin.named("writer"), bin.named("free")]
        expect(writer).toMatch(/^msy_/)
        expect(free).toMatch(/^msy_/)
        const call = async (url: string, raw: string | undefined, body?: unknown) => {
          const response = await fetch(url, {
            method: body === undefined ? "GET" : "POST",
            headers: {
              ...(raw && { authorization: `Bearer ${raw}` }),
              ...(body !== undefined && { "content-type": "application/json" })
            },
            ...(body !== undefined && { body: JSON.stringify(body) })
          })
          const json = (await response.json()) as { error?: string; detail?: { error?: string } }
          return `${response.status} ${json.error ?? json.detail?.error ?? "ok"}`
        }
        const events = {
          events: [{ actor_id: "u1", session_id: "s1", kind: "user_message", content: "hi there" }]
        }
        expect(await call(`${base}/health`, undefined)).toBe("401 unauthorized")
        expect(await call(`${base}/health`, "msy_00000000000000000000000000000000")).toBe("401 unauthorized")
        // The printed key: read only, admin, no seat.
        expect(await call(`${base}/search`, key, { query: "hi" })).toBe("200 ok")
        expect(await call(`${base}/ingest`, key, events)).toBe("403 insufficient_scope")
        expect(await call(`${control}/console/events`, key)).toBe("403 seat_required")
        expect(await call(`${control}/usage/summary`, key)).toBe("200 ok")
        // writer: write only, not admin, seated.
        expect(await call(`${base}/ingest`, writer, events)).toBe("200 ok")
        expect(await call(`${base}/search`, writer, { query: "hi" })).toBe("403 insufficient_scope")
        expect(await call(`${control}/usage/summary`, writer)).toBe("403 admin_required")
        expect(await call(`${control}/console/events`, writer)).toBe("200 ok")
        // free: a free org of its own.
        expect(await call(`${control}/billing/summary`, free)).toBe("403 billing_not_enabled")
        expect(await call(`${control}/billing/summary`, writer)).toBe("403 admin_required")
      } finally {
        expect(await bin.stop()).toBe(0)
      }
    }, 20_000)

    it("prints its help for `pnpm emulator -- --help`, and exits 2 naming a bad flag", async () => {
      const run = (args: ReadonlyArray<string>) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
          execFile(process.execPath, [join(out, "bin.js"), ...args], (error, stdout, stderr) =>
            resolve({ code: error ? (error.code as number) : 0, stdout, stderr })
          )
        )
      const help = await run(["--", "--help"])
      expect(help.code).toBe(0)
      expect(help.stdout).toContain("--key SPEC")
      const bad = await run(["--tier", "gold"])
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain("--tier expects free or pro")
    }, 20_000)
  })
})
