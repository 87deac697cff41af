import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts", "src/node.ts", "src/bin.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { noEmit: false } },
  tsconfig: "tsconfig.src.json",
  clean: true,
  // Keep `node:http`, not `http`: Deno resolves Node built-ins only with the prefix.
  removeNodeProtocol: false,
  sourcemap: true,
  target: "es2022",
  platform: "node",
  external: [/^effect/, /^@effect\//, /^@memsy\//, /^node:/]
})
