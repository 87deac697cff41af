import { defineConfig, type Options } from "tsup"

const shared: Options = {
  format: ["esm", "cjs"],
  dts: { compilerOptions: { noEmit: false } },
  tsconfig: "tsconfig.src.json",
  sourcemap: true,
  target: "es2022",
  // Neutral, with no `node`/`browser` condition: the output stays runtime-agnostic (no `node:` imports).
  platform: "neutral"
}

export default defineConfig([
  // `@memsy/sdk`: effect and @effect/platform are peers, so an app that uses them shares one copy.
  {
    ...shared,
    entry: { index: "src/index.ts" },
    clean: ["index.*"],
    external: [/^effect/, /^@effect\//, /^@memsy\//]
  },
  // `@memsy/sdk/standalone`: the same facade with the Effect runtime inlined, for cold-start-sensitive
  // runtimes (serverless, CLIs). A cold start compiles one module instead of ~500 (effect, the platform,
  // and fast-check that `effect/Schema` imports at load); tree-shaking drops what the facade never
  // reaches (effect declares `sideEffects: []`). Types are the same and still come from @memsy/effect.
  {
    ...shared,
    entry: { standalone: "src/index.ts" },
    clean: ["standalone.*"],
    noExternal: [/^effect/, /^@effect\//, /^@memsy\//],
    treeshake: true,
    esbuildOptions(options) {
      // Neutral resolves no `main` field by default; for any package without an `exports` map.
      options.mainFields = ["module", "main"]
      // Maps point at the files instead of embedding them: the inlined Effect sources would take the
      // maps from ~30 KB to ~6 MB each.
      options.sourcesContent = false
    }
  }
])
