/**
 * A faster decoder for response models, equivalent to `Schema.decodeUnknown` with default options.
 *
 * Effect's parser wraps every node's result in an `Either` and threads options and error bookkeeping
 * through every property: ~30 µs per search result, ~10× `JSON.parse`. Here the schema's AST is
 * compiled once into plain functions that follow the same steps (same key order, the schema's own
 * transformations, filters and class constructors), minus the bookkeeping. A node it does not cover
 * is handed to Effect's parser for that subtree. Anything that fails, and anything that would need
 * more care (several union members matching, an effectful transformation), gives up, and the whole
 * input is decoded again by Effect: errors are always Effect's own.
 *
 * The input is a fresh JSON value (a `JSON.parse` result nobody else holds), except that the pipeline
 * may add symbol keys to the top-level object. Where a node's input is known to be such a value
 * (`Mode`), a subtree that only validates (strings, arrays of them, free-form objects) returns its
 * input instead of the equal copy Effect makes.
 */
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

const FAIL: unique symbol = Symbol("FAIL")
type Parser = (input: unknown) => unknown
type Struct = Record<PropertyKey, unknown>

/**
 * What a node's input is known to be. `json`: a JSON value (plain prototypes, dense arrays without
 * extra properties, string keys only), or an equal value built by this decoder. `root`: the same, but
 * the object itself may carry symbol keys (the pipeline's headers). `any`: whatever a transformation
 * or a default produced; parsed as Effect does, copies included.
 */
type Mode = "json" | "root" | "any"

const memo: Record<Mode, WeakMap<AST.AST, Parser>> = {
  json: new WeakMap(),
  root: new WeakMap(),
  any: new WeakMap()
}

/** The mode of a struct's or array's elements. */
const inner = (mode: Mode): Mode => (mode === "any" ? "any" : "json")

/** The prototype of each Schema.Class whose instances `classParser` builds, by its declaration. */
const classes = new WeakMap<AST.Declaration["decodeUnknown"], object>()

/** The declaration of each Schema.Class `classParser` builds, by the class's AST. */
const builtDeclarations = new WeakMap<AST.AST, AST.Declaration["decodeUnknown"]>()

// Called directly, not through `Object.hasOwn`, which adds a builtin's call to each check.
const hasOwn = Object.prototype.hasOwnProperty

const fromEither = (result: unknown): unknown =>
  Either.isEither(result) ? (Either.isRight(result) ? result.right : FAIL) : FAIL

/** Effect's own parser for a subtree this compiler does not cover. */
const delegate = (ast: AST.AST): Parser => {
  const parse = ParseResult.decodeUnknownEither(Schema.make(ast))
  return (input) => fromEither(parse(input))
}

/**
 * Annotations that change how Effect parses a node: such nodes are left to Effect. The request
 * encoder asks too, of what a refinement's check (a decoding) reads.
 */
export const special = (ast: AST.AST): boolean =>
  Option.isSome(AST.getParseOptionsAnnotation(ast)) || Option.isSome(AST.getDecodingFallbackAnnotation(ast))

const compile = (ast: AST.AST, mode: Mode): Parser => {
  const cached = memo[mode].get(ast)
  if (cached) return cached
  // Set first: a recursive schema (through `Suspend`) finds itself.
  memo[mode].set(ast, (input) => parser(input))
  const parser = go(ast, mode)
  memo[mode].set(ast, parser)
  return parser
}

const go = (ast: AST.AST, mode: Mode): Parser => {
  if (special(ast)) return delegate(ast)
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
    case "Refinement": {
      const from = compile(ast.from, mode)
      return (i) => {
        const a = from(i)
        return a !== FAIL && Option.isNone(ast.filter(a, AST.defaultParseOption, ast)) ? a : FAIL
      }
    }
    case "Transformation":
      return classParser(ast, mode) ?? transformation(ast, mode)
    case "Declaration":
      return declaration(ast)
    case "Suspend": {
      let parser: Parser | undefined
      return (i) => (parser ??= compile(ast.f(), mode))(i)
    }
    case "TypeLiteral":
      return typeLiteral(ast, mode)
    case "TupleType":
      return tupleType(ast, mode)
    case "Union":
      return union(ast, mode)
    default:
      return delegate(ast)
  }
}

const declaration = (ast: AST.Declaration): Parser => {
  const parse = ast.decodeUnknown(...ast.typeParameters)
  const slow: Parser = (i) => fromEither(parse(i, AST.defaultParseOption, ast))
  // A Schema.Class's declaration accepts any instance (`instanceof`): checked here without the `Either`
  // Effect allocates. Looked up on the first call, once every class of the schema is compiled.
  let proto: object | null | undefined
  return (i) => {
    if (proto === undefined) proto = classes.get(ast.decodeUnknown) ?? null
    return proto !== null && typeof i === "object" && i !== null && proto.isPrototypeOf(i) ? i : slow(i)
  }
}

