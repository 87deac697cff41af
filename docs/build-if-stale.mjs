// `pnpm build`, unless every package it builds has a dist newer than all that goes into it: the
// package's sources and configs (all of it but dist/, node_modules/, test/ and its vitest config) and
// the workspace's package.json, lockfile and tsconfig.base.json. So `pnpm demo` and `pnpm emulator`
// start in seconds once built; `pnpm test` always builds afresh. The packages are the ones the root
// `build` script names with `--filter`: they are declared once, there.
import { spawnSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"

/** What in a package's own directory never goes into its dist. */
const NOT_INPUTS = ["dist", "node_modules", "test", "vitest.config.ts"]
const WORKSPACE_INPUTS = ["package.json", "pnpm-lock.yaml", "tsconfig.base.json"]

/**
 * Every file under `dir`.
 * @param {string} dir
 * @returns {Array<string>}
 */
const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? files(path) : entry.isFile() ? [path] : []
  })

/** @param {string} path */
const mtime = (path) => statSync(path).mtimeMs

/** @param {string} path */
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"))

/**
 * The files of dist/ that a package's `package.json` points at (`exports`, `main`, `module`, `types`).
 * @param {string} dir
 */
const promised = (dir) => {
  const pkg = readJson(join(dir, "package.json"))
  /** @type {(value: unknown) => Array<string>} */
  const leaves = (value) =>
    typeof value === "string"
      ? [value]
      : value !== null && typeof value === "object"
        ? Object.values(value).flatMap(leaves)
        : []
  return leaves([pkg.exports, pkg.main, pkg.module, pkg.types])
    .filter((path) => path.startsWith("./dist/"))
    .map((path) => join(dir, path))
}

/**
 * The packages the root `build` script builds, in its order.
 * @param {string} root
 * @returns {Array<{ name: string, dir: string }>}
 */
export const builtPackages = (root) => {
  const script = String(readJson(join(root, "package.json")).scripts?.build ?? "")
  const dirs = new Map(
    readdirSync(join(root, "packages"))
      .map((dir) => join(root, "packages", dir))
      .filter((dir) => existsSync(join(dir, "package.json")))
      .map((dir) => [String(readJson(join(dir, "package.json")).name), dir])
  )
  return [...script.matchAll(/--filter\s+(\S+)/g)].map(([, name = ""]) => {
    const dir = dirs.get(name)
    if (dir === undefined)
      throw new Error(`the build script names ${name}, which no package under packages/ is`)
    return { name, dir }
  })
}

/**
 * Why each package needs building: `[]` when every dist is complete and newer than its inputs.
 * @param {string} root
 * @returns {Array<{ name: string, reason: string }>}
 */
export const staleness = (root) => {
  const shared = WORKSPACE_INPUTS.map((file) => join(root, file)).filter((file) => existsSync(file))
  return builtPackages(root).flatMap(({ name, dir }) => {
    const dist = join(dir, "dist")
    const outputs = existsSync(dist) ? files(dist) : []
    if (outputs.length === 0) return [{ name, reason: "no dist" }]
    // A build that failed half way leaves a dist without some of what the package promises.
    const missing = promised(dir).find((file) => !existsSync(file))
    if (missing !== undefined) return [{ name, reason: `${relative(root, missing)} is missing` }]
    const built = Math.min(...outputs.map(mtime))
    const inputs = readdirSync(dir)
      .filter((entry) => !NOT_INPUTS.includes(entry))
      .flatMap((entry) => {
        const path = join(dir, entry)
        return statSync(path).isDirectory() ? files(path) : [path]
      })
    const newer = [...inputs, ...shared].find((file) => mtime(file) >= built)
    return newer === undefined ? [] : [{ name, reason: `${relative(root, newer)} is newer than its dist` }]
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL("..", import.meta.url))
  const stale = staleness(root)
  if (stale.length === 0) {
    console.log("build: every package's dist is newer than its sources; skipped (`pnpm build` forces it)")
  } else {
    console.log(`build: ${stale.map((s) => `${s.name} (${s.reason})`).join(", ")}`)
    const { status } = spawnSync("pnpm", ["build"], { cwd: root, stdio: "inherit" })
    process.exitCode = status ?? 1
  }
}
