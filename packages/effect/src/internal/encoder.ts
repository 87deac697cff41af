/**
 * A faster encoder for request models, equivalent to `ParseResult.encodeUnknownEither(schema)` on the
 * way to a success.
 *
 * Effect's parser wraps every node's result in an `Either` and threads options and error bookkeeping
 * through every property: ~11 µs an ingested event, twenty times the `JSON.stringify` of it. Here the
 * schema's AST is compiled once into plain functions that take the same steps in the same order (the
 * type side checked, the schema's own transformations run, keys renamed as Effect renames them), minus
 * the bookkeeping. A node it does not cover is handed to Effect's encoder for that subtree; anything
 * that fails gives up, and the caller encodes the whole input again with Effect, so that every error
 * is Effect's own.
 */
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import * as Decoder from "./decoder.js"

const FAIL = Decoder.FAIL
type Encode = (input: unknown) => unknown
type Struct = Record<PropertyKey, unknown>

const memo = new WeakMap<AST.AST, Encode>()

const fromEither = (result: unknown): unknown =>
  Either.isEither(result) ? (Either.isRight(result) ? result.right : FAIL) : FAIL

/** Effect's own encoder, for a subtree this compiler does not cover. */
const delegate = (ast: AST.AST): Encode => {
  const encode = ParseResult.encodeUnknownEither(Schema.make(ast))
  return (input) => fromEither(encode(input))
}

/** Annotations that change how Effect parses a node: such nodes are left to Effect. */
const special = (ast: AST.AST): boolean => Option.isSome(AST.getParseOptionsAnnotation(ast))

/**
 * A node Effect decodes its own way (parse options, or a fallback it may answer with in place of a
 * failure): a refinement's check, a decoding, through it may accept, and return, anything.
 */
const decodedOwnWay = Decoder.special

const compile = (ast: AST.AST): Encode => {
  const cached = memo.get(ast)
  if (cached) return cached
  // Set first: a recursive schema (through `Suspend`) finds itself.
  memo.set(ast, (input) => encode(input))
  const encode = special(ast) ? delegate(ast) : go(ast)
  memo.set(ast, encode)
  return encode
}

const go = (ast: AST.AST): Encode => {
  switch (ast._tag) {
    case "StringKeyword":
      return (i) => (typeof i === "string" ? i : FAIL)
    case "NumberKeyword":
      return (i) => (typeof i === "number" ? i : FAIL)
    case "BooleanKeyword":
      return (i) => (typeof i === "boolean" ? i : FAIL)
    case "UndefinedKeyword":
      return (i) => (i === undefined ? i : FAIL)
    case "UnknownKeyword":
    case "AnyKeyword":
    case "VoidKeyword":
      return (i) => i
    case "Literal": {
      const literal = ast.literal
      return (i) => (i === literal ? i : FAIL)
    }
    case "Refinement":
      return refinement(ast)
    case "Transformation":
      return transformation(ast)
    case "Declaration": {
      const encode = ast.encodeUnknown(...ast.typeParameters)
      return (i) => fromEither(encode(i, AST.defaultParseOption, ast))
    }
    case "Suspend": {
      let encode: Encode | undefined
      return (i) => (encode ??= compile(ast.f()))(i)
    }
    case "TypeLiteral":
      return typeLiteral(ast)
    case "TupleType":
      return tupleType(ast)
    case "Union":
      return union(ast)
    default:
      return delegate(ast)
  }
}

/** Array filters that read nothing but the length. */
const lengthOnly = new Set<unknown>([
  Schema.MinItemsSchemaId,
  Schema.MaxItemsSchemaId,
  Schema.ItemsCountSchemaId
])

/**
 * As Effect encodes a refinement: the value is checked against the type side (the refinement's own
 * filters included, by the compiled decoder), then what lies under the filters is encoded.
 *
 * An array's length filters (`minItems(1)` on a batch of events) would so check every element's type
 * side twice: once here, once when the elements are encoded. The checked copy has the input's length,
 * and encoding the input gives what encoding the copy would (both drop the same excess keys), so the
 * filters run on the input and the elements are checked once, by their encoder.
 */