const transformation = (ast: AST.Transformation, mode: Mode): Parser => {
  const t = ast.transformation
  if (t._tag === "TypeLiteralTransformation") {
    const fields = renamedFields(ast, t, mode)
    if (fields) {
      return (i) => {
        if (!isRecord(i)) return FAIL
        const output: Struct = {}
        return fill(fields, i, output) === FAIL ? FAIL : output
      }
    }
  }
  const from = compile(ast.from, mode)
  // What the transformation made is no JSON value.
  const to = compile(ast.to, "any")
  switch (t._tag) {
    case "FinalTransformation":
      return (i) => {
        const a = from(i)
        if (a === FAIL) return FAIL
        const b = fromEither(t.decode(a, AST.defaultParseOption, ast, i))
        return b === FAIL ? FAIL : to(b)
      }
    case "ComposeTransformation":
      return (i) => {
        const a = from(i)
        return a === FAIL ? FAIL : to(a)
      }
    case "TypeLiteralTransformation":
      return (i) => {
        const a = from(i)
        if (a === FAIL) return FAIL
        // `a` is the fresh object the struct parser made: renamed in place, as Effect does.
        const record = a as Struct
        for (const step of t.propertySignatureTransformations) {
          const o = step.decode(
            hasOwn.call(record, step.from) ? Option.some(record[step.from]) : Option.none()
          )
          delete record[step.from]
          if (Option.isSome(o)) record[step.to] = o.value
        }
        return to(record)
      }
  }
}

const isRecord = (i: unknown): i is Struct => typeof i === "object" && i !== null && !Array.isArray(i)

/**
 * The kind of a value, as an index: string, number, boolean, undefined, null, array, object, other.
 * Comparisons, not a `switch` on `typeof`: V8 compiles each `typeof i === "…"` to a type check, where
 * the `switch` first makes the type's name (a builtin call per value). The encoder's unions dispatch
 * on it too.
 */
export const kindOf = (i: unknown): number => {
  if (typeof i === "string") return 0
  if (typeof i === "number") return 1
  if (typeof i === "boolean") return 2
  if (i === undefined) return 3
  if (i === null) return 4
  if (Array.isArray(i)) return 5
  return typeof i === "object" ? 6 : 7
}

export const KINDS = 8

/** The kind of a value as a bit, what masks of kinds (`kinds`, the encoder's `accepts`) test. */
export const kind = (i: unknown): number => 1 << kindOf(i)

/**
 * The kinds a node accepts, as is, when that is all it does (`string`, `string | null | undefined`):
 * checked inline by its struct or array, without a call. 0 for any other node.
 */
const kinds = (ast: AST.AST): number => {
  if (special(ast)) return 0
  switch (ast._tag) {
    case "StringKeyword":
      return kind("")
    case "NumberKeyword":
      return kind(0)
    case "BooleanKeyword":
      return kind(false)
    case "UndefinedKeyword":
      return kind(undefined)
    case "Literal":
      return ast.literal === null ? kind(null) : 0
    case "Union":
      return ast.types.every((member) => kinds(member) > 0) ? ast.types.reduce((m, t) => m | kinds(t), 0) : 0
    default:
      return 0
  }
}

/**
 * What a property signature's `decode` does to its value, when the code that made it says so
 * (`declareStep`): Effect's `optionalWith(schema, { nullable: true })` drops a `null` (`DropNull`);
 * with a `default` too, a missing or nullish value becomes the default (`Default`). Run inline, this
 * saves the two or three `Option`s and the calls each field's step otherwise costs.
 */
export type Step = { readonly _tag: "DropNull" } | { readonly _tag: "Default"; readonly value: () => unknown }

type Decode = AST.PropertySignatureTransformation["decode"]

/** Steps as declared, not yet checked: the check runs Schema's decode, which import should not pay. */
const declaredSteps = new WeakMap<Decode, Step>()
/** Steps checked against their function: the step, or `undefined` when they disagree. */
const checkedSteps = new WeakMap<Decode, Step | undefined>()

/**
 * Declares what the `decode` of `ps` (an `optionalWith` property signature, possibly renamed with
 * `fromKey`) does. Checked against the function itself the first time a decoder meets it (`stepOf`):
 * a mismatch leaves the step opaque.
 */
export const declareStep = <P extends Schema.PropertySignature.All>(ps: P, step: Step): P => {
  const ast = ps.ast
  if (ast._tag === "PropertySignatureTransformation") declaredSteps.set(ast.decode, step)
  return ps
}

