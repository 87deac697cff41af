/**
 * Public shapes live in public modules: the published declarations of the modules users import name
 * nothing under `internal/`, so reading a type (or jumping to its definition) never leads into the
 * implementation. Read from the build (`pnpm build`), whose declarations tsc writes module by module.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const types = fileURLToPath(new URL("../dist/types/", import.meta.url))

describe("the published declarations", () => {
  it("of every public module import nothing from internal/", () => {
    if (!existsSync(types)) throw new Error("packages/effect/dist/types is missing: run `pnpm build` first")
    const modules = readdirSync(types).filter((file) => /\.d\.c?ts$/.test(file))
    expect(modules).toContain("Client.d.ts")
    expect(modules).toContain("MemsyClient.d.cts")
    const reaching = modules.filter((file) => /["']\.\/internal\//.test(readFileSync(types + file, "utf8")))
    expect(reaching).toEqual([])
  })
})
