/**
 * What both packages' bad-input suites derive from the endpoint declarations: every endpoint with
 * its place in its client, the simplest valid request model of each and the arguments that make it,
 * every field of a model with the values it must refuse, and what an error may show. A new endpoint
 * is covered with no line here.
 */
import { assert } from "@effect/vitest"
import { Endpoint, MemsyClient, MemsyControlClient } from "@memsy/effect"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"
import { inspect } from "node:util"

/** Planted in every bad value that can carry text: it must never show in an error. */
export const MARKER = "zq7-private-content"

export interface Declared {
  readonly plane: "data" | "control"
  /** Where the method sits in its client, e.g. `["orgs", "create"]`. */
  readonly path: ReadonlyArray<string>
  readonly endpoint: Endpoint.Any
}

const walk = (plane: Declared["plane"], tree: Endpoint.Tree, at: ReadonlyArray<string>): Array<Declared> =>
  Object.entries(tree).flatMap(([key, node]) =>
    Endpoint.isEndpoint(node)
      ? [{ plane, path: [...at, key], endpoint: node }]
      : walk(plane, node, [...at, key])
  )

/** Every endpoint of both clients, depth first. */
export const declared: ReadonlyArray<Declared> = [
  ...walk("data", MemsyClient.endpoints, []),
  ...walk("control", MemsyControlClient.endpoints, [])
]

/** The method at `path` of a client (or of its `withResponse`). */
export const methodAt = (client: object, path: ReadonlyArray<string>) =>
  path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], client) as (
    ...args: ReadonlyArray<unknown>
  ) => unknown

/** A property's type without the `undefined` an optional one allows. */
const unwrap = (ast: AST.AST): AST.AST => {
  if (!AST.isUnion(ast)) return ast
  const types = ast.types.filter((type) => !AST.isUndefinedKeyword(type))
  return types.length === 1
    ? unwrap(types[0]!)
    : types.length < ast.types.length
      ? AST.Union.make(types)
      : ast
}

/** The node under a type's filters and transformations: what it is made of. */
const shapeOf = (ast: AST.AST): AST.AST =>
  AST.isRefinement(ast)
    ? shapeOf(ast.from)
    : AST.isTransformation(ast)
      ? shapeOf(ast.to)
      : AST.isSuspend(ast)
        ? shapeOf(ast.f())
        : ast

const modelOf = (endpoint: Endpoint.Any): AST.TypeLiteral => {
  const shape = shapeOf(AST.typeAST(endpoint.request.ast))
  if (!AST.isTypeLiteral(shape)) throw new Error(`${endpoint.name}: the request model is not a struct`)
  return shape
}

/** The names the request model has fields of: the other parameters are spread into it. */
export const fieldNames = (endpoint: Endpoint.Any): ReadonlySet<PropertyKey> =>
  new Set(modelOf(endpoint).propertySignatures.map((ps) => ps.name))

const UUID = "550e8400-e29b-41d4-a716-446655440000"

/** The simplest value of a type: required fields only, one item where a list must not be empty. */
const simplest = (ast: AST.AST): unknown => {
  const type = unwrap(ast)
  const accepts = Schema.is(Schema.make(type))
  const shape = shapeOf(type)
  const candidates: Array<unknown> = []
  switch (shape._tag) {
    case "StringKeyword":
      candidates.push("x", "2026-01-01", UUID)
      break
    case "NumberKeyword":
      candidates.push(1, 0, 10)
      break
    case "BooleanKeyword":
      candidates.push(false)
      break
    case "Literal":
      candidates.push(shape.literal)
      break
    case "Union":
      candidates.push(...shape.types.map(simplest))
      break
    case "TypeLiteral":
      candidates.push(
        Object.fromEntries(
          shape.propertySignatures.filter((ps) => !ps.isOptional).map((ps) => [ps.name, simplest(ps.type)])
        )
      )
      break
    case "TupleType":
      candidates.push([], shape.rest[0] ? [simplest(shape.rest[0].type)] : [])
      break
    case "Declaration":
      candidates.push(new Date(0))
      break
    default:
      candidates.push({})
  }
  const found = candidates.find((candidate) => accepts(candidate))
  if (found === undefined && !accepts(undefined)) throw new Error(`no simple value of ${String(type)}`)
  return found
}

