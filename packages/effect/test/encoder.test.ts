// The compiled request encoder must agree with ParseResult.encodeUnknownEither exactly: same success
// or failure, same encoded value (key order included), for every endpoint's request model and for
// schemas that exercise each of its shortcuts, on valid requests generated from the models, on such
// requests with one value changed or removed, and on arbitrary values; and it must not touch its input.
import { assert, describe, it } from "@effect/vitest"
import { Endpoint, MemsyClient, MemsyControlClient } from "@memsy/effect"
import { Arbitrary, Effect, Either, FastCheck as fc, ParseResult, Schema, SchemaAST as AST } from "effect"
import { identity } from "effect/Function"
import * as Encoder from "../src/internal/encoder.js"
import * as Fields from "../src/internal/fields.js"
import { answers, mutate, paths, REMOVE, sameShape } from "./differential.js"

const endpoints = [
  ...Endpoint.flatten(MemsyClient.endpoints),
  ...Endpoint.flatten(MemsyControlClient.endpoints)
]

const reference = (schema: Schema.Schema<unknown, unknown>) =>
  ParseResult.encodeUnknownEither(schema, { errors: "all" })

const agree = (schema: Schema.Schema<unknown, unknown>, input: unknown) => {
  const both = answers(
    () => reference(schema)(input),
    () => Encoder.encoder(schema)(input)
  )
  if (both === undefined) return
  const { expected, result } = both
  const attempted = Encoder.attempt(schema)(input)
  // Run again after the compiled encoder: had it changed its input, Effect would now see another one.
  const after = reference(schema)(input)
  assert.deepStrictEqual(after, expected, "the input is left as it was")
  assert.strictEqual(Either.isRight(result), Either.isRight(expected))
  if (attempted !== Encoder.FAIL) {
    assert.isTrue(Either.isRight(expected), "the compiled encoder succeeds only where Effect does")
  }
  if (Either.isRight(result) && Either.isRight(expected)) {
    assert.deepStrictEqual(result.right, expected.right)
    sameShape(result.right, expected.right)
    assert.strictEqual(json(result.right), json(expected.right), "the same bytes are sent")
  } else if (Either.isLeft(result) && Either.isLeft(expected)) {
    assert.strictEqual(String(result.left), String(expected.left))
  }
}

const json = (value: unknown) => {
  try {
    return JSON.stringify(value)
  } catch {
    return "not JSON"
  }
}

const replacements = fc.oneof(
  fc.constant(REMOVE),
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(Number.NaN),
  fc.date({ noInvalidDate: false }),
  fc.string(),
  fc.integer(),
  fc.anything()
)

const properties = (name: string, schema: Schema.Schema<unknown, unknown>) => {
  const requests = Arbitrary.make(schema)
  it(`${name}: on requests generated from the model`, () => {
    fc.assert(
      fc.property(requests, (request) => agree(schema, request)),
      { numRuns: 60 }
    )
  })
  it(`${name}: on generated requests with one value changed or removed`, () => {
    const changed = fc.tuple(requests, fc.nat(), replacements).map(([request, n, replacement]) => {
      const all = paths(request)
      return mutate(request, all[n % all.length]!, replacement)
    })
    fc.assert(
      fc.property(changed, (request) => agree(schema, request)),
      { numRuns: 100 }
    )
  })
  it(`${name}: on arbitrary values`, () => {
    fc.assert(
      fc.property(fc.anything(), (value) => agree(schema, value)),
      { numRuns: 30 }
    )
  })
}

describe("the compiled encoder agrees with ParseResult.encodeUnknownEither", () => {
  for (const endpoint of endpoints) {
    properties(endpoint.name, endpoint.request as Schema.Schema<unknown, unknown>)
  }
})

describe("the compiled encoder does the work itself", () => {
  // Agreement alone would also hold if it handed everything to Effect.
  it("encodes every valid generated request without falling back to Effect", () => {
    let encoded = 0
    for (const endpoint of endpoints) {
      const schema = endpoint.request as Schema.Schema<unknown, unknown>
      fc.assert(
        fc.property(Arbitrary.make(schema), (request) => {
          if (Either.isRight(reference(schema)(request))) {
            encoded++
            assert.notStrictEqual(Encoder.attempt(schema)(request), Encoder.FAIL, endpoint.name)
          }
        }),
        { numRuns: 20 }
      )
    }
    assert.isAbove(encoded, endpoints.length * 5, "most generated requests are valid")
  })
})