const refinement = (ast: AST.Refinement): Encode => {
  const filters: Array<AST.Refinement> = []
  let base: AST.AST = ast
  for (; AST.isRefinement(base); base = base.from) filters.unshift(base)
  const from = compile(base)
  if (
    base._tag === "TupleType" &&
    filters.every((f) => lengthOnly.has(AST.getSchemaIdAnnotation(f).pipe(Option.getOrUndefined)))
  ) {
    return (i) => {
      if (!Array.isArray(i)) return FAIL
      for (const f of filters) if (Option.isSome(f.filter(i, AST.defaultParseOption, f))) return FAIL
      return from(i)
    }
  }
  // On a checks-only base (`String` under `NonBlank` and `maxLength`), the check's decoding and the
  // encoding both give the input back: the base is checked once, then the filters run on the input,
  // innermost first, as the check would run them. Half the calls of the decoder's round trip.
  if (checksOnly(base) && AST.typeAST(base) === base && filters.every((f) => !decodedOwnWay(f))) {
    return (i) => {
      if (from(i) === FAIL) return FAIL
      for (const f of filters) if (Option.isSome(f.filter(i, AST.defaultParseOption, f))) return FAIL
      return i
    }
  }
  const check = Decoder.parser(AST.typeAST(ast))
  return (i) => {
    const a = check(i)
    return a === FAIL ? FAIL : from(a)
  }
}

/** The shortcut of each transformation `encode` that has one (`declareShortcut`). */
const shortcuts = new WeakMap<object, (value: unknown) => unknown>()

/**
 * Declares `direct` a shortcut of `encode` (see `Fields.encodeWith`): where `direct` gives a value
 * (not `undefined`), `encode` succeeds with it. The compiled encoder calls `direct` first: for `ts` and
 * `metadata` text, no `Either` to make and read back.
 */
export const declareShortcut = <A>(encode: object, direct: (value: A) => unknown): void => {
  shortcuts.set(encode, direct as (value: unknown) => unknown)
}

/** Encode the type side, run the transformation's `encode`, encode the result as the encoded side. */
const transformation = (ast: AST.Transformation): Encode => {
  const from = compile(ast.to)
  const to = compile(ast.from)
  const t = ast.transformation
  switch (t._tag) {
    case "FinalTransformation": {
      const direct = shortcuts.get(t.encode)
      return (i) => {
        const a = from(i)
        if (a === FAIL) return FAIL
        const done = direct?.(a)
        const b = done !== undefined ? done : fromEither(t.encode(a, AST.defaultParseOption, ast, i))
        return b === FAIL ? FAIL : to(b)
      }
    }
    case "ComposeTransformation":
      return (i) => {
        const a = from(i)
        return a === FAIL ? FAIL : to(a)
      }
    case "TypeLiteralTransformation":
      return renames(ast, t, from, to)
  }
}

/**
 * Effect renames keys in place on the fresh object the type side's encoder made, one step at a time
 * (`delete` the step's key, write its target), then encodes the result as the encoded side: three
 * passes and two objects per struct, and `delete` drops the object into V8's slow dictionary mode.
 * When both sides are plain structs and the steps commute (no step writes a key that another step,
 * or the type side, also provides), each wire key's value depends on one type key only,
 * and one pass writes the encoded side's keys in its order, as Effect's last pass does.
 */
const renames = (
  ast: AST.Transformation,
  t: AST.TypeLiteralTransformation,
  from: Encode,
  to: Encode
): Encode => {
  const steps = t.propertySignatureTransformations
  const sources = new Set<PropertyKey>(steps.map((step) => step.to))
  const typeSide = ast.to
  const wireSide = ast.from
  const plain = (side: AST.AST): side is AST.TypeLiteral =>
    side._tag === "TypeLiteral" &&
    !special(side) &&
    side.indexSignatures.length === 0 &&
    side.propertySignatures.length > 0
  // Effect's AST already rules out two steps with one source or one target.
  const commute =
    plain(typeSide) &&
    plain(wireSide) &&
    steps.every(
      (step) =>
        step.from === step.to ||
        (!sources.has(step.from) && !typeSide.propertySignatures.some((ps) => ps.name === step.from))
    )
  if (!commute) {
    return (i) => {
      const a = from(i)
      if (a === FAIL) return FAIL
      const record = a as Struct
      for (const step of steps) {
        const o = step.encode(Object.hasOwn(record, step.to) ? Option.some(record[step.to]) : Option.none())
        delete record[step.to]
        if (Option.isSome(o)) record[step.from] = o.value
      }
      return to(record)
    }
  }
  const typeFields = typeSide.propertySignatures.map((ps) => ({
    name: ps.name,
    optional: ps.isOptional,
    ast: ps.type,
    encode: compile(ps.type)
  }))
  const byName = new Map(typeFields.map((field) => [field.name, field]))
  const stepByTarget = new Map(steps.map((step) => [step.from, step]))
  const wireFields = wireSide.propertySignatures.map((ps) => {
    const step = stepByTarget.get(ps.name)
    const source = byName.get(step ? step.to : ps.name)
    const plainStep = step === undefined || step.encode === identity
    return {
      name: ps.name,
      optional: ps.isOptional,
      encode: compile(ps.type),
      // A plain rename (`Schema.fromKey`) encodes with `identity`: no `Option` to make and read back
      // for each renamed key of each event, as the decoder skips its `decode`.
      step: plainStep ? undefined : step.encode,
      source,
      // The type side's value of a field declared with the same checks-only schema on both sides
      // (`actorId`, `kind`, `content`): already checked by those very checks, and returned as is, so
      // encoding it again would give it back. Half the checks of such fields.
      checked: plainStep && source !== undefined && source.ast === ps.type && checksOnly(ps.type)
    }
  })
  // Type keys no wire key reads: Effect still encodes (and so checks) them before dropping them.
  const read = new Set(wireFields.map((field) => field.source))
  const unread = typeFields.filter((field) => !read.has(field))
  return (i) => {
    if (!isRecord(i)) return FAIL
    for (const field of unread) {
      if ((!field.optional || Object.hasOwn(i, field.name)) && field.encode(i[field.name]) === FAIL)
        return FAIL
    }
    const output: Struct = {}
    for (const field of wireFields) {
      // The type side's value, if any, as the type side's encoder leaves it.
      const source = field.source
      let present = source !== undefined && (!source.optional || Object.hasOwn(i, source.name))
      let value: unknown = undefined
      if (present) {
        value = source!.encode(i[source!.name])
        if (value === FAIL) return FAIL
      }
      if (field.step) {
        const o = field.step(present ? Option.some(value) : Option.none())
        present = Option.isSome(o)
        value = present ? (o as Option.Some<unknown>).value : undefined
      }
      // The encoded side's struct: a missing optional key stays out, a missing required one is
      // encoded from `undefined`.
      if (!present && field.optional) continue
      const encoded = field.checked && present ? value : field.encode(value)
      if (encoded === FAIL) return FAIL
      output[field.name] = encoded
    }
    return output
  }
}

