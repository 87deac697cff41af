/** The transports written against the platform: `fetch` here, Node's http behind the `node` condition. */
import { make as platformMake } from "#memsy/default-transport"
import { deadline, failed, type Native, type Outcome, timedOut } from "./outcome.js"

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
    const fetch = given ?? globalThis.fetch
    const controller = new AbortController()
    let settled = false
    const finish = (outcome: Outcome) => {
      if (settled) return
      settled = true
      clear()
      done(outcome)
    }
    const clear = deadline(request.timeout, () => {
      finish(timedOut(request))
      controller.abort()
    })
    fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: controller.signal
    }).then(
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
      if (settled) return
      settled = true
      clear()
      controller.abort()
    }
  },
  close: () => Promise.resolve()
})

/** The platform's best transport: Node's `http` where the `node` condition applies, else `fetch`. */
export const platformDefault = (): Native => (platformMake ? platformMake() : fetchTransport())
