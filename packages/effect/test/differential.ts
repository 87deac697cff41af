/**
 * Shared by the compiled decoder's and encoder's differential tests: comparing results shape for
 * shape, changing one value of a generated input, and setting aside what Effect's own parser throws on.
 */
import { assert } from "@effect/vitest"

/** What a decode or an encode did: its result, or what it threw. */
const outcome = <A>(run: () => A): { readonly value: A } | { readonly threw: unknown } => {
  try {
    return { value: run() }
  } catch (threw) {
    return { threw }
  }
}

/**
 * Effect's answer and the compiled one on one input. Where Effect's parser throws (a bug: see each
 * suite's "an input Effect's own parser throws on"), there is no answer to agree with, so `undefined`:
 * the compiled one either throws the same, having handed the input to Effect, or has found the answer
 * itself, which that case pins.
 */
export const answers = <A>(
  reference: () => A,
  compiled: () => A
): { readonly expected: A; readonly result: A } | undefined => {
  const reached = outcome(reference)
  const actual = outcome(compiled)
  if ("threw" in reached) {
    if ("threw" in actual) assert.strictEqual(String(actual.threw), String(reached.threw))
    return undefined
  }
  if ("threw" in actual) throw actual.threw
  return { expected: reached.value, result: actual.value }
}

/** A property's attributes, its value left out. */
const attributes = (object: object, key: PropertyKey) => {
  const { value: _, ...rest } = Object.getOwnPropertyDescriptor(object, key)!
  return rest
}

/**
 * The same value in the same shape: prototypes, extensibility and own keys, in order, with the same
 * attributes (writable, enumerable, configurable, accessors), at every level.
 */
export const sameShape = (actual: unknown, expected: unknown, at = "value"): void => {
  if (typeof expected !== "object" || expected === null) return
  assert.strictEqual(Object.getPrototypeOf(actual), Object.getPrototypeOf(expected), `prototype of ${at}`)
  assert.strictEqual(Object.isExtensible(actual), Object.isExtensible(expected), `extensibility of ${at}`)
  const keys = Reflect.ownKeys(expected)
  assert.deepStrictEqual(Reflect.ownKeys(actual as object), keys, `keys of ${at}`)
  for (const key of keys) {
    assert.deepStrictEqual(
      attributes(actual as object, key),
      attributes(expected, key),
      `attributes of ${at}.${String(key)}`
    )
    sameShape((actual as never)[key], (expected as never)[key], `${at}.${String(key)}`)
  }
}

/** Every path to a value inside plain objects and arrays (a JSON body's, or a generated input's). */
export const paths = (value: unknown, at: Array<string | number> = []): Array<Array<string | number>> => {
  const inner =
    Array.isArray(value) || Object.prototype.toString.call(value) === "[object Object]"
      ? Object.entries(value as object).flatMap(([key, child]) =>
          paths(child, [...at, Array.isArray(value) ? Number(key) : key])
        )
      : []
  return [at, ...inner]
}

/** `mutate`'s replacement that removes the value: an object's key is deleted. */
export const REMOVE: unique symbol = Symbol("remove")

/**
 * The value with the one at `path` replaced, or removed; a copy along the path only. What a removed
 * array element or root becomes is `removed` (`null` in a JSON body).
 */
export const mutate = (
  value: unknown,
  path: ReadonlyArray<string | number>,
  replacement: unknown,
  removed: unknown = undefined
): unknown => {
  if (path.length === 0) return replacement === REMOVE ? removed : replacement
  const [head, ...rest] = path
  if (Array.isArray(value)) {
    const copy = [...value]
    copy[head as number] = mutate(copy[head as number], rest, replacement, removed)
    return copy
  }
  const copy = { ...(value as Record<string, unknown>) }
  if (rest.length === 0 && replacement === REMOVE) delete copy[head as string]
  else copy[head as string] = mutate(copy[head as string], rest, replacement, removed)
  return copy
}
