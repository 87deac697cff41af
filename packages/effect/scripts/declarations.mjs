// Declarations emitted module by module with tsc, not bundled: the bundler keeps only one meaning of
// a schema and its type of the same name (`Events.EventPayload`) behind `export * as`. Each .d.ts gets a
// .d.cts twin whose relative imports point at .cjs, so `require` users get CommonJS types.
import { execFileSync } from "node:child_process"
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const out = "dist/types"
rmSync(out, { recursive: true, force: true })
execFileSync(
  "tsc",
  [
    "-p",
    "tsconfig.src.json",
    "--noEmit",
    "false",
    "--declaration",
    "--emitDeclarationOnly",
    "--declarationMap",
    "false",
    "--rootDir",
    "src",
    "--outDir",
    out
  ],
  { stdio: "inherit" }
)
for (const file of readdirSync(out, { recursive: true }).map(String)) {
  if (!file.endsWith(".d.ts")) continue
  const source = readFileSync(join(out, file), "utf8")
  const cjs = source.replace(/(from\s+["']\.{1,2}\/[^"']+)\.js(["'])/g, "$1.cjs$2")
  writeFileSync(join(out, file.replace(/\.d\.ts$/, ".d.cts")), cjs)
}
