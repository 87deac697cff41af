/**
 * The published declarations are written by `scripts/declarations.mjs`, spelled out in plain
 * TypeScript. Generated afresh into a temporary directory, they must compile on their own (no
 * `effect` anywhere up the tree) and describe the same surface as the sources: the same exported
 * names, and for each a type assignable both ways to the source's type of that name. A named type
 * the sources reach but do not export stops the generation.
 */
import { execFile } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import ts from "typescript"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))
const source = join(root, "src/index.ts")

let dir = ""
let generated = ""
// Run without blocking the worker: a generation can take longer than vitest waits for a worker's
// answer on a loaded machine.
const generate = (...args: ReadonlyArray<string>) =>
  promisify(execFile)(process.execPath, ["scripts/declarations.mjs", ...args], { cwd: root })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "memsy-sdk-declarations-"))
  await generate("--out", join(dir, "gen"))
  generated = join(dir, "gen/index.d.ts")
}, 180_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const strict: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.esnext.disposable.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  skipLibCheck: false,
  noEmit: true,
  types: []
}

// One line per error, with the line of the file it is on (a check names what it checks).
const errorsOf = (program: ts.Program) =>
  ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")
      if (!diagnostic.file || diagnostic.start === undefined) return message
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
      const text = diagnostic.file.text.split("\n")[line]!.trim()
      return `${diagnostic.file.fileName.slice(dir.length + 1)}:${line + 1}: ${message}\n    ${text}`
    })
    .join("\n")

// `export type { … }` of a class or a schema constant exports its type only.
const isTypeOnly = (symbol: ts.Symbol) =>
  (symbol.declarations ?? []).some(
    (declaration) =>
      ts.isExportSpecifier(declaration) && (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly)
  )

/** Each export's symbol, with the flags of what it exports (a type-only export: its type meaning). */
const exportsOf = (program: ts.Program, file: string) => {
  const checker = program.getTypeChecker()
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!
  return new Map(
    checker.getExportsOfModule(module).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
      const flags = isTypeOnly(symbol) ? ts.SymbolFlags.Interface : target.flags
      return [symbol.name, { flags, declarations: target.declarations }] as const
    })
  )
}

