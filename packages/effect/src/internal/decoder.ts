/**
 * A faster decoder for response models, equivalent to `Schema.decodeUnknown` with default options.
 *
 * Effect's parser wraps every node's result in an `Either` and threads options and error bookkeeping
 * through every property: ~30 µs per search result, ~10× `JSON.parse`. Here the schema's AST is
 * compiled once into plain functions that follow the same steps in the same order (same fresh
 * objects, same key order, the schema's own transformations, filters and class constructors), minus
 * the bookkeeping. A node it does not cover is handed to Effect's parser for that subtree. Anything
 * that fails, and anything that would need more care (several union members matching, an effectful
 * transformation), gives up, and the whole input is decoded again by `Schema.decodeUnknown`: errors
 * are always Effect's own.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

const FAIL: unique symbol = Symbol("FAIL")
type Parser = (input: unknown) => unknown

const memo = new WeakMap<AST.AST, Parser>()

const fromEither = (result: unknown): unknown =>
  Either.isEither(result) ? (Either.isRight(result) ? result.right : FAIL) : FAIL

/** Effect's own parser for a subtree this compiler does not cover. */
const delegate = (ast: AST.AST): Parser => {
  const parse = ParseResult.decodeUnknownEither(Schema.make(ast))
  return (input) => fromEither(parse(input))
}

const compile = (ast: AST.AST): Parser => {
  const cached = memo.get(ast)
  if (cached) return cached
  // Set first: a recursive schema (through `Suspend`) finds itself.
  memo.set(ast, (input) => parser(input))
  const parser = go(ast)
  memo.set(ast, parser)
  return parser
}

const go = (ast: AST.AST): Parser => {
  // Annotations that change how Effect parses a node: left to Effect.
  if (
    Option.isSome(AST.getParseOptionsAnnotation(ast)) ||
    Option.isSome(AST.getDecodingFallbackAnnotation(ast))
  ) {
    return delegate(ast)
  }
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
      const from = compile(ast.from)
      return (i) => {
        const a = from(i)
        return a !== FAIL && Option.isNone(ast.filter(a, AST.defaultParseOption, ast)) ? a : FAIL
      }
    }
    case "Transformation":
      return transformation(ast)
    case "Declaration": {
      const parse = ast.decodeUnknown(...ast.typeParameters)
      return (i) => fromEither(parse(i, AST.defaultParseOption, ast))
    }
    case "Suspend": {
      let parser: Parser | undefined
      return (i) => (parser ??= compile(ast.f()))(i)
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

const transformation = (ast: AST.Transformation): Parser => {
  const from = compile(ast.from)
  const to = compile(ast.to)
  const t = ast.transformation
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
      return renames(ast, t, from, to)
  }
}

/**
 * Effect renames keys in place (`delete`, which turns the object into a slow dictionary). When the
 * target is a plain struct and the renames don't chain, only the target's keys are ever read, so a
 * fresh object with just those keys is the same input to it.
 */
const renames = (
  ast: AST.Transformation,
  t: AST.TypeLiteralTransformation,
  from: Parser,
  to: Parser
): Parser => {
  const steps = t.propertySignatureTransformations
  const froms = new Set<PropertyKey>(steps.map((step) => step.from))
  const tos = new Set<PropertyKey>(steps.map((step) => step.to))
  const simple =
    ast.to._tag === "TypeLiteral" &&
    ast.to.indexSignatures.length === 0 &&
    froms.size === steps.length &&
    tos.size === steps.length &&
    steps.every((step) => !steps.some((other) => other !== step && other.from === step.to))
  if (!simple) {
    return (i) => {
      const a = from(i)
      if (a === FAIL) return FAIL
      // `a` is the fresh object the struct parser made: renamed in place, as Effect does.
      const record = a as Record<PropertyKey, unknown>
      for (const step of steps) {
        const o = step.decode(
          Object.hasOwn(record, step.from) ? Option.some(record[step.from]) : Option.none()
        )
        delete record[step.from]
        if (Option.isSome(o)) record[step.to] = o.value
      }
      return to(record)
    }
  }
  const kept = (ast.to as AST.TypeLiteral).propertySignatures
    .map((ps) => ps.name)
    .filter((name) => !froms.has(name))
  return (i) => {
    const a = from(i)
    if (a === FAIL) return FAIL
    const record = a as Record<PropertyKey, unknown>
    const out: Record<PropertyKey, unknown> = {}
    for (const name of kept) {
      if (Object.hasOwn(record, name)) out[name] = record[name]
    }
    for (const step of steps) {
      const o = step.decode(Object.hasOwn(record, step.from) ? Option.some(record[step.from]) : Option.none())
      if (Option.isSome(o)) out[step.to] = o.value
    }
    return to(out)
  }
}

const typeLiteral = (ast: AST.TypeLiteral): Parser => {
  if (ast.propertySignatures.length === 0 && ast.indexSignatures.length === 0) {
    return (i) => (i !== null && i !== undefined ? i : FAIL)
  }
  // Index signatures over string keys only (`Record<string, …>`); anything else is Effect's.
  if (ast.indexSignatures.some((is) => is.parameter._tag !== "StringKeyword")) return delegate(ast)
  const names = ast.propertySignatures.map((ps) => ps.name)
  const optional = ast.propertySignatures.map((ps) => ps.isOptional)
  const parsers = ast.propertySignatures.map((ps) => compile(ps.type))
  const expected = new Set<PropertyKey>(names)
  const indexes = ast.indexSignatures.map((is) => compile(is.type))
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) return FAIL
    const record = input as Record<PropertyKey, unknown>
    const output: Record<PropertyKey, unknown> = {}
    for (let k = 0; k < names.length; k++) {
      const name = names[k]!
      if (optional[k] && !Object.hasOwn(record, name)) continue
      const value = parsers[k]!(record[name])
      if (value === FAIL) return FAIL
      output[name] = value
    }
    for (const parse of indexes) {
      for (const key of Object.keys(record)) {
        const value = parse(record[key])
        if (value === FAIL) return FAIL
        if (!expected.has(key)) output[key] = value
      }
    }
    return output
  }
}

const tupleType = (ast: AST.TupleType): Parser => {
  // Plain arrays (`Schema.Array`) only.
  if (ast.elements.length > 0 || ast.rest.length !== 1) return delegate(ast)
  const item = compile(ast.rest[0]!.type)
  return (input) => {
    if (!Array.isArray(input)) return FAIL
    const output: Array<unknown> = []
    for (const element of input) {
      const value = item(element)
      if (value === FAIL) return FAIL
      output.push(value)
    }
    return output
  }
}

const union = (ast: AST.Union): Parser => {
  const members = ast.types.map(compile)
  const slow = delegate(ast)
  // Effect tries the members in an order of its own: when exactly one matches, the order does not
  // matter; when several do, Effect decides.
  return (input) => {
    let found: unknown = FAIL
    for (const member of members) {
      const value = member(input)
      if (value === FAIL) continue
      if (found !== FAIL) return slow(input)
      found = value
    }
    return found
  }
}

/** `Schema.decodeUnknown(schema)(input)`, faster on the way to a success; any failure is Effect's own. */
export const decodeUnknown = <A, I>(
  schema: Schema.Schema<A, I>,
  input: unknown
): Effect.Effect<A, ParseResult.ParseError> => {
  const value = compile(schema.ast)(input)
  return value === FAIL ? Schema.decodeUnknown(schema)(input) : Effect.succeed(value as A)
}
