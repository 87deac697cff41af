// `@memsy/sdk/standalone` is the same facade built with the Effect runtime inlined: the built files
// must expose the same API and put the same request on the wire as the shared build.
import { existsSync } from "node:fs"
import { fileURLToPath, pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"
import type * as Sdk from "../src/index.js"
import { apiKey, baseUrl, comparable, recorder } from "./fixtures.js"

const built = (name: string) => fileURLToPath(new URL(`../dist/${name}.js`, import.meta.url))
type Facade = typeof Sdk

describe("the standalone build", () => {
  it("exports what the shared build exports and behaves the same on the wire", async () => {
    for (const name of ["index", "standalone"])
      expect(existsSync(built(name)), `run pnpm build first`).toBe(true)
    const shared = (await import(pathToFileURL(built("index")).href)) as Facade
    const standalone = (await import(pathToFileURL(built("standalone")).href)) as Facade
    expect(Object.keys(standalone).sort()).toEqual(Object.keys(shared).sort())

    const calls = await Promise.all(
      [shared, standalone].map(async (facade) => {
        const { fetch, seen } = recorder({
          body: { results: [{ id: "m1", content: "Dark mode", score: 0.5 }] }
        })
        const client = new facade.MemsyClient({ baseUrl, apiKey, fetch })
        const { results } = await client.search("dark mode", { actorId: "u1" })
        const invalid = await client.search(" ").catch((error: unknown) => error)
        await client.close()
        return {
          wire: seen.map(comparable),
          content: results[0]?.content,
          invalid: invalid instanceof facade.MemsyValidationError && invalid instanceof facade.MemsyError
        }
      })
    )
    expect(calls[1]).toEqual(calls[0])
    expect(calls[1]?.content).toBe("Dark mode")
    expect(calls[1]?.invalid).toBe(true)
  })
})
