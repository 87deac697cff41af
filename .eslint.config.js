// Flat config, named as a dotfile to keep the top level to the workspace files; run with `-c`.
import tseslint from "typescript-eslint"

export default tseslint.config(
  { ignores: ["**/dist/**", "**/build/**", "**/node_modules/**", "**/*.d.ts"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // `interface Service extends Client<…> {}` names a derived type so declarations stay readable.
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }]
    }
  },
  {
    // The SDKs and the root of @memsy/testing run wherever fetch does: browsers, Deno, Bun, edge workers.
    files: ["packages/effect/src/**/*.ts", "packages/sdk/src/**/*.ts", "packages/testing/src/**/*.ts"],
    ignores: [
      // Node's own transport, reached only through the `node` condition of @memsy/effect.
      "packages/effect/src/internal/transport/node.ts",
      "packages/effect/src/internal/transport/http1.ts",
      // @memsy/testing/node and the bin, which serve the emulator with node:http.
      "packages/testing/src/node.ts",
      "packages/testing/src/EmulatorServer.ts",
      "packages/testing/src/MemsyTestServer.ts",
      "packages/testing/src/bin.ts"
    ],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["node:*"], message: "The SDK must not depend on Node." }] }
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "The SDK must not depend on Node." },
        { name: "Buffer", message: "The SDK must not depend on Node." },
        { name: "require", message: "The SDK must not depend on Node." }
      ]
    }
  }
)
