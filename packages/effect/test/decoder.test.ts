// The compiled response decoder must agree with Schema.decodeUnknown exactly: same success or
// failure, same decoded value (prototypes and key order included), for every endpoint's response
// model and for schemas that exercise each of its shortcuts, on valid wire bodies generated from the
// models, on such bodies with one value changed, and on arbitrary JSON.
import { assert, describe, it } from "@effect/vitest"
import { Endpoint, MemsyClient, MemsyControlClient, ResponseMeta } from "@memsy/effect"
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect"
import * as Decoder from "../src/internal/decoder.js"
import * as Fields from "../src/internal/fields.js"
import { SearchResponse, SearchResult } from "../src/Search.js"
import { answers, mutate, paths, REMOVE, sameShape } from "./differential.js"

const endpoints = [
  ...Endpoint.flatten(MemsyClient.endpoints),
  ...Endpoint.flatten(MemsyControlClient.endpoints)
]

// The synchronous `decoder` the pipeline calls, against Effect's own.
const agree = (schema: Schema.Schema.AnyNoContext, input: unknown) => {
  const both = answers(
    () => Schema.decodeUnknownEither(schema)(input),
    () => Decoder.decoder(schema)(input)
  )
  if (both === undefined) return
  const { expected, result } = both
  assert.strictEqual(Either.isRight(result), Either.isRight(expected))
  if (Either.isRight(result) && Either.isRight(expected)) {
    assert.deepStrictEqual(result.right, expected.right)
    sameShape(result.right, expected.right)
  } else if (Either.isLeft(result) && Either.isLeft(expected)) {
    assert.strictEqual(String(result.left), String(expected.left))
  }
}

// Wire bodies pass through JSON, so generated values do too (no undefined, NaN or -0 on the wire).
const asJson = (value: unknown): unknown => {
  const text = JSON.stringify(value)
  return text === undefined ? null : JSON.parse(text)
}

type Json = null | boolean | number | string | Array<Json> | { [key: string]: Json }

const properties = (name: string, schema: Schema.Schema<unknown, unknown>) => {
  it(`${name}: on bodies generated from the model`, () => {
    const bodies = Arbitrary.make(schema).map((value) => asJson(Schema.encodeSync(schema)(value)))
    fc.assert(
      fc.property(bodies, (body) => agree(schema, body)),
      { numRuns: 60 }
    )
  })

  it(`${name}: on generated bodies with one value changed or removed`, () => {
    const bodies = Arbitrary.make(schema).map((value) => asJson(Schema.encodeSync(schema)(value)) as Json)
    const changed = fc
      .tuple(bodies, fc.nat(), fc.option(fc.jsonValue() as fc.Arbitrary<Json>, { nil: undefined }))
      .map(([body, n, replacement]) => {
        const all = paths(body)
        return mutate(body, all[n % all.length]!, replacement === undefined ? REMOVE : replacement, null)
      })
    fc.assert(
      fc.property(changed, (body) => agree(schema, body)),
      { numRuns: 100 }
    )
  })

  it(`${name}: on arbitrary JSON`, () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => agree(schema, body)),
      { numRuns: 60 }
    )
  })
}

describe("the compiled decoder agrees with Schema.decodeUnknown", () => {
  for (const endpoint of endpoints) {
    properties(endpoint.name, endpoint.response as Schema.Schema<unknown, unknown>)
  }
})

describe("the compiled decoder does the work itself", () => {
  // Agreement alone would also hold if it handed everything to Effect.
  it("decodes every valid generated body without falling back to Effect", () => {
    for (const endpoint of endpoints) {
      const schema = endpoint.response as Schema.Schema<unknown, unknown>
      const bodies = Arbitrary.make(schema).map((value) => asJson(Schema.encodeSync(schema)(value)))
      fc.assert(
        fc.property(bodies, (body) => {
          if (Either.isRight(Schema.decodeUnknownEither(schema)(body))) {
            assert.notStrictEqual(Decoder.attempt(schema)(body), Decoder.FAIL, endpoint.name)
          }
        }),
        { numRuns: 20 }
      )
    }
  })
})

// Schemas aimed at one shortcut each, where the response models don't reach every case.
const sym = Symbol.for("test/decoder/extra")

class WithField extends Schema.Class<WithField>("WithField")({ a: Schema.String }) {
  // An own key the constructor adds: instances can't be made without it.
  readonly extra = 1
}

class Tagged extends Schema.TaggedClass<Tagged>()("Tagged", {
  a: Fields.optional("a_wire", Schema.String)
}) {}