// `Schema.DateFromSelf`, or an annotated copy of it: accepts `Date` instances, as they are.
const dateFromSelf = (Schema.DateFromSelf.ast as AST.Declaration).encodeUnknown

/**
 * Whether a node only checks its input: its encoder (and Effect's) returns the input itself on
 * success. Keywords, literals, refinements of such (a filter is a predicate: the same input, the same
 * answer), unions of such, and `DateFromSelf`.
 */
const checksOnly = (ast: AST.AST): boolean => {
  if (decodedOwnWay(ast)) return false
  switch (ast._tag) {
    case "StringKeyword":
    case "NumberKeyword":
    case "BooleanKeyword":
    case "UndefinedKeyword":
    case "UnknownKeyword":
    case "AnyKeyword":
    case "VoidKeyword":
    case "Literal":
      return true
    case "Refinement":
      return checksOnly(ast.from)
    case "Union":
      return ast.types.every(checksOnly)
    case "Declaration":
      return ast.encodeUnknown === dateFromSelf
    default:
      return false
  }
}

const isRecord = (i: unknown): i is Struct => typeof i === "object" && i !== null && !Array.isArray(i)

/**
 * A struct as Effect encodes it with default options: each declared key in order (a missing optional
 * key left out; a missing required one encoded from `undefined`), then the keys of string index
 * signatures not declared; excess keys dropped.
 */
const typeLiteral = (ast: AST.TypeLiteral): Encode => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
    return (i) => (i === null || i === undefined ? FAIL : i)
  }
  if (ast.indexSignatures.some((is) => is.parameter._tag !== "StringKeyword")) return delegate(ast)
  const fields = ast.propertySignatures.map((ps) => ({
    name: ps.name,
    optional: ps.isOptional,
    encode: compile(ps.type)
  }))
  const declared = new Set<PropertyKey>(fields.map((field) => field.name))
  const values = ast.indexSignatures.map((is) => compile(is.type))
  return (i) => {
    if (!isRecord(i)) return FAIL
    const output: Struct = {}
    for (const field of fields) {
      const present = Object.hasOwn(i, field.name)
      if (!present && field.optional) continue
      const value = field.encode(i[field.name])
      if (value === FAIL) return FAIL
      output[field.name] = value
    }
    for (const encode of values) {
      for (const key of Object.keys(i)) {
        const value = encode(i[key])
        if (value === FAIL) return FAIL
        if (!declared.has(key)) output[key] = value
      }
    }
    return output
  }
}

/**
 * Arrays (`Schema.Array`) and fixed tuples without optional elements; anything else is Effect's.
 *
 * The copies are built by `push`, packed: `new Array(n)` makes a holey array, which `JSON.stringify`
 * reads element by element through the slow lookup (3% of a batch's serialisation).
 */