// Schemas aimed at one shortcut each, where the request models don't reach every case.
const Swapped = Schema.Struct({
  a: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("b")),
  b: Schema.propertySignature(Schema.Number).pipe(Schema.fromKey("a"))
})
const Kept = Schema.Struct({
  same: Fields.defaulted("same", Schema.Number, 7),
  renamed: Fields.omittable("renamed_wire", Schema.String),
  required: Schema.UndefinedOr(Schema.String),
  plain: Schema.optional(Schema.Boolean)
})
const Batch = Schema.Array(Kept).pipe(Schema.minItems(1), Schema.maxItems(3))
const Filtered = Schema.Array(Schema.Struct({ n: Schema.Number })).pipe(
  Schema.filter((items) => items.every((item) => Object.keys(item).length === 1))
)
const FirstMember = Schema.Union(
  Schema.Struct({ a: Schema.String }),
  Schema.Struct({
    a: Schema.propertySignature(Schema.String).pipe(Schema.fromKey("a_wire")),
    b: Schema.Number
  })
)
// Effect tries members with literal-valued keys first: here the second, before the first.
const Tagged = Schema.Union(
  Schema.Struct({ a: Schema.String }),
  Schema.Struct({ kind: Schema.Literal("x"), a: Schema.String })
)
const Indexed = Schema.Struct(
  { known: Schema.NumberFromString },
  Schema.Record({ key: Schema.String, value: Schema.Union(Schema.Number, Schema.NumberFromString) })
)
const Tuple = Schema.Tuple(Schema.String, Schema.NumberFromString)
// Transformations Schema.Struct never builds, as an AST can spell them.
const handMade = (
  typeSide: Schema.Struct.Fields,
  wireSide: Schema.Struct.Fields,
  steps: ReadonlyArray<readonly [to: string, from: string]>
) =>
  Schema.make(
    new AST.Transformation(
      Schema.Struct(wireSide).ast,
      Schema.Struct(typeSide).ast,
      new AST.TypeLiteralTransformation(
        steps.map(([to, from]) => new AST.PropertySignatureTransformation(from, to, identity, identity))
      )
    )
  ) as Schema.Schema<unknown, unknown>