class Defaulted extends Schema.Class<Defaulted>("Defaulted")({
  // Decodes to `undefined` when missing; then the constructor's own default applies.
  a: Schema.Unknown.pipe(
    Schema.propertySignature,
    Schema.withConstructorDefault(() => "made")
  ),
  b: Fields.withDefault("b_wire", Schema.Array(Schema.String), () => ["x"]),
  c: Fields.optional("c_wire", Schema.Number)
}) {
  get both() {
    return [this.a, this.b]
  }
}

class Renamed extends Schema.Class<Renamed>("Renamed")({
  z: Fields.required("z_wire", Schema.String),
  y: Schema.Number,
  x: Fields.optional("x", Schema.Array(Schema.String)),
  w: Fields.withDefault("w_wire", Fields.JsonObject, () => ({ d: 1 })),
  nested: Fields.optional("nested", Schema.Array(Defaulted))
}) {}

// Parsing its own output again fails: the record's values must have `c`, which the field dropped.
const NotIdempotent = Schema.Struct(
  { a: Schema.Struct({ b: Schema.String }) },
  { key: Schema.String, value: Schema.Struct({ c: Schema.String }) }
)

class Rechecked extends Schema.Class<Rechecked>("Rechecked")({
  s: Fields.optional("s_wire", NotIdempotent),
  // Defaults the type side rejects: Effect checks them.
  n: Fields.withDefault("n_wire", Schema.String, () => 5 as unknown as string),
  d: Fields.withDefault("d_wire", Defaulted, () => ({}) as Defaulted)
}) {}

// Effect tries the member whose literal matches first: not the declaration order.
const Discriminated = Schema.Union(
  Schema.Struct({ a: Schema.String }),
  Schema.Struct({ kind: Schema.Literal("x"), a: Schema.String })
)

const custom: ReadonlyArray<readonly [string, Schema.Schema.AnyNoContext]> = [
  ["a union Effect orders by literal", Discriminated],
  ["a class whose constructor adds a key", WithField],
  ["a tagged class", Tagged],
  ["a class with constructor defaults", Defaulted],
  ["a class with renames, reordered", Renamed],
  ["a union whose members can both match", Schema.Union(Schema.Struct({ a: Schema.String }), Renamed)],
  [
    "a union of overlapping structs",
    Schema.Union(
      Schema.Struct({ a: Schema.String }),
      Schema.Struct({ a: Schema.String, b: Schema.optional(Schema.Number) })
    )
  ],
  ["a union of literals and a string", Schema.Union(Schema.Literal("a", "b"), Schema.String, Schema.Null)],
  ["a record", Schema.Record({ key: Schema.String, value: Schema.Unknown })],
  ["a record of numbers", Schema.Record({ key: Schema.String, value: Schema.NullOr(Schema.Number) })],
  [
    "a struct with a record",
    Schema.Struct(
      { a: Schema.optionalWith(Schema.String, { exact: true }) },
      { key: Schema.String, value: Schema.String }
    )
  ],
  [
    "records and arrays a transformation made",
    Schema.transform(
      Schema.Array(Schema.String),
      Schema.Struct({
        record: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
        list: Schema.Array(Schema.String)
      }),
      {
        strict: false,
        decode: (items) => {
          const list: Array<string> = [...items]
          Object.assign(list, { extra: true })
          return { record: { ...Object.fromEntries(items.map((i) => [i, i])), [sym]: 1 }, list }
        },
        encode: ({ list }) => list
      }
    )
  ]
]

