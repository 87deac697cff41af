import { fileURLToPath } from "node:url"
import { defineConfig, type Options } from "tsup"

// The Effect runtime inlined: `npm install @memsy/sdk` is all an app needs, with no peer dependency and
// no `effect` in its `node_modules`. A cold start compiles one module instead of ~500 (effect, the
// platform, and fast-check that `effect/Schema` imports at load), and tree-shaking drops what the
// facade never reaches (effect declares `sideEffects: []`). The core is bundled from its sources, not
// its build: its namespaces then shake member by member. The declarations are written by
// `scripts/declarations.mjs`, spelled out in plain TypeScript so they import nothing.
const shared: Options = {
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  dts: false,
  tsconfig: "tsconfig.src.json",
  sourcemap: true,
  target: "es2022",
  noExternal: [/^effect/, /^@effect\//, /^@memsy\//],
  treeshake: true,
  // Keep `node:http`, not `http`: Deno resolves Node built-ins only with the prefix.
  removeNodeProtocol: false,
  esbuildOptions(options) {
    options.alias = {
      // The facade's own entry of the core: named exports, so only what the facade reaches is kept.
      "@memsy/effect/facade": fileURLToPath(new URL("../effect/src/facade.ts", import.meta.url)),
      "@memsy/effect": fileURLToPath(new URL("../effect/src/index.ts", import.meta.url))
    }
    // Neutral resolves no `main` field by default; for any package without an `exports` map.
    options.mainFields = ["module", "main"]
    // Maps point at the files instead of embedding them: the inlined Effect sources would take the
    // maps from ~30 KB to ~6 MB each.
    options.sourcesContent = false
  }
}

// Node loads the module as shipped, and parses all of it at a cold start: whitespace and syntax
// minified (names kept, so stacks, `inspect` and class names read as in the sources), a third fewer
// bytes, ~3 % off a cold start. Not the neutral entry: a bundler minifies that itself, and shook the
// minified form worse (a browser app's bundle grew by 3 kB gzipped).
const nodeOptions: Options["esbuildOptions"] = (options, context) => {
  shared.esbuildOptions?.(options, context)
  options.minifyWhitespace = true
  options.minifySyntax = true
}

export default defineConfig([
  // Browsers, edge workers and any runtime without the `node` condition: fetch, no `node:` import.
  { ...shared, clean: ["index.*"], platform: "neutral" },
  // The `node` condition (Node, Bun, Deno): the same facade with Node's keep-alive http as its
  // default transport, picked inside the core through the same condition.
  {
    ...shared,
    entry: { node: "src/index.ts" },
    clean: ["node.*"],
    platform: "node",
    esbuildOptions: nodeOptions
  }
])