const tupleType = (ast: AST.TupleType): Encode => {
  if (ast.elements.length === 0 && ast.rest.length === 1) {
    const item = compile(ast.rest[0]!.type)
    return (i) => {
      if (!Array.isArray(i)) return FAIL
      const output: Array<unknown> = []
      for (let k = 0; k < i.length; k++) {
        const value = item(i[k])
        if (value === FAIL) return FAIL
        output.push(value)
      }
      return output
    }
  }
  if (ast.rest.length === 0 && ast.elements.every((e) => !e.isOptional)) {
    const items = ast.elements.map((e) => compile(e.type))
    return (i) => {
      if (!Array.isArray(i) || i.length !== items.length) return FAIL
      const output: Array<unknown> = []
      for (let k = 0; k < items.length; k++) {
        const value = items[k]!(i[k])
        if (value === FAIL) return FAIL
        output.push(value)
      }
      return output
    }
  }
  return delegate(ast)
}

// The decoder's kinds of value: `bit` masks what a node can accept, `kindOf` indexes a union's members.
const { kindOf, KINDS, kind: bit } = Decoder
const ANY = (1 << KINDS) - 1
const RECORD_OR_ARRAY = bit({}) | bit([])

/**
 * The kinds of value a node's encoder can succeed on, as bits: it fails on any other. A superset is
 * always safe (`ANY` for what is not known): a union only skips the members that must fail.
 */
const accepts = (ast: AST.AST): number => {
  if (decodedOwnWay(ast)) return ANY
  switch (ast._tag) {
    case "StringKeyword":
      return bit("")
    case "NumberKeyword":
      return bit(0)
    case "BooleanKeyword":
      return bit(false)
    case "UndefinedKeyword":
      return bit(undefined)
    case "Literal":
      return bit(ast.literal)
    case "Refinement":
      return accepts(ast.from)
    // Encoding starts with the type side.
    case "Transformation":
      return accepts(ast.to)
    case "TupleType":
      return bit([])
    case "TypeLiteral":
      // Effect's struct takes any object (arrays too); the empty one, anything but null and undefined.
      return ast.propertySignatures.length + ast.indexSignatures.length > 0
        ? RECORD_OR_ARRAY
        : ANY & ~bit(null) & ~bit(undefined)
    case "Union":
      return ast.types.reduce((mask, member) => mask | accepts(member), 0)
    case "Declaration":
      return ast.encodeUnknown === dateFromSelf ? bit({}) : ANY
    default:
      return ANY
  }
}

/**
 * Effect tries a union's members in an order of its own (narrowed by literal-valued keys) and keeps
 * the first that succeeds. When exactly one member succeeds, that order cannot matter; when several
 * do, the union is left to Effect.
 *
 * Only the members that can accept the input's kind are tried (`accepts`): `ts` (`string | Date |
 * undefined`) tries one member, not three, and never has `DateFromSelf` build the failure it would
 * return for a string. Distinct literals (`kind`) can only match one at a time: the first that
 * matches is the answer.
 */
const union = (ast: AST.Union): Encode => {
  const several = delegate(ast)
  const byKind = Array.from({ length: KINDS }, (_, kind): Encode => {
    const candidates = ast.types.filter((member) => (accepts(member) & (1 << kind)) !== 0)
    const members = candidates.map(compile)
    if (members.length <= 1) return members[0] ?? none
    const literals = new Set(candidates.map((member) => (member._tag === "Literal" ? member.literal : FAIL)))
    return !literals.has(FAIL) && literals.size === candidates.length
      ? firstMatch(members)
      : Decoder.onlyMatch(members, several)
  })
  return (i) => byKind[kindOf(i)]!(i)
}

const none: Encode = () => FAIL

const firstMatch =
  (members: ReadonlyArray<Encode>): Encode =>
  (input) => {
    for (let k = 0; k < members.length; k++) {
      const value = members[k]!(input)
      if (value !== FAIL) return value
    }
    return FAIL
  }

/**
 * The compiled encoder of a schema: `ParseResult.encodeUnknownEither(schema, { errors: "all" })`,
 * faster on the way to a success; any failure is Effect's own. Compile once, call per request.
 */
export const encoder = <A, I>(
  schema: Schema.Schema<A, I>
): ((input: unknown) => Either.Either<I, ParseResult.ParseIssue>) => {
  const encode = compile(schema.ast)
  const slow = ParseResult.encodeUnknownEither(schema, { errors: "all" })
  return (input) => {
    const value = encode(input)
    return value === FAIL ? slow(input) : Either.right(value as I)
  }
}

/** The compiled encoder alone: the encoded value, or `FAIL` where `encoder` hands over to Effect. */
export const attempt = <A, I>(schema: Schema.Schema<A, I>): ((input: unknown) => I | typeof FAIL) =>
  compile(schema.ast) as (input: unknown) => I | typeof FAIL

export { FAIL }