describe("the compiled decoder agrees with Schema.decodeUnknown on each shortcut", () => {
  for (const [name, schema] of custom) properties(name, schema)

  const cases: ReadonlyArray<readonly [string, Schema.Schema.AnyNoContext, unknown]> = [
    ["a literal Effect tries first", Discriminated, { kind: "x", a: "s" }],
    [
      "a type side that fails on the encoded side's output",
      Rechecked,
      { s_wire: { a: { b: "1", c: "2" } }, n_wire: "n", d_wire: {} }
    ],
    ["a default that is no instance", Rechecked, { n_wire: "n", d_wire: null }],
    ["defaults the type side rejects", Rechecked, { n_wire: null, d_wire: {} }],
    [
      "top-level symbol keys",
      Schema.Record({ key: Schema.String, value: Schema.Unknown }),
      { a: 1, [sym]: 2 }
    ],
    [
      "an own __proto__ key",
      Schema.Record({ key: Schema.String, value: Schema.Unknown }),
      JSON.parse(`{"a": 1, "__proto__": {"b": 2}}`)
    ],
    [
      "an own __proto__ key, deeper",
      Schema.Array(Fields.JsonObject),
      JSON.parse(`[{"__proto__": {"b": 2}}, {"__proto__": null}]`)
    ],
    [
      "an own __proto__ key in a renamed field, which Effect's second pass drops",
      Renamed,
      JSON.parse(`{"z_wire": "z", "y": 1, "w_wire": {"__proto__": null, "k": 1}}`)
    ],
    [
      "an own __proto__ key in an array of a renamed field",
      Schema.Struct({ e: Fields.withDefault("e_wire", Schema.Array(Fields.JsonObject), () => []) }),
      JSON.parse(`{"e_wire": [{"__proto__": {"b": 2}, "k": 1}, {"k": 2}]}`)
    ],
    ["nulls for optional fields", Renamed, { z_wire: "z", y: 1, x: null, w_wire: null, nested: null }],
    ["missing optional fields", Renamed, { z_wire: "z", y: 1 }],
    [
      "excess keys at every level",
      Renamed,
      { q: 1, z_wire: "z", z: "no", y: 1, w_wire: { k: [] }, nested: [{ a: 1, b_wire: ["s"], extra: 2 }] }
    ],
    ["a defaulted field decoded as undefined", Defaulted, {}],
    ["a defaulted field decoded as null", Defaulted, { a: null, b_wire: null, c_wire: null }],
    [
      "headers on a search response",
      SearchResponse,
      { results: [], [ResponseMeta.UsageKey]: { apiCalls: 1 } }
    ],
    ["a search result without metadata", SearchResponse, { results: [{ id: "i", content: "c", score: 1 }] }],
    [
      "several matching members",
      Schema.Union(Schema.Struct({ a: Schema.String }), Renamed),
      { a: "a", z_wire: "z", y: 1 }
    ]
  ]
  for (const [name, schema, input, itself = true] of cases) {
    it(name, () => {
      agree(schema, input)
      if (Either.isRight(Schema.decodeUnknownEither(schema)(input))) {
        assert.strictEqual(
          Decoder.attempt(schema)(input) !== Decoder.FAIL,
          itself,
          "decoded by the compiled parser"
        )
      }
    })
  }

  it("an input Effect's own parser throws on", () => {
    // Found by the properties above (seed 1985445335). Effect 3.22's union parser looks a literal
    // key's value up with `String(value)`, which throws on an object whose `toString` is no function,
    // as JSON can make it. The decoder gives what Effect's rule gives for any other object there: the
    // one member that matches without the literal.
    const input = { kind: { toString: [] }, a: "" }
    assert.throws(() => Schema.decodeUnknownEither(Discriminated)(input), TypeError)
    const ruled = Schema.decodeUnknownSync(Discriminated)({ kind: {}, a: "" })
    const decoded = Either.getOrThrow(Decoder.decoder(Discriminated)(input))
    assert.deepStrictEqual(decoded, ruled)
    sameShape(decoded, ruled)
    // With no member matching, the decoder hands the input to Effect, which throws the same.
    agree(Discriminated, { kind: { toString: [] } })
    assert.throws(() => Decoder.decoder(Discriminated)({ kind: { toString: [] } }), TypeError)
  })

  it("decoded instances are the classes' own, getters included", () => {
    const decoded = Either.getOrThrow(Decoder.decoder(Defaulted)({ b_wire: ["s"] }))
    assert.instanceOf(decoded, Defaulted)
    assert.deepStrictEqual(decoded.both, ["made", ["s"]])
    const result = Either.getOrThrow(
      Decoder.decoder(SearchResponse)({
        results: [{ id: "i", content: "c", score: 1, metadata: { tags: ["t"] } }]
      })
    )
    assert.instanceOf(result.results[0], SearchResult)
    assert.deepStrictEqual(result.results[0]!.tags, ["t"])
    assert.deepStrictEqual(result.results[0]!.sourceEvents, [])
  })
})

describe("declared steps", () => {
  it("are checked when a decoder first meets them, not when declared", () => {
    let made = 0
    const Counted = Schema.Struct({
      tags: Fields.withDefault("tags_wire", Schema.Array(Schema.String), () => {
        made++
        return []
      })
    })
    assert.strictEqual(made, 0, "declaring runs nothing")
    agree(Counted as Schema.Schema.AnyNoContext, {})
    assert.isAbove(made, 0)
  })

  it("a step that disagrees with its function is left to Effect", () => {
    // Declared as `DropNull`, but the function fills a default: the inline step would drop the key.
    const Lying = Schema.Struct({
      tags: Decoder.declareStep(
        Schema.optionalWith(Schema.Array(Schema.String), { nullable: true, default: () => ["d"] }).pipe(
          Schema.fromKey("tags_wire")
        ),
        { _tag: "DropNull" }
      )
    })
    agree(Lying as Schema.Schema.AnyNoContext, {})
    agree(Lying as Schema.Schema.AnyNoContext, { tags_wire: null })
    assert.deepStrictEqual(Either.getOrThrow(Decoder.decoder(Lying)({})), { tags: ["d"] })
  })
})
