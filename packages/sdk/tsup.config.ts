import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: { compilerOptions: { noEmit: false } },
  tsconfig: "tsconfig.src.json",
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  external: [/^@memsy\//]
})
