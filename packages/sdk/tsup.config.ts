import { defineConfig } from "tsup"

// One build, with the Effect runtime inlined: `npm install @memsy/sdk` is all an app needs, with no
// peer dependency and no `effect` in its `node_modules`. A cold start compiles one module instead of
// ~500 (effect, the platform, and fast-check that `effect/Schema` imports at load), and tree-shaking
// drops what the facade never reaches (effect declares `sideEffects: []`). The declarations are
// written by `scripts/declarations.mjs`, spelled out in plain TypeScript so they import nothing.
export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: false,
  clean: true,
  tsconfig: "tsconfig.src.json",
  sourcemap: true,
  target: "es2022",
  // Neutral, with no `node`/`browser` condition: the output stays runtime-agnostic (no `node:` imports).
  platform: "neutral",
  noExternal: [/^effect/, /^@effect\//, /^@memsy\//],
  treeshake: true,
  esbuildOptions(options) {
    // Neutral resolves no `main` field by default; for any package without an `exports` map.
    options.mainFields = ["module", "main"]
    // Maps point at the files instead of embedding them: the inlined Effect sources would take the
    // maps from ~30 KB to ~6 MB each.
    options.sourcesContent = false
  }
})
