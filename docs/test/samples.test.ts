// The docs' code samples are files: type-checked with the project, run here against the emulator on
// 127.0.0.1, and compared with the fenced blocks of the guides, so the prose cannot drift from code
// that works.
import { readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Emulator } from "@memsy/testing"
import { EmulatorServer } from "@memsy/testing/node"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"

const docs = fileURLToPath(new URL("..", import.meta.url))
const root = join(docs, "..")
const pages = [
  join(root, "README.md"),
  ...readdirSync(join(docs, "guides")).map((f) => join(docs, "guides", f))
]

/** Each `<!-- sample: examples/x.ts -->` marker and the fenced block after it. */
const samplesIn = (page: string) =>
  [...readFileSync(page, "utf8").matchAll(/<!-- sample: (\S+) -->\s*```ts\n([\s\S]*?)```/g)].map((m) => ({
    file: m[1]!,
    code: m[2]!
  }))

describe("the guides show the sample files exactly", () => {
  for (const page of pages) {
    it(relative(root, page), () => {
      const text = readFileSync(page, "utf8")
      const samples = samplesIn(page)
      // Every TypeScript block is a checked sample.
      expect(samples.length).toBe([...text.matchAll(/```ts\n/g)].length)
      for (const { file, code } of samples) {
        expect(code, file).toBe(readFileSync(join(docs, file), "utf8"))
      }
    })
  }
})

const expectations: Record<string, RegExp> = {
  "effect-quickstart.ts": /ingested 1 event\(s\)[\s\S]*I prefer dark mode in all apps/,
  "promise-quickstart.ts": /ingested 1 event\(s\)[\s\S]*I prefer dark mode in all apps/,
  "effect-errors.ts": /not sent: query: must not be blank/,
  "promise-emulator.ts": /\d\.\d\d I like green tea[\s\S]*stored: 1 event\(s\), 1 memory/,
  "promise-beyond.ts":
    /progress: [\s\S]*processed: 2 completed[\s\S]*memory: [\s\S]*status 200: \d+ result\(s\), \d+ calls left/,
  // Every span in its trace, ended in order, and nothing of the notes or the query on any.
  "effect-tracing.ts":
    /^(?![\s\S]*(basil|lemon|compost|gardening))(Memsy\.ingest child .*"memsy\.attempts":1.*\n){2}Memsy\.ingestMany child .*"memsy\.batches":2.*"memsy\.failed":0.*\nMemsy\.search child .*"url\.path":"\/search".*"http\.response\.status_code":200.*\nimport-notes root/,
  // One line per request, and nothing of the content or the query in them.
  "promise-logging.ts":
    /^(?![\s\S]*(cycle|commute))timestamp=.* level=DEBUG .*message=Memsy\.ingest .*path=\/ingest .*status=200.*\n.*message=Memsy\.search .*path=\/search .*status=200/,
  "promise-abort.ts":
    /aborted: AbortError[\s\S]*MemsyValidationError: Invalid input to memories\.get: memoryId: must be a UUID/
}

describe("the samples run against the emulator", () => {
  let server: EmulatorServer.Server
  beforeAll(async () => {
    const emulator = Emulator.make({ processingDelay: 0 })
    server = await EmulatorServer.serve({ emulator })
    // The quick starts search right after ingesting: processing is instant here.
    vi.stubEnv("MEMSY_BASE_URL", server.dataUrl)
    vi.stubEnv("MEMSY_API_KEY", emulator.apiKey)
  })
  afterAll(async () => {
    vi.unstubAllEnvs()
    await server.close()
  })

  it("every sample file has an expectation", () => {
    const files = readdirSync(join(docs, "examples")).filter((f) => !f.endsWith(".test.ts"))
    expect(files.sort()).toEqual(Object.keys(expectations).sort())
  })

  for (const [file, expected] of Object.entries(expectations)) {
    it(file, async () => {
      const lines: Array<string> = []
      const log = vi.spyOn(console, "log").mockImplementation((...args) => void lines.push(args.join(" ")))
      try {
        await import(pathToFileURL(join(docs, "examples", file)).href)
      } finally {
        log.mockRestore()
      }
      expect(lines.join("\n")).toMatch(expected)
    })
  }
})
