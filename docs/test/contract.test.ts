// Code and docs cite the wire contract by section: "contract §7.3", "(§4.1)", "§1.3, §7.4", "§4.6–4.8".
// Every section cited anywhere in the repository must be a heading of docs/contract.md, so a citation
// always leads to the text it relies on.
import { readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const docs = fileURLToPath(new URL("..", import.meta.url))
const root = join(docs, "..")
const contract = join(docs, "contract.md")

// The section sign, spelled as an escape so that this file's own examples are not citations.
const SIGN = "\u00a7"
const NUMBER = String.raw`\d+(?:\.\d+)*`
const RANGE = String.raw`\s*(?:[-\u2013\u2014]|\bto\b)\s*${SIGN}?\s*${NUMBER}`
// A list goes on with another sign ("§1.3, §7.4") or a dotted number ("§4.1, 4.3"); a bare "10" after a
// comma is prose, not a section.
const MORE = String.raw`\s*(?:,|;|&|\band\b|\bor\b)\s*(?:${SIGN}\s*${NUMBER}|\d+(?:\.\d+)+)(?:${RANGE})?`
const CITATION = new RegExp(String.raw`${SIGN}${SIGN}?\s*${NUMBER}(?:${RANGE})?(?:${MORE})*`, "g")
const SIGN_ANYWHERE = new RegExp(SIGN, "g")

/** The section numbers of the contract's headings: `## 7. Error bodies` is 7, `### 7.3 Classification` 7.3. */
const headings = (markdown: string): Array<string> =>
  [...markdown.matchAll(/^#{1,6}[ \t]+(\d+(?:\.\d+)*)\.?[ \t]/gm)].map((m) => m[1]!)

/**
 * The sections one citation names, ranges expanded: "§4.6–4.8" is 4.6, 4.7 and 4.8, and so is "§4.6–8".
 * A range across parents ("§4.9–5.2") names its two ends; a reversed one is an error.
 */
const sections = (citation: string): Array<string> | { readonly error: string } => {
  const out: Array<string> = []
  const tokens = [...citation.matchAll(new RegExp(`(${NUMBER})|([-\\u2013\\u2014]|\\bto\\b)`, "g"))]
  for (let i = 0; i < tokens.length; i++) {
    const from = tokens[i]![1]
    if (from === undefined) return { error: `unreadable citation "${citation}"` }
    const to = tokens[i + 1]?.[2] !== undefined ? tokens[i + 2]?.[1] : undefined
    if (to === undefined) {
      out.push(from)
      continue
    }
    i += 2
    const a = from.split(".").map(Number)
    const given = to.split(".").map(Number)
    const b = given.length < a.length ? [...a.slice(0, a.length - given.length), ...given] : given
    const sameParent = a.length === b.length && a.slice(0, -1).join(".") === b.slice(0, -1).join(".")
    if (!sameParent) {
      out.push(from, b.join("."))
      continue
    }
    const first = a.at(-1)!
    const last = b.at(-1)!
    if (last < first) return { error: `reversed range in "${citation}"` }
    for (let n = first; n <= last; n++) out.push([...a.slice(0, -1), n].join("."))
  }
  return out
}

interface Citation {
  readonly file: string
  readonly line: number
  readonly text: string
  readonly sections: Array<string> | { readonly error: string }
}

const lineAt = (text: string, index: number) => text.slice(0, index).split("\n").length

/** Every citation in a text, with its line; a section sign that starts no citation is reported too. */
const citations = (file: string, text: string): Array<Citation> => {
  const found: Array<Citation> = []
  const covered = new Set<number>()
  for (const m of text.matchAll(CITATION)) {
    for (let i = m.index; i < m.index + m[0].length; i++) covered.add(i)
    found.push({ file, line: lineAt(text, m.index), text: m[0], sections: sections(m[0]) })
  }
  for (const m of text.matchAll(SIGN_ANYWHERE)) {
    if (covered.has(m.index)) continue
    const excerpt = text.slice(m.index, m.index + 12).split("\n")[0]!
    found.push({
      file,
      line: lineAt(text, m.index),
      text: excerpt,
      sections: { error: "unreadable citation" }
    })
  }
  return found.sort((x, y) => x.line - y.line)
}

const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs|md)$/
const SKIP = new Set(["node_modules", "dist", ".git"])

const walk = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : walk(path)
    return SOURCE.test(entry.name) ? [path] : []
  })

