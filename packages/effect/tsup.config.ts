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
  target: "es2022",
  platform: "neutral",
  external: [/^effect/, /^@effect\//, /^node:/, "#memsy/default-transport"]
})
