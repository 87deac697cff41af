/**
 * Bad input through the Promise facade, called as plain JavaScript would call it: no types, so wrong
 * types, missing arguments, a string where an object goes, `null`. The cases are derived from the
 * endpoint declarations, as the core's suite derives them, and every one must reject with the
 * facade's MemsyValidationError naming the field with a rule, repeat no planted value, and send
 * nothing through the client's `fetch`. Bad client options throw at construction.
 */
import { MemsyClient, MemsyControlClient, MemsyValidationError } from "@memsy/sdk"
import { afterEach, assert, describe, it } from "vitest"
import {
  argumentsOf,
  assertShown,
  type Declared,
  declared,
  fieldsOf,
  literalsOf,
  MARKER,
  methodAt,
  refusedBy,
  render,
  simplestModel,
  spreadParams,
  withValue
} from "../../effect/test/badInput.js"
import { apiKey, baseUrl, controlUrl, recorder } from "./fixtures.js"

// Plain JavaScript: any value goes anywhere.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untyped = any

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()))
})

/** Both clients over a `fetch` that answers 500 and counts what reached it. */
const clients = (options: Record<string, unknown> = {}) => {
  const wire = recorder({ status: 500, body: { detail: "unavailable" } })
  const data = new MemsyClient({ baseUrl, apiKey, fetch: wire.fetch, ...options })
  const control = new MemsyControlClient({ baseUrl: controlUrl, apiKey, fetch: wire.fetch, ...options })
  open.push(data, control)
  return { data: data as Untyped, control: control as Untyped, seen: wire.seen }
}

/** The endpoint's method itself (`withResponse`: no helper stands in its place). */
const endpointOf = (c: ReturnType<typeof clients>, d: Declared) =>
  methodAt((d.plane === "data" ? c.data : c.control).withResponse, d.path)

const caught = async (run: () => unknown): Promise<unknown> => {
  try {
    const result = run()
    // An `AsyncIterable` (listAll) fails when it is read.
    if (result !== null && typeof result === "object" && Symbol.asyncIterator in result) {
      for await (const _ of result as AsyncIterable<unknown>) break
    } else {
      await result
    }
  } catch (error) {
    return error
  }
  return undefined
}

/** `run` must reject (or throw) with the facade's MemsyValidationError naming `field`, sending nothing. */
const rejected = async (
  run: (c: ReturnType<typeof clients>) => unknown,
  operation: string,
  field: string,
  context: string
): Promise<string> => {
  const c = clients()
  const error = await caught(() => run(c))
  assert.instanceOf(error, MemsyValidationError, `${context}: ${String(error)}`)
  const invalid = error as MemsyValidationError
  assert.strictEqual(invalid.name, "MemsyValidationError")
  assert.strictEqual(invalid.operation, operation, context)
  assert.deepStrictEqual(c.seen, [], `${context}: nothing sent`)
  return assertShown(invalid, field, context)
}

describe("every field of every request model refuses what it must", () => {
  for (const d of declared) {
    const model = simplestModel(d.endpoint)
    it(`${d.endpoint.name}: the simplest request is sent`, async () => {
      const c = clients()
      const error = await caught(() => endpointOf(c, d)(...argumentsOf(d.endpoint, model)))
      assert.notInstanceOf(error, MemsyValidationError)
      assert.strictEqual(c.seen.length, 1)
    })
    it(`${d.endpoint.name}: each field`, async () => {
      for (const field of fieldsOf(d.endpoint.request.ast, model)) {
        const name = render(field.path)
        const literals = literalsOf(field)
        for (const bad of refusedBy(field)) {
          const args = argumentsOf(d.endpoint, withValue(model, field.path, bad.value) as typeof model)
          const context = `${d.endpoint.name}(${name} = ${bad.title})`
          const rule = await rejected((c) => endpointOf(c, d)(...args), d.endpoint.name, name, context)
          if (typeof bad.value === "string") {
            for (const literal of literals) assert.include(rule, JSON.stringify(literal), context)
          }
        }
      }
    })
  }
})

