/**
 * Tokenisation for search and extraction: lower-casing, stop-word removal and a light suffix
 * stemmer, so "preferences", "preferred" and "prefers" all meet at "prefer".
 *
 * @internal
 */

// prettier-ignore
const STOP_WORDS = new Set([
  "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
  "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
  "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
  "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in",
  "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not",
  "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own",
  "same", "she", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves",
  "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very",
  "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "with", "would",
  "you", "your", "yours", "yourself", "yourselves", "s", "t", "ll", "ve", "re", "d", "m", "don", "also",
  "us"
])

export const isStopWord = (word: string): boolean => STOP_WORDS.has(word)

/** Lower-cased word tokens, stop words kept (extraction reads cue words from these). */
export const words = (text: string): Array<string> => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []

const VOWEL = /[aeiouy]/

const strip = (word: string, suffix: string, minStem: number): string | undefined => {
  if (!word.endsWith(suffix)) return undefined
  const stem = word.slice(0, word.length - suffix.length)
  return stem.length >= minStem && VOWEL.test(stem) ? stem : undefined
}

/** A light English stemmer (plural, -ing/-ed, a few derivational endings, doubled consonants, final e). */
export const stem = (input: string): string => {
  let w = input
  if (w.length <= 3 || /\d/.test(w)) return w
  if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`
  else if (w.endsWith("sses")) w = w.slice(0, -2)
  else if (/(x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2)
  else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1)
  if (!w.endsWith("eed"))
    w = strip(w, "ingly", 3) ?? strip(w, "edly", 3) ?? strip(w, "ing", 3) ?? strip(w, "ed", 3) ?? w
  for (const suffix of ["ences", "ence", "ances", "ance", "ments", "ment", "ness", "ful"]) {
    const s = strip(w, suffix, 3)
    if (s !== undefined) {
      w = s
      break
    }
  }
  if (w.endsWith("ly") && !w.endsWith("ily") && w.length >= 6) w = w.slice(0, -2)
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1)
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1)
  return w
}

/** Search terms: words minus stop words, stemmed. */
export const terms = (text: string): Array<string> =>
  words(text)
    .filter((w) => !isStopWord(w))
    .map(stem)
