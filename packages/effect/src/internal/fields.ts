import type * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as AST from "effect/SchemaAST"
import { declareStep } from "./decoder.js"
import { declareShortcut } from "./encoder.js"

/** A required wire field under another key. */
export const required = <const K extends string, A, I>(key: K, schema: Schema.Schema<A, I>) =>
  Schema.propertySignature(schema).pipe(Schema.fromKey(key))

// The response decoder runs the steps declared here inline (see `declareStep`).

/** An optional field; `null` from the server reads as absent. */
export const optional = <const K extends string, A, I>(key: K, schema: Schema.Schema<A, I>) =>
  declareStep(Schema.optionalWith(schema, { nullable: true }).pipe(Schema.fromKey(key)), { _tag: "DropNull" })

/** A response field with the contract's default when missing or `null`. */
export const withDefault = <const K extends string, A, I>(
  key: K,
  schema: Schema.Schema<A, I>,
  value: () => NoInfer<A>
) =>
  declareStep(Schema.optionalWith(schema, { nullable: true, default: value }).pipe(Schema.fromKey(key)), {
    _tag: "Default",
    value
  })

/** A request field the caller may leave out; the wire always gets a value, the default if need be. */
export const defaulted = <const K extends string, A, I>(
  key: K,
  schema: Schema.Schema<A, I>,
  value: NoInfer<A>
) =>
  Schema.requiredToOptional(schema, Schema.UndefinedOr(Schema.typeSchema(schema)), {
    decode: (a) => Option.some(a),
    encode: (o) =>
      Option.getOrElse(
        Option.filter(o, (a): a is A => a !== undefined),
        () => value
      )
  }).pipe(Schema.fromKey(key))

/**
 * A transformation's `encode` in two parts: `direct` gives the encoded value of the values it covers
 * (`undefined` for the rest), `rest` encodes the rest. The request encoder calls `direct` itself
 * (see `declareShortcut`).
 */
export const encodeWith = <A, I, R>(
  direct: (value: A) => I | undefined,
  rest: (
    value: A,
    options: AST.ParseOptions,
    ast: AST.Transformation
  ) => Effect.Effect<I, ParseResult.ParseIssue, R>
) => {
  const encode = (value: A, options: AST.ParseOptions, ast: AST.Transformation) => {
    const done = direct(value)
    return done === undefined ? rest(value, options, ast) : ParseResult.succeed(done)
  }
  declareShortcut(encode, direct)
  return encode
}

/** A request field sent only when set. */
export const omittable = <const K extends string, A, I>(key: K, schema: Schema.Schema<A, I>) =>
  Schema.optional(schema).pipe(Schema.fromKey(key))

/** A list the server may send as `null` (or as an empty body): read as `[]`. Built on first use. */
export const listOrEmpty = <A, I>(
  item: Schema.Schema<A, I>
): Schema.Schema<ReadonlyArray<A>, ReadonlyArray<I> | null> =>
  lazy(() =>
    Schema.transform(Schema.NullOr(Schema.Array(item)), Schema.Array(Schema.typeSchema(item)), {
      strict: true,
      decode: (items) => items ?? [],
      encode: (items) => items
    })
  )

/** Text with at least one non-whitespace character. */
export const NonBlank = Schema.String.pipe(
  Schema.filter((s) => s.trim().length > 0, { message: () => "must not be blank" })
)

/** An id as the contract bounds it: not blank, at most 256 characters. */
export const Identifier = NonBlank.pipe(
  Schema.maxLength(256, { message: () => "must be at most 256 characters" })
)

/**
 * An id that travels as a path segment. Any other text is sent percent-encoded as one segment, but
 * `.` and `..` a URL parser on the way (fetch's, a proxy's) would resolve into another route.
 */
export const PathId = Identifier.pipe(
  Schema.filter((id) => id !== "." && id !== "..", { message: () => 'must not be "." or ".."' })
)

/**
 * The annotation that states one rule for every way a value fails: on a number's base schema and its
 * filters, `"ten"`, `NaN`, `Infinity`, `1.5` and `0` all read `must be an integer from 1 to 100`.
 */
export const rule = (text: string) => ({ message: () => text })

/** A page size or offset. */
export const intBetween = (min: number, max: number) => {
  const annotations = rule(`must be an integer from ${min} to ${max}`)
  return Schema.Number.annotations(annotations).pipe(
    Schema.int(annotations),
    Schema.between(min, max, annotations)
  )
}

const nonNegative = rule("must be a non-negative integer")

export const NonNegativeInt = Schema.Number.annotations(nonNegative).pipe(
  Schema.int(nonNegative),
  Schema.nonNegative(nonNegative)
)

/** Free-form JSON objects the server passes through. */
export const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown })

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor = new (...args: ReadonlyArray<any>) => object

/** Where a stand-in (or a class declared over one, through its prototype chain) keeps its `build`. */
const builder = Symbol("@memsy/effect/fields/build")

type StandIn = { readonly [builder]: () => object }

/**
 * The statics of the schemas a kind of stand-in builds, as property descriptors every stand-in of
 * that kind shares: `getters` read the built schema's, `methods` call its. A class's methods take the
 * declared class as `this` (`make` and `extend` build on it); a schema's are called on the built
 * schema, whose results are schemas of their own. Made once, not per stand-in: ~100 stand-ins held
 * ~850 closures of their own.
 */
