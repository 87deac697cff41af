/**
 * The built facade as each runtime resolves it: under the `node` condition its default transport is
 * HTTP/1.1 on Node's sockets with a keep-alive pool (connections reused, released by `close()`); the browser build
 * has no Node transport at all.
 */
import { build } from "esbuild"
import { execFile } from "node:child_process"
import { readFileSync } from "node:fs"
import * as http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterEach, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))

interface Server {
  readonly url: string
  readonly seen: Array<http.IncomingHttpHeaders>
  readonly sockets: Array<Socket>
}
const servers: Array<http.Server> = []
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    server.close()
  }
})

const serve = async (): Promise<Server> => {
  const seen: Server["seen"] = []
  const sockets: Server["sockets"] = []
  const server = http.createServer((request, response) => {
    seen.push(request.headers)
    request.resume()
    request.on("end", () => {
      response.writeHead(200, { "content-type": "application/json" })
      response.end(JSON.stringify({ status: "ok", version: "1.0.0", results: [] }))
    })
  })
  server.on("connection", (socket) => sockets.push(socket))
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen, sockets }
}

const open = (sockets: ReadonlyArray<Socket>) => sockets.filter((socket) => !socket.destroyed).length

/** Polls (for real, briefly) until `n` connections are open; returns how many are. */
const openConnections = async (sockets: ReadonlyArray<Socket>, n: number) => {
  for (let i = 0; i < 200 && open(sockets) !== n; i++) await new Promise((resolve) => setTimeout(resolve, 10))
  return open(sockets)
}

describe("the built facade", () => {
  it("under the node condition, uses its own HTTP/1.1 on Node's sockets: one connection reused, closed by close()", async () => {
    const { url, seen, sockets } = await serve()
    const script = `
      import { MemsyClient } from "@memsy/sdk"
      const client = new MemsyClient({ baseUrl: ${JSON.stringify(url)}, apiKey: "msy_x" })
      for (let i = 0; i < 5; i++) await client.health()
      await Promise.all([client.search("a"), client.search("b")])
      console.log(JSON.stringify({ before: "closing" }))
      await client.close()
      await client.health().then(() => console.log("still open"), (e) => console.log(e.name))`
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
      timeout: 20_000
    })
    expect(stdout.trim().split("\n")).toEqual(['{"before":"closing"}', "MemsyClientClosedError"])
    expect(seen).toHaveLength(7)
    // fetch (undici) sends these on every request; the SDK's own client sends neither.
    expect(seen.every((headers) => headers["sec-fetch-mode"] === undefined)).toBe(true)
    expect(seen.every((headers) => headers["user-agent"] === undefined)).toBe(true)
    // Five sequential calls on one socket; the two concurrent ones needed a second at most.
    expect(sockets.length).toBeLessThanOrEqual(2)
    expect(await openConnections(sockets, 0)).toBe(0)
  })

  it("in-process: close() releases the pool", async () => {
    const { MemsyClient } = await import("@memsy/sdk")
    const { url, sockets } = await serve()
    const client = new MemsyClient({ baseUrl: url, apiKey: "msy_x" })
    await Promise.all([client.health(), client.health(), client.health()])
    expect(await openConnections(sockets, sockets.length)).toBeGreaterThan(0)
    await client.close()
    expect(await openConnections(sockets, 0)).toBe(0)
  })

  it("for the browser: no Node transport and no node: import", async () => {
    const result = await build({
      stdin: { contents: `export { MemsyClient, MemsyControlClient } from "@memsy/sdk"`, resolveDir: root },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent"
    })
    const text = result.outputFiles[0]!.text
    expect(text).not.toMatch(/["']node:|["'](http|https|buffer)["']/)
    expect(text).not.toContain("keepAlive")
    // The node build has both, so the check above looks at a real difference.
    const node = readFileSync(new URL("../dist/node.js", import.meta.url), "utf8")
    expect(node).toMatch(/getBuiltinModule\(['"]node:net['"]\)/)
  })
})