describe("the generated declarations", () => {
  it("import nothing and name nothing of Effect", () => {
    const text = readFileSync(generated, "utf8")
    expect(text).not.toMatch(/^\s*(import|export\s.*\sfrom\s)/m)
    expect(text).not.toMatch(/\bimport\(|\brequire\(|\/\/\/\s*<reference/)
    for (const word of ["effect", "Effect", "Schema", "Option", "Redacted", "Brand"]) {
      expect(text, word).not.toMatch(new RegExp(`\\b${word}\\b`))
    }
    expect(text).not.toMatch(/\$\d|__@|__#/)
  })

  it("compile on their own, strictly, with nothing else installed", () => {
    // Every export used once, in a project outside the workspace.
    const program0 = ts.createProgram([generated], strict)
    const names = [...exportsOf(program0, generated)]
    const lines = [`import * as Sdk from "./gen/index.js"`]
    for (const [name, symbol] of names) {
      if (symbol.flags & ts.SymbolFlags.Value) lines.push(`export const value_${name} = Sdk.${name}`)
      const generic = symbol.declarations?.some((d) => ts.isTypeAliasDeclaration(d) && d.typeParameters)
      if (symbol.flags & ts.SymbolFlags.Type && !generic) lines.push(`export type Type_${name} = Sdk.${name}`)
    }
    lines.push(
      `const client = new Sdk.MemsyClient({ baseUrl: "https://api.memsy.io/v1", apiKey: "msy_x" })`,
      `export const found: Promise<Sdk.SearchResponse> = client.search("q", { actorId: "u1" })`,
      `export const thrown: Sdk.MemsyAPIError = new Sdk.RateLimitExceeded({ statusCode: 429, detail: "" })`
    )
    const consumer = join(dir, "consumer.ts")
    writeFileSync(consumer, lines.join("\n") + "\n")
    const program = ts.createProgram([consumer], strict)
    expect(program.getSourceFiles().map((f) => f.fileName)).not.toContainEqual(
      expect.stringMatching(/effect/)
    )
    expect(errorsOf(program)).toBe("")
  }, 60_000)

  it("describe the sources' surface: the same names, each type assignable both ways", () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {}
      }
    )!
    const options = { ...config.options, noEmit: true, noUnusedLocals: false }
    const first = ts.createProgram([generated, source], options)
    const ours = exportsOf(first, generated)
    const theirs = exportsOf(first, source)
    expect([...ours.keys()].sort(), "exported names").toEqual([...theirs.keys()].sort())

    const checks = [
      `import type * as Gen from "./gen/index.js"`,
      `import type * as Src from ${JSON.stringify(source.replace(/\.ts$/, ".js"))}`,
      // Assignable both ways; class instances by their public members (each side has its own
      // private state, which is nominal).
      `type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false`,
      `type Public<T> = Pick<T, keyof T>`,
      `type Assert<T extends true> = T`
    ]
    for (const [name, symbol] of theirs) {
      const check = (what: string, a: string, b: string) =>
        checks.push(`export type ${name}_${what} = Assert<Mutual<${a}, ${b}>>`)
      if (symbol.flags & ts.SymbolFlags.Class) {
        check("instance", `Public<Gen.${name}>`, `Public<Src.${name}>`)
        check(
          "constructor",
          `ConstructorParameters<typeof Gen.${name}>`,
          `ConstructorParameters<typeof Src.${name}>`
        )
        check("statics", `Omit<typeof Gen.${name}, "prototype">`, `Omit<typeof Src.${name}, "prototype">`)
        continue
      }
      if (symbol.flags & ts.SymbolFlags.Value) check("value", `typeof Gen.${name}`, `typeof Src.${name}`)
      if (!(symbol.flags & ts.SymbolFlags.Type)) continue
      const parameters = symbol.declarations?.find(ts.isTypeAliasDeclaration)?.typeParameters ?? []
      if (parameters.length === 0) {
        check("type", `Gen.${name}`, `Src.${name}`)
        continue
      }
      // A generic alias: checked at each member of its parameter's constraint, which must be an export.
      expect(parameters.length, `${name}: one type parameter`).toBe(1)
      const constraint = parameters[0]!.constraint
      expect(constraint && ts.isTypeReferenceNode(constraint), `${name}: constrained by a name`).toBe(true)
      const by = `Src.${constraint!.getText()}`
      checks.push(
        `export type ${name}_each = Assert<{ [K in ${by}]: Mutual<Gen.${name}<K>, Src.${name}<K>> }[${by}]>`
      )
    }
    const file = join(dir, "check.ts")
    writeFileSync(file, checks.join("\n") + "\n")
    const program = ts.createProgram({ rootNames: [file], options, oldProgram: first })
    expect(errorsOf(program)).toBe("")
  }, 120_000)

  // What keeps the facade's list of models whole: a model the core gains, reached by a method, that
  // the entry does not export stops the build instead of reaching users as a type they cannot name.
  it("are not written when a method reaches a named type the entry leaves out", async () => {
    // The names as the declarations export them (the sources' own, as the test above holds).
    const exports = [...exportsOf(ts.createProgram([generated], strict), generated)]
    const values = exports.filter(([, { flags }]) => flags & ts.SymbolFlags.Value).map(([name]) => name)
    const types = exports.filter(([, { flags }]) => !(flags & ts.SymbolFlags.Value)).map(([name]) => name)
    expect(types).toContain("SearchResponse")
    const from = JSON.stringify(source.replace(/\.ts$/, ".js"))
    // `.mts`: an ES module, wherever the temporary directory is.
    const entry = join(dir, "partial.mts")
    writeFileSync(
      entry,
      `export { ${values.join(", ")} } from ${from}\n` +
        `export type { ${types.filter((name) => name !== "SearchResponse").join(", ")} } from ${from}\n`
    )
    const failure = await generate("--entry", entry, "--out", join(dir, "partial")).then(
      () => "",
      (error: { stderr: string }) => error.stderr
    )
    expect(failure).toMatch(
      /MemsyClient > search > return: SearchResponse is reached but \S*partial\.mts does not export it/
    )
    expect(existsSync(join(dir, "partial"))).toBe(false)
  }, 180_000)
})
