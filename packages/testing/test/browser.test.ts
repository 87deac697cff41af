// The claim that the SDKs run wherever fetch does, checked in a real browser: both packages are
// bundled for the browser (a `node:` import would fail the bundle) and run in headless Chromium
// against the emulator served from the page's own origin.
import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { createServer, type IncomingMessage } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Emulator } from "@memsy/testing"
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

describe("in a browser (headless Chromium)", () => {
  it("ingests and searches with @memsy/sdk and @memsy/effect", { timeout: 60_000 }, async () => {
    expect(
      existsSync(chromium),
      `no Chromium at ${chromium}: apt-get install chromium, or set MEMSY_CHROMIUM`
    ).toBe(true)
    const emulator = Emulator.make({ processingDelay: 0 })
    const bundle = await build({
      entryPoints: [join(here, "browser/page.ts")],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      define: { MEMSY_API_KEY: JSON.stringify(emulator.apiKey) },
      // The published builds, as a browser app would bundle them.
      conditions: ["import"],
      mainFields: ["module", "main"]
    })
    const script = bundle.outputFiles[0]!.text

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
      if (url === "/process") {
        emulator.processAll()
        return response.end()
      }
      if (url === "/report") {
        resolveReport(JSON.parse(Buffer.from(await readBody(request)).toString("utf8")))
        return response.end()
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
      const result = await Promise.race([
        reported,
        new Promise((_, reject) => setTimeout(() => reject(new Error("the page never reported")), 45_000))
      ])
      expect(result).toMatchObject({
        top: "I prefer dark mode in the browser",
        invalid: "MemsyValidationError",
        totalMemories: 1
      })
      expect((result as { eventIds: Array<string> }).eventIds).toHaveLength(1)
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
  })
})
