/**
 * A call's arguments gathered into its request model. A parameter the model has no field of is an
 * options object the declaration spreads into the model (`search(query, options)`); from JavaScript
 * a string there would spread into `{ 0: "…" }` and pass unnoticed, and `null` would vanish. So such
 * a parameter must be an object, and the model one too (a required options object given).
 */
import * as AST from "effect/SchemaAST"
import type * as Endpoint from "../Endpoint.js"
import * as Json from "./json.js"

/** Arguments that cannot make a request model; `detail` names the parameter and the rule. */
export class Invalid {
  constructor(readonly detail: string) {}
}

/** The field names of a request model. */
const fieldsOf = (ast: AST.AST): ReadonlySet<PropertyKey> => {
  let type = AST.typeAST(ast)
  while (AST.isRefinement(type)) type = type.from
  return new Set(AST.isTypeLiteral(type) ? type.propertySignatures.map((ps) => ps.name) : [])
}

export const gatherer = <Args extends ReadonlyArray<unknown>, Req, Wire, Res>(
  endpoint: Endpoint.Endpoint<Args, Req, Wire, Res>
): ((args: ReadonlyArray<unknown>) => Req | Invalid) => {
  const fields = fieldsOf(endpoint.request.ast)
  const spread = (endpoint.params as ReadonlyArray<string>).flatMap((name, index) =>
    fields.has(name) ? [] : [{ name, index }]
  )
  const input = endpoint.input as (...args: ReadonlyArray<unknown>) => Req
  if (spread.length === 0) return (args) => input(...args)
  return (args) => {
    for (const { index, name } of spread) {
      const arg = args[index]
      if (arg !== undefined && !Json.isObject(arg)) return new Invalid(`${name}: must be an object`)
    }
    const request = input(...args)
    return Json.isObject(request) ? request : new Invalid(`${spread[0]!.name}: is required`)
  }
}
