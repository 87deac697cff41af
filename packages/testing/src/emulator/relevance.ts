/**
 * Relevance for `/search` (§4.2). The service ranks by embedding similarity, which is never exactly 0,
 * so every memory in scope gets a score: Okapi BM25 over the memory's terms for those sharing a term
 * with the query, mapped into [MATCH_FLOOR, 1); a character-trigram likeness of the terms for the
 * others, mapped into (0, MATCH_FLOOR), below every match. `threshold` then filters as on the service.
 *
 * @internal
 */
import { terms } from "./text.js"

const K1 = 1.2
const B = 0.75

/** The lowest score of a memory sharing a term with the query; every other memory scores below it. */
export const MATCH_FLOOR = 0.1

/** The lowest score of all. */
export const UNMATCHED_MIN = 0.001

export interface Document {
  readonly id: string
  /** The document's search terms (see `terms`), computed once when the memory is made. */
  readonly terms: ReadonlyArray<string>
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6

/** Each term's character trigrams, the term padded with a space on each side ("tea" → " te", "tea", "ea "). */
const trigrams = (words: ReadonlyArray<string>): Set<string> => {
  const grams = new Set<string>()
  for (const word of words) {
    const padded = ` ${word} `
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3))
  }
  return grams
}

/** The Dice coefficient of two sets, in [0, 1]. */
const dice = (a: ReadonlySet<string>, b: ReadonlySet<string>): number => {
  if (a.size === 0 || b.size === 0) return 0
  let common = 0
  for (const gram of a) if (b.has(gram)) common++
  return (2 * common) / (a.size + b.size)
}

/**
 * Scores every candidate against `query`. The corpus statistics come from `corpus` (the org's searchable
 * memories) so a score does not depend on who is asking. A raw BM25 score is divided by the query's
 * ceiling (every term saturated), which keeps the map monotonic.
 */
export const score = (
  query: string,
  corpus: ReadonlyArray<Document>,
  candidates: ReadonlyArray<Document>
): Map<string, number> => {
  const queryTerms = [...new Set(terms(query))]
  const queryGrams = trigrams(queryTerms)
  const tokenised = new Map(corpus.map((d) => [d.id, d.terms] as const))
  const avgLength = [...tokenised.values()].reduce((n, t) => n + t.length, 0) / corpus.length || 1
  const idf = new Map(
    queryTerms.map((term) => {
      let df = 0
      for (const tokens of tokenised.values()) if (tokens.includes(term)) df++
      return [term, Math.log(1 + (corpus.length - df + 0.5) / (df + 0.5))] as const
    })
  )
  const ceiling = queryTerms.reduce((n, term) => n + (idf.get(term) ?? 0) * (K1 + 1), 0)
  const scores = new Map<string, number>()
  for (const doc of candidates) {
    const tokens = tokenised.get(doc.id) ?? doc.terms
    let raw = 0
    for (const term of queryTerms) {
      const tf = tokens.filter((t) => t === term).length
      if (tf === 0) continue
      const norm = tf + K1 * (1 - B + (B * tokens.length) / avgLength)
      raw += ((idf.get(term) ?? 0) * tf * (K1 + 1)) / norm
    }
    const s =
      raw > 0
        ? MATCH_FLOOR + (1 - MATCH_FLOOR) * (raw / ceiling)
        : UNMATCHED_MIN + (MATCH_FLOOR - 2 * UNMATCHED_MIN) * dice(queryGrams, trigrams(tokens))
    scores.set(doc.id, round(s))
  }
  return scores
}
