/**
 * HTTP/1.1 as a client needs it (RFC 9112): one request's head written as text, one response read
 * from the bytes a socket delivers, in whatever pieces they come. Plain data in, plain data out: no
 * socket here, so every framing rule is tested byte by byte without a server.
 */
import { Buffer } from "node:buffer"

/** A response head and its body larger than this is refused rather than buffered without end. */
const MAX_HEAD = 64 * 1024

// RFC 9110, section 5.6.2: a header name is a token; a value is visible Latin-1, spaces and tabs.
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const unsafeValue = /[^\t\x20-\x7e\x80-\xff]/
// RFC 9112, section 3.2: the request target is visible ASCII; anything else must be percent-encoded.
const pathChars = /^\/[\x21-\x7e]*$/

/**
 * The request's head, or what makes it unsendable: a space or a line break in the path, a line break
 * or a NUL in a header's value, would end the line early and let the rest be read as something else.
 */
export const head = (
  method: string,
  path: string,
  host: string,
  headers: Readonly<Record<string, string>>,
  length: number | undefined
): string | { readonly problem: string } => {
  if (!pathChars.test(path)) return { problem: "the request path has characters a URL must escape" }
  let text = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\nconnection: keep-alive\r\n`
  for (const name in headers) {
    const value = headers[name]!
    if (!token.test(name) || unsafeValue.test(value)) {
      return { problem: `the header ${JSON.stringify(name)} cannot be sent` }
    }
    text += `${name}: ${value}\r\n`
  }
  if (length !== undefined) text += `content-length: ${length}\r\n`
  return text + "\r\n"
}

export interface Response {
  readonly status: number
  /** Lower-case names; a header sent twice is one value, joined by `, `. */
  readonly headers: Record<string, string>
  readonly body: Buffer
  /** Whether the connection may carry another request. */
  readonly reusable: boolean
}

/** Where the body ends (RFC 9112, section 6.3): no body, a length, chunks, or the connection's end. */
type Framing = "none" | "length" | "chunked" | "close"

const CRLF = Buffer.from("\r\n")
const statusLine = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: |$)/
// Most servers send lower-case names (HTTP/2 requires them): those need no copy.
const upper = /[A-Z]/
const HEAD_END = Buffer.from("\r\n\r\n")

/**
 * Reads one response. `push` each piece the socket delivers and `end` when it closes; both answer
 * `undefined` while more is needed, then the response or an `Error` saying what was wrong with it.
 * Bytes after a complete response make the connection unusable, not the response wrong.
 */
export class Reader {
  private pending: Buffer | undefined
  private status = 0
  private headers: Record<string, string> = {}
  private framing: Framing = "none"
  private keepAlive = true
  /** Body bytes still expected: of the whole body (`length`) or of the current chunk (`chunked`). */
  private left = 0
  /** `chunked` only: reading the size line, the chunk's data, the CRLF after it, or the trailers. */
  private chunkState: "size" | "data" | "crlf" | "trailers" = "size"
  private readonly parts: Array<Buffer> = []
  /** Whether any byte came: a connection closed before one did was dropped, not cut short. */
  private started = false
  private inHead = true

  constructor(private readonly method: string) {}

  push(data: Buffer): Response | Error | undefined {
    this.started = true
    this.pending =
      this.pending === undefined || this.pending.length === 0 ? data : Buffer.concat([this.pending, data])
    while (this.inHead) {
      const end = this.pending.indexOf(HEAD_END)
      if (end < 0)
        return this.pending.length > MAX_HEAD ? new Error("the response head is too large") : undefined
      const problem = this.readHead(this.pending.toString("latin1", 0, end))
      if (problem) return problem
      this.pending = this.pending.subarray(end + 4)
    }
    return this.body()
  }

  /** The connection closed: the end of a body that runs to it, or an answer cut short. */
  end(): Response | Error {
    if (!this.inHead && this.framing === "close") return this.done(false)
    // Node's own words for the first case, which its users know.
    const words = this.started ? "the connection closed before the response was complete" : "socket hang up"
    return Object.assign(new Error(words), { code: "ECONNRESET" })
  }

  private readHead(text: string): Error | undefined {
    const eol = text.indexOf("\r\n")
    const status = statusLine.exec(eol < 0 ? text : text.slice(0, eol))
    if (status === null) return new Error("the response is not HTTP/1.x")
    const code = Number(status[2])
    // 1xx: an interim answer (100 Continue, 103 Early Hints); the final one follows.
    if (code < 200) return undefined
    // Line by line with `indexOf`, not `split`: no array of lines, and each name and value sliced once.
    const headers: Record<string, string> = {}
    for (let at = eol + 2; eol >= 0 && at <= text.length;) {
      let end = text.indexOf("\r\n", at)
      if (end < 0) end = text.length
      const colon = text.indexOf(":", at)
      const first = text.charCodeAt(at)
      // No colon, or a continuation line (obsolete folding): refused, as RFC 9112, section 5.2, allows.
      if (colon <= at || colon > end || first === 32 || first === 9) {
        return new Error("the response has a malformed header line")
      }
      const raw = text.slice(at, colon)
      const name = upper.test(raw) ? raw.toLowerCase() : raw
      const value = text.slice(colon + 1, end).trim()
      const before = headers[name]
      headers[name] = before === undefined ? value : `${before}, ${value}`
      at = end + 2
    }
    this.status = code
    this.headers = headers
    this.inHead = false
    const connection = headers["connection"]?.toLowerCase()
    this.keepAlive = status[1] === "1" ? !connection?.includes("close") : connection === "keep-alive"
    const encoding = headers["transfer-encoding"]
    const length = headers["content-length"]
    if (this.method === "HEAD" || code === 204 || code === 304) {
      this.framing = "none"
    } else if (encoding !== undefined) {
      // Transfer-Encoding wins over Content-Length (RFC 9112, section 6.3); a body not ending in chunked
      // coding runs to the connection's end.
      this.framing = /(?:^|,)\s*chunked\s*$/i.test(encoding) ? "chunked" : "close"
    } else if (length !== undefined) {
      if (!/^\d{1,15}$/.test(length)) return new Error("the response has an invalid Content-Length")
      this.framing = "length"
      this.left = Number(length)
    } else {
      this.framing = "close"
    }
    return undefined
  }

  private body(): Response | Error | undefined {
    const pending = this.pending!
    switch (this.framing) {
      case "none":
        return this.done(pending.length === 0)
      case "length": {
        const n = Math.min(this.left, pending.length)
        this.take(n)
        this.left -= n
        return this.left > 0 ? undefined : this.done(this.pending!.length === 0)
      }
      case "close":
        this.take(pending.length)
        return undefined
      case "chunked":
        return this.chunks()
    }
  }

  private chunks(): Response | Error | undefined {
    for (;;) {
      const pending = this.pending!
      switch (this.chunkState) {
        case "size": {
          const eol = pending.indexOf(CRLF)
          if (eol < 0)
            return pending.length > MAX_HEAD ? new Error("the response has a malformed chunk") : undefined
          // The size in hex, then perhaps `;name=value` extensions, which say nothing to a client.
          const size = /^([\da-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(pending.toString("latin1", 0, eol))
          if (size === null) return new Error("the response has a malformed chunk")
          this.pending = pending.subarray(eol + 2)
          this.left = parseInt(size[1]!, 16)
          this.chunkState = this.left === 0 ? "trailers" : "data"
          break
        }
        case "data": {
          const n = Math.min(this.left, pending.length)
          this.take(n)
          this.left -= n
          if (this.left > 0) return undefined
          this.chunkState = "crlf"
          break
        }
        case "crlf":
          if (pending.length < 2) return undefined
          if (pending[0] !== 13 || pending[1] !== 10) return new Error("the response has a malformed chunk")
          this.pending = pending.subarray(2)
          this.chunkState = "size"
          break
        case "trailers": {
          // Trailer fields, if any, end with an empty line; a client has no use for them.
          const eol = pending.indexOf(CRLF)
          if (eol < 0)
            return pending.length > MAX_HEAD ? new Error("the response trailers are too large") : undefined
          this.pending = pending.subarray(eol + 2)
          if (eol === 0) return this.done(this.pending.length === 0)
          break
        }
      }
    }
  }

  private take(n: number) {
    const pending = this.pending!
    if (n > 0) this.parts.push(n === pending.length ? pending : pending.subarray(0, n))
    this.pending = pending.subarray(n)
  }

  private done(clean: boolean): Response {
    return {
      status: this.status,
      headers: this.headers,
      body: this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts),
      reusable: clean && this.keepAlive && this.framing !== "close"
    }
  }
}