/** The declared step of `decode`, if it does what its declaration says. */
const stepOf = (decode: Decode): Step | undefined => {
  if (checkedSteps.has(decode)) return checkedSteps.get(decode)
  const step = declaredSteps.get(decode)
  const value = { marker: true }
  const agrees =
    step !== undefined &&
    [Option.none(), Option.some(null), Option.some(undefined), Option.some(value)].every((o) => {
      const actual = decode(o)
      const wanted = inline(step, Option.isSome(o), Option.getOrUndefined(o))
      return wanted === ABSENT
        ? Option.isNone(actual)
        : Option.isSome(actual) &&
            (wanted === value
              ? actual.value === value
              : JSON.stringify(actual.value) === JSON.stringify(wanted))
    })
  const checked = agrees ? step : undefined
  checkedSteps.set(decode, checked)
  return checked
}

const ABSENT: unique symbol = Symbol("ABSENT")

/** Whether a declared step keeps the value as it is: a present one, unless `null` (or, for a `Default`,
 * `undefined`). */
const keeps = (step: Step, present: boolean, value: unknown): boolean =>
  present && value !== null && (step._tag === "DropNull" || value !== undefined)

/** A declared step on a value (`present`) or on a missing key. */
const inline = (step: Step, present: boolean, value: unknown): unknown =>
  keeps(step, present, value) ? value : step._tag === "DropNull" ? ABSENT : step.value()

/**
 * One output key of a struct, with everything Effect does to get its value: the encoded side's
 * parser under the wire key, the rename step (`fromKey`, `optionalWith`), the type side's parser.
 */
interface Field {
  readonly wire: PropertyKey
  readonly encodedOptional: boolean
  /** The encoded side's parser, as `split` cuts it: kinds taken as is, a parser for the rest. */
  readonly encodedKinds: number
  readonly encoded: Parser | undefined
  readonly step: Decode | undefined
  readonly declared: Step | undefined
  readonly key: PropertyKey
  /**
   * The type side's parser, absent for a plain struct (no second pass): `json` for a value the encoded
   * side's parser returned (when that keeps JSON values JSON), `any` for one a step made (a default).
   * `redundant`: when the type side would parse the encoded side's output again with the same,
   * idempotent schema, for any such value (`always`) or any but `null` and `undefined` (`nonNullish`),
   * unless a record's copy on the encoded side moved an own `__proto__` (`protoCopies`).
   */
  readonly type:
    | {
        readonly optional: boolean
        readonly json: Parser | undefined
        readonly any: Parser
        readonly redundant: "always" | "nonNullish" | undefined
      }
    | undefined
}

/**
 * A node as a struct or array runs it inline: the kinds it accepts as is, and the parser of the rest.
 * `T | null | undefined` (a disjoint union of one member with kinds only) takes `null` and `undefined`
 * as is and hands anything else to `T`, the only member that could accept it: no call to the union.
 */
const split = (ast: AST.AST): { readonly mask: number; readonly rest: AST.AST | undefined } => {
  const mask = kinds(ast)
  if (mask > 0) return { mask, rest: undefined }
  if (ast._tag !== "Union" || special(ast)) return { mask: 0, rest: ast }
  const others = ast.types.filter((member) => kinds(member) === 0)
  const domains = ast.types.map(domain)
  const disjoint = domains.every((a, k) => domains.every((b, l) => k === l || !overlap(a, b)))
  return others.length === 1 && disjoint
    ? { mask: ast.types.reduce((m, member) => m | kinds(member), 0), rest: others[0] }
    : { mask: 0, rest: ast }
}

/** One literal, so that every `Field` has the same shape. */
const makeField = (
  source: AST.PropertySignature,
  mode: Mode,
  key: PropertyKey,
  step: AST.PropertySignatureTransformation | undefined,
  // Once the encoded side is compiled: `covers` knows the classes it builds.
  type: () => Field["type"]
): Field => {
  const { mask, rest } = split(source.type)
  const encoded = rest && compile(rest, inner(mode))
  return {
    wire: source.name,
    encodedOptional: source.isOptional,
    encodedKinds: mask,
    encoded,
    // `fromKey` alone renames without touching the value.
    step: step && step.decode !== identity ? step.decode : undefined,
    declared: step && stepOf(step.decode),
    key,
    type: type()
  }
}

/** A struct without renames, when it has no index signatures. */
const plainFields = (ast: AST.AST, mode: Mode): ReadonlyArray<Field> | undefined =>
  ast._tag === "TypeLiteral" && !special(ast) && ast.indexSignatures.length === 0
    ? ast.propertySignatures.map((ps) => makeField(ps, mode, ps.name, undefined, () => undefined))
    : undefined