/** The simplest request model an endpoint accepts (its type side; the suites check it is sent). */
export const simplestModel = (endpoint: Endpoint.Any): Record<string, unknown> =>
  simplest(modelOf(endpoint)) as Record<string, unknown>

/**
 * The method's arguments that make `model`: a parameter the model has a field of takes that field,
 * the one it has none of (an options object) takes the rest.
 */
export const argumentsOf = (endpoint: Endpoint.Any, model: Record<string, unknown>): Array<unknown> => {
  const fields = fieldNames(endpoint)
  const params = endpoint.params as ReadonlyArray<string>
  const own = new Set<PropertyKey>(params.filter((name) => fields.has(name)))
  const rest = Object.fromEntries(Object.entries(model).filter(([key]) => !own.has(key)))
  return params.map((name) => (fields.has(name) ? model[name] : rest))
}

/** The parameters an endpoint spreads into its model: each must be an object. */
export const spreadParams = (endpoint: Endpoint.Any): ReadonlyArray<{ name: string; index: number }> => {
  const fields = fieldNames(endpoint)
  return (endpoint.params as ReadonlyArray<string>).flatMap((name, index) =>
    fields.has(name) ? [] : [{ name, index }]
  )
}

export interface Field {
  readonly path: ReadonlyArray<PropertyKey>
  readonly type: AST.AST
  readonly optional: boolean
}

/** Every field of a model, nested structs and the first item of lists of structs included. */
export const fieldsOf = (
  ast: AST.AST,
  value: unknown,
  at: ReadonlyArray<PropertyKey> = []
): ReadonlyArray<Field> => {
  const shape = shapeOf(unwrap(ast))
  if (!AST.isTypeLiteral(shape)) return []
  return shape.propertySignatures.flatMap((ps) => {
    const path = [...at, ps.name]
    const own: Field = {
      path,
      type: ps.type,
      optional: ps.isOptional || Schema.is(Schema.make(ps.type))(undefined)
    }
    const inner = shapeOf(unwrap(ps.type))
    const child = (value as Record<PropertyKey, unknown> | undefined)?.[ps.name]
    const nested =
      AST.isTypeLiteral(inner) && child !== undefined
        ? fieldsOf(inner, child, path)
        : AST.isTupleType(inner) && inner.rest[0] && Array.isArray(child) && child.length > 0
          ? fieldsOf(inner.rest[0].type, child[0], [...path, 0])
          : []
    return [own, ...nested]
  })
}

/** Where a field sits in an error's detail: `events[0].kind`, `limit`. */
export const render = (path: ReadonlyArray<PropertyKey>): string =>
  path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join("")

/** A field left out of the model. */
export const LEFT_OUT: unique symbol = Symbol("left out")

export interface Bad {
  readonly title: string
  readonly value: unknown
}

const candidates: ReadonlyArray<Bad> = [
  { title: "text", value: MARKER },
  { title: "long text", value: MARKER.repeat(20) },
  { title: "a number", value: 42 },
  { title: "NaN", value: Number.NaN },
  { title: "Infinity", value: Number.POSITIVE_INFINITY },
  { title: "-Infinity", value: Number.NEGATIVE_INFINITY },
  { title: "a negative number", value: -1 },
  { title: "a fraction", value: 1.5 },
  { title: "zero", value: 0 },
  { title: "true", value: true },
  { title: "null", value: null },
  { title: "an object", value: { note: MARKER } },
  { title: "an array", value: [MARKER] },
  { title: "empty text", value: "" },
  { title: "blank text", value: "   " },
  { title: '"."', value: "." },
  { title: '".."', value: ".." },
  { title: "a BigInt", value: 10n },
  { title: "a function", value: () => MARKER },
  { title: "a symbol", value: Symbol(MARKER) }
]