describe("arguments of the wrong shape", () => {
  for (const d of declared) {
    const args = argumentsOf(d.endpoint, simplestModel(d.endpoint))
    const spread = spreadParams(d.endpoint)
    if (spread.length > 0) {
      it(`${d.endpoint.name}: ${spread.map((p) => p.name).join(", ")} must be an object`, async () => {
        for (const { index, name } of spread) {
          for (const value of [MARKER, 42, null, true, [MARKER]]) {
            const bad = args.map((arg, i) => (i === index ? value : arg))
            const rule = await rejected((c) => endpointOf(c, d)(...bad), d.endpoint.name, name, String(value))
            assert.strictEqual(rule, "must be an object")
          }
        }
      })
    }
    const required = fieldsOf(d.endpoint.request.ast, simplestModel(d.endpoint)).filter(
      (field) => field.path.length === 1 && !field.optional
    )
    if (required.length > 0) {
      it(`${d.endpoint.name}: no arguments at all names what is required`, async () => {
        const names = [...required.map((field) => render(field.path)), ...spread.map((p) => p.name)]
        const c = clients()
        const error = (await caught(() => endpointOf(c, d)())) as MemsyValidationError
        assert.instanceOf(error, MemsyValidationError)
        assert.isTrue(
          names.some((n) => error.detail.split("; ").includes(`${n}: is required`)),
          error.detail
        )
        assert.deepStrictEqual(c.seen, [])
      })
    }
  }
})

describe("a call's options, on every endpoint", () => {
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ["a NaN timeout", { timeout: Number.NaN }, "timeout"],
    ["a negative timeout", { timeout: -1 }, "timeout"],
    ["an infinite timeout", { timeout: Number.POSITIVE_INFINITY }, "timeout"],
    ["a timeout as text", { timeout: MARKER }, "timeout"],
    ["maxRetries -1", { maxRetries: -1 }, "maxRetries"],
    ["a fractional maxRetries", { maxRetries: 2.5 }, "maxRetries"],
    ["retryTransient as text", { retryTransient: "true" }, "retryTransient"],
    ["a header with a line break", { headers: { "x-note": `${MARKER}\n` } }, 'headers["x-note"]'],
    ["a header beyond Latin-1", { headers: { "x-note": `${MARKER}\u2028` } }, 'headers["x-note"]'],
    ["a header name that is no token", { headers: { [`${MARKER}:`]: "v" } }, "headers"],
    ["a signal that is none", { signal: MARKER }, "signal"],
    ["a signal-shaped object", { signal: {} }, "signal"],
    ["options as text", MARKER, "requestOptions"],
    ["options as null", null, "requestOptions"]
  ]
  for (const d of declared) {
    it(`${d.endpoint.name}: bad options are rejected before sending`, async () => {
      const args = argumentsOf(d.endpoint, simplestModel(d.endpoint))
      for (const [title, options, field] of cases) {
        await rejected((c) => endpointOf(c, d)(...args, options), d.endpoint.name, field, title)
      }
    })
  }
})

