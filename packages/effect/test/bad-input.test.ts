/**
 * Bad input on every endpoint of both clients, derived from the declarations (a new endpoint is
 * covered with no change here): every field of every request model fed what it must refuse, every
 * options parameter fed what is not an object, every call fed bad options; then path ids, metadata
 * JSON cannot carry, bad client options and the helpers. Each case must be a MemsyValidationError of
 * the operation that names the field with a rule in plain words, never repeats the planted value,
 * and sends nothing.
 */
import { assert, describe, it } from "@effect/vitest"
import { type Events, MemsyError } from "@memsy/effect"
import { Cause, Chunk, Effect, Exit, FastCheck as fc, Option, Schema, Stream } from "effect"
import {
  argumentsOf,
  assertShown,
  type Declared,
  declared,
  fieldsOf,
  isNumeric,
  literalsOf,
  MARKER,
  methodAt,
  refusedBy,
  render,
  simplestModel,
  spreadParams,
  withValue
} from "./badInput.js"
import { type Clients, clients, MockTransport } from "./support.js"

type Run = (clients: Clients) => Effect.Effect<unknown, MemsyError.MemsyError>

/** The endpoint's method itself: `withResponse` has no helper in its place (`status` splits lists). */
const endpointCall =
  (d: Declared, args: ReadonlyArray<unknown>): Run =>
  (c) =>
    methodAt((d.plane === "data" ? c.data : c.control).withResponse, d.path)(...args) as Effect.Effect<
      unknown,
      MemsyError.MemsyError
    >

const sent = Effect.flatMap(MockTransport.MockTransport, (mock) => mock.requests)

/** Runs `run` on fresh clients: it must fail validation, naming `field`, with nothing sent. */
const rejected = (run: Run, operation: string, field: string, context: string) =>
  Effect.gen(function* () {
    const exit = yield* Effect.exit(run(yield* clients))
    assert.isTrue(Exit.isFailure(exit), `${context}: rejected`)
    if (Exit.isSuccess(exit)) return ""
    const error = Option.getOrUndefined(Cause.failureOption(exit.cause))
    assert.instanceOf(error, MemsyError.MemsyValidationError, `${context}: ${String(exit.cause)}`)
    assert.strictEqual(error.operation, operation, context)
    assert.deepStrictEqual(yield* sent, [], `${context}: nothing sent`)
    return assertShown(error, field, context)
  }).pipe(Effect.provide(MockTransport.layerClients()))

const event = { actorId: "u1", sessionId: "s1", kind: "user_message" as const, content: "hello" }

