import { defineConfig } from "tsup"

// One file per format with the Effect runtime inlined: a cold start then compiles one module instead
// of ~500 (effect, @effect/platform, and fast-check that `effect/Schema` imports at load), and esbuild
// drops what the facade never reaches (fast-check included: effect declares `sideEffects: []`).
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  // Types still come from `@memsy/effect` (a dependency for that alone): its models are Schema-derived,
  // so inlining them would import `effect` in our declarations.
  dts: { compilerOptions: { noEmit: false } },
  tsconfig: "tsconfig.src.json",
  clean: true,
  sourcemap: true,
  target: "es2022",
  // Neutral, with no `node`/`browser` condition: the bundle stays runtime-agnostic (no `node:` imports).
  platform: "neutral",
  noExternal: [/^effect/, /^@effect\//, /^@memsy\//],
  treeshake: true,
  esbuildOptions(options) {
    // Neutral resolves no `main` field by default; for any package without an `exports` map.
    options.mainFields = ["module", "main"]
    // Maps point at the files instead of embedding them: the inlined Effect sources would take the maps
    // from ~30 KB to ~6 MB each.
    options.sourcesContent = false
  }
})
