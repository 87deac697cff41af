// The package's two entries as published: the root runs wherever fetch does, so a browser bundle of it
// resolves and holds no `node:` import; `@memsy/testing/node` serves the emulator over HTTP on Node,
// from ESM and from CommonJS.
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { build } from "esbuild"
import { describe, expect, it } from "vitest"

const here = fileURLToPath(new URL(".", import.meta.url))

/** `entry` bundled as a browser app would bundle it, from the built package. */
const bundleForBrowser = (entry: string) =>
  build({
    stdin: { contents: `export * from "${entry}"`, resolveDir: here, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
    conditions: ["import"],
    mainFields: ["module", "main"]
  })

const nodeImport = /\b(?:from|import|require)\s*\(?\s*["']node:/

describe("@memsy/testing for the browser", () => {
  it(
    "bundles with no node: import, and still holds the emulator and the layers",
    { timeout: 30_000 },
    async () => {
      const { outputFiles, errors } = await bundleForBrowser("@memsy/testing")
      expect(errors).toEqual([])
      const text = outputFiles[0]!.text
      expect(text).not.toMatch(nodeImport)
      for (const name of ["Emulator", "MemsyTest", "MockTransport"]) expect(text).toContain(`${name}_exports`)
    }
  )

  it("the node entry is what would not bundle", { timeout: 30_000 }, async () => {
    await expect(bundleForBrowser("@memsy/testing/node")).rejects.toThrow(/Could not resolve "node:http"/)
  })
})

describe("@memsy/testing/node", () => {
  const root = fileURLToPath(new URL("../../..", import.meta.url))
  const node = (args: ReadonlyArray<string>) =>
    promisify(execFile)(process.execPath, args, { cwd: root, timeout: 20_000 }).then(({ stdout }) => stdout)
  // Serves a fresh emulator, ingests and searches over HTTP, prints what came back.
  const script = `
    const emulator = Emulator.make({ processingDelay: 0 })
    const server = await EmulatorServer.serve({ emulator })
    const headers = { authorization: "Bearer " + emulator.apiKey, "content-type": "application/json" }
    const post = (path, body) => fetch(server.dataUrl + path, { method: "POST", headers, body: JSON.stringify(body) })
    await post("/ingest", { events: [{ actor_id: "u1", session_id: "s1", kind: "user_message", content: "I prefer tea" }] })
    const { results } = await (await post("/search", { query: "tea", actor_id: "u1" })).json()
    await server.close()
    console.log(JSON.stringify({ url: server.url, top: results[0].content }))`

  for (const [format, args] of [
    [
      "ESM",
      [
        "--input-type=module",
        "-e",
        `import { Emulator } from "@memsy/testing"; import { EmulatorServer } from "@memsy/testing/node"; ${script}`
      ]
    ],
    [
      "CommonJS",
      [
        "-e",
        `const { Emulator } = require("@memsy/testing"); const { EmulatorServer } = require("@memsy/testing/node"); (async () => { ${script} })()`
      ]
    ]
  ] as const) {
    it(`serves the emulator over HTTP (${format})`, { timeout: 30_000 }, async () => {
      const printed = JSON.parse(await node(args)) as { url: string; top: string }
      expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(printed.top).toBe("I prefer tea")
    })
  }
})
