// The reference's coverage rules: what each kind of item must carry in its doc comment.
import type { Item, Survey } from "./survey.js"

/** One thing missing from one item, as the check reports it. */
export interface Gap {
  /** `@memsy/effect: MemsyClient.layer: a description`. */
  readonly gap: string
  readonly at: string
}

const has = (item: Item, tag: string) => item.doc.tags.some((t) => t.name === tag && t.text !== "")

/**
 * - every export: a description and `@since` (a namespace's are its module's header);
 * - every endpoint declaration: a description, an `@example` (the Effect call) and a
 *   `@promiseExample` (the same call on the Promise client);
 * - every method a client adds over its endpoints, and every error class: an `@example`.
 */
const needs = (item: Item): ReadonlyArray<string> => {
  switch (item.kind) {
    case "export":
      return [
        ...(item.doc.description === "" ? ["a description"] : []),
        ...(has(item, "since") ? [] : ["@since"])
      ]
    case "endpoint":
      return [
        ...(item.doc.description === "" ? ["a description"] : []),
        ...(has(item, "example") ? [] : ["an @example"]),
        ...(has(item, "promiseExample") ? [] : ["a @promiseExample"])
      ]
    case "method":
      return [
        ...(item.doc.description === "" ? ["a description"] : []),
        ...(has(item, "example") ? [] : ["an @example"])
      ]
    case "error":
      return has(item, "example") ? [] : ["an @example"]
  }
}

export const gaps = (survey: Survey): ReadonlyArray<Gap> =>
  survey.items.flatMap((item) => needs(item).map((need) => ({ gap: `${item.id}: ${need}`, at: item.at })))
