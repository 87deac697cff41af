// The claim that the SDKs run wherever fetch does, checked in a real browser: both packages are
// bundled for the browser (a `node:` import would fail the bundle) and run in headless Chromium
// against the emulator, served from the page's own origin, then from another one (CORS).
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Emulator } from "@memsy/testing"
import { EmulatorServer } from "@memsy/testing/node"
import { build } from "esbuild"
import { describe, expect, it } from "vitest"

// Debian's chromium, which .ci/run installs; MEMSY_CHROMIUM points elsewhere.
const chromium = process.env.MEMSY_CHROMIUM ?? "/usr/bin/chromium"
const here = fileURLToPath(new URL(".", import.meta.url))

const readBody = async (request: IncomingMessage): Promise<Uint8Array> => {
  const chunks: Array<Uint8Array> = []
  for await (const chunk of request) chunks.push(chunk as Uint8Array)
  return Buffer.concat(chunks)
}

/** `page` bundled for the browser from the published builds, as a browser app would bundle them. */
const bundle = async (page: string, define: Record<string, string>): Promise<string> => {
  const result = await build({
    entryPoints: [join(here, "browser", page)],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    define: Object.fromEntries(Object.entries(define).map(([name, value]) => [name, JSON.stringify(value)])),
    conditions: ["import"],
    mainFields: ["module", "main"]
  })
  return result.outputFiles[0]!.text
}

/**
 * Serves `script` as a page on 127.0.0.1, opens it in headless Chromium and resolves with what the page
 * POSTs to `/report`; `other` answers every other request of the page's origin.
 */
const runPage = async (
  script: string,
  other: (request: IncomingMessage, response: ServerResponse, url: string) => Promise<void> | void = (_, r) =>
    void r.writeHead(404).end()
): Promise<unknown> => {
  expect(
    existsSync(chromium),
    `no Chromium at ${chromium}: apt-get install chromium, or set MEMSY_CHROMIUM`
  ).toBe(true)
  let resolveReport: (body: unknown) => void = () => {}
  const reported = new Promise<unknown>((resolve) => (resolveReport = resolve))
  const server = createServer(async (request, response) => {
    const url = request.url ?? "/"
    if (url === "/") {
      response.setHeader("content-type", "text/html")
      return response.end(`<!doctype html><script type="module" src="/page.js"></script>`)
    }
    if (url === "/page.js") {
      response.setHeader("content-type", "text/javascript")
      return response.end(script)
    }
    if (url === "/report") {
      resolveReport(JSON.parse(Buffer.from(await readBody(request)).toString("utf8")))
      return response.end()
    }
    return other(request, response, url)
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  const profile = mkdtempSync(join(tmpdir(), "memsy-chromium-"))
  const browser = spawn(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      `http://127.0.0.1:${port}/`
    ],
    // Its own process group, so the renderer and helper processes die with it (they write to the profile).
    { stdio: "ignore", detached: true }
  )
  try {
    return await Promise.race([
      reported,
      new Promise((_, reject) => setTimeout(() => reject(new Error("the page never reported")), 45_000))
    ])
  } finally {
    const exited = new Promise((resolve) => browser.once("exit", resolve))
    try {
      process.kill(-browser.pid!, "SIGKILL")
    } catch {
      browser.kill("SIGKILL")
    }
    await exited
    await new Promise<void>((resolve) => server.close(() => resolve()))
    server.closeAllConnections()
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 })
  }
}

describe("in a browser (headless Chromium)", () => {
  it("ingests and searches with @memsy/sdk and @memsy/effect", { timeout: 60_000 }, async () => {
    const emulator = Emulator.make({ processingDelay: 0 })
    const script = await bundle("page.ts", { MEMSY_API_KEY: emulator.apiKey })
    // The emulator on the page's own origin, through its web handler.
    const result = await runPage(script, async (request, response, url) => {
      if (url === "/process") {
        emulator.processAll()
        return void response.end()
      }
      const body = request.method === "GET" || request.method === "HEAD" ? undefined : await readBody(request)
      const answer = await emulator.handler(
        new Request(`http://${request.headers.host}${url}`, {
          method: request.method ?? "GET",
          headers: request.headers as Record<string, string>,
          body: body && body.length > 0 ? new Uint8Array(body) : null
        })
      )
      response.writeHead(answer.status, Object.fromEntries(answer.headers))
      response.end(Buffer.from(await answer.arrayBuffer()))
    })
    expect(result).toMatchObject({
      top: "I prefer dark mode in the browser",
      invalid: "MemsyValidationError",
      totalMemories: 1
    })
    expect((result as { eventIds: Array<string> }).eventIds).toHaveLength(1)
  })

  it(
    "calls the emulator's server from another origin: preflights pass, headers are readable",
    { timeout: 60_000 },
    async () => {
      const emulator = Emulator.make({ processingDelay: 0 })
      const server = await EmulatorServer.serve({ emulator })
      try {
        const script = await bundle("cross-origin.ts", {
          MEMSY_API_KEY: emulator.apiKey,
          MEMSY_BASE_URL: server.dataUrl,
          MEMSY_CONTROL_URL: server.controlUrl
        })
        const result = (await runPage(script)) as Record<string, unknown>
        expect(result).toMatchObject({
          top: "I prefer dark mode in the browser",
          // Readable only because the server exposes them.
          remaining: expect.any(Number),
          plan: "pro",
          orgId: "org_emulator",
          refused: "TypeError"
        })
        expect(result.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
        expect(result.origin).not.toBe(server.url)
        // The refused call never reached the emulator; the preflights were never taken for calls.
        expect(emulator.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
          "POST /v1/ingest 200",
          "POST /v1/search 200",
          "GET /api/me 200"
        ])
      } finally {
        await server.close()
      }
    }
  )
})