/**
 * A struct with renames as Effect runs it: parse the encoded struct (a fresh object), rename its keys
 * in place one step at a time, parse the result with the type side's struct (another fresh object).
 * When every output key has exactly one source (a key kept as is, or one step's target) and no step
 * reads a key another step writes, the renames commute, and each output key can be computed on its
 * own, straight from the wire key, into a single object written in the type side's key order: the
 * order Effect's last pass writes.
 */
const renamedFields = (
  ast: AST.Transformation,
  t: AST.TypeLiteralTransformation,
  mode: Mode
): ReadonlyArray<Field> | undefined => {
  const from = ast.from
  const to = ast.to
  if (special(ast) || from._tag !== "TypeLiteral" || to._tag !== "TypeLiteral") return undefined
  if (special(from) || special(to) || from.indexSignatures.length > 0 || to.indexSignatures.length > 0) {
    return undefined
  }
  const steps = t.propertySignatureTransformations
  const encoded = new Map(from.propertySignatures.map((ps) => [ps.name, ps]))
  const bySource = new Map<PropertyKey, AST.PropertySignatureTransformation>()
  const byTarget = new Map<PropertyKey, AST.PropertySignatureTransformation>()
  for (const step of steps) {
    if (!encoded.has(step.from) || bySource.has(step.from) || byTarget.has(step.to)) return undefined
    bySource.set(step.from, step)
    byTarget.set(step.to, step)
  }
  if (steps.some((step) => bySource.has(step.to) && bySource.get(step.to) !== step)) return undefined
  const kept = from.propertySignatures.filter((ps) => !bySource.has(ps.name)).map((ps) => ps.name)
  if (kept.some((name) => byTarget.has(name))) return undefined
  if (kept.length + steps.length !== to.propertySignatures.length) return undefined
  const fields: Array<Field> = []
  for (const ps of to.propertySignatures) {
    const step = byTarget.get(ps.name)
    const source = encoded.get(step ? step.from : ps.name)
    if (!source || (!step && bySource.has(ps.name))) return undefined
    fields.push(
      makeField(source, mode, ps.name, step, () => ({
        optional: ps.isOptional,
        json: mode !== "any" && keepsJson(source.type) ? compile(ps.type, "json") : undefined,
        any: compile(ps.type, "any"),
        redundant: redundancy(source.type, ps.type)
      }))
    )
  }
  return fields
}

const FILLED = 1
const UNDEFINED_DEFAULT = 2

/**
 * Writes each field's decoded value into `output`, in field order. `FAIL` when one fails;
 * `UNDEFINED_DEFAULT` when a field marked in `defaulted` was left undefined.
 */
const fill = (
  fields: ReadonlyArray<Field>,
  input: Struct,
  output: Struct,
  defaulted?: ReadonlyArray<boolean>
): typeof FAIL | typeof FILLED | typeof UNDEFINED_DEFAULT => {
  let result: typeof FILLED | typeof UNDEFINED_DEFAULT = FILLED
  for (let k = 0; k < fields.length; k++) {
    const field = fields[k]!
    // A required key the input lacks is still parsed (as `undefined`) and written, as Effect does: its
    // presence need not be asked.
    let present = !field.encodedOptional || hasOwn.call(input, field.wire)
    let value: unknown = undefined
    let copiedProto = false
    if (present) {
      value = input[field.wire]
      if ((field.encodedKinds & kind(value)) === 0) {
        if (field.encoded === undefined) return FAIL
        const copies = protoCopies
        value = field.encoded(value)
        if (value === FAIL) return FAIL
        copiedProto = protoCopies !== copies
      }
    }
    let parsed = present
    if (field.declared) {
      // `inline`, written out: a value kept as is (nearly every one) costs two comparisons.
      const step = field.declared
      if (!keeps(step, present, value)) {
        if (step._tag === "DropNull") {
          present = parsed = false
          value = undefined
        } else {
          const made = step.value()
          parsed &&= made === value
          present = true
          value = made
        }
      }
    } else if (field.step) {
      const o = field.step(present ? Option.some(value) : Option.none())
      present = Option.isSome(o)
      const stepped = present ? (o as Option.Some<unknown>).value : undefined
      parsed &&= stepped === value
      value = stepped
    }
    const type = field.type
    if (type && (present || !type.optional)) {
      const redundant =
        parsed &&
        !copiedProto &&
        (type.redundant === "always" ||
          (type.redundant === "nonNullish" && value !== null && value !== undefined))
      if (!redundant) {
        value = (parsed && type.json ? type.json : type.any)(value)
        if (value === FAIL) return FAIL
      }
      present = true
    }
    if (defaulted !== undefined && defaulted[k] && value === undefined) result = UNDEFINED_DEFAULT
    if (present) output[field.key] = value
  }
  return result
}