const forwarding = (
  getters: ReadonlyArray<string>,
  methods: ReadonlyArray<string>,
  self: "standIn" | "built"
): PropertyDescriptorMap => {
  const statics: PropertyDescriptorMap = {}
  for (const name of getters) {
    statics[name] = {
      get(this: StandIn) {
        // A class's getters build on the declared class (`ast` makes instances of it); a schema's
        // read the built one, which may be a stand-in of its own.
        const built = this[builder]()
        return self === "standIn" ? Reflect.get(built, name, this) : Reflect.get(built, name)
      },
      configurable: true
    }
  }
  for (const name of methods) {
    statics[name] = {
      value: function (this: StandIn, ...args: ReadonlyArray<unknown>) {
        const built = this[builder]()
        const method = Reflect.get(built, name) as (...args: ReadonlyArray<unknown>) => unknown
        return Reflect.apply(method, self === "standIn" ? this : built, args)
      },
      writable: true,
      configurable: true
    }
  }
  return statics
}

/** Defines on `standIn` the statics of what `build` makes. */
const forward = (standIn: object, build: () => object, statics: PropertyDescriptorMap) => {
  Object.defineProperty(standIn, builder, { value: build })
  Object.defineProperties(standIn, statics)
}

/** The variance marker `Schema.isSchema` looks for: the same object on every schema. */
const typeId = { [Schema.TypeId]: Schema.Unknown[Schema.TypeId] }

/** A Schema class's statics: its methods take the class they are called on (`this`). */
const classStatics = forwarding(
  ["ast", "fields"],
  ["annotations", "extend", "make", "pipe", "toString", "transformOrFail", "transformOrFailFrom"],
  "standIn"
)

/**
 * A Schema class (`Schema.Class`, `Schema.TaggedError`), built the first time it is used: constructed,
 * decoded with, read as a schema. Building every model's and error's fields and Schema class at import
 * was most of what importing the SDK cost, for classes most apps never meet (a `search` call needs 4
 * of the 33 models, and no error). The class the module declares is the one users see: its instances,
 * its `ast` (with `new this` in its transformation, so decoding makes instances of it), its statics.
 * The built class sits under it in the prototype chain, and is reached only for its constructor and
 * statics.
 */
const deferred = (identifier: string, own: object, make: () => Constructor): never => {
  let built: Constructor | undefined
  const build = (): Constructor => {
    if (built === undefined) {
      built = make()
      Object.setPrototypeOf(Deferred.prototype, built.prototype)
    }
    return built
  }
  class Deferred {
    static readonly identifier = identifier
    constructor(...args: ReadonlyArray<unknown>) {
      // `new.target`: the declared class, whose prototype (getters included) the instance gets.
      return Reflect.construct(build(), args, new.target)
    }
  }
  Object.assign(Deferred, typeId, own)
  forward(Deferred, build, classStatics)
  return Deferred as never
}

/**
 * A schema built the first time it is used (read as a schema, decoded or encoded with), for the same
 * reason as the classes: the request and response schemas of 39 endpoints were most of what was left
 * of the import. `statics` are those of the kind of schema `make` returns (see `forwarding`).
 */
const lazily = (make: () => object, statics: PropertyDescriptorMap): never => {
  let built: object | undefined
  const build = () => (built ??= make())
  // A function, as every Schema is; named by its binding, since a minifier drops a function
  // expression's own name.
  const LazySchema = function () {}
  Object.assign(LazySchema, typeId)
  forward(LazySchema, build, statics)
  return LazySchema as never
}

const structStatics = forwarding(
  ["ast", "fields", "records"],
  ["annotations", "make", "omit", "pick", "pipe", "toString"],
  "built"
)

/** `Schema.Struct`, its fields given as a function and built on first use (see `lazily`). */
export const Struct = <F extends Schema.Struct.Fields>(fields: () => F): Schema.Struct<F> =>
  lazily(() => Schema.Struct(fields()), structStatics)

/** What every schema has. */
const schemaStatics = forwarding(["ast"], ["annotations", "pipe", "toString"], "built")

/** Any schema, built on first use (see `lazily`): for the schemas endpoints declare in place. */
export const lazy = <A, I, R>(make: () => Schema.Schema<A, I, R>): Schema.Schema<A, I, R> =>
  lazily(make, schemaStatics)

/** `Schema.Class`, its fields given as a function and built on first use (see `deferred`). */
export const Class =
  <Self>(identifier: string) =>
  <F extends Schema.Struct.Fields>(
    fields: () => F
  ): Schema.Class<
    Self,
    F,
    Schema.Struct.Encoded<F>,
    Schema.Struct.Context<F>,
    Schema.Struct.Constructor<F>,
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    {},
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    {}
  > =>
    deferred(identifier, {}, () => Schema.Class<Self>(identifier)(fields()) as unknown as Constructor)

/** `Schema.TaggedError`, its fields given as a function and built on first use (see `deferred`). */
export const TaggedError =
  <Self>() =>
  <Tag extends string, F extends Schema.Struct.Fields>(
    tag: Tag,
    fields: () => F
  ): Schema.TaggedErrorClass<Self, Tag, { readonly _tag: Schema.tag<Tag> } & F> =>
    deferred(tag, { _tag: tag }, () => Schema.TaggedError<Self>()(tag, fields()) as unknown as Constructor)
