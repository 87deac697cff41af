/**
 * The default transport on Node: HTTP/1.1 over `node:net` (`node:tls` for https) with a keep-alive
 * pool. Node's `http` client builds a writable request, an incoming-message stream and an agent's
 * bookkeeping for every exchange; writing the head as one string and reading the answer with
 * `http1.ts` costs about a third of its CPU per call, and a third of undici's. Nothing to import beyond
 * Node itself. Reached only through the package's `node` condition (`#memsy/default-transport`), so a
 * browser bundle never contains it.
 */
import { Buffer } from "node:buffer"
import type * as net from "node:net"
import type * as tls from "node:tls"
import type * as zlib from "node:zlib"
import * as Http1 from "./http1.js"
import { deadline, failed, type Make, type Native, noop, type Outcome, settle, timedOut } from "./outcome.js"

// Idle sockets are closed before a typical server's keep-alive timeout (Node's is 5 s), so a reused
// socket is rarely one the server is closing; a server's shorter `Keep-Alive: timeout=` is honoured.
const IDLE_MS = 4_000

interface Origin {
  readonly origin: string
  readonly secure: boolean
  /** For `connect`: an IPv6 address without its brackets. */
  readonly hostname: string
  readonly port: number
  /** The `host` header: the URL's own host, brackets and port included. */
  readonly host: string
  /** Connections waiting for a request, the most recently used last (reused first: warm, and the
   * others age out). */
  readonly idle: Array<Connection>
}

/** One socket, and the exchange it carries while it carries one. */
interface Connection {
  readonly socket: net.Socket
  readonly origin: Origin
  /** The exchange's reader and where its ending goes; both `undefined` while the socket is idle. */
  reader: Http1.Reader | undefined
  deliver: ((result: Http1.Response | Error) => void) | undefined
  /** When it became idle, and how long it may stay so. */
  idleSince: number
  idleLimit: number
}

const keepAliveHint = /timeout=(\d+)/i
const nonAscii = /[^\x00-\x7f]/

/**
 * Node's socket modules, loaded when first needed rather than imported: `node:tls` and `node:zlib`
 * alone cost 5–7 ms of an application's start, and most never meet a compressed answer, or an https
 * origin in tests. `process.getBuiltinModule` (Node 20.16) loads a built-in synchronously.
 */
const builtin = {
  get net(): typeof net {
    return process.getBuiltinModule("node:net")
  },
  get tls(): typeof tls {
    return process.getBuiltinModule("node:tls")
  },
  get zlib(): typeof zlib {
    return process.getBuiltinModule("node:zlib")
  }
}

/** The body as the server meant it: a coding it applied anyway, though none was asked for, undone. */
const inflate = (response: Http1.Response): Buffer => {
  const coding = response.headers["content-encoding"]?.trim().toLowerCase()
  if (coding === undefined || coding === "" || coding === "identity") return response.body
  switch (coding) {
    case "gzip":
    case "x-gzip":
      return builtin.zlib.gunzipSync(response.body)
    case "deflate":
      return builtin.zlib.inflateSync(response.body)
    case "br":
      return builtin.zlib.brotliDecompressSync(response.body)
    default:
      throw new Error(`the response has an unsupported Content-Encoding`)
  }
}

