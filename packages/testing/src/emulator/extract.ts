/**
 * Deterministic memory extraction, standing in for the LLM (§10.1, §10.2).
 *
 * @internal
 */
import type { StoredMemory } from "../EmulatorTypes.js"
import { isStopWord, stem, words } from "./text.js"

export type MemoryType = StoredMemory["type"]
export type MemoryKind = StoredMemory["kind"]
export type Entity = StoredMemory["entities"][number]

export interface Extraction {
  readonly text: string
  readonly type: MemoryType
  readonly kind: MemoryKind
  readonly confidence: number
  readonly title: string
  readonly summary: string
  readonly tags: ReadonlyArray<string>
  readonly entities: ReadonlyArray<Entity>
  readonly sourceUrls: ReadonlyArray<string>
  /** Prompt plus completion tokens an LLM would have spent (≈ 4 characters a token). */
  readonly tokens: number
}

/** The marker that makes extraction fail on purpose (`failedIds`, §14). */
export const FAIL_MARKER = "[[fail]]"

/**
 * Why an event cannot become a memory, or `undefined`: content carrying the marker `[[fail]]`
 * (any case), or fewer than 3 letters/digits in total (nothing to extract).
 */
export const failureReason = (content: string): string | undefined => {
  if (content.toLowerCase().includes(FAIL_MARKER)) return "extraction rejected the content"
  if ((content.match(/[\p{L}\p{N}]/gu) ?? []).length < 3) return "no extractable content"
  return undefined
}

// Checked in this order; the first cue found decides the type.
const TYPE_CUES: ReadonlyArray<readonly [MemoryType, ReadonlySet<string>]> = [
  [
    "preference",
    new Set([
      "prefer",
      "prefers",
      "preferred",
      "preference",
      "preferences",
      "like",
      "likes",
      "liked",
      "love",
      "loves",
      "loved",
      "hate",
      "hates",
      "hated",
      "dislike",
      "dislikes",
      "favorite",
      "favourite",
      "enjoy",
      "enjoys"
    ])
  ],
  [
    "decision",
    new Set(["decided", "decide", "decides", "decision", "will", "chose", "choose", "chosen", "agreed"])
  ],
  ["norm", new Set(["always", "never", "should", "must", "policy", "rule", "required"])],
  ["event", new Set(["yesterday", "today", "tonight", "met", "went", "happened", "attended", "visited"])]
]

const HOW_TO = /\bhow to\b|\bsteps? \d|\bsteps to\b|\binstructions\b|^to \w+( \w+)?, /i

const tokenCount = (s: string): number => Math.ceil(s.length / 4)

const sentences = (text: string): Array<string> =>
  text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)

/** Capitalised words (runs of them joined: "New York") that do not open a sentence, plus `I`-free. */
const entitiesOf = (text: string): Array<Entity> => {
  const found = new Map<string, Entity>()
  for (const sentence of sentences(text)) {
    const tokens = sentence.split(/\s+/)
    let run: Array<string> = []
    const flush = () => {
      if (run.length > 0) {
        const name = run.join(" ")
        if (!found.has(name.toLowerCase())) found.set(name.toLowerCase(), { name, type: "proper_noun" })
      }
      run = []
    }
    tokens.forEach((raw, i) => {
      const token = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")
      const capitalised = /^\p{Lu}[\p{L}\p{N}'-]*$/u.test(token) && token !== "I"
      if (capitalised && i > 0) run.push(token)
      else flush()
      if (/[,;:]$/.test(raw)) flush()
    })
    flush()
  }
  return [...found.values()].slice(0, 10)
}

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`)

/** Extracts one memory from an event's content. */
export const extract = (content: string, eventKind: string): Extraction => {
  const text = clip(content.replace(/\s+/g, " ").trim(), 2000)
  const tokens = words(text)
  const cued = TYPE_CUES.find(([, cues]) => tokens.some((t) => cues.has(t)))
  const type: MemoryType = cued?.[0] ?? "fact"
  const kind: MemoryKind =
    eventKind === "tool_result" || HOW_TO.test(text)
      ? "procedural"
      : type === "event"
        ? "episodic"
        : "semantic"
  const entities = entitiesOf(text)
  const confidence =
    0.6 +
    (cued ? 0.15 : 0) +
    (eventKind === "user_message" ? 0.1 : eventKind === "assistant_message" ? -0.05 : 0) +
    (entities.length > 0 ? 0.05 : 0) +
    (text.length >= 20 && text.length <= 300 ? 0.05 : 0)
  const first = sentences(text)[0] ?? text
  const title = clip(
    text
      .split(/\s+/)
      .slice(0, 6)
      .join(" ")
      .replace(/[.!?,;:]+$/, ""),
    60
  )
  const keywords: Array<string> = []
  for (const word of tokens) {
    if (
      word.length >= 4 &&
      !isStopWord(word) &&
      !keywords.some((k) => stem(k) === stem(word)) &&
      !TYPE_CUES.some(([, c]) => c.has(word))
    ) {
      keywords.push(word)
    }
  }
  return {
    text,
    type,
    kind,
    confidence: Math.round(Math.min(0.95, Math.max(0.05, confidence)) * 100) / 100,
    title,
    summary: clip(first, 200),
    tags: [type, ...keywords.filter((k) => !/^\d+$/.test(k)).slice(0, 3)],
    entities,
    sourceUrls: text.match(/https?:\/\/[^\s)>\]]+/g) ?? [],
    tokens: 200 + tokenCount(content) + tokenCount(text)
  }
}

/** Two events whose memories would say the same thing merge into one memory (§10.2: "one or more events"). */
export const mergeKey = (text: string): string => words(text).join(" ")