/**
 * A Schema.Class: its encoded struct, then `new Class(props, true)`, which copies `props`, merges the
 * constructor defaults and `Object.assign`s the copy onto the instance; then the declaration's
 * `instanceof` check. When a probe shows the constructor makes exactly that (an object of one
 * prototype whose own keys are the props given, in order, and nothing else), the instance is made
 * directly, with that prototype and no own keys, and the decoded fields are written onto it: no props
 * copy, no `Reflect.ownKeys` per instance, no intermediate objects.
 */
const classParser = (ast: AST.Transformation, mode: Mode): Parser | undefined => {
  const t = ast.transformation
  const declared = ast.to
  if (t._tag !== "FinalTransformation" || declared._tag !== "Declaration" || special(declared))
    return undefined
  const fields =
    plainFields(ast.from, mode) ??
    (ast.from._tag === "Transformation" && ast.from.transformation._tag === "TypeLiteralTransformation"
      ? renamedFields(ast.from, ast.from.transformation, mode)
      : undefined)
  if (!fields) return undefined
  const construct = (props: Struct) => fromEither(t.decode(props, AST.defaultParseOption, ast, props))
  const probed = probe(ast, declared, construct, fields)
  if (!probed) return undefined
  const { proto, defaulted } = probed
  if (defaulted.some((key) => !fields.some((field) => field.key === key))) return undefined
  const isDefaulted = fields.map((field) => defaulted.includes(field.key))
  classes.set(declared.decodeUnknown, proto)
  builtDeclarations.set(ast, declared.decodeUnknown)
  // `new Instance()` is `Object.create(proto)` to the program, but V8 gives a constructor's objects
  // room for 10 fields in the object itself, where `Object.create`'s have 4 and grow a separate
  // property array for the rest (three times, for SearchMetadata's 12): ~85 bytes less per instance.
  const Instance = function (this: Struct) {} as unknown as new () => Struct
  Instance.prototype = proto
  return (i) => {
    if (!isRecord(i)) return FAIL
    const instance = new Instance()
    const filled = fill(fields, i, instance, isDefaulted)
    if (filled === FAIL) return FAIL
    // A field the constructor would default is undefined: rare, so the constructor does it.
    return filled === FILLED ? instance : construct({ ...instance })
  }
}

const probe = (
  ast: AST.Transformation,
  declared: AST.Declaration,
  construct: (props: Struct) => unknown,
  fields: ReadonlyArray<Field>
): { proto: object; defaulted: ReadonlyArray<PropertyKey> } | undefined => {
  try {
    const props: Struct = {}
    for (const field of fields) props[field.key] = { marker: field.key }
    const instance = construct({ ...props })
    if (typeof instance !== "object" || instance === null) return undefined
    const keys = Reflect.ownKeys(instance)
    const expected = Reflect.ownKeys(props)
    if (keys.length !== expected.length) return undefined
    for (let k = 0; k < keys.length; k++) {
      const d = Object.getOwnPropertyDescriptor(instance, keys[k]!)
      if (keys[k] !== expected[k] || !d || d.value !== props[keys[k]!]) return undefined
      if (!d.writable || !d.enumerable || !d.configurable) return undefined
    }
    const proto = Object.getPrototypeOf(instance) as object | null
    if (proto === null) return undefined
    // The transformation is that class's own (`new this(props, true)`), not one that happens to look
    // like it on this input, and its declaration accepts anything of that prototype.
    const klass = proto.constructor as { readonly ast?: AST.AST; readonly fields?: Schema.Struct.Fields }
    const own = klass.ast
    if (own?._tag !== "Transformation" || own.transformation !== ast.transformation || !klass.fields) {
      return undefined
    }
    const accepts = declared.decodeUnknown(...declared.typeParameters)
    if (fromEither(accepts(Object.create(proto), AST.defaultParseOption, declared)) === FAIL) return undefined
    // The keys `lazilyMergeDefaults` fills when undefined.
    const defaulted = Reflect.ownKeys(klass.fields).filter((key) => {
      const field = klass.fields![key as string]
      if (!Schema.isPropertySignature(field)) return false
      const ps = field.ast
      return (ps._tag === "PropertySignatureDeclaration" ? ps.defaultValue : ps.to.defaultValue) !== undefined
    })
    return { proto, defaulted }
  } catch {
    return undefined
  }
}

