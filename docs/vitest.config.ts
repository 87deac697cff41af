import { fileURLToPath } from "node:url"
import { defineProject } from "vitest/config"

const src = (pkg: string) => fileURLToPath(new URL(`../packages/${pkg}/src/index.ts`, import.meta.url))

export default defineProject({
  resolve: {
    alias: { "@memsy/effect": src("effect"), "@memsy/sdk": src("sdk"), "@memsy/testing": src("testing") }
  },
  test: { include: ["test/**/*.test.ts", "examples/**/*.test.ts"] }
})