/** The bounds of a list's length, from the filters Effect annotates with them. */
const lengthBounds = (ast: AST.AST): { readonly min: number; readonly max: number | undefined } => {
  let min = 0
  let max: number | undefined
  for (let at = unwrap(ast); AST.isRefinement(at); at = at.from) {
    const json = AST.getJSONSchemaAnnotation(at)
    if (json._tag === "Some") {
      const bounds = json.value as { minItems?: number; maxItems?: number }
      if (bounds.minItems !== undefined) min = Math.max(min, bounds.minItems)
      if (bounds.maxItems !== undefined) max = Math.min(max ?? Infinity, bounds.maxItems)
    }
  }
  return { min, max }
}

/**
 * The values a field must refuse, each of a kind its type does not take: the wrong kind (with the
 * marker where it can carry text), `NaN` and the infinities, blank or dot ids, too long a text, a
 * list too short or too long, and nothing at all where the field is required.
 */
export const refusedBy = (field: Field): ReadonlyArray<Bad> => {
  const accepts = Schema.is(Schema.make(field.type))
  const refused = candidates.filter((bad) => !accepts(bad.value))
  if (!field.optional) refused.push({ title: "left out", value: LEFT_OUT })
  const shape = shapeOf(unwrap(field.type))
  if (AST.isTupleType(shape) && shape.rest[0]) {
    const { max, min } = lengthBounds(field.type)
    if (min > 0) refused.push({ title: "an empty list", value: [] })
    if (max !== undefined) {
      const item = simplest(shape.rest[0].type)
      refused.push({ title: `a list of ${max + 1}`, value: Array.from({ length: max + 1 }, () => item) })
    }
  }
  return refused
}

/** Whether a field holds a number (a limit, an offset, a threshold). */
export const isNumeric = (field: Field): boolean => AST.isNumberKeyword(shapeOf(unwrap(field.type)))

/** The members of a closed set, when the field is one (`kind`, `sort`). */
export const literalsOf = (field: Field): ReadonlyArray<AST.LiteralValue> => {
  const shape = shapeOf(unwrap(field.type))
  if (AST.isLiteral(shape)) return [shape.literal]
  if (!AST.isUnion(shape)) return []
  const members = shape.types.filter(AST.isLiteral)
  return members.length === shape.types.length ? members.map((member) => member.literal) : []
}

/** `model` with the value at `path` replaced (or left out), the rest untouched. */
export const withValue = (model: unknown, path: ReadonlyArray<PropertyKey>, value: unknown): unknown => {
  if (path.length === 0) return value
  const [key, ...rest] = path
  const copy: Record<PropertyKey, unknown> = Array.isArray(model)
    ? ([...model] as unknown as Record<PropertyKey, unknown>)
    : { ...(model as object) }
  const next = withValue(copy[key!], rest, value)
  if (next === LEFT_OUT) delete copy[key!]
  else copy[key!] = next
  return copy
}

// Effect's own words, which a user-facing rule never uses.
const schemaTalk =
  /Expected|actual|\(Type side\)|\(Encoded side\)|ReadonlyArray<|Struct|Refinement|readonly |\| filter/

/** The rule an error's detail states for `field` (or a field inside it), if it names it. */
export const ruleFor = (detail: string, field: string): string | undefined => {
  for (const segment of detail.split("; ")) {
    const at = segment.indexOf(": ")
    const name = at < 0 ? "" : segment.slice(0, at)
    if (name === field || name.startsWith(`${field}[`) || name.startsWith(`${field}.`)) {
      return segment.slice(at + 2)
    }
  }
  return undefined
}

/**
 * A validation error as a user sees it: it names `field` with a rule in plain words, and the marker
 * shows nowhere, neither in the message nor in its JSON nor in `inspect`.
 */
export const assertShown = (
  error: { readonly message: string; readonly detail: string },
  field: string,
  context: string
): string => {
  const rule = ruleFor(error.detail, field)
  assert.isDefined(rule, `${context}: the message names ${field}: ${error.message}`)
  assert.match(rule!, /^(must|is required|a header name must)/, `${context}: a rule: ${error.message}`)
  assert.notMatch(error.message, schemaTalk, `${context}: plain words: ${error.message}`)
  for (const shown of [
    error.message,
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: null })
  ]) {
    assert.notInclude(shown, MARKER, `${context}: the value is not repeated`)
  }
  return rule!
}