const typeLiteral = (ast: AST.TypeLiteral, mode: Mode): Parser => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
    return (i) => (i !== null && i !== undefined ? i : FAIL)
  }
  // Index signatures over string keys only (`Record<string, …>`); anything else is Effect's.
  if (ast.indexSignatures.some((is) => is.parameter._tag !== "StringKeyword")) return delegate(ast)
  const fields = plainFields(ast, mode)
  if (fields) {
    return (i) => {
      if (!isRecord(i)) return FAIL
      const output: Struct = {}
      return fill(fields, i, output) === FAIL ? FAIL : output
    }
  }
  if (ast.propertySignatures.length === 0) return record(ast, mode)
  const names = ast.propertySignatures.map((ps) => ps.name)
  const optional = ast.propertySignatures.map((ps) => ps.isOptional)
  const parsers = ast.propertySignatures.map((ps) => compile(ps.type, inner(mode)))
  const expected = new Set<PropertyKey>(names)
  const indexes = ast.indexSignatures.map((is) => compile(is.type, inner(mode)))
  return (input) => {
    if (!isRecord(input)) return FAIL
    const output: Struct = {}
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!
      if (optional[k] && !hasOwn.call(input, name)) continue
      const value = parsers[k]!(input[name])
      if (value === FAIL) return FAIL
      output[name] = value
    }
    for (const parse of indexes) {
      for (const key of Object.keys(input)) {
        const value = parse(input[key])
        if (value === FAIL) return FAIL
        if (!expected.has(key)) output[key] = value
      }
    }
    return output
  }
}

/**
 * `Record<string, …>`. Effect copies every own string key into a fresh object. A JSON object whose
 * values all decode to themselves is that copy already, unless it has what the copy would lose: an
 * own `__proto__` (which the copy's assignment turns into its prototype), another prototype, or (at
 * the top level only) symbol keys.
 */
const record = (ast: AST.TypeLiteral, mode: Mode): Parser => {
  const indexes = ast.indexSignatures.map((is) => compile(is.type, inner(mode)))
  // `Record<string, unknown>`: nothing to check, nor keys to list, on the way to the input itself.
  const anything = ast.indexSignatures.every((is) => is.type._tag === "UnknownKeyword" && !special(is.type))
  const reusable = (input: Struct) =>
    mode !== "any" &&
    Object.getPrototypeOf(input) === Object.prototype &&
    !hasOwn.call(input, "__proto__") &&
    (mode === "json" || Object.getOwnPropertySymbols(input).length === 0)
  return (input) => {
    if (!isRecord(input)) return FAIL
    if (anything && reusable(input)) return input
    const keys = Object.keys(input)
    let same = true
    for (const parse of indexes) {
      for (const key of keys) {
        const value = parse(input[key])
        if (value === FAIL) return FAIL
        if (value !== input[key]) same = false
      }
    }
    if (same && reusable(input)) return input
    const output: Struct = {}
    for (const parse of indexes) {
      for (const key of keys) output[key] = parse(input[key])
    }
    if (hasOwn.call(input, "__proto__")) protoCopies++
    return output
  }
}

/**
 * How many record copies have written an own `__proto__` key of their input, which the assignment
 * turns into the copy's prototype, as Effect's copy does. Such a copy is no JSON value: parsed again
 * (a renamed struct's type side), it gives a plain object without the key, as Effect's second pass
 * does. So `fill` skips that pass as redundant only when the count did not move during the field's
 * encoded side. A count, not a flag: a union's failed member leaves nothing to reset.
 */
let protoCopies = 0

/**
 * Whether parsing a value this node's parser returned gives that value again, whatever the input:
 * true of plain data (no filters, transformations or declarations), structs without index signatures,
 * records without fields, and unions whose members can't accept each other's outputs. (A struct with
 * both can fail on its own output: the record's values include the fields it narrowed.) A record's
 * copy of an own `__proto__` key is the one exception, caught as it happens (`protoCopies`).
 */
/** Keywords and literals: their parser hands back the input itself. */
const plain = (ast: AST.AST): boolean =>
  ast._tag === "StringKeyword" ||
  ast._tag === "NumberKeyword" ||
  ast._tag === "BooleanKeyword" ||
  ast._tag === "UndefinedKeyword" ||
  ast._tag === "UnknownKeyword" ||
  ast._tag === "AnyKeyword" ||
  ast._tag === "Literal"

const idempotent = (ast: AST.AST): boolean => {
  if (special(ast)) return false
  if (plain(ast)) return true
  switch (ast._tag) {
    case "TupleType":
      return ast.elements.length === 0 && ast.rest.length === 1 && idempotent(ast.rest[0]!.type)
    case "TypeLiteral":
      return ast.indexSignatures.length === 0
        ? ast.propertySignatures.every((ps) => typeof ps.name === "string" && idempotent(ps.type))
        : ast.propertySignatures.length === 0 &&
            ast.indexSignatures.every((is) => is.parameter._tag === "StringKeyword" && idempotent(is.type))
    case "Union": {
      const domains = ast.types.map(domain)
      return (
        ast.types.every(idempotent) &&
        domains.every((a, k) => domains.every((b, l) => k === l || !overlap(a, b)))
      )
    }
    default:
      return false
  }
}

