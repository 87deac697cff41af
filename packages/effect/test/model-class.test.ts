// `Fields.Class` builds a model's fields and Schema class on first use: the class it gives must be
// indistinguishable from the `Schema.Class` it defers, as a constructor, as a schema, and in its
// instances.
import { assert, describe, it } from "@effect/vitest"
import { Search } from "@memsy/effect"
import { Effect, Either, Equal, Hash, Schema } from "effect"
import { inspect } from "node:util"
import * as Fields from "../src/internal/fields.js"

// One model declared both ways, with a rename, a default, a nested class and a getter.
const modelFields = () => ({
  id: Schema.String,
  actorId: Fields.required("actor_id", Schema.String),
  tags: Fields.withDefault("tags", Schema.Array(Schema.String), () => []),
  source: Fields.optional("source", Search.SourceEvent)
})

class Eager extends Schema.Class<Eager>("Model")(modelFields()) {
  get label() {
    return `${this.id}:${this.actorId}`
  }
}

let built = 0
class Deferred extends Fields.Class<Deferred>("Model")(() => {
  built++
  return modelFields()
}) {
  get label() {
    return `${this.id}:${this.actorId}`
  }
}

const wire = {
  id: "m1",
  actor_id: "u1",
  tags: ["a"],
  source: { event_id: "e1", kind: "user_message", content: "hi" }
}

// What a user can observe of an instance: own keys and values in order, prototype members, strings.
const observed = (instance: Eager | Deferred) => ({
  keys: Reflect.ownKeys(instance),
  descriptors: Object.getOwnPropertyDescriptors(instance),
  label: instance.label,
  string: String(instance),
  // The two classes' own names aside.
  inspected: inspect(instance, { depth: null }).replace(instance.constructor.name, "Model"),
  json: JSON.stringify(instance)
})

describe("Fields.Class", () => {
  it("builds nothing until the class is used", () => {
    // Declaring the class above ran no field thunk; neither do `isSchema` and the identifier.
    assert.strictEqual(built, 0)
    assert.isTrue(Schema.isSchema(Deferred))
    assert.strictEqual(Deferred.identifier, "Model")
    assert.strictEqual(built, 0)
    assert.isDefined(Deferred.ast)
    assert.strictEqual(built, 1)
    Deferred.make({ id: "x", actorId: "y" })
    assert.strictEqual(built, 1, "built once")
  })

  it("decodes into instances of the declared class, as Schema.Class does", () => {
    const eager = Either.getOrThrow(Schema.decodeUnknownEither(Eager)(wire))
    const deferred = Either.getOrThrow(Schema.decodeUnknownEither(Deferred)(wire))
    assert.instanceOf(deferred, Deferred)
    assert.strictEqual(Object.getPrototypeOf(deferred), Deferred.prototype)
    assert.instanceOf(deferred.source, Search.SourceEvent)
    assert.deepStrictEqual(observed(deferred), observed(eager))
    assert.deepStrictEqual(
      Schema.encodeSync(Deferred)(deferred),
      Schema.encodeSync(Eager)(eager),
      "encodes back to the same wire form"
    )
  })

  it("constructs, validates and compares like Schema.Class", () => {
    const a = new Deferred({ id: "m1", actorId: "u1" })
    const b = Deferred.make({ id: "m1", actorId: "u1" })
    assert.instanceOf(b, Deferred)
    assert.deepStrictEqual(observed(a), observed(new Eager({ id: "m1", actorId: "u1" })))
    // Structural equality, as `Data.Class` gives it.
    class Plain extends Fields.Class<Plain>("Plain")(() => ({ id: Schema.String })) {}
    assert.isTrue(Equal.equals(new Plain({ id: "a" }), Plain.make({ id: "a" })))
    assert.isFalse(Equal.equals(new Plain({ id: "a" }), new Plain({ id: "b" })))
    assert.strictEqual(Hash.hash(new Plain({ id: "a" })), Hash.hash(new Plain({ id: "a" })))
    assert.throws(() => new Deferred({ id: 1 as unknown as string, actorId: "u1" }), /Expected string/)
    assert.strictEqual(String(Deferred), String(Eager))
  })

  it("its statics take the declared class as `this`", () => {
    const Annotated = Deferred.annotations({ title: "a model" })
    const instance = Either.getOrThrow(Schema.decodeUnknownEither(Annotated)(wire))
    assert.instanceOf(instance, Deferred)
    const Piped = Deferred.pipe(Schema.annotations({ title: "piped" }))
    assert.instanceOf(Either.getOrThrow(Schema.decodeUnknownEither(Piped)(wire)), Deferred)
    class Extended extends Deferred.extend<Extended>("Extended")({ extra: Schema.Number }) {}
    const extended = Either.getOrThrow(Schema.decodeUnknownEither(Extended)({ ...wire, extra: 1 }))
    assert.instanceOf(extended, Deferred)
    assert.strictEqual(extended.label, "m1:u1")
    assert.deepStrictEqual(Object.keys(Deferred.fields), Object.keys(Eager.fields))
  })
})