const Unread = handMade({ a: Schema.String, dropped: Schema.Number }, { a_wire: Schema.String }, [
  ["a", "a_wire"]
])
// `a` goes to wire key `b`, which the next step moves on to `c`: in order, not at once.
const Chained = handMade(
  { a: Schema.String },
  { b: Schema.optional(Schema.String), c: Schema.optional(Schema.String) },
  [
    ["a", "b"],
    ["b", "c"]
  ]
)
// A step onto a key the type side also has: with nothing to write, the type side's value stays.
const Overlaid = handMade(
  { a: Schema.optional(Schema.String), b: Schema.String },
  { b: Schema.optional(Schema.String) },
  [["a", "b"]]
)
const WireOnly = handMade(
  { a: Schema.String },
  { a: Schema.String, w: Schema.UndefinedOr(Schema.String) },
  []
)
const Kind = Schema.Literal("user_message", "assistant_message", "tool_result")
// A declaration other than `DateFromSelf` may accept anything, and give anything: `"x"` encodes as `"x!"`.
const Suffixed = Schema.declare([], {
  decode: () => (input, _, ast) =>
    typeof input === "string"
      ? ParseResult.succeed(input)
      : ParseResult.fail(new ParseResult.Type(ast, input)),
  encode: () => (input, _, ast) =>
    typeof input === "string"
      ? ParseResult.succeed(`${input}!`)
      : ParseResult.fail(new ParseResult.Type(ast, input))
}).annotations({ arbitrary: () => (fc) => fc.string() }) as unknown as Schema.Schema<string>
// Checks-only fields, under the same schema on both sides, renamed: encoded once.
const Checked = Schema.Struct({
  id: Fields.required("id_wire", Fields.Identifier),
  kind: Schema.propertySignature(Kind).pipe(Schema.fromKey("kind_wire")),
  at: Schema.propertySignature(Schema.Union(Schema.Literal(0), Schema.DateFromSelf)).pipe(
    Schema.fromKey("at_wire")
  ),
  // Under the same schema on both sides too, but it does more than check: encoded twice, as Effect does.
  suffixed: Schema.propertySignature(Suffixed).pipe(Schema.fromKey("suffixed_wire")),
  list: Schema.propertySignature(Schema.Array(Schema.String)).pipe(Schema.fromKey("list_wire"))
})
// Unions are tried by the kind of the input: one member of each kind here.
const Kinds = Schema.Union(
  Schema.String,
  Schema.Number,
  Schema.Boolean,
  Schema.Null,
  Schema.Undefined,
  Schema.Array(Schema.String),
  Schema.Struct({ a: Schema.String }),
  Schema.Literal(1n)
)
const Dated = Schema.Struct({ at: Schema.optional(Schema.Union(Schema.String, Schema.DateFromSelf)) })
// Effect tries the declaration first, and it accepts a string: `"x!"`, not `"x"`.
const DeclaredFirst = Schema.Union(Suffixed, Schema.String)
// Encoding reads a transformation's type side: `NumberFromString` takes a number, and Effect tries it
// first (`"5"`, not `5`).
const TransformedFirst = Schema.Union(Schema.NumberFromString, Schema.Number)
// A fallback lets a refinement's check accept what its base does not (a boolean, read as `1`).
const Rescued = Schema.Union(
  Schema.Number.pipe(Schema.positive()).annotations({ decodingFallback: () => Either.right(1) }),
  Schema.Boolean
)
// Refinements over a checks-only base (filters on the input), and over one that is not.
const Refined = Schema.Struct({
  text: Fields.NonBlank.pipe(Schema.maxLength(5)),
  either: Schema.Union(Schema.Literal("a"), Schema.Number).pipe(Schema.filter((v) => v !== 0)),
  date: Schema.ValidDateFromSelf,
  suffixed: Suffixed.pipe(Schema.filter((s) => s.length > 1)),
  // A fallback on a filter: the check, a decoding, may answer with it.
  rescued: Schema.optional(
    Schema.String.pipe(Schema.minLength(2)).annotations({ decodingFallback: () => Either.right("fallback") })
  )
})
// A transformation whose `encode` has a shortcut (`Fields.encodeWith`): integers take it, the wire
// side still checks what it gives (at most 3 characters), and other numbers take `rest`.
const Shortcut = Schema.transformOrFail(Schema.String.pipe(Schema.maxLength(3)), Schema.Number, {
  strict: true,
  decode: (text, _, ast) =>
    Number.isNaN(Number(text))
      ? ParseResult.fail(new ParseResult.Type(ast, text))
      : ParseResult.succeed(Number(text)),
  encode: Fields.encodeWith(
    (n: number) => (Number.isInteger(n) ? String(n) : undefined),
    (n, _, ast) =>
      Number.isFinite(n) ? ParseResult.succeed(n.toFixed(1)) : ParseResult.fail(new ParseResult.Type(ast, n))
  )
})
// An `encode` that answers with an `Effect`, not an `Either`: Effect's to run.
const Effectful = Schema.transformOrFail(Schema.String, Schema.String, {
  strict: true,
  decode: (text) => ParseResult.succeed(text),
  encode: (text) => Effect.succeed(text.toUpperCase())
})
const custom: ReadonlyArray<readonly [string, Schema.Schema<unknown, unknown>]> = [
  ["renames that swap keys", Swapped as never],
  ["kept, renamed, defaulted and undefined-or fields", Kept as never],
  ["length filters over renamed elements", Batch as never],
  ["a filter that reads the elements", Filtered as never],
  ["a union whose first matching member wins", FirstMember as never],
  ["a union with a tagged member", Tagged as never],
  ["index signatures beside declared keys", Indexed as never],
  ["a fixed tuple", Tuple as never],
  ["a type key no wire key reads", Unread],
  ["renames in a chain", Chained],
  ["a required wire key with no source", WireOnly],
  ["a step onto a type key", Overlaid],
  ["renamed fields under one schema on both sides", Checked as never],
  ["a union of every kind", Kinds as never],
  ["an optional string or Date", Dated as never],
  ["a union of literals", Kind as never],
  ["a union with a declaration first", DeclaredFirst as never],
  ["a union with a transformation first", TransformedFirst as never],
  ["a union with a fallback", Rescued as never],
  ["refinements over checks-only bases and others", Refined as never],
  ["a transformation with a shortcut", Shortcut as never]
]

