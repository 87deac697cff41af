// `@memsy/sdk` is one bundle with the Effect runtime inlined, so an app installs nothing else;
// `@memsy/sdk/standalone`, the name of that bundle before it became the default, is an alias of it.
// The built files must import nothing and put the same request on the wire as the sources.
import { build } from "esbuild"
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath, pathToFileURL } from "node:url"
import { gzipSync } from "node:zlib"
import { describe, expect, it } from "vitest"
import * as Source from "../src/index.js"
import { apiKey, baseUrl, comparable, recorder } from "./fixtures.js"

const file = (name: string) => fileURLToPath(new URL(`../${name}`, import.meta.url))
const json = (name: string) => JSON.parse(readFileSync(file(name), "utf8")) as Record<string, unknown>
type Facade = typeof Source

describe("the bundle", () => {
  it("`@memsy/sdk/standalone` resolves to the same files as `@memsy/sdk`", () => {
    const manifest = json("package.json") as { exports: Record<string, unknown> }
    expect(manifest.exports["./standalone"]).toEqual(manifest.exports["."])
    expect(json("standalone/package.json")).toEqual({
      main: "../dist/index.cjs",
      module: "../dist/index.js",
      types: "../dist/index.d.cts"
    })
  })

  it("installs nothing: no dependency, no peer, and the built files import no package", async () => {
    const manifest = json("package.json")
    expect(manifest.dependencies).toBeUndefined()
    expect(manifest.peerDependencies).toBeUndefined()
    for (const name of ["dist/index.js", "dist/index.cjs"]) {
      expect(existsSync(file(name)), "run pnpm build first").toBe(true)
      // The imports as esbuild parses them (static, `require` and dynamic), every package left
      // external: the doc comments the bundle keeps show imports in their examples.
      const { metafile } = await build({
        entryPoints: [file(name)],
        bundle: true,
        write: false,
        metafile: true,
        packages: "external",
        platform: "neutral",
        logLevel: "silent"
      })
      const imports = Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path))
      expect(imports, name).toEqual([])
    }
  })

  it("exports what the sources export and behaves the same on the wire", async () => {
    const built = (await import(pathToFileURL(file("dist/index.js")).href)) as Facade
    expect(Object.keys(built).sort()).toEqual(Object.keys(Source).sort())

    const calls = await Promise.all(
      [Source, built].map(async (facade) => {
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

  // A ceiling against regressions, not the target: `pnpm bench` holds the bundle to 80 kB, which the
  // input rules and their messages (the field and the rule, never the value, 2.6 kB) took it past,
  // then the classes built on first use and the encoder's shortcuts for events (0.8 kB).
  it("for a browser app, minified and gzipped, is within 84 kB, with no platform HTTP client in it", async () => {
    // What the bench reports: both clients, as a bundler ships them to a browser.
    const { outputFiles } = await build({
      stdin: {
        contents: 'export { MemsyClient, MemsyControlClient } from "./dist/index.js"',
        resolveDir: file("."),
        loader: "js"
      },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      minify: true,
      logLevel: "silent"
    })
    const text = outputFiles[0]!.text
    expect(gzipSync(text).length).toBeLessThanOrEqual(84_000)
    // The facade sends through its own fetch transport: the platform's request builder, bodies and
    // headers would only come in through a namespace that keeps every member.
    expect(text).not.toMatch(/@effect\/platform\/(HttpClientRequest|HttpBody|Headers)/)
  })
})