describe("the simplest request of every endpoint", () => {
  // The baseline of the cases below: with one field changed, only that field is wrong.
  for (const d of declared) {
    it.effect(`${d.endpoint.name}: is valid, and its arguments make it`, () =>
      Effect.gen(function* () {
        const model = simplestModel(d.endpoint)
        const args = argumentsOf(d.endpoint, model)
        assert.deepStrictEqual({ ...(d.endpoint.input(...args) as object) }, model)
        const exit = yield* Effect.exit(endpointCall(d, args)(yield* clients))
        if (Exit.isFailure(exit)) {
          assert.notInstanceOf(Cause.squash(exit.cause), MemsyError.MemsyValidationError, String(exit.cause))
        }
        assert.strictEqual((yield* sent).length, 1)
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }
})

describe("every field of every request model refuses what it must", () => {
  for (const d of declared) {
    const model = simplestModel(d.endpoint)
    for (const field of fieldsOf(d.endpoint.request.ast, model)) {
      const name = render(field.path)
      it.effect(`${d.endpoint.name}: ${name}`, () =>
        Effect.gen(function* () {
          const literals = literalsOf(field)
          for (const bad of refusedBy(field)) {
            const args = argumentsOf(d.endpoint, withValue(model, field.path, bad.value) as typeof model)
            const context = `${d.endpoint.name}(${name} = ${bad.title})`
            const rule = yield* rejected(endpointCall(d, args), d.endpoint.name, name, context)
            // A closed set is listed whole.
            if (typeof bad.value === "string") {
              for (const literal of literals) assert.include(rule, JSON.stringify(literal), context)
            }
          }
        })
      )
    }
  }
})

describe("every number of every request model", () => {
  const numbers = declared.flatMap((d) =>
    fieldsOf(d.endpoint.request.ast, simplestModel(d.endpoint))
      .filter(isNumeric)
      .map((field) => `${d.endpoint.name}: ${render(field.path)}`)
  )
  it("are found: limits, offsets, the threshold", () => {
    for (const expected of [
      "search: limit",
      "search: threshold",
      "memories.list: offset",
      "events.list: limit"
    ]) {
      assert.include(numbers, expected)
    }
  })
  for (const d of declared) {
    for (const field of fieldsOf(d.endpoint.request.ast, simplestModel(d.endpoint)).filter(isNumeric)) {
      it(`${d.endpoint.name}: ${render(field.path)} refuses NaN and the infinities`, () => {
        const refused = refusedBy(field).map((bad) => bad.title)
        for (const title of ["NaN", "Infinity", "-Infinity"]) assert.include(refused, title)
      })
    }
  }
})

describe("every options parameter must be an object", () => {
  const notObjects = [MARKER, 42, null, true, [MARKER], () => MARKER]
  for (const d of declared) {
    for (const { index, name } of spreadParams(d.endpoint)) {
      it.effect(`${d.endpoint.name}: ${name}`, () =>
        Effect.gen(function* () {
          const args = argumentsOf(d.endpoint, simplestModel(d.endpoint))
          for (const value of notObjects) {
            const bad = args.map((arg, i) => (i === index ? value : arg))
            const rule = yield* rejected(
              endpointCall(d, bad),
              d.endpoint.name,
              name,
              `${name} = ${String(value)}`
            )
            assert.strictEqual(rule, "must be an object")
          }
        })
      )
    }
  }
})

describe("no arguments at all", () => {
  for (const d of declared) {
    const model = simplestModel(d.endpoint)
    const required = fieldsOf(d.endpoint.request.ast, model).filter(
      (field) => field.path.length === 1 && !field.optional
    )
    if (required.length === 0) continue
    it.effect(`${d.endpoint.name}: names what is required`, () =>
      Effect.gen(function* () {
        const exit = yield* Effect.exit(endpointCall(d, [])(yield* clients))
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isSuccess(exit)) return
        const error = Option.getOrUndefined(Cause.failureOption(exit.cause))
        assert.instanceOf(error, MemsyError.MemsyValidationError)
        // Each required field, or the options object that holds it.
        const spread = spreadParams(d.endpoint).map((p) => p.name)
        for (const field of required) {
          const names = [render(field.path), ...spread]
          assert.isTrue(
            names.some((n) => error.detail.split("; ").includes(`${n}: is required`)),
            `${error.detail} names ${names.join(" or ")}`
          )
        }
        assert.deepStrictEqual(yield* sent, [])
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }
})

/** A call's options as JavaScript may pass them, and the field the error must name. */
const badRequestOptions: ReadonlyArray<readonly [string, unknown, string]> = [
  ["a NaN timeout", { timeout: Number.NaN }, "timeout"],
  ["a negative timeout", { timeout: -1 }, "timeout"],
  ["a zero timeout", { timeout: 0 }, "timeout"],
  ["an infinite timeout", { timeout: Number.POSITIVE_INFINITY }, "timeout"],
  ["a timeout that is no duration", { timeout: MARKER }, "timeout"],
  ["maxRetries -1", { maxRetries: -1 }, "maxRetries"],
  ["a fractional maxRetries", { maxRetries: 1.5 }, "maxRetries"],
  ["a NaN maxRetries", { maxRetries: Number.NaN }, "maxRetries"],
  ["an infinite maxRetries", { maxRetries: Number.POSITIVE_INFINITY }, "maxRetries"],
  ["maxRetries as text", { maxRetries: "3" }, "maxRetries"],
  ["retryTransient as text", { retryTransient: MARKER }, "retryTransient"],
  [
    "a header with a line break",
    { headers: { "x-note": `a\r\nx-injected: ${MARKER}` } },
    'headers["x-note"]'
  ],
  ["a header beyond Latin-1", { headers: { "x-note": `${MARKER} €` } }, 'headers["x-note"]'],
  ["a header with a NUL", { headers: { "x-note": `${MARKER}\u0000` } }, 'headers["x-note"]'],
  ["a header that is a number", { headers: { "x-note": 5 } }, 'headers["x-note"]'],
  ["a header name that is no token", { headers: { [`x ${MARKER}`]: "v" } }, "headers"],
  ["headers as text", { headers: MARKER }, "headers"],
  ["headers as a Map", { headers: new Map([["x-note", MARKER]]) }, "headers"],
  ["options as text", MARKER, "requestOptions"],
  ["options as null", null, "requestOptions"],
  ["options as a number", 42, "requestOptions"],
  ["options as an array", [MARKER], "requestOptions"]
]

describe("a call's options, on every endpoint", () => {
  for (const d of declared) {
    it.effect(`${d.endpoint.name}: bad options are rejected before sending`, () =>
      Effect.gen(function* () {
        const args = argumentsOf(d.endpoint, simplestModel(d.endpoint))
        for (const [title, options, field] of badRequestOptions) {
          yield* rejected(endpointCall(d, [...args, options]), d.endpoint.name, field, title)
        }
      })
    )
  }
})

describe("ids in a path", () => {
  const probe = "probe id/?#é"
  // The text parameters whose value lands in the path, by the declaration's own `path`.
  const pathIds = declared.flatMap((d) => {
    const model = simplestModel(d.endpoint)
    return (d.endpoint.params as ReadonlyArray<string>).flatMap((name) => {
      if (model[name] !== "x") return []
      const args = argumentsOf(d.endpoint, { ...model, [name]: probe })
      const wire = Schema.encodeSync(d.endpoint.request)(d.endpoint.input(...args))
      return d.endpoint.path(wire).includes(encodeURIComponent(probe)) ? [{ d, name, model }] : []
    })
  })

  it("they are found on both planes", () => {
    const found = pathIds.map(({ d, name }) => `${d.endpoint.name}(${name})`)
    for (const expected of [
      "orgs.get(orgId)",
      "roles.delete(id)",
      "teams.update(id)",
      "clear(containerTag)",
      "keys.delete(keyId)"
    ]) {
      assert.include(found, expected)
    }
  })

  for (const { d, model, name } of pathIds) {
    const args = (id: string) => argumentsOf(d.endpoint, { ...model, [name]: id })
    const pathOf = (id: string) =>
      Effect.gen(function* () {
        yield* Effect.exit(endpointCall(d, args(id))(yield* clients))
        const requests = yield* sent
        return requests[requests.length - 1]?.path
      })

    it.effect(`${d.endpoint.name}: ${name} refuses ids a URL parser would resolve, and blank ones`, () =>
      Effect.gen(function* () {
        for (const id of [".", "..", "", "   "]) {
          yield* rejected(endpointCall(d, args(id)), d.endpoint.name, name, JSON.stringify(id))
        }
      })
    )

    it.effect.prop(
      `${d.endpoint.name}: ${name} travels as one percent-encoded segment, whatever it holds`,
      [
        fc
          .string({ minLength: 1, maxLength: 40, unit: "grapheme" })
          .filter((id) => id.trim() !== "" && id !== "." && id !== "..")
      ],
      ([id]) =>
        Effect.gen(function* () {
          const plain = (yield* pathOf(probe)) ?? ""
          assert.include(plain, encodeURIComponent(probe))
          const path = (yield* pathOf(id)) ?? ""
          assert.strictEqual(path, plain.replace(encodeURIComponent(probe), encodeURIComponent(id)))
          const segments = path.split("/")
          assert.strictEqual(segments.length, plain.split("/").length)
          assert.include(segments.map(decodeURIComponent), id)
        }).pipe(Effect.provide(MockTransport.layerClients())),
      { fastCheck: { numRuns: 25 } }
    )
  }
})

describe("metadata JSON cannot carry", () => {
  const cycle: Record<string, unknown> = { note: MARKER }
  cycle["self"] = cycle
  const holey = [MARKER]
  holey[2] = MARKER
  const poisons: ReadonlyArray<readonly [string, unknown, string]> = [
    ["a BigInt", 10n, "a BigInt"],
    ["a function", () => MARKER, "a function"],
    ["a symbol", Symbol(MARKER), "a symbol"],
    ["undefined in an array", [MARKER, undefined], "undefined in an array"],
    ["a hole in an array", holey, "undefined in an array"],
    ["NaN", Number.NaN, "a number that is not finite"],
    ["Infinity", Number.POSITIVE_INFINITY, "a number that is not finite"],
    ["an invalid Date", new Date(Number.NaN), "an invalid Date"],
    ["a Map", new Map([[MARKER, MARKER]]), "a Map, a Set or another object that JSON writes as {}"],
    ["a Set", new Set([MARKER]), "a Map, a Set or another object that JSON writes as {}"],
    ["a symbol key", { [Symbol(MARKER)]: MARKER }, "a symbol key"],
    ["a cycle", cycle, "a cycle"]
  ]
  const json = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 })
  /** `value` at `depth` levels down, through objects and arrays in turn. */
  const buried = (value: unknown, depth: number): unknown =>
    depth === 0
      ? value
      : depth % 2 === 0
        ? { [MARKER]: buried(value, depth - 1) }
        : [MARKER, buried(value, depth - 1)]

  it.effect.prop(
    "a JSON object is sent as its JSON text",
    [json.filter((metadata) => JSON.stringify(metadata).length <= 4096)],
    ([metadata]) =>
      Effect.gen(function* () {
        yield* Effect.exit((yield* clients).data.ingest([{ ...event, metadata }]))
        const [request] = yield* sent
        assert.strictEqual(
          (request?.body as { events: Array<{ metadata: string }> }).events[0]?.metadata,
          JSON.stringify(metadata)
        )
      }).pipe(Effect.provide(MockTransport.layerClients())),
    { fastCheck: { numRuns: 50 } }
  )

  for (const [title, poison, holds] of poisons) {
    it.effect.prop(
      `${title}, however deep, is refused, in ingest and in ingestMany`,
      [json, fc.nat({ max: 4 }), fc.nat({ max: 3 })],
      ([metadata, depth, index]) =>
        Effect.gen(function* () {
          const mock = yield* MockTransport.MockTransport
          // The good events go out in one batch.
          yield* mock.reply(
            "POST /ingest",
            MockTransport.json({ event_ids: Array.from({ length: index }, (_, i) => `e${i}`) })
          )
          const bad = { ...metadata, [MARKER]: buried(poison, depth) }
          const events = Array.from({ length: index + 1 }, (_, i) => ({
            ...event,
            ...(i === index && { metadata: bad })
          }))
          const field = `events[${index}].metadata`
          const rule = yield* rejected((c) => c.data.ingest(events), "ingest", field, title)
          assert.strictEqual(rule, `must be serialisable to JSON: it holds ${holds}`)
          const many = yield* Effect.exit((yield* clients).data.ingestMany(events))
          assert.isTrue(Exit.isSuccess(many))
          if (Exit.isFailure(many)) return
          assert.deepStrictEqual(
            many.value.failures.map((f) => f.index),
            [index]
          )
          const error = many.value.failures[0]!.error as MemsyError.MemsyValidationError
          assert.strictEqual(assertShown(error, field, title), rule)
        }).pipe(Effect.provide(MockTransport.layerClients())),
      { fastCheck: { numRuns: 10 } }
    )
  }

  const tooLong = "must serialise to at most 4096 characters"
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ["an object over 4096 characters", { note: MARKER.repeat(300) }, tooLong],
    [
      "a wide object over 4096 characters",
      Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [i, 0])),
      tooLong
    ],
    [
      "deep nesting",
      JSON.parse("[".repeat(5000) + "]".repeat(5000)) as unknown,
      "must be JSON text or a plain object"
    ],
    [
      "deep nesting in an object",
      { deep: JSON.parse("[".repeat(5000) + "]".repeat(5000)) as unknown },
      tooLong
    ],
    ["text over 4096 characters", MARKER.repeat(300), tooLong],
    ["an array", [MARKER], "must be JSON text or a plain object"],
    ["a number", 42, "must be JSON text or a plain object"],
    ["null", null, "must be JSON text or a plain object"]
  ]
  for (const [title, metadata, expected] of cases) {
    it.effect(`${title} is refused`, () =>
      Effect.gen(function* () {
        const rule = yield* rejected(
          (c) => c.data.ingest([{ ...event, metadata } as Events.EventPayload]),
          "ingest",
          "events[0].metadata",
          title
        )
        assert.strictEqual(rule, expected)
      })
    )
  }
})

