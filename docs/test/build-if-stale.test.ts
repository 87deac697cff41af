// `pnpm demo` and `pnpm emulator` skip the build when every package's dist is newer than what goes
// into it. Checked on a scratch workspace whose file times the test sets, and whose build script
// writes each dist the way a build would.
import { execFile } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { builtPackages, staleness as stale } from "../build-if-stale.mjs"

const script = fileURLToPath(new URL("../build-if-stale.mjs", import.meta.url))

let root = ""
const at = (path: string) => join(root, path)
const write = (path: string, contents = "", seconds = 1_000) => {
  mkdirSync(dirname(at(path)), { recursive: true })
  writeFileSync(at(path), contents)
  touch(path, seconds)
}
/** Sets a file's times to `seconds` after the epoch: later is newer. */
const touch = (path: string, seconds: number) => utimesSync(at(path), seconds, seconds)

const pkg = (name: string) =>
  JSON.stringify({ name, exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" } } })

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "memsy-build-if-stale-"))
  // The build writes both packages' dist, as `pnpm --filter … build` would.
  write(
    "package.json",
    JSON.stringify({ scripts: { build: "node make.mjs --filter @x/a && node make.mjs --filter @x/b" } })
  )
  write(
    "make.mjs",
    `import { mkdirSync, writeFileSync } from "node:fs"
     const dir = { "@x/a": "packages/a", "@x/b": "packages/b" }[process.argv[3]]
     mkdirSync(dir + "/dist", { recursive: true })
     for (const file of ["index.js", "index.d.ts"]) writeFileSync(dir + "/dist/" + file, "")
     writeFileSync("built", (process.argv[3]) + "\\n", { flag: "a" })`
  )
  write("pnpm-lock.yaml")
  write("tsconfig.base.json")
  for (const [dir, name] of [
    ["a", "@x/a"],
    ["b", "@x/b"]
  ] as const) {
    write(`packages/${dir}/package.json`, pkg(name))
    write(`packages/${dir}/src/index.ts`)
    write(`packages/${dir}/tsup.config.ts`)
    write(`packages/${dir}/test/index.test.ts`)
    write(`packages/${dir}/vitest.config.ts`)
    write(`packages/${dir}/dist/index.js`, "", 2_000)
    write(`packages/${dir}/dist/index.d.ts`, "", 2_000)
  }
  write("packages/c/package.json", pkg("@x/c"))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe("staleness", () => {
  it("reads the packages from the build script's --filter, in its order", () => {
    expect(builtPackages(root).map((p) => p.name)).toEqual(["@x/a", "@x/b"])
  })

  it("nothing to build when every dist is newer than its sources and configs", () => {
    expect(stale(root)).toEqual([])
  })

  it("a newer source, config or package.json makes that package stale", () => {
    for (const file of ["src/index.ts", "tsup.config.ts", "package.json"]) {
      touch(`packages/a/${file}`, 3_000)
      expect(stale(root)).toEqual([{ name: "@x/a", reason: `packages/a/${file} is newer than its dist` }])
      touch(`packages/a/${file}`, 1_000)
    }
  })

  it("a newer lockfile, base tsconfig or root package.json makes every package stale", () => {
    touch("pnpm-lock.yaml", 3_000)
    expect(stale(root).map((s) => s.name)).toEqual(["@x/a", "@x/b"])
    touch("pnpm-lock.yaml", 1_000)
    touch("tsconfig.base.json", 3_000)
    expect(stale(root)).toHaveLength(2)
  })

  it("tests and their config are not inputs of the build", () => {
    touch("packages/a/test/index.test.ts", 3_000)
    touch("packages/a/vitest.config.ts", 3_000)
    expect(stale(root)).toEqual([])
  })

  it("judges by the oldest file of dist, and a dist missing what package.json promises is stale", () => {
    touch("packages/b/dist/index.js", 500)
    expect(stale(root)).toEqual([{ name: "@x/b", reason: "packages/b/package.json is newer than its dist" }])
    touch("packages/b/dist/index.js", 2_000)
    rmSync(at("packages/b/dist/index.d.ts"))
    expect(stale(root)).toEqual([{ name: "@x/b", reason: "packages/b/dist/index.d.ts is missing" }])
    rmSync(at("packages/b/dist"), { recursive: true })
    expect(stale(root)).toEqual([{ name: "@x/b", reason: "no dist" }])
  })

  it("a build script naming a package that does not exist is an error", () => {
    write("package.json", JSON.stringify({ scripts: { build: "pnpm --filter @x/gone build" } }))
    expect(() => builtPackages(root)).toThrow("@x/gone")
  })
})

describe("node docs/build-if-stale.mjs", () => {
  it("builds when a package is stale, then skips until a source changes", { timeout: 120_000 }, async () => {
    // The script finds the workspace from where it lives: a copy runs inside the scratch workspace.
    write("docs/build-if-stale.mjs", readFileSync(script, "utf8"))
    const run = () =>
      promisify(execFile)(process.execPath, [at("docs/build-if-stale.mjs")], {
        cwd: root,
        timeout: 60_000
      }).then(({ stdout }) => stdout)
    const built = () => readFileSync(at("built"), "utf8")
    touch("packages/a/src/index.ts", 3_000)
    expect(await run()).toContain("build: @x/a (packages/a/src/index.ts is newer than its dist)")
    expect(built()).toBe("@x/a\n@x/b\n")
    expect(await run()).toContain("skipped")
    expect(built()).toBe("@x/a\n@x/b\n")
    touch("packages/b/src/index.ts", Date.now() / 1000 + 60)
    expect(await run()).toContain("build: @x/b")
    expect(built()).toBe("@x/a\n@x/b\n@x/a\n@x/b\n")
  })
})
