// No package's sources import themselves in a circle. Every relative import counts, `import type` and
// `export … from` included: a circle of types still ties its modules together, so none can be read,
// moved or split without the others, and a public module that its implementation imports back is how
// the circles start. A public shape the implementation needs lives in a module that imports none of it.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const packages = fileURLToPath(new URL("../../packages", import.meta.url))

/**
 * Known circles, each as its files relative to the package's `src/`, kept until the rework under way
 * in their package breaks them; then delete the entry. The test fails on a circle not listed, on a
 * listed one that gained or lost a file, and on a listed one that is gone.
 */
const KNOWN: Readonly<Record<string, ReadonlyArray<ReadonlyArray<string>>>> = {
  // `Transport` (public) imports its implementation, which takes `Request` and `Response` from it.
  effect: [["Transport.ts", "internal/transport/native.ts", "internal/transport/outcome.ts"]]
}

const SOURCE = /\.(?:[cm]?ts)$/

const sources = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sources(path) : SOURCE.test(entry.name) ? [path] : []
  })

/** The source file a relative specifier names: `./a.js` is `a.ts` (or `a.d.ts`), as NodeNext resolves. */
const resolveSpecifier = (from: string, specifier: string): string => {
  const path = resolve(dirname(from), specifier)
  const found = [path.replace(/js$/, "ts"), path.replace(/\.([cm]?)js$/, ".d.$1ts"), path].find(
    (candidate) => SOURCE.test(candidate) && existsSync(candidate)
  )
  if (found === undefined) throw new Error(`${from}: cannot resolve "${specifier}" to a source file`)
  return found
}

/** Each file's relative imports: static, type-only, re-exports and `import()`, comments and strings aside. */
const importGraph = (src: string): ReadonlyMap<string, ReadonlyArray<string>> =>
  new Map(
    sources(src).map((file) => [
      relative(src, file),
      ts
        .preProcessFile(readFileSync(file, "utf8"), true, true)
        .importedFiles.map((imported) => imported.fileName)
        .filter((specifier) => specifier.startsWith("./") || specifier.startsWith("../"))
        .map((specifier) => relative(src, resolveSpecifier(file, specifier)))
    ])
  )

/** The groups of files that reach one another (Tarjan's strongly connected components), sorted. */
const circles = (graph: ReadonlyMap<string, ReadonlyArray<string>>): Array<Array<string>> => {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: Array<string> = []
  const found: Array<Array<string>> = []
  const visit = (file: string) => {
    index.set(file, index.size)
    low.set(file, index.get(file)!)
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(file, Math.min(low.get(file)!, low.get(next)!))
      } else if (stack.includes(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!))
      }
    }
    if (low.get(file) !== index.get(file)) return
    const group: Array<string> = []
    let member: string
    do {
      member = stack.pop()!
      group.push(member)
    } while (member !== file)
    if (group.length > 1 || graph.get(file)?.includes(file)) found.push(group.sort())
  }
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file)
  return found.sort((a, b) => a[0]!.localeCompare(b[0]!))
}

/**
 * The shortest circle through the group's first file, `a.ts → b.ts → a.ts`, followed by the whole
 * group when it holds more files than that circle.
 */
const nameCircle = (graph: ReadonlyMap<string, ReadonlyArray<string>>, group: ReadonlyArray<string>) => {
  const start = group[0]!
  const cameFrom = new Map<string, string>()
  const queue = [start]
  while (queue.length > 0) {
    const file = queue.shift()!
    for (const next of graph.get(file) ?? []) {
      if (next === start) {
        const path: Array<string> = []
        for (let at = file; at !== start; at = cameFrom.get(at)!) path.unshift(at)
        const circle = [start, ...path, start].join(" → ")
        return group.length > path.length + 1 ? `${circle} (one circle of ${group.join(", ")})` : circle
      }
      if (group.includes(next) && !cameFrom.has(next)) {
        cameFrom.set(next, file)
        queue.push(next)
      }
    }
  }
  return group.join(", ")
}

/** What a package's sources break: circles not known, and known ones that changed or are gone. */
const check = (src: string, known: ReadonlyArray<ReadonlyArray<string>>) => {
  const graph = importGraph(src)
  const found = circles(graph)
  const same = (a: ReadonlyArray<string>, b: ReadonlyArray<string>) =>
    a.length === b.length && [...a].sort().every((file, i) => file === [...b].sort()[i])
  return {
    circles: found.filter((group) => !known.some((k) => same(k, group))).map((g) => nameCircle(graph, g)),
    gone: known.filter((k) => !found.some((group) => same(k, group))).map((k) => k.join(", "))
  }
}

describe("import circles", () => {
  const names = readdirSync(packages).filter((dir) => existsSync(join(packages, dir, "src")))
  for (const name of names) {
    it(`none in packages/${name}/src but the known ones, and each known one still there`, () => {
      expect(check(join(packages, name, "src"), KNOWN[name] ?? [])).toEqual({ circles: [], gone: [] })
    })
  }

  it("knows circles only of packages that exist", () => {
    expect(Object.keys(KNOWN).filter((name) => !names.includes(name))).toEqual([])
  })

  it("sees type-only imports, re-exports and import(), not imports in comments or strings", () => {
    const dir = mkdtempSync(join(tmpdir(), "memsy-cycles-"))
    try {
      const write = (file: string, text: string) => writeFileSync(join(dir, file), text)
      write("a.ts", `import type { B } from "./b.js"\nexport type A = B`)
      write("b.ts", `export * from "./c.js"\nexport type B = 1`)
      write("c.ts", `export const load = () => import("./a.js")`)
      write("d.ts", `// import "./e.js"\nexport const text = 'import "./e.js"'`)
      write("e.ts", `export { text } from "./d.js"`)
      expect(check(dir, [])).toEqual({ circles: ["a.ts → b.ts → c.ts → a.ts"], gone: [] })
      expect(
        check(dir, [
          ["c.ts", "a.ts", "b.ts"],
          ["d.ts", "e.ts"]
        ])
      ).toEqual({
        circles: [],
        gone: ["d.ts, e.ts"]
      })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("names a circle through the group's first file, and the group when it holds more", () => {
    const graph = new Map([
      ["a.ts", ["b.ts", "c.ts"]],
      ["b.ts", ["a.ts"]],
      ["c.ts", ["d.ts"]],
      ["d.ts", ["a.ts"]]
    ])
    expect(circles(graph)).toEqual([["a.ts", "b.ts", "c.ts", "d.ts"]])
    expect(nameCircle(graph, ["a.ts", "b.ts", "c.ts", "d.ts"])).toBe(
      "a.ts → b.ts → a.ts (one circle of a.ts, b.ts, c.ts, d.ts)"
    )
  })
})
