/**
 * Schema failures as users read them: the field in their own spelling (`events[3].kind`, camelCase
 * names whichever side of a rename failed) and the rule it breaks, in plain words. Never the value:
 * it may be the user's content, or their key.
 *
 * Effect's formatters print the value (`actual "..."`) and the schema's own names (`ReadonlyArray<Struct
 * (Type side)>`); this walks the same issue tree and states rules instead. A rule is a schema's
 * `message` annotation where it has one, else derived from the schema (`must be one of "a", "b"`).
 */
import type * as ParseResult from "effect/ParseResult"
import * as Option from "effect/Option"
import * as AST from "effect/SchemaAST"

type Path = ReadonlyArray<PropertyKey>
type Renames = ReadonlyMap<PropertyKey, PropertyKey>

const identifier = /^[A-Za-z_$][\w$]*$/

const render = (path: Path): string =>
  path
    .map((key, i) =>
      typeof key === "number"
        ? `[${key}]`
        : typeof key === "string" && identifier.test(key)
          ? i === 0
            ? key
            : `.${key}`
          : `[${typeof key === "string" ? JSON.stringify(key) : String(key)}]`
    )
    .join("")

/** The text of a `message` annotation, when it is a plain string (Effect also allows an Effect). */
const annotated = (ast: AST.AST, issue: ParseResult.ParseIssue): string | undefined => {
  const annotation = Option.getOrUndefined(AST.getMessageAnnotation(ast))
  if (annotation === undefined) return undefined
  const out = annotation(issue)
  if (typeof out === "string") return out
  return typeof out === "object" && "message" in out && typeof out.message === "string"
    ? out.message
    : undefined
}

const quote = (literal: AST.LiteralValue): string =>
  typeof literal === "string" ? JSON.stringify(literal) : String(literal)

const described = (ast: AST.AST, otherwise: () => string): string =>
  Option.getOrElse(AST.getDescriptionAnnotation(ast), otherwise)

/**
 * What a schema accepts, as a noun phrase: `an object`, `one of "a", "b"`. Effect's keywords and
 * refinements describe themselves without the value (`a string`, `an integer`, `a UUID`).
 */
const expected = (ast: AST.AST): string => {
  switch (ast._tag) {
    case "BooleanKeyword":
      return "true or false"
    case "Literal":
      return quote(ast.literal)
    case "TypeLiteral":
      return "an object"
    case "TupleType":
      return "an array"
    case "Union": {
      const members = ast.types.filter((member) => !AST.isUndefinedKeyword(member))
      if (members.length > 1 && members.every(AST.isLiteral)) {
        return `one of ${members.map((member) => quote(member.literal)).join(", ")}`
      }
      const phrases = members.map(expected)
      return phrases.length <= 1
        ? (phrases[0] ?? "left out")
        : `${phrases.slice(0, -1).join(", ")} or ${phrases[phrases.length - 1]}`
    }
    case "Refinement":
      return described(ast, () => expected(ast.from))
    case "Transformation":
      return expected(ast.to)
    default:
      return described(ast, () => "a valid value")
  }
}

/** A member of a union that failed on the value's type alone, not on anything inside it. */
const shallow = (issue: ParseResult.ParseIssue): boolean => {
  switch (issue._tag) {
    case "Type":
      return true
    case "Refinement":
      return issue.kind === "From" && shallow(issue.issue)
    case "Transformation":
      return issue.kind !== "Transformation" && shallow(issue.issue)
    case "Composite":
      return AST.isUnion(issue.ast) && [issue.issues].flat().every(shallow)
    default:
      return false
  }
}

const isUndefinedMember = (issue: ParseResult.ParseIssue): boolean =>
  issue._tag === "Type" && AST.isUndefinedKeyword(issue.ast)

/** The wire key → model key steps of a struct whose keys are renamed (`fromKey`). */
const renamesOf = (ast: AST.Transformation): Renames | undefined =>
  ast.transformation._tag === "TypeLiteralTransformation"
    ? new Map(ast.transformation.propertySignatureTransformations.map((step) => [step.from, step.to]))
    : undefined

/** Records one rule per field, the first found: a field that fails several ways reads as one rule. */
const collect = (
  issue: ParseResult.ParseIssue,
  path: Path,
  renames: Renames | undefined,
  out: Map<string, string>
): void => {
  const rule = (text: string) => {
    const field = render(path)
    if (!out.has(field)) out.set(field, text)
  }
  switch (issue._tag) {
    case "Pointer": {
      const keys = Array.isArray(issue.path) ? issue.path : [issue.path as PropertyKey]
      const [first, ...rest] = keys
      const key = renames?.get(first!) ?? first!
      return collect(issue.issue, [...path, key, ...rest], undefined, out)
    }
    case "Composite": {
      const issues = [issue.issues].flat()
      if (!AST.isUnion(issue.ast)) {
        for (const inner of issues) collect(inner, path, renames, out)
        return
      }
      // A union: the member the value was meant to be, if it got further than its type; else what
      // the union accepts.
      const deep = issues.find((inner) => !shallow(inner))
      if (deep) return collect(deep, path, renames, out)
      const own = annotated(issue.ast, issue)
      if (own !== undefined) return rule(own)
      const members = issues.filter((inner) => !isUndefinedMember(inner))
      if (members.length === 1) return collect(members[0]!, path, renames, out)
      return rule(issue.actual === undefined ? "is required" : `must be ${expected(issue.ast)}`)
    }
    case "Refinement": {
      if (issue.kind === "From") return collect(issue.issue, path, renames, out)
      const own = annotated(issue.ast, issue)
      if (own !== undefined) return rule(own)
      // A filter may report a problem inside the value (a `Pointer`); a plain failure is a `Type`.
      if (issue.issue._tag !== "Type") return collect(issue.issue, path, renames, out)
      return rule(issue.issue.message ?? `must be ${expected(issue.ast)}`)
    }
    case "Transformation":
      if (issue.kind === "Transformation") {
        const own = annotated(issue.ast, issue)
        return own !== undefined ? rule(own) : collect(issue.issue, path, renames, out)
      }
      // The encoded side of a struct is keyed by wire names: the path still speaks the model's.
      return collect(issue.issue, path, issue.kind === "Encoded" ? renamesOf(issue.ast) : renames, out)
    case "Type":
      return rule(
        issue.message ??
          (issue.actual === undefined
            ? "is required"
            : (annotated(issue.ast, issue) ?? `must be ${expected(issue.ast)}`))
      )
    case "Missing":
      return rule("is required")
    case "Unexpected":
      return rule("is not allowed")
    case "Forbidden":
      return rule("could not be checked")
  }
}

/**
 * `field: rule` for every field that failed, joined by `; `; `at` is where the issue's value sits in
 * what the user passed (`["events", 3]` for one event of a batch).
 */
export const describe = (issue: ParseResult.ParseIssue, at: Path = []): string => {
  const out = new Map<string, string>()
  collect(issue, at, undefined, out)
  return [...out].map(([field, rule]) => (field === "" ? rule : `${field}: ${rule}`)).join("; ")
}
