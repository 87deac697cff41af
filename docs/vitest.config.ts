import { fileURLToPath } from "node:url"
import { defineProject } from "vitest/config"

const transport = fileURLToPath(new URL("../packages/effect/src/internal/transport/node.ts", import.meta.url))
const src = (pkg: string) => fileURLToPath(new URL(`../packages/${pkg}/src/index.ts`, import.meta.url))

export default defineProject({
  resolve: {
    alias: {
      // Before the package itself: aliases match by prefix, in order.
      "@memsy/effect/facade": src("effect").replace(/index\.ts$/, "facade.ts"),
      "@memsy/effect": src("effect"),
      "@memsy/sdk": src("sdk"),
      "@memsy/testing/node": src("testing").replace(/index\.ts$/, "node.ts"),
      "@memsy/testing": src("testing"),
      // Tests run on Node: the `node` condition's default transport.
      "#memsy/default-transport": transport
    }
  },
  test: { include: ["test/**/*.test.ts", "examples/**/*.test.ts"] }
})