export const make: Make = (): Native => {
  const live = new Set<Connection>()
  let sweeper: ReturnType<typeof setTimeout> | undefined

  const discard = (connection: Connection) => {
    live.delete(connection)
    const idle = connection.origin.idle
    const at = idle.indexOf(connection)
    if (at >= 0) idle.splice(at, 1)
    connection.socket.destroy()
  }

  /** Closes the connections idle past their limit: one timer per pool, not one per request. */
  const sweep = () => {
    sweeper = undefined
    const now = Date.now()
    let waiting = false
    for (const connection of live) {
      if (connection.reader !== undefined) continue
      if (now - connection.idleSince >= connection.idleLimit) discard(connection)
      else waiting = true
    }
    if (waiting) arm()
  }
  const arm = () => {
    sweeper ??= setTimeout(sweep, IDLE_MS)
    // An idle pool never keeps the process alive.
    sweeper.unref?.()
  }

  /** The exchange's ending, once: the socket is done with it, whatever comes next. */
  const end = (connection: Connection, result: Http1.Response | Error) => {
    const deliver = connection.deliver
    connection.reader = undefined
    connection.deliver = undefined
    deliver?.(result)
  }

  const connect = (origin: Origin): Connection => {
    const socket = origin.secure
      ? builtin.tls.connect({
          host: origin.hostname,
          port: origin.port,
          // SNI takes a name, never an address.
          ...(builtin.net.isIP(origin.hostname) === 0 && { servername: origin.hostname }),
          ALPNProtocols: ["http/1.1"]
        })
      : builtin.net.connect({ host: origin.hostname, port: origin.port })
    socket.setNoDelay(true)
    const connection: Connection = {
      socket,
      origin,
      reader: undefined,
      deliver: undefined,
      idleSince: 0,
      idleLimit: IDLE_MS
    }
    live.add(connection)
    socket.on("data", (chunk: Buffer) => {
      // Bytes nobody asked for: the connection's framing is lost.
      if (connection.reader === undefined) return discard(connection)
      const result = connection.reader.push(chunk)
      if (result !== undefined) end(connection, result)
    })
    socket.on("end", () => {
      if (connection.reader !== undefined) end(connection, connection.reader.end())
      discard(connection)
    })
    socket.on("error", (error) => {
      if (connection.reader !== undefined) end(connection, error)
      discard(connection)
    })
    socket.on("close", () => {
      if (connection.reader !== undefined) end(connection, connection.reader.end())
      discard(connection)
    })
    return connection
  }

  /** The most recently used idle connection still within its limit, or a new one. */
  const take = (origin: Origin): Connection => {
    const now = Date.now()
    for (let connection = origin.idle.pop(); connection; connection = origin.idle.pop()) {
      if (now - connection.idleSince < connection.idleLimit && !connection.socket.destroyed) {
        connection.socket.ref()
        return connection
      }
      discard(connection)
    }
    return connect(origin)
  }

  const release = (connection: Connection, response: Http1.Response) => {
    if (!response.reusable) return discard(connection)
    const hint = response.headers["keep-alive"]
    const seconds = hint === undefined ? undefined : keepAliveHint.exec(hint)?.[1]
    connection.idleLimit = seconds === undefined ? IDLE_MS : Math.min(IDLE_MS, (Number(seconds) - 1) * 1000)
    connection.idleSince = Date.now()
    connection.socket.unref()
    connection.origin.idle.push(connection)
    arm()
  }

  // Every call of a client goes to one origin: it is parsed once, not per request.
  const origins = new Map<string, Origin>()
  const originOf = (origin: string): Origin => {
    const known = origins.get(origin)
    if (known) return known
    const url = new URL(origin)
    const secure = url.protocol === "https:"
    if (!secure && url.protocol !== "http:") throw new TypeError(`unsupported protocol ${url.protocol}`)
    const parsed: Origin = {
      origin,
      secure,
      hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: url.port === "" ? (secure ? 443 : 80) : Number(url.port),
      host: url.host,
      idle: []
    }
    origins.set(origin, parsed)
    return parsed
  }

  const send: Native["send"] = (request, done) => {
    // The deadline keeps the timeout, not the request: the exchange's closures may outlive the call
    // (see `exchanges` in outcome.ts), and the request holds its body.
    const timeout = request.timeout
    const start = request.url.indexOf("/", request.url.indexOf("//") + 2)
    let origin: Origin
    try {
      origin = originOf(start < 0 ? request.url : request.url.slice(0, start))
    } catch (cause) {
      done({
        ok: false,
        error: { reason: "InvalidUrl", detail: "the URL is not a valid http(s) URL", cause }
      })
      return noop
    }
    const body = request.body
    const length = body === undefined ? undefined : Buffer.byteLength(body)
    const head = Http1.head(
      request.method,
      start < 0 ? "/" : request.url.slice(start),
      origin.host,
      request.headers,
      length
    )
    if (typeof head !== "string") {
      // The call path refuses such headers before this; a transport used directly must not send one.
      done(failed(new TypeError(head.problem)))
      return noop
    }
    const connection = take(origin)
    const { arm: armDeadline, cancel, finish } = settle(done)
    connection.reader = new Http1.Reader(request.method)
    connection.deliver = (result) => {
      if (result instanceof Error) {
        discard(connection)
        return finish(failed(result))
      }
      release(connection, result)
      let text: string
      try {
        text = inflate(result).toString("utf8")
      } catch (cause) {
        return finish(failed(cause))
      }
      const outcome: Outcome = {
        ok: true,
        response: { status: result.status, headers: result.headers, text }
      }
      finish(outcome)
    }
    // An exchange given up on never returns its connection to the pool: its answer may still come.
    const abandon = () => {
      connection.reader = undefined
      connection.deliver = undefined
      discard(connection)
    }
    armDeadline(
      deadline(timeout, () => {
        finish(timedOut(timeout))
        abandon()
      })
    )
    const socket = connection.socket
    if (body === undefined) socket.write(head, "latin1")
    else if (!nonAscii.test(head)) {
      // One write of one string: a corked pair of writes is a `writev` of two buffers, which cost
      // ~10 % more CPU and latency per call. Encoded whole as UTF-8, the head is its own Latin-1
      // bytes when it is ASCII, as it is unless a header value carries Latin-1 `obs-text`.
      socket.write(head + body, "utf8")
    } else {
      socket.cork()
      socket.write(head, "latin1")
      socket.write(body, "utf8")
      socket.uncork()
    }
    return () => {
      if (cancel()) abandon()
    }
  }

  return {
    send,
    close: () => {
      if (sweeper !== undefined) clearTimeout(sweeper)
      sweeper = undefined
      for (const connection of [...live]) {
        if (connection.reader !== undefined) end(connection, new Error("the transport was closed"))
        discard(connection)
      }
      return Promise.resolve()
    }
  }
}