describe("a client's options", () => {
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ["a NaN timeout", { timeout: Number.NaN }, "timeout"],
    ["a negative timeout", { timeout: -1 }, "timeout"],
    ["an infinite timeout", { timeout: Number.POSITIVE_INFINITY }, "timeout"],
    ["a timeout as text", { timeout: "30000" }, "timeout"],
    ["maxRetries -1", { maxRetries: -1 }, "maxRetries"],
    ["a fractional maxRetries", { maxRetries: 1.5 }, "maxRetries"],
    ["a NaN retryBackoff", { retryBackoff: Number.NaN }, "retryBackoff"],
    ["retryTransient as text", { retryTransient: "yes" }, "retryTransient"],
    ["a baseUrl that is a number", { baseUrl: 42 }, "baseUrl"],
    ["a baseUrl that is no URL", { baseUrl: MARKER }, "baseUrl"],
    ["an empty apiKey", { apiKey: "" }, "apiKey"],
    ["an apiKey with a line break", { apiKey: `msy_${MARKER}\r\n` }, "apiKey"],
    ["an apiKey beyond ASCII", { apiKey: `msy_${MARKER}é` }, "apiKey"],
    ["a fetch that is none", { fetch: MARKER }, "fetch"],
    ["a logLevel that names no level", { logLevel: MARKER }, "logLevel"]
  ]
  for (const Client of [MemsyClient, MemsyControlClient]) {
    const operation = Client.name
    it(`${operation}: bad options throw at construction, naming the option`, () => {
      for (const [title, options, field] of cases) {
        let error: unknown
        try {
          new (Client as Untyped)({ baseUrl, apiKey, ...(options as object) })
        } catch (thrown) {
          error = thrown
        }
        assert.instanceOf(error, MemsyValidationError, title)
        assert.strictEqual((error as MemsyValidationError).operation, operation)
        assertShown(error as MemsyValidationError, field, title)
      }
    })

    it(`${operation}: options that are not an object throw`, () => {
      for (const options of [null, `http://${MARKER}.example`, 42]) {
        let error: unknown
        try {
          new (Client as Untyped)(options)
        } catch (thrown) {
          error = thrown
        }
        assert.instanceOf(error, MemsyValidationError)
        assert.strictEqual(
          assertShown(error as MemsyValidationError, "options", String(options)),
          "must be an object"
        )
      }
    })
  }

  it("withOptions with a bad option throws; the client keeps working", async () => {
    const c = clients()
    for (const [options, field] of [
      [{ timeout: Number.NaN }, "timeout"],
      [{ maxRetries: -1 }, "maxRetries"],
      [{ retryBackoff: -5 }, "retryBackoff"],
      [MARKER, "options"]
    ] as const) {
      let error: unknown
      try {
        c.data.withOptions(options)
      } catch (thrown) {
        error = thrown
      }
      assert.instanceOf(error, MemsyValidationError)
      assertShown(error as MemsyValidationError, field, String(field))
    }
    await caught(() => c.data.health())
    assert.strictEqual(c.seen.length, 1)
  })
})