describe("Fields.TaggedError", () => {
  const errorFields = () => ({ detail: Schema.String, retryAfter: Schema.optional(Schema.Number) })
  class EagerError extends Schema.TaggedError<EagerError>()("Slow", errorFields()) {
    override get message() {
      return `slow: ${this.detail}`
    }
  }
  class DeferredError extends Fields.TaggedError<DeferredError>()("Slow", errorFields) {
    override get message() {
      return `slow: ${this.detail}`
    }
  }
  const observedError = (error: EagerError | DeferredError) => ({
    tag: error._tag,
    name: error.name,
    message: error.message,
    string: String(error),
    keys: Reflect.ownKeys(error),
    json: JSON.stringify(error),
    isError: error instanceof Error,
    stackHead: error.stack?.split("\n")[0]
  })

  it("makes errors indistinguishable from Schema.TaggedError's", () => {
    assert.strictEqual(DeferredError._tag, "Slow")
    const deferred = new DeferredError({ detail: "wait", retryAfter: 2 })
    assert.instanceOf(deferred, DeferredError)
    assert.deepStrictEqual(
      observedError(deferred),
      observedError(new EagerError({ detail: "wait", retryAfter: 2 }))
    )
    const decoded = Either.getOrThrow(
      Schema.decodeUnknownEither(DeferredError)({ _tag: "Slow", detail: "d" })
    )
    assert.instanceOf(decoded, DeferredError)
  })

  it.effect("fails an Effect when yielded, and is caught by its tag", () =>
    Effect.gen(function* () {
      const caught = yield* Effect.gen(function* () {
        return yield* new DeferredError({ detail: "wait" })
      }).pipe(Effect.catchTag("Slow", (error) => Effect.succeed(error.detail)))
      assert.strictEqual(caught, "wait")
    })
  )
})

describe("Fields.Struct and Fields.lazy", () => {
  // A request struct with a rename, a default and a rule, declared both ways.
  const requestFields = () => ({
    query: Fields.NonBlank,
    actorId: Fields.omittable("actor_id", Fields.Identifier),
    limit: Fields.defaulted("limit", Fields.intBetween(1, 100), 10)
  })
  const EagerRequest = Schema.Struct(requestFields())
  let built = 0
  const LazyRequest = Fields.Struct(() => {
    built++
    return requestFields()
  })

  // What validation and encoding make of some inputs, failures as their messages.
  const outcomes = (schema: Schema.Schema<unknown, unknown>) =>
    [
      { query: "q" },
      { query: "q", actorId: "u", limit: 5 },
      { query: " " },
      { query: "q", limit: 0 },
      {}
    ].map((input) =>
      Either.match(Schema.encodeUnknownEither(schema)(input), {
        onLeft: (issue) => ({ error: issue.message }),
        onRight: (wire) => ({ wire })
      })
    )

  it("builds nothing until the schema is used, and then once", () => {
    assert.strictEqual(built, 0)
    assert.isTrue(Schema.isSchema(LazyRequest))
    assert.strictEqual(built, 0)
    assert.strictEqual(LazyRequest.ast, LazyRequest.ast)
    assert.strictEqual(built, 1)
    LazyRequest.make({ query: "q" })
    assert.strictEqual(built, 1, "built once")
  })

  it("validates and encodes as the Schema.Struct it defers", () => {
    assert.deepStrictEqual(outcomes(LazyRequest as never), outcomes(EagerRequest as never))
    assert.strictEqual(String(LazyRequest), String(EagerRequest))
  })

  it("has the struct's statics: fields, make, pick, omit, annotations, pipe", () => {
    assert.deepStrictEqual(Object.keys(LazyRequest.fields), Object.keys(EagerRequest.fields))
    assert.deepStrictEqual(LazyRequest.make({ query: "q" }), EagerRequest.make({ query: "q" }))
    assert.throws(() => LazyRequest.make({ query: " " }), /must not be blank/)
    assert.deepStrictEqual(Object.keys(LazyRequest.pick("query").fields), ["query"])
    assert.deepStrictEqual(Object.keys(LazyRequest.omit("query").fields), ["actorId", "limit"])
    const titled = LazyRequest.annotations({ title: "request" })
    assert.strictEqual(titled.ast.annotations[Symbol.for("effect/annotation/Title")], "request")
    const extended = LazyRequest.pipe(Schema.extend(Schema.Struct({ extra: Schema.Number })))
    assert.deepStrictEqual(Schema.encodeSync(extended)({ query: "q", extra: 1 }), {
      query: "q",
      limit: 10,
      extra: 1
    })
    // Spread into another struct, as endpoints compose requests.
    const composed = Schema.Struct({ ...LazyRequest.fields, id: Schema.String })
    assert.deepStrictEqual(Schema.encodeSync(composed)({ query: "q", id: "x" }), {
      query: "q",
      limit: 10,
      id: "x"
    })
  })

  it("Fields.lazy stands in for any schema, decoding, encoding and annotating as it does", () => {
    const make = () => Fields.listOrEmpty(Schema.NumberFromString)
    let calls = 0
    const lazyList = Fields.lazy(() => {
      calls++
      return make()
    })
    assert.strictEqual(calls, 0)
    const decode = Schema.decodeUnknownEither(lazyList)
    assert.deepStrictEqual(Either.getOrThrow(decode(["1", "2"])), [1, 2])
    assert.deepStrictEqual(Either.getOrThrow(decode(null)), [])
    assert.isTrue(Either.isLeft(decode(["x"])))
    assert.deepStrictEqual(Schema.encodeSync(lazyList)([3]), ["3"])
    assert.strictEqual(String(lazyList), String(make()))
    const titled = lazyList.annotations({ title: "numbers" })
    assert.strictEqual(titled.ast.annotations[Symbol.for("effect/annotation/Title")], "numbers")
    assert.strictEqual(calls, 1)
  })
})