/** Every source and documentation file: the packages (src, test, bench, …), docs and the top-level pages. */
const files = (): Array<string> => [
  ...readdirSync(root)
    .filter((name) => name.endsWith(".md"))
    .map((name) => join(root, name)),
  ...walk(join(root, "packages")),
  ...walk(docs)
]

describe("citations of the wire contract", () => {
  const defined = headings(readFileSync(contract, "utf8"))
  const all = files().flatMap((file) => citations(relative(root, file), readFileSync(file, "utf8")))

  it("the contract numbers each heading once", () => {
    const repeated = defined.filter((n, i) => defined.indexOf(n) !== i)
    expect(repeated).toEqual([])
  })

  it("the scan finds the citations the code is known to make", () => {
    expect(all.length).toBeGreaterThan(50)
    const classify = all.filter(
      (c) => c.file === join("packages", "effect", "src", "internal", "classify.ts")
    )
    expect(classify.flatMap((c) => ("error" in c.sections ? [] : c.sections))).toEqual(["7.2", "7.3"])
  })

  it("every cited section is a heading of docs/contract.md", () => {
    const known = new Set(defined)
    const problems = all.flatMap((c) =>
      "error" in c.sections
        ? [`${c.file}:${c.line}: ${c.sections.error} "${c.text}"`]
        : c.sections
            .filter((s) => !known.has(s))
            .map((s) => `${c.file}:${c.line}: ${SIGN}${s} has no heading in docs/contract.md ("${c.text}")`)
    )
    expect(problems).toEqual([])
  })
})

describe("the citation reader", () => {
  // "S" stands for the section sign.
  const read = (text: string) => citations("x.ts", text.replaceAll("S", SIGN)).map((c) => c.sections)

  it("reads every form the code uses", () => {
    expect(read("the contract's table (S7.3), first row")).toEqual([["7.3"]])
    expect(read("contract S2.2 prefers this")).toEqual([["2.2"]])
    expect(read("headers (contract S2).")).toEqual([["2"]])
    expect(read("guards (S1.3, S7.4)")).toEqual([["1.3", "7.4"]])
    expect(read("records (S4.6\u20134.8, S10.3)")).toEqual([["4.6", "4.7", "4.8", "10.3"]])
    expect(read("S13.10: the list filter")).toEqual([["13.10"]])
    expect(read('/** S4.1: the window */\n// S4.2 "first observed"')).toEqual([["4.1"], ["4.2"]])
  })

  it("reads lists, ranges and shorthand the code might use", () => {
    expect(read("S4.1, 4.3 and 4.5")).toEqual([["4.1", "4.3", "4.5"]])
    expect(read("SS 4.6-8")).toEqual([["4.6", "4.7", "4.8"]])
    expect(read("S4.9 to 5.2")).toEqual([["4.9", "5.2"]])
    expect(read("S4.2, 10 results")).toEqual([["4.2"]])
    expect(read("ends at S4.2.")).toEqual([["4.2"]])
  })

  it("reports what it cannot read", () => {
    expect(read("S4.8\u20134.6")).toEqual([{ error: `reversed range in "${SIGN}4.8\u20134.6"` }])
    expect(read("see S below")).toEqual([{ error: "unreadable citation" }])
  })

  it("numbers headings by their leading section number", () => {
    expect(headings("# Title\n## 7. Error bodies\n### 7.3 Classification\n#### Not numbered\n")).toEqual([
      "7",
      "7.3"
    ])
  })
})
