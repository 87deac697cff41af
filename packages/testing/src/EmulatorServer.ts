/**
 * The emulator over real HTTP (node:http): every request becomes a web `Request`, every outcome is
 * honoured — latency with `setTimeout`, a dropped connection by resetting the socket, a damaged body
 * by writing the bytes a broken server or proxy would. CORS is open (preflights answered, any origin,
 * every response header readable), so a browser app in development can call it from its own origin.
 *
 * @since 0.1.0
 */
import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { gzipSync } from "node:zlib"
import * as Emulator from "./Emulator.js"
import * as Cors from "./internal/cors.js"

/**
 * What `serve` serves, and where.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServeOptions {
  /** The emulator to serve; default a fresh `Emulator.make()`. */
  readonly emulator?: Emulator.Emulator
  /** Default 0: any free port. */
  readonly port?: number
  /** Default `"127.0.0.1"`. */
  readonly host?: string
}

/**
 * A running server.
 *
 * @since 0.1.0
 * @category models
 */
export interface Server {
  /** `http://host:port`. */
  readonly url: string
  /** `url` + `/v1`, for `MEMSY_BASE_URL`. */
  readonly dataUrl: string
  /** `url` + `/api`, for `MEMSY_CONTROL_URL`. */
  readonly controlUrl: string
  /** The emulator it serves. */
  readonly emulator: Emulator.Emulator
  /** The connections open now, idle keep-alive ones included: what clients still hold. */
  readonly connections: () => number
  /** Stops listening and closes every open connection. */
  readonly close: () => Promise<void>
}

const readBody = (req: Http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

const toRequest = (req: Http.IncomingMessage, origin: string, body: Buffer): Request => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v)
  }
  const method = (req.method ?? "GET").toUpperCase()
  const hasBody = method !== "GET" && method !== "HEAD" && body.length > 0
  return new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    body: hasBody ? new Uint8Array(body) : null
  })
}

/** Waits `ms`, or less if the client goes away first: no timer outlives its connection. */
const wait = (ms: number, socket: Socket) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      socket.off("close", done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    socket.once("close", done)
  })

// A reset (RST) where Node has it, as a crashing server's connection ends.
const reset = (socket: Socket) =>
  typeof socket.resetAndDestroy === "function" ? socket.resetAndDestroy() : socket.destroy()

/**
 * Writes the answer as `damage` breaks it, bypassing Node's framing (which would not send a
 * `Content-Length` that lies), then closes the connection.
 */
const writeDamaged = (
  socket: Socket,
  status: number,
  headers: Record<string, string>,
  body: Buffer,
  damage: Emulator.Damage
) => {
  const gzipped = damage === "cut" ? body : gzipSync(body)
  const [announced, sent] =
    damage === "cut"
      ? [Math.max(1, body.length), body.subarray(0, Math.floor(body.length / 2))]
      : damage === "gzipLong"
        ? [gzipped.length + 64, gzipped]
        : [Math.floor(gzipped.length / 2), gzipped]
  const lines = [`HTTP/1.1 ${status} ${Http.STATUS_CODES[status] ?? ""}`]
  for (const [name, value] of Object.entries(headers)) {
    if (name !== "content-length" && name !== "connection") lines.push(`${name}: ${value}`)
  }
  if (damage !== "cut") lines.push("content-encoding: gzip")
  lines.push(`content-length: ${announced}`, "connection: close", "", "")
  socket.end(Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), sent]))
}

/**
 * Serves `emulator` on `host:port` until `close()`.
 *
 * @example
 * ```ts
 * import { Emulator } from "@memsy/testing"
 * import { EmulatorServer } from "@memsy/testing/node"
 *
 * const emulator = Emulator.make()
 * const server = await EmulatorServer.serve({ emulator })
 * // Any client, in any language, at these URLs with this key.
 * console.log(server.dataUrl, server.controlUrl, emulator.apiKey)
 * const headers = { authorization: `Bearer ${emulator.apiKey}` }
 * console.log((await fetch(`${server.dataUrl}/health`, { headers })).status) // 200
 * await server.close()
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = async (options: ServeOptions = {}): Promise<Server> => {
  const emulator = options.emulator ?? Emulator.make()
  const host = options.host ?? "127.0.0.1"
  let origin = ""
  const sockets = new Set<Socket>()
  const server = Http.createServer((req, res) => {
    void (async () => {
      try {
        const request = toRequest(req, origin, await readBody(req))
        // Preflights are the browser's, not calls of the API: answered here, never logged or limited.
        const outcome: Emulator.Outcome = Cors.isPreflight(request)
          ? { _tag: "Respond", response: Cors.preflight(request), delay: 0 }
          : await emulator.exchange(request)
        if (outcome.delay > 0) await wait(outcome.delay, req.socket)
        if (req.socket.destroyed) return
        if (outcome._tag === "Drop") {
          reset(req.socket)
          return
        }
        const { response } = outcome
        Cors.expose(response.headers)
        const body = Buffer.from(await response.arrayBuffer())
        const headers: Record<string, string> = {}
        response.headers.forEach((value, name) => {
          headers[name] = value
        })
        if (outcome._tag === "Damage" && response.body !== null) {
          writeDamaged(req.socket, response.status, headers, body, outcome.damage)
          return
        }
        if (response.status !== 204 && response.status !== 304)
          headers["content-length"] = String(body.length)
        res.writeHead(response.status, headers)
        res.end(response.status === 204 || response.status === 304 ? undefined : body)
      } catch (error) {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json", "access-control-allow-origin": "*" })
          res.end(JSON.stringify({ detail: "Internal Server Error" }))
        } else {
          res.destroy(error instanceof Error ? error : undefined)
        }
      }
    })()
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.once("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`
  return {
    url: origin,
    dataUrl: `${origin}/v1`,
    controlUrl: `${origin}/api`,
    emulator,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}
