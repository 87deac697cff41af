/** The transports written against the platform: `fetch` here, Node's sockets behind the `node` condition. */
import { make as platformMake } from "#memsy/default-transport"
import { deadline, failed, type Native, noop, settle, timedOut } from "./outcome.js"

const headersOf = (headers: Headers): Record<string, string> => {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    out[name] = value
  })
  return out
}

/** `fetch`, with one `AbortController` and one timer per exchange and nothing else. */
export const fetchTransport = (given?: typeof globalThis.fetch): Native => ({
  send: (request, done) => {
    // The deadline keeps the timeout, not the request: the exchange's closures may outlive the call
    // (see `exchanges` in outcome.ts), and the request holds its body.
    const timeout = request.timeout
    const fetch = given ?? globalThis.fetch
    const controller = new AbortController()
    const { arm, cancel, finish } = settle(done)
    arm(
      deadline(timeout, () => {
        finish(timedOut(timeout))
        controller.abort()
      })
    )
    let answer: Promise<Response>
    try {
      answer = fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: controller.signal
      })
    } catch (cause) {
      // A custom `fetch` may throw where the platform's rejects; either way it is a failed exchange.
      finish(failed(cause))
      return noop
    }
    answer.then(
      (response) =>
        response.text().then(
          (text) =>
            finish({
              ok: true,
              response: { status: response.status, headers: headersOf(response.headers), text }
            }),
          (cause: unknown) => finish(failed(cause))
        ),
      (cause: unknown) => finish(failed(cause))
    )
    return () => {
      if (cancel()) controller.abort()
    }
  },
  close: () => Promise.resolve()
})

/** The platform's best transport: Node's `http` where the `node` condition applies, else `fetch`. */
export const platformDefault = (): Native => (platformMake ? platformMake() : fetchTransport())
