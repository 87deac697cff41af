import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts", "src/bin.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { noEmit: false } },
  tsconfig: "tsconfig.src.json",
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "node",
  external: [/^effect/, /^@effect\//, /^@memsy\//]
})
