/**
 * The default Node transport's HTTP/1.1 (RFC 9112): the request head it writes, and the responses it
 * reads from bytes in whatever pieces a socket delivers them. Responses are generated, written out
 * with either framing and cut at random places: the reader must see exactly what was written.
 */
import { assert, describe, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Buffer } from "node:buffer"
import * as Http1 from "../src/internal/transport/http1.js"

/**
 * Feeds `bytes` to a reader in pieces cut at `cuts` (positions, taken modulo the length), then, if it
 * still wants more and `end` is set, tells it the connection closed. `pieces` is how many it was fed.
 */
const read = (bytes: Buffer, cuts: ReadonlyArray<number> = [], method = "GET", end = true) => {
  const reader = new Http1.Reader(method)
  const at = [...new Set(cuts.map((c) => c % bytes.length).filter((c) => c > 0)), bytes.length]
  at.sort((a, b) => a - b)
  let from = 0
  for (const [i, to] of at.entries()) {
    const result = reader.push(bytes.subarray(from, to))
    from = to
    if (result !== undefined) return { result, pieces: i + 1, of: at.length }
  }
  return { result: end ? reader.end() : undefined, pieces: at.length, of: at.length }
}

const response = (text: string) => Buffer.from(text, "latin1")

const ok = (result: Http1.Response | Error | undefined): Http1.Response => {
  if (result === undefined || result instanceof Error)
    throw new Error(`expected a response, got ${String(result)}`)
  return result
}

const failure = (result: Http1.Response | Error | undefined): string => {
  if (!(result instanceof Error)) throw new Error("expected an error")
  return result.message
}

const token = fc
  .stringMatching(/^[a-z][a-z0-9-]{0,11}$/)
  .filter((name) => !["content-length", "transfer-encoding", "connection", "keep-alive"].includes(name))
const value = fc.stringMatching(/^[!-~]([ !-~]{0,20}[!-~])?$/)

