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
