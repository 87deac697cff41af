/** The few JSON helpers the call pipeline, the classifier and the header parser share. */

export type JsonObject = Record<string, unknown>

export const isObject = (u: unknown): u is JsonObject =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** `JSON.parse` without throwing: a body that is not JSON is a value to handle, not a crash. */
export const parse = (
  text: string
): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

/** Drops undefined fields, so optional fields of models and errors stay absent, not present-but-undefined. */
export const withoutUndefined = <A extends object>(record: A): A =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as A

/** What `unserialisable` says of a value too big to be within its limit. */
export const TOO_LONG = "more than the limit"

/**
 * What `value` holds that `JSON.stringify` would not carry as it is: drop (a function, a symbol, a
 * symbol key), turn into `null` (`undefined` in an array, `NaN`, `Infinity`, an invalid `Date`),
 * write as `{}` (a `Map`, a `Set`) or throw on (a cycle, a BigInt); `undefined` when it carries all of
 * it. `undefined` as a property's value is fine: it means the property is unset, and JSON leaves it
 * out. Every value written takes at least one character, so the walk stops (`TOO_LONG`) past `limit`
 * of them, however deep or wide the value.
 */
export const unserialisable = (root: unknown, limit: number): string | undefined => {
  let written = 0
  const path: Array<object> = []
  const visit = (value: unknown, inArray: boolean): string | undefined => {
    if (value === undefined) return inArray ? "undefined in an array" : undefined
    if (++written > limit) return TOO_LONG
    switch (typeof value) {
      case "string":
      case "boolean":
        return undefined
      case "number":
        return Number.isFinite(value) ? undefined : "a number that is not finite"
      case "bigint":
        return "a BigInt"
      case "function":
        return "a function"
      case "symbol":
        return "a symbol"
    }
    if (value === null) return undefined
    const object = value as Record<string | symbol, unknown>
    // Shared objects are fine (JSON writes each copy); only an object inside itself is a cycle.
    if (path.includes(object)) return "a cycle"
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? "an invalid Date" : undefined
    if (typeof object.toJSON === "function") return visit((object.toJSON as () => unknown)(), inArray)
    path.push(object)
    try {
      if (Array.isArray(object)) {
        for (const item of object) {
          const problem = visit(item, true)
          if (problem !== undefined) return problem
        }
        return undefined
      }
      if (Object.prototype.toString.call(object) !== "[object Object]") {
        return "a Map, a Set or another object that JSON writes as {}"
      }
      if (Object.getOwnPropertySymbols(object).length > 0) return "a symbol key"
      for (const key of Object.keys(object)) {
        const problem = visit(object[key], false)
        if (problem !== undefined) return problem
      }
      return undefined
    } finally {
      path.pop()
    }
  }
  return visit(root, false)
}