describe("the helpers", () => {
  const event = { actorId: "u1", sessionId: "s1", kind: "user_message", content: "hello" }
  const cases: ReadonlyArray<readonly [string, string, string, (c: ReturnType<typeof clients>) => unknown]> =
    [
      ["ingestMany: events as text", "ingestMany", "events", (c) => c.data.ingestMany(MARKER)],
      ["ingestMany: no events", "ingestMany", "events", (c) => c.data.ingestMany()],
      ["ingestMany: options as null", "ingestMany", "options", (c) => c.data.ingestMany([event], null)],
      ["ingestMany: options as text", "ingestMany", "options", (c) => c.data.ingestMany([event], MARKER)],
      [
        "ingestMany: a NaN batchSize",
        "ingestMany",
        "batchSize",
        (c) => c.data.ingestMany([event], { batchSize: Number.NaN })
      ],
      [
        "ingestMany: a NaN timeout",
        "ingestMany",
        "timeout",
        (c) => c.data.ingestMany([event], { timeout: Number.NaN })
      ],
      [
        "ingestMany: a signal that is none",
        "ingestMany",
        "signal",
        (c) => c.data.ingestMany([event], { signal: MARKER })
      ],
      ["status: null", "status", "eventIds", (c) => c.data.status(null)],
      ["status: one id as text", "status", "eventIds", (c) => c.data.status(MARKER)],
      [
        "waitForProcessing: a NaN timeout",
        "waitForProcessing",
        "timeout",
        (c) => c.data.waitForProcessing(["e1"], { timeout: Number.NaN })
      ],
      [
        "waitForProcessing: a negative pollInterval",
        "waitForProcessing",
        "pollInterval",
        (c) => c.data.waitForProcessing(["e1"], { pollInterval: -1 })
      ],
      [
        "waitForProcessing: options as null",
        "waitForProcessing",
        "options",
        (c) => c.data.waitForProcessing(["e1"], null)
      ],
      [
        "waitForProcessing: onProgress not a function",
        "waitForProcessing",
        "onProgress",
        (c) => c.data.waitForProcessing(["e1"], { onProgress: MARKER })
      ],
      [
        "memories.listAll: pageSize 0",
        "memories.listAll",
        "pageSize",
        (c) => c.data.memories.listAll({}, { pageSize: 0 })
      ],
      [
        "memories.listAll: a NaN pageSize",
        "memories.listAll",
        "pageSize",
        (c) => c.data.memories.listAll({}, { pageSize: Number.NaN })
      ],
      [
        "memories.listAll: filters as text",
        "memories.listAll",
        "filters",
        (c) => c.data.memories.listAll(MARKER)
      ],
      [
        "memories.listAll: options as null",
        "memories.listAll",
        "options",
        (c) => c.data.memories.listAll({}, null)
      ],
      [
        "memories.listAll: a signal that is none",
        "memories.listAll",
        "signal",
        (c) => c.data.memories.listAll({}, { signal: 1 })
      ],
      [
        "events.listAll: an infinite timeout",
        "events.listAll",
        "timeout",
        (c) => c.control.events.listAll({}, { timeout: Number.POSITIVE_INFINITY })
      ]
    ]
  for (const [title, operation, field, run] of cases) {
    it(title, async () => {
      await rejected(run, operation, field, title)
    })
  }

  it("ingestMany: a bad event fails alone, as the facade's MemsyValidationError", async () => {
    const c = clients()
    const result = await c.data.ingestMany([event, { ...event, kind: "chat", content: MARKER }], {
      maxRetries: 0
    })
    assert.strictEqual(result.failures.length, 2)
    const [first, second] = result.failures
    assert.notInstanceOf(first.error, MemsyValidationError)
    assert.instanceOf(second.error, MemsyValidationError)
    assert.strictEqual(second.index, 1)
    assert.strictEqual(
      assertShown(second.error, "events[1].kind", "the bad event"),
      'must be one of "user_message", "assistant_message", "tool_result", "app_event"'
    )
  })
})

describe("messages a new user meets", () => {
  const cases: ReadonlyArray<readonly [string, (c: ReturnType<typeof clients>) => unknown, string]> = [
    [
      "one event instead of a list",
      (c) => c.data.ingest({ actorId: "u", sessionId: "s", kind: "user_message", content: MARKER }),
      "Invalid input to ingest: events: must be an array of events"
    ],
    [
      "an unknown kind",
      (c) => c.data.ingest([{ actorId: "u", sessionId: "s", kind: "chat", content: MARKER }]),
      'Invalid input to ingest: events[0].kind: must be one of "user_message", "assistant_message", "tool_result", "app_event"'
    ],
    ["a dot id", (c) => c.data.orgs.get(".."), 'Invalid input to orgs.get: orgId: must not be "." or ".."'],
    ["a query that is null", (c) => c.data.search(null), "Invalid input to search: query: must be a string"],
    ["no query", (c) => c.data.search(), "Invalid input to search: query: is required"],
    [
      "search options as text",
      (c) => c.data.search("q", MARKER),
      "Invalid input to search: options: must be an object"
    ],
    [
      "a NaN timeout",
      (c) => c.data.health({ timeout: Number.NaN }),
      "Invalid input to health: timeout: must be a positive, finite number of milliseconds"
    ]
  ]
  for (const [title, run, message] of cases) {
    it(title, async () => {
      const c = clients()
      const error = await caught(() => run(c))
      assert.instanceOf(error, MemsyValidationError)
      assert.strictEqual((error as Error).message, message)
      assert.deepStrictEqual(c.seen, [])
    })
  }
})
