import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts", "src/node.ts", "src/bin.ts"],
  format: ["esm", "cjs"],
  // Declarations are tsc's, module by module (the build's second step, as in @memsy/effect): the
  // bundler turns a type that a namespace module re-exports from a shared chunk into a value.
  dts: false,
  tsconfig: "tsconfig.src.json",
  clean: true,
  // Keep `node:http`, not `http`: Deno resolves Node built-ins only with the prefix.
  removeNodeProtocol: false,
  sourcemap: true,
  target: "es2022",
  platform: "node",
  external: [/^effect/, /^@effect\//, /^@memsy\//, /^node:/]
})
