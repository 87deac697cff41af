/**
 * The API key and the user's content stay out of everything a failing call produces. The whole
 * fault matrix runs again, ingest and search carrying unique marker strings, through the Effect
 * client (the SDK's transport interface and an `@effect/platform` HttpClient behind the adapter,
 * with every span and log line recorded), the Promise client (its request log on), and both over real
 * sockets. Every
 * error (message, fields, `cause`, `toJSON`, `util.inspect`, stack), exit, span, log line and line
 * written to the console is searched for the key, its hex body and each marker.
 */
import { randomUUID } from "node:crypto"
import { inspect } from "node:util"
import { Cause, Effect, Exit, type Logger, type Tracer } from "effect"
import { afterAll, assert, beforeAll, describe, it, vi } from "vitest"
import { type Case, cases, faults, wire } from "./faults.cases.js"
import { noUnhandledRejections } from "./faults.helpers.js"
import { type Cell, effectInProcess, facadeInProcess, onTheWire, serve } from "./faults.run.js"

noUnhandledRejections()

const MARKERS = { content: `marker-content-${randomUUID()}`, query: `marker-query-${randomUUID()}` }

/** The case's arguments with marked content: every event's, and the search query. */
const marked = (c: Case): ReadonlyArray<unknown> => {
  if (c.key === "data:ingest") {
    const [events] = c.args as [ReadonlyArray<Record<string, unknown>>]
    return [events.map((event, i) => ({ ...event, content: `${MARKERS.content} ${i}` }))]
  }
  if (c.key === "data:search") return [MARKERS.query, c.args[1]]
  return c.args
}

const recording = { record: true, args: marked }
// The clients' defaults: with retryTransient the same errors only come after more attempts.
const defaults = { retryTransient: false }

// Span events carry their time as a bigint.
const json = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))

/** What a tracer exports of a span: its name, kind, attributes, events, links, and its failure. */
const exported = (span: Tracer.Span): ReadonlyArray<string> => [
  json({
    name: span.name,
    kind: span.kind,
    attributes: [...span.attributes],
    // The native span keeps its events in a list the interface does not name.
    events: (span as { readonly events?: unknown }).events,
    links: span.links.map((link) => [...Object.entries(link.attributes)])
  }),
  span.status._tag === "Ended" && Exit.isFailure(span.status.exit) ? Cause.pretty(span.status.exit.cause) : ""
]

/** What a logger writes of a log line. */
const written = (entry: Logger.Logger.Options<unknown>): ReadonlyArray<string> => [
  inspect(entry.message, { depth: 8 }),
  Cause.pretty(entry.cause),
  inspect(entry.annotations, { depth: 8 }),
  inspect(entry.spans, { depth: 8 })
]

const isSpan = (u: unknown): u is Tracer.Span =>
  typeof u === "object" && u !== null && "_tag" in u && u._tag === "Span"
const isLogLine = (u: unknown): u is Logger.Logger.Options<unknown> =>
  typeof u === "object" && u !== null && "logLevel" in u && "message" in u

/** Every rendering of an artefact an error report, a tracer or a logger could make. */
const renderings = (artefact: unknown): ReadonlyArray<string> => {
  if (isSpan(artefact)) return exported(artefact)
  if (isLogLine(artefact)) return written(artefact)
  const out = [inspect(artefact, { depth: 8, showHidden: true, getters: true })]
  if (Exit.isExit(artefact) && Exit.isFailure(artefact)) out.push(Cause.pretty(artefact.cause))
  for (let at: unknown = artefact; at instanceof Error; at = at.cause) {
    out.push(at.message, String(at), at.stack ?? "", JSON.stringify(at) ?? "")
    out.push(JSON.stringify(Object.entries(at)))
  }
  return out
}

/** The cells whose artefacts hold the key (or its hex body) or a marker, with what was found. */
const leaks = (cells: ReadonlyArray<Cell>): ReadonlyArray<string> =>
  cells.flatMap((cell) => {
    const secrets = [cell.apiKey, cell.apiKey.replace(/^msy_/, ""), MARKERS.content, MARKERS.query]
    const found = cell.artefacts
      .flatMap(renderings)
      .flatMap((text) => secrets.filter((secret) => text.includes(secret)))
    return found.length === 0 ? [] : [`${cell.name}: ${[...new Set(found)].join(", ")}`]
  })