const nullish = (ast: AST.AST) =>
  !special(ast) && (ast._tag === "UndefinedKeyword" || (ast._tag === "Literal" && ast.literal === null))

/**
 * `S`, or a union of `S` with `null` and/or `undefined`: then `S` itself, the only member that can
 * accept, or return, anything else.
 */
const core = (ast: AST.AST): AST.AST | undefined => {
  if (ast._tag !== "Union" || special(ast)) return ast
  const others = ast.types.filter((member) => !nullish(member))
  return others.length === 1 ? others[0] : undefined
}

/**
 * Whether the type side's parser, given anything the encoded side's returned, returns it unchanged (or
 * an equal copy): the same idempotent schema on both sides; a class built here (`classParser`) and its
 * declaration, which accepts any instance as is; arrays of such.
 */
const covers = (encoded: AST.AST, type: AST.AST): boolean => {
  if (encoded === type) return idempotent(type)
  if (special(encoded) || special(type)) return false
  if (type._tag === "Declaration") return builtDeclarations.get(encoded) === type.decodeUnknown
  return (
    encoded._tag === "TupleType" &&
    type._tag === "TupleType" &&
    encoded.elements.length === 0 &&
    type.elements.length === 0 &&
    encoded.rest.length === 1 &&
    type.rest.length === 1 &&
    covers(encoded.rest[0]!.type, type.rest[0]!.type)
  )
}

/**
 * When the type side's second pass only repeats the encoded side's (`covers`): for any value
 * (`always`), or, when the two sides are that up to `| null | undefined`, for a value that is neither
 * (`nonNullish`), which the encoded side's union can only have got from that member, and the type
 * side's union only hands to its own.
 */
const redundancy = (encoded: AST.AST, type: AST.AST): "always" | "nonNullish" | undefined => {
  if (covers(encoded, type)) return "always"
  const e = core(encoded)
  const t = core(type)
  return e !== undefined && t !== undefined && covers(e, t) ? "nonNullish" : undefined
}

/**
 * Whether this node's parser, given a JSON value, returns one (or an equal value it built): true of
 * everything but what runs foreign code (transformations, declarations) or Effect's parser.
 */
const keepsJson = (ast: AST.AST): boolean => {
  if (special(ast)) return false
  if (plain(ast)) return true
  switch (ast._tag) {
    case "Refinement":
      return keepsJson(ast.from)
    case "TupleType":
      return ast.elements.length === 0 && ast.rest.length === 1 && keepsJson(ast.rest[0]!.type)
    case "TypeLiteral":
      return (
        ast.propertySignatures.every((ps) => typeof ps.name === "string" && keepsJson(ps.type)) &&
        ast.indexSignatures.every((is) => is.parameter._tag === "StringKeyword" && keepsJson(is.type))
      )
    case "Union":
      return ast.types.every(keepsJson)
    default:
      return false
  }
}

const tupleType = (ast: AST.TupleType, mode: Mode): Parser => {
  // Plain arrays (`Schema.Array`) only.
  if (ast.elements.length > 0 || ast.rest.length !== 1) return delegate(ast)
  const { mask, rest } = split(ast.rest[0]!.type)
  const item = rest && compile(rest, inner(mode))
  // A JSON array is copied only from the first element that decodes to something else: one whose
  // elements only validate is returned as is, equal to the copy Effect makes. The copy is made whole
  // and overwritten from there, not grown element by element: no reallocations on the way to 3,000
  // results.
  const reusable = mode === "json"
  return (input) => {
    if (!Array.isArray(input)) return FAIL
    let output: Array<unknown> | undefined = reusable ? undefined : []
    for (let k = 0; k < input.length; k++) {
      const element: unknown = input[k]
      let value = element
      if ((mask & kind(element)) === 0) {
        if (item === undefined) return FAIL
        value = item(element)
        if (value === FAIL) return FAIL
      }
      if (!reusable) output!.push(value)
      else if (output) output[k] = value
      else if (value !== element) {
        output = input.slice()
        output[k] = value
      }
    }
    return output ?? input
  }
}

/** The inputs a node can accept on decoding, coarsely: a JS type, or one literal value of it. */
type Domain = { readonly type: string; readonly literal?: unknown } | "any"

const domain = (ast: AST.AST): Domain => {
  if (special(ast)) return "any"
  switch (ast._tag) {
    case "StringKeyword":
      return { type: "string" }
    case "NumberKeyword":
      return { type: "number" }
    case "BooleanKeyword":
      return { type: "boolean" }
    case "UndefinedKeyword":
      return { type: "undefined" }
    case "Literal":
      return { type: ast.literal === null ? "null" : typeof ast.literal, literal: ast.literal }
    case "TupleType":
      return { type: "array" }
    case "TypeLiteral":
      // An empty struct accepts anything but null and undefined.
      return ast.propertySignatures.length + ast.indexSignatures.length > 0 ? { type: "record" } : "any"
    case "Refinement":
    case "Transformation":
      return domain(ast.from)
    default:
      return "any"
  }
}