describe("reading a response", () => {
  it("whatever the framing and wherever the bytes are cut, the reader sees what was written", () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 599 }).filter((s) => s !== 204 && s !== 304),
        fc.uniqueArray(fc.tuple(token, value), { selector: ([name]) => name, maxLength: 8 }),
        fc.uint8Array({ maxLength: 3000 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (status, headers, body, chunked, sizes, cuts) => {
          const lines = [
            `HTTP/1.1 ${status} Whatever`,
            ...headers.map(([n, v]) => `${n.toUpperCase()}: ${v}`)
          ]
          let payload: Buffer
          if (chunked) {
            lines.push("Transfer-Encoding: chunked")
            const parts: Array<Buffer> = []
            for (let at = 0, i = 0; at < body.length; i++) {
              const size = Math.min(sizes[i % sizes.length]!, body.length - at)
              parts.push(
                response(`${size.toString(16)}${i % 2 ? ";ext=1" : ""}\r\n`),
                Buffer.from(body.subarray(at, at + size)),
                response("\r\n")
              )
              at += size
            }
            parts.push(response("0\r\nx-trailer: t\r\n\r\n"))
            payload = Buffer.concat(parts)
          } else {
            lines.push(`Content-Length: ${body.length}`)
            payload = Buffer.from(body)
          }
          const bytes = Buffer.concat([response(`${lines.join("\r\n")}\r\n\r\n`), payload])
          const { of, pieces, result } = read(bytes, cuts, "GET", false)
          const got = ok(result)
          // Complete with the last piece, not before.
          assert.strictEqual(pieces, of)
          assert.strictEqual(got.status, status)
          assert.isTrue(got.reusable)
          assert.isTrue(Buffer.from(body).equals(got.body))
          for (const [name, v] of headers) assert.strictEqual(got.headers[name], v)
        }
      ),
      { numRuns: 300 }
    ))

  it("skips interim 1xx answers and reads the final one", () => {
    const got = ok(
      read(
        response(
          "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"
        )
      ).result
    )
    assert.strictEqual(got.status, 200)
    assert.strictEqual(got.body.toString(), "ok")
    assert.isUndefined(got.headers["link"])
  })

  it("a header sent twice is one value, joined by a comma", () => {
    const got = ok(
      read(response("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\ncontent-length: 0\r\n\r\n"))
        .result
    )
    assert.strictEqual(got.headers["set-cookie"], "a=1, b=2")
  })

  it("204, 304 and a HEAD's answer have no body, whatever Content-Length says", () => {
    for (const [status, method] of [
      [204, "DELETE"],
      [304, "GET"],
      [200, "HEAD"]
    ] as const) {
      const got = ok(
        read(response(`HTTP/1.1 ${status} X\r\ncontent-length: 10\r\n\r\n`), [], method, false).result
      )
      assert.strictEqual(got.status, status)
      assert.strictEqual(got.body.length, 0)
      assert.isTrue(got.reusable)
    }
  })

  it("Transfer-Encoding wins over Content-Length", () => {
    const got = ok(
      read(
        response(
          "HTTP/1.1 200 OK\r\ncontent-length: 1\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        )
      ).result
    )
    assert.strictEqual(got.body.toString(), "abc")
  })

  it("a body without a length runs to the connection's end, and the connection is not reused", () => {
    const reader = new Http1.Reader("GET")
    assert.isUndefined(reader.push(response("HTTP/1.1 200 OK\r\n\r\nhello ")))
    assert.isUndefined(reader.push(response("world")))
    const got = ok(reader.end())
    assert.strictEqual(got.body.toString(), "hello world")
    assert.isFalse(got.reusable)
  })

  it("says when the connection may not carry another request", () => {
    const reusable = (text: string) => ok(read(response(text), [], "GET", false).result).reusable
    assert.isTrue(reusable("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"))
    assert.isFalse(reusable("HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 0\r\n\r\n"))
    assert.isFalse(reusable("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\ncontent-length: 0\r\n\r\n"))
    assert.isFalse(reusable("HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n"))
    assert.isTrue(reusable("HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n"))
    // Bytes after the response: the framing is lost, whatever the headers say.
    assert.isFalse(reusable("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokEXTRA"))
  })

  it("a connection closed before any byte hung up; one closed mid-answer cut it short", () => {
    const none = new Http1.Reader("POST").end()
    assert.strictEqual(failure(none), "socket hang up")
    assert.strictEqual((none as Error & { code?: string }).code, "ECONNRESET")
    for (const partial of [
      "HTTP/1.1 200 OK\r\ncontent-le",
      "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc",
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nab"
    ]) {
      assert.strictEqual(
        failure(read(response(partial)).result),
        "the connection closed before the response was complete"
      )
    }
  })

  it("refuses what is not HTTP/1.x, or framed so that it cannot be read safely", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["SSH-2.0-OpenSSH\r\n\r\n", "the response is not HTTP/1.x"],
      ["HTTP/2 200\r\n\r\n", "the response is not HTTP/1.x"],
      ["HTTP/1.1 99 Low\r\n\r\n", "the response is not HTTP/1.x"],
      ["HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "the response has a malformed header line"],
      ["HTTP/1.1 200 OK\r\nx-a: 1\r\n folded\r\n\r\n", "the response has a malformed header line"],
      ["HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n", "the response has an invalid Content-Length"],
      ["HTTP/1.1 200 OK\r\ncontent-length: 1, 2\r\n\r\n", "the response has an invalid Content-Length"],
      ["HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n", "the response has a malformed chunk"],
      ["HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\nabc", "the response has a malformed chunk"]
    ]
    for (const [text, message] of cases)
      assert.strictEqual(failure(read(response(text), [], "GET", false).result), message, text)
  })

  it("refuses a head larger than 64 KiB rather than buffering without end", () => {
    const reader = new Http1.Reader("GET")
    assert.isUndefined(reader.push(response("HTTP/1.1 200 OK\r\n")))
    const line = response(`x-big: ${"a".repeat(1000)}\r\n`)
    let result: Http1.Response | Error | undefined
    for (let i = 0; i < 80 && result === undefined; i++) result = reader.push(line)
    assert.strictEqual(failure(result), "the response head is too large")
  })
})

describe("writing a request head", () => {
  it("writes the method, the path, the host, keep-alive, the headers and the body's length", () => {
    assert.strictEqual(
      Http1.head(
        "POST",
        "/v1/search?x=1",
        "127.0.0.1:8080",
        { authorization: "Bearer k", "content-type": "application/json" },
        12
      ),
      "POST /v1/search?x=1 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nconnection: keep-alive\r\n" +
        "authorization: Bearer k\r\ncontent-type: application/json\r\ncontent-length: 12\r\n\r\n"
    )
    assert.notInclude(Http1.head("GET", "/v1/health", "h", {}, undefined) as string, "content-length")
  })

  it("says what it cannot send instead of writing it: no line break, NUL, non-token name or unescaped path gets through", () => {
    const unsendable: ReadonlyArray<readonly [string, string]> = [
      ["x-a", "1\r\nx-injected: 2"],
      ["x-a", "1\nx"],
      ["x-a", "\u0000"],
      ["x-a", "€"],
      ["x a", "1"],
      ["", "1"],
      ["x:a", "1"]
    ]
    for (const [name, v] of unsendable) {
      assert.deepStrictEqual(Http1.head("GET", "/", "h", { [name]: v }, undefined), {
        problem: `the header ${JSON.stringify(name)} cannot be sent`
      })
    }
    for (const path of ["/v1/a b", "/v1/\r\nx", "/v1/caf\u00e9", "v1", ""]) {
      assert.deepStrictEqual(Http1.head("GET", path, "h", {}, undefined), {
        problem: "the request path has characters a URL must escape"
      })
    }
    // Visible Latin-1, spaces and tabs are fine in a value.
    assert.isString(Http1.head("GET", "/", "h", { "x-a": "caf\u00e9\tand more" }, undefined))
  })
})
