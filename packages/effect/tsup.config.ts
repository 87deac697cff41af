import { defineConfig } from "tsup"

export default defineConfig({
  entry: {
    index: "src/index.ts",
    // The default transport, resolved through `#memsy/default-transport` (package.json `imports`):
    // Node's http where the `node` condition applies, nothing (so fetch) elsewhere.
    "transport/node": "src/internal/transport/node.ts",
    "transport/none": "src/internal/transport/none.ts"
  },
  format: ["esm", "cjs"],
  dts: false,
  tsconfig: "tsconfig.src.json",
  clean: true,
  // One file per entry: the transport modules carry their few helpers instead of sharing a chunk.
  splitting: false,
  // Keep `node:http`, not `http`: Deno resolves Node built-ins only with the prefix.
  removeNodeProtocol: false,
  sourcemap: true,
  // Node parses all of the module at import: whitespace, comments and syntax minified (names kept, so
  // stacks, `inspect` and class names read as in the sources, and the maps lead there), a third fewer
  // bytes, 4-13 % off importing the SDK into an app that has Effect loaded. A browser app's bundle of
  // it shakes the same: 104.43 kB gzipped for `MemsyClient`, 104.46 from the unminified form.
  minifyWhitespace: true,
  minifySyntax: true,
  target: "es2022",
  platform: "neutral",
  external: [/^effect/, /^@effect\//, /^node:/, "#memsy/default-transport"]
})