const overlap = (a: Domain, b: Domain): boolean =>
  a === "any" ||
  b === "any" ||
  (a.type === b.type && (!("literal" in a) || !("literal" in b) || a.literal === b.literal))

/** The parser of a member that accepts every value of its domain type, as is. */
const AS_IS: Parser = (i) => i

/** Accepts every value of its domain type, as is. */
const accepting = (ast: AST.AST): boolean =>
  !special(ast) &&
  (ast._tag === "StringKeyword" ||
    ast._tag === "NumberKeyword" ||
    ast._tag === "BooleanKeyword" ||
    ast._tag === "UndefinedKeyword" ||
    (ast._tag === "Literal" && ast.literal === null))

const union = (ast: AST.Union, mode: Mode): Parser => {
  const mask = kinds(ast)
  if (mask > 0) return (input) => ((mask & kind(input)) !== 0 ? input : FAIL)
  const members = ast.types.map((member) => compile(member, mode))
  const domains = ast.types.map(domain)
  // Members that accept disjoint inputs (`string | null | undefined`, `Array | null`) can match at
  // most one at a time: the only candidates are those of the input's type, and the first of them that
  // matches is the answer, whatever order Effect tries them in.
  const disjoint = domains.every((a, k) => domains.every((b, l) => k === l || !overlap(a, b)))
  if (disjoint) {
    const byType = new Map<string, Array<Parser>>()
    ast.types.forEach((member, k) => {
      const type = (domains[k] as Exclude<Domain, "any">).type
      byType.set(type, [...(byType.get(type) ?? []), accepting(member) ? AS_IS : members[k]!])
    })
    const of = (type: string): Parser | undefined => {
      const candidates = byType.get(type)
      if (candidates === undefined) return undefined
      if (candidates.length === 1) return candidates[0]!
      return (input) => {
        for (let k = 0; k < candidates.length; k++) {
          const value = candidates[k]!(input)
          if (value !== FAIL) return value
        }
        return FAIL
      }
    }
    const [string, number, boolean, undefined_, null_, array, record_] = [
      "string",
      "number",
      "boolean",
      "undefined",
      "null",
      "array",
      "record"
    ].map(of)
    return (input) => {
      let candidate: Parser | undefined
      switch (typeof input) {
        case "string":
          candidate = string
          break
        case "number":
          candidate = number
          break
        case "boolean":
          candidate = boolean
          break
        case "undefined":
          candidate = undefined_
          break
        case "object":
          candidate = input === null ? null_ : Array.isArray(input) ? array : record_
          break
        default:
          candidate = of(typeof input)
      }
      return candidate === undefined ? FAIL : candidate === AS_IS ? input : candidate(input)
    }
  }
  // Otherwise, when exactly one matches, the order does not matter; when several do, Effect decides.
  return onlyMatch(members, delegate(ast))
}

/**
 * A union's parser by its members: the value of the one member that accepts the input, `FAIL` when
 * none does, and `several`'s answer when more than one does (Effect's own order then decides). The
 * request encoder resolves its unions the same way.
 */
export const onlyMatch =
  (members: ReadonlyArray<Parser>, several: Parser): Parser =>
  (input) => {
    let found: unknown = FAIL
    for (const member of members) {
      const value = member(input)
      if (value === FAIL) continue
      if (found !== FAIL) return several(input)
      found = value
    }
    return found
  }

/**
 * The compiled decoder of a schema: `Schema.decodeUnknownEither(schema)` with default options,
 * faster on the way to a success; any failure is Effect's own. Compile once, call per response.
 */
export const decoder = <A, I>(
  schema: Schema.Schema<A, I>
): ((input: unknown) => Either.Either<A, ParseResult.ParseError>) => {
  const parse = compile(schema.ast, "root")
  const slow = Schema.decodeUnknownEither(schema)
  return (input) => {
    const value = parse(input)
    return value === FAIL ? slow(input) : Either.right(value as A)
  }
}

/** The compiled parser alone: the decoded value, or `FAIL` where `decoder` hands over to Effect. */
export const attempt = <A, I>(schema: Schema.Schema<A, I>): ((input: unknown) => A | typeof FAIL) =>
  compile(schema.ast, "root") as (input: unknown) => A | typeof FAIL

/**
 * The compiled parser of a node whose input may be any value (a caller's, not a fresh JSON one): the
 * decoded value as Effect makes it, or `FAIL`. The request encoder checks type sides with it.
 */
export const parser = (ast: AST.AST): ((input: unknown) => unknown) => compile(ast, "any")

export { FAIL }