describe("messages a new user meets", () => {
  // The examples, word for word.
  const cases: ReadonlyArray<readonly [string, Run, string]> = [
    [
      "one event instead of a list",
      (c) => c.data.ingest({ ...event, content: MARKER } as never),
      "Invalid input to ingest: events: must be an array of events"
    ],
    [
      "an unknown kind",
      (c) => c.data.ingest([{ ...event, kind: "chat" as never }]),
      'Invalid input to ingest: events[0].kind: must be one of "user_message", "assistant_message", "tool_result", "app_event"'
    ],
    [
      "an empty batch",
      (c) => c.data.ingest([]),
      "Invalid input to ingest: events: must hold at least one event"
    ],
    [
      "a batch over the cap",
      (c) => c.data.ingest(Array.from({ length: 1001 }, () => event)),
      "Invalid input to ingest: events: must hold at most 1000 events"
    ],
    [
      "a NaN limit",
      (c) => c.data.search("q", { limit: Number.NaN }),
      "Invalid input to search: limit: must be an integer from 1 to 100"
    ],
    [
      "a limit as text",
      (c) => c.data.search("q", { limit: "10" as never }),
      "Invalid input to search: limit: must be an integer from 1 to 100"
    ],
    ["a dot id", (c) => c.data.orgs.get(".."), 'Invalid input to orgs.get: orgId: must not be "." or ".."'],
    ["an empty id", (c) => c.data.orgs.get(""), "Invalid input to orgs.get: orgId: must not be blank"],
    [
      "several problems at once",
      (c) => c.data.search(" ", { limit: 0, threshold: Number.NaN, includeSourceEvents: "yes" as never }),
      "Invalid input to search: query: must not be blank; limit: must be an integer from 1 to 100; threshold: must be a number from 0 to 1; includeSourceEvents: must be true or false"
    ]
  ]
  for (const [title, run, message] of cases) {
    it.effect(title, () =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(run(yield* clients))
        assert.strictEqual(error.message, message)
        assert.deepStrictEqual(yield* sent, [])
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }
})

describe("a client's options", () => {
  const cases: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
    ["a NaN timeout", { timeout: Number.NaN }, "timeout"],
    ["a negative timeout", { timeout: -5 }, "timeout"],
    ["an infinite timeout", { timeout: Number.POSITIVE_INFINITY }, "timeout"],
    ["a timeout that is no duration", { timeout: "soon" }, "timeout"],
    ["maxRetries -1", { maxRetries: -1 }, "maxRetries"],
    ["a fractional maxRetries", { maxRetries: 0.5 }, "maxRetries"],
    ["a negative retryBackoff", { retryBackoff: -1 }, "retryBackoff"],
    ["a NaN retryBackoff", { retryBackoff: Number.NaN }, "retryBackoff"],
    ["a retrySchedule that is none", { retrySchedule: MARKER }, "retrySchedule"],
    ["retryTransient as text", { retryTransient: "yes" }, "retryTransient"],
    ["a baseUrl that is no URL", { baseUrl: MARKER }, "baseUrl"],
    ["an ftp baseUrl", { baseUrl: `ftp://${MARKER}.example` }, "baseUrl"],
    ["a baseUrl that is a number", { baseUrl: 42 }, "baseUrl"],
    ["an empty apiKey", { apiKey: "" }, "apiKey"],
    ["an apiKey with a line break", { apiKey: `msy_${MARKER}\n` }, "apiKey"],
    ["an apiKey that is a number", { apiKey: 42 }, "apiKey"]
  ]
  for (const [title, options, field] of cases) {
    it.effect(`${title}: every call fails, naming ${field}, with nothing sent`, () =>
      Effect.gen(function* () {
        const c = yield* clients
        const runs: ReadonlyArray<readonly [string, Effect.Effect<unknown, MemsyError.MemsyError>]> = [
          ["search", c.data.search("q")],
          ["health", c.control.health()]
        ]
        for (const [operation, run] of runs) {
          const error = yield* Effect.flip(run)
          assert.instanceOf(error, MemsyError.MemsyValidationError)
          assert.strictEqual(error.operation, operation)
          assertShown(error, field, title)
        }
        assert.deepStrictEqual(yield* sent, [])
      }).pipe(
        // Both clients get the option, the control client a bad `baseUrl` as given too.
        Effect.provide(
          MockTransport.layerClients({
            client: { ...("baseUrl" in options && { controlUrl: options["baseUrl"] }), ...options } as never
          })
        )
      )
    )
  }

  it.effect("withOptions with a bad option: the derived client's calls fail, the original's do not", () =>
    Effect.gen(function* () {
      const { data } = yield* clients
      const error = yield* Effect.flip(data.withOptions({ maxRetries: -1 }).search("q"))
      assertShown(error as MemsyError.MemsyValidationError, "maxRetries", "withOptions")
      assert.deepStrictEqual(yield* sent, [])
      yield* Effect.exit(data.search("q"))
      assert.strictEqual((yield* sent).length, 1)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})

describe("the helpers", () => {
  const ids = ["e1"]
  const cases: ReadonlyArray<readonly [string, string, string, Run]> = [
    ["ingestMany: events not a list", "ingestMany", "events", (c) => c.data.ingestMany(MARKER as never)],
    ["ingestMany: no events", "ingestMany", "events", (c) => c.data.ingestMany(undefined as never)],
    [
      "ingestMany: options as text",
      "ingestMany",
      "options",
      (c) => c.data.ingestMany([event], MARKER as never)
    ],
    [
      "ingestMany: options as null",
      "ingestMany",
      "options",
      (c) => c.data.ingestMany([event], null as never)
    ],
    [
      "ingestMany: batchSize 0",
      "ingestMany",
      "batchSize",
      (c) => c.data.ingestMany([event], { batchSize: 0 })
    ],
    [
      "ingestMany: batchSize NaN",
      "ingestMany",
      "batchSize",
      (c) => c.data.ingestMany([event], { batchSize: Number.NaN })
    ],
    [
      "ingestMany: concurrency Infinity",
      "ingestMany",
      "concurrency",
      (c) => c.data.ingestMany([event], { concurrency: Number.POSITIVE_INFINITY })
    ],
    [
      "ingestMany: maxRetries -1",
      "ingestMany",
      "maxRetries",
      (c) => c.data.ingestMany([event], { maxRetries: -1 })
    ],
    [
      "ingestMany: onProgress not a function",
      "ingestMany",
      "onProgress",
      (c) => c.data.ingestMany([event], { onProgress: MARKER as never })
    ],
    [
      "ingestMany: a NaN timeout",
      "ingestMany",
      "timeout",
      (c) => c.data.ingestMany([event], { timeout: Number.NaN })
    ],
    [
      "ingestMany: a bad header",
      "ingestMany",
      'headers["x-note"]',
      (c) => c.data.ingestMany([event], { headers: { "x-note": `${MARKER}\n` } })
    ],
    ["status: null", "status", "eventIds", (c) => c.data.status(null as never)],
    ["status: text", "status", "eventIds", (c) => c.data.status(MARKER as never)],
    ["status: no ids", "status", "eventIds", (c) => c.data.status([])],
    [
      "status over 500 ids: a blank one",
      "status",
      "eventIds[3]",
      (c) => c.data.status([...Array.from({ length: 600 }, (_, i) => (i === 3 ? " " : `e${i}`))])
    ],
    [
      "waitForProcessing: a NaN timeout",
      "waitForProcessing",
      "timeout",
      (c) => c.data.waitForProcessing(ids, { timeout: Number.NaN })
    ],
    [
      "waitForProcessing: a negative pollInterval",
      "waitForProcessing",
      "pollInterval",
      (c) => c.data.waitForProcessing(ids, { pollInterval: -1 })
    ],
    [
      "waitForProcessing: a zero pollInterval",
      "waitForProcessing",
      "pollInterval",
      (c) => c.data.waitForProcessing(ids, { pollInterval: 0 })
    ],
    [
      "waitForProcessing: onProgress not a function",
      "waitForProcessing",
      "onProgress",
      (c) => c.data.waitForProcessing(ids, { onProgress: 5 as never })
    ],
    [
      "waitForProcessing: schedule not a Schedule",
      "waitForProcessing",
      "schedule",
      (c) => c.data.waitForProcessing(ids, { schedule: MARKER as never })
    ],
    [
      "waitForProcessing: options as null",
      "waitForProcessing",
      "options",
      (c) => c.data.waitForProcessing(ids, null as never)
    ],
    [
      "waitForProcessing: ids as text",
      "status",
      "eventIds",
      (c) => c.data.waitForProcessing(MARKER as never)
    ],
    [
      "watchProcessing: an infinite timeout",
      "watchProcessing",
      "timeout",
      (c) => Stream.runDrain(c.data.watchProcessing(ids, { timeout: Number.POSITIVE_INFINITY }))
    ],
    [
      "memories.listAll: pageSize 0",
      "memories.listAll",
      "pageSize",
      (c) => Stream.runCollect(c.data.memories.listAll({}, { pageSize: 0 })).pipe(Effect.map(Chunk.toArray))
    ],
    [
      "memories.listAll: pageSize NaN",
      "memories.listAll",
      "pageSize",
      (c) => Stream.runDrain(c.data.memories.listAll({}, { pageSize: Number.NaN }))
    ],
    [
      "memories.listAll: pageSize 201",
      "memories.listAll",
      "pageSize",
      (c) => Stream.runDrain(c.data.memories.listAll({}, { pageSize: 201 }))
    ],
    [
      "memories.listAll: filters as text",
      "memories.listAll",
      "filters",
      (c) => Stream.runDrain(c.data.memories.listAll(MARKER as never))
    ],
    [
      "memories.listAll: a bad filter",
      "memories.list",
      "kind",
      (c) => Stream.runDrain(c.data.memories.listAll({ kind: MARKER as never }))
    ],
    [
      "memories.listAll: a NaN timeout",
      "memories.listAll",
      "timeout",
      (c) => Stream.runDrain(c.data.memories.listAll({}, { timeout: Number.NaN }))
    ],
    [
      "events.listAll: options as null",
      "events.listAll",
      "options",
      (c) => Stream.runDrain(c.control.events.listAll({}, null as never))
    ]
  ]
  for (const [title, operation, field, run] of cases) {
    it.effect(title, () => Effect.asVoid(rejected(run, operation, field, title)))
  }

  it.effect("ingestMany: each bad event fails alone, named by its place in the input", () =>
    Effect.gen(function* () {
      const mock = yield* MockTransport.MockTransport
      yield* mock.reply("POST /ingest", MockTransport.json({ event_ids: ["a", "b"] }))
      const events = [
        event,
        { ...event, kind: MARKER },
        null,
        { ...event, content: MARKER.repeat(500) },
        event
      ]
      const result = yield* (yield* clients).data.ingestMany(events as never)
      assert.deepStrictEqual(result.eventIds, ["a", undefined, undefined, undefined, "b"])
      const rules = result.failures.map(({ error, index }) => [
        index,
        assertShown(error as MemsyError.MemsyValidationError, `events[${index}]`, `event ${index}`)
      ])
      assert.deepStrictEqual(rules, [
        [1, 'must be one of "user_message", "assistant_message", "tool_result", "app_event"'],
        [2, "must be an object"],
        [3, "must be under 8000 characters"]
      ])
      assert.strictEqual((yield* sent).length, 1)
    }).pipe(Effect.provide(MockTransport.layerClients()))
  )
})
