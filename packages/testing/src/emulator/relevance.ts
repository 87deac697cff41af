/**
 * Lexical relevance for `/search` (§4.2): Okapi BM25 over memory text, mapped into [0, 1].
 *
 * @internal
 */
import { terms } from "./text.js"

const K1 = 1.2
const B = 0.75

export interface Document {
  readonly id: string
  /** The document's search terms (see `terms`), computed once when the memory is made. */
  readonly terms: ReadonlyArray<string>
}

/**
 * Scores every document against `query`. The corpus statistics come from `corpus` (the org's searchable
 * memories) so a score does not depend on who is asking. Each raw score is divided by the query's BM25
 * ceiling (every term saturated), which keeps the map monotonic and inside [0, 1).
 */
export const score = (
  query: string,
  corpus: ReadonlyArray<Document>,
  candidates: ReadonlyArray<Document>
): Map<string, number> => {
  const queryTerms = [...new Set(terms(query))]
  const scores = new Map<string, number>()
  if (queryTerms.length === 0 || corpus.length === 0) return scores
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
  for (const doc of candidates) {
    const tokens = tokenised.get(doc.id) ?? doc.terms
    let raw = 0
    for (const term of queryTerms) {
      const tf = tokens.filter((t) => t === term).length
      if (tf === 0) continue
      const norm = tf + K1 * (1 - B + (B * tokens.length) / avgLength)
      raw += ((idf.get(term) ?? 0) * tf * (K1 + 1)) / norm
    }
    if (raw > 0) scores.set(doc.id, Math.round((raw / ceiling) * 1e6) / 1e6)
  }
  return scores
}