// Console lines written while the calls ran, by anything.
const consoleLines: Array<string> = []
const apiKeys = new Set<string>()
let artefacts = 0
beforeAll(() => {
  for (const method of ["log", "info", "warn", "error", "debug", "trace"] as const) {
    const original = console[method].bind(console)
    vi.spyOn(console, method).mockImplementation((...args: Array<unknown>) => {
      consoleLines.push(args.map((arg) => inspect(arg, { depth: 8 })).join(" "))
      original(...args)
    })
  }
})

const check = (cells: ReadonlyArray<Cell>) => {
  for (const cell of cells) apiKeys.add(cell.apiKey)
  artefacts += cells.reduce((n, cell) => n + cell.artefacts.length, 0)
  assert.isAbove(cells.length, 0)
  // Each call ended as the matrix says, so the marked ones were sent: one refused before sending
  // would prove nothing.
  assert.deepStrictEqual(
    cells.flatMap((cell) => (cell.problem === undefined ? [] : [cell.name])),
    []
  )
  assert.deepStrictEqual(leaks(cells), [])
}

describe("the search", () => {
  it("finds a key or a marker wherever it hides: a field, a cause, a span attribute", async () => {
    const apiKey = "msy_0123456789abcdef0123456789abcdef"
    const span = {
      _tag: "Span",
      name: "http.client POST",
      kind: "client",
      attributes: new Map([["http.request.header.authorization", `Bearer ${apiKey}`]]),
      events: [],
      links: [],
      status: { _tag: "Started" }
    }
    const cells: ReadonlyArray<Cell> = [
      {
        name: "field",
        apiKey,
        problem: undefined,
        artefacts: [Object.assign(new Error("x"), { sent: MARKERS.query })]
      },
      {
        name: "cause",
        apiKey,
        problem: undefined,
        artefacts: [new Error("x", { cause: new Error(apiKey.slice(4)) })]
      },
      { name: "span", apiKey, problem: undefined, artefacts: [span] },
      { name: "clean", apiKey, problem: undefined, artefacts: [new Error("nothing to see")] }
    ]
    assert.deepStrictEqual(
      leaks(cells).map((line) => line.split(":")[0]),
      ["field", "cause", "span"]
    )
  })
})

describe("no key and no content in any artefact of the fault matrix", () => {
  for (const face of ["transport", "httpClient"] as const) {
    it(`@memsy/effect over ${face === "transport" ? "the SDK's transport" : "an HttpClient"}`, async () => {
      const cells = await Effect.runPromise(
        Effect.forEach(cases, (c) => effectInProcess(c, faults, defaults, face, recording))
      )
      check(cells.flat())
    }, 120_000)
  }

  it("@memsy/sdk", async () => {
    const cells: Array<Cell> = []
    for (const c of cases) cells.push(...(await facadeInProcess(c, faults, defaults, recording)))
    check(cells)
  }, 120_000)

  it("both packages over real sockets", async () => {
    const server = await serve()
    try {
      const cells: Array<Cell> = []
      for (const pkg of ["effect", "sdk"] as const) {
        for (const c of cases) {
          cells.push(...(await onTheWire(pkg, server, c, wire, defaults, recording)))
        }
      }
      check(cells)
    } finally {
      await server.close()
    }
  }, 120_000)

  afterAll(() => {
    vi.restoreAllMocks()
    const secrets = [...apiKeys, MARKERS.content, MARKERS.query]
    // The Promise clients' request log was on: there were lines to search.
    assert.isAbove(consoleLines.length, 0)
    const found = consoleLines.filter((line) => secrets.some((secret) => line.includes(secret)))
    assert.deepStrictEqual(found, [], "console lines with a secret")
    console.log(
      `secrets: ${artefacts} artefacts and ${consoleLines.length} console lines searched, none leaks`
    )
  })
})