describe("the compiled encoder agrees with ParseResult.encodeUnknownEither on each shortcut", () => {
  for (const [name, schema] of custom) properties(name, schema)

  const cases: ReadonlyArray<readonly [string, Schema.Schema<unknown, unknown>, unknown]> = [
    ["swapped keys", Swapped as never, { a: "s", b: 1 }],
    ["a missing defaulted field", Kept as never, { required: undefined }],
    ["a missing undefined-or field", Kept as never, {}],
    ["excess keys", Kept as never, { required: "r", extra: 1, renamed_wire: "no" }],
    ["excess keys in length-filtered elements", Batch as never, [{ required: "r", extra: 1 }]],
    ["an empty batch", Batch as never, []],
    ["elements a filter reads, with excess keys", Filtered as never, [{ n: 1, extra: 2 }]],
    ["two matching members", FirstMember as never, { a: "a", b: 1 }],
    ["a tagged member Effect tries first", Tagged as never, { kind: "x", a: "s" }],
    ["declared keys in the index signature", Indexed as never, { z: 1, known: 2, a: 3 }],
    ["an unread type key of the wrong type", Unread, { a: "x", dropped: "no" }],
    ["an unread type key", Unread, { a: "x", dropped: 1 }],
    ["renames in a chain", Chained, { a: "x" }],
    ["a step onto a type key, with nothing to write", Overlaid, { b: "y" }],
    ["a tuple with an element too many", Tuple as never, ["a", 1, "extra"]],
    ["a required wire key with no source", WireOnly, { a: "x", w: "ignored" }],
    [
      "checks-only fields, renamed",
      Checked as never,
      { id: "i", kind: "tool_result", at: new Date(0), suffixed: "s", list: ["a"] }
    ],
    ["a string among every kind", Kinds as never, "s"],
    ["a record among every kind", Kinds as never, { a: "s", b: 1 }],
    ["a BigInt among every kind", Kinds as never, 1n],
    ["a function among every kind", Kinds as never, () => 1],
    ["a Date", Dated as never, { at: new Date(0) }],
    ["a string where a Date may be", Dated as never, { at: "now" }],
    ["an undefined date", Dated as never, { at: undefined }],
    ["the last literal", Kind as never, "tool_result"],
    ["a string a declaration takes first", DeclaredFirst as never, "x"],
    ["a number a transformation takes first", TransformedFirst as never, 5],
    ["a value only a fallback takes", Rescued as never, true],
    [
      "refined fields",
      Refined as never,
      { text: "abc", either: "a", date: new Date(0), suffixed: "ss", rescued: "ok" }
    ],
    [
      "a refined field its fallback rescues",
      Refined as never,
      { text: "abc", either: 1, date: new Date(0), suffixed: "ss", rescued: "x" }
    ],
    ["a value the shortcut takes", Shortcut as never, 12],
    ["a value the shortcut leaves to the rest", Shortcut as never, 1.5],
    ["a value the shortcut takes and the wire side refuses", Shortcut as never, 12345]
  ]
  for (const [name, schema, input] of cases) {
    it(name, () => {
      agree(schema, input)
      if (Either.isRight(reference(schema)(input))) {
        assert.notStrictEqual(Encoder.attempt(schema)(input), Encoder.FAIL, "encoded by the compiled encoder")
      }
    })
  }

  it("an input Effect's own parser throws on", () => {
    // Found by the properties above (seed -1562568944). Effect 3.22's union parser looks a literal
    // key's value up with `String(value)`, which throws on an object whose `toString` is no function.
    // The encoder gives what Effect's rule gives for any other object there: the one member that
    // matches without the literal.
    const input = { kind: { toString: false }, a: "" }
    assert.throws(() => reference(Tagged as never)(input), TypeError)
    const ruled = Either.getOrThrow(reference(Tagged as never)({ kind: {}, a: "" }))
    const encoded = Either.getOrThrow(Encoder.encoder(Tagged as never)(input))
    assert.deepStrictEqual(encoded, ruled)
    sameShape(encoded, ruled)
    // With no member matching, the encoder hands the input to Effect, which throws the same.
    agree(Tagged as never, { kind: { toString: false } })
    assert.throws(() => Encoder.encoder(Tagged as never)({ kind: { toString: false } }), TypeError)
  })

  it("an encode that answers with an Effect, not an Either, is left to Effect", () => {
    agree(Effectful as never, "x")
    assert.isTrue(Either.isRight(reference(Effectful as never)("x")))
    assert.strictEqual(Encoder.attempt(Effectful as never)("x"), Encoder.FAIL)
  })
})
