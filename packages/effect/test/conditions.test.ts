/**
 * The built package as each kind of runtime resolves it: the `node` condition gives Node's sockets as
 * the default transport, and a browser bundle never contains it (nor anything of `node:`).
 */
import { build } from "esbuild"
import { execFile } from "node:child_process"
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))

const bundle = async (platform: "browser" | "node") => {
  const result = await build({
    stdin: { contents: `export { MemsyClient, Transport } from "@memsy/effect"`, resolveDir: root },
    bundle: true,
    format: "esm",
    platform,
    write: false,
    // Only the built package: effect stays outside, so what is left is the SDK's own code.
    external: ["effect", "effect/*", "@effect/*"],
    logLevel: "silent"
  })
  return result.outputFiles[0]!.text
}

describe("conditions", () => {
  it("a browser bundle has no Node transport and no node: import", async () => {
    const text = await bundle("browser")
    expect(text).not.toMatch(/["']node:|["'](http|https|buffer)["']/)
    expect(text).not.toContain("keepAlive")
    expect(text).toContain("AbortController")
  })

  it("a Node bundle carries the transport on Node's sockets", async () => {
    const text = await bundle("node")
    expect(text).toMatch(/getBuiltinModule\("node:net"\)/)
    expect(text).toContain("keepAlive")
  })

  it("on Node, the built package's default transport is its own on Node's sockets, not fetch", async () => {
    const seen: Array<http.IncomingHttpHeaders> = []
    const server = http.createServer((request, response) => {
      seen.push(request.headers)
      response.writeHead(200, { "content-type": "application/json" })
      response.end(JSON.stringify({ status: "ok", version: "1.0.0" }))
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const { port } = server.address() as AddressInfo
    const script = `
      import { MemsyClient } from "@memsy/effect"
      import { Effect } from "effect"
      const health = Effect.flatMap(MemsyClient.MemsyClient, (memsy) => memsy.health())
      const layer = MemsyClient.layer({ baseUrl: "http://127.0.0.1:${port}/v1", apiKey: "msy_x" })
      console.log(JSON.stringify(await Effect.runPromise(Effect.provide(health, layer))))`
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
        cwd: root,
        timeout: 20_000
      })
      expect(JSON.parse(stdout)).toMatchObject({ status: "ok" })
    } finally {
      server.closeAllConnections()
      server.close()
    }
    expect(seen).toHaveLength(1)
    // fetch (undici) sends these on every request; the SDK's own client sends neither.
    expect(seen[0]!["sec-fetch-mode"]).toBeUndefined()
    expect(seen[0]!["user-agent"]).toBeUndefined()
  })
})
