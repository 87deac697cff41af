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
const examples = join(docs, "examples")
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

/** Every file under `examples/`, as `examples/…` paths. */
const exampleFiles = (dir = examples): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? exampleFiles(join(dir, entry.name))
      : [relative(docs, join(dir, entry.name)).split("\\").join("/")]
  )

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

  it("every example is shown in a guide or listed in the index", () => {
    const shown = new Set(pages.flatMap((page) => samplesIn(page).map((s) => s.file)))
    const index = readFileSync(join(docs, "README.md"), "utf8")
    const listed = new Set([...index.matchAll(/\]\((examples\/[^)\s]+)\)/g)].map((m) => m[1]!))
    expect(exampleFiles().filter((file) => !shown.has(file) && !listed.has(file))).toEqual([])
  })
})

/** What a runnable sample must print, and the emulator it runs against when the default will not do. */
interface Run {
  readonly output: RegExp
  readonly emulator?: Emulator.Options
}

// Validation messages may change wording: the expectations name the class and the field only.
const runs: Record<string, Run> = {
  // Getting started
  "effect-quickstart.ts": { output: /ingested 1 event\(s\)[\s\S]*I prefer dark mode in all apps/ },
  "promise-quickstart.ts": { output: /ingested 1 event\(s\)[\s\S]*I prefer dark mode in all apps/ },
  "effect-layers.ts": {
    output:
      /default: org_emulator: ok\nfetch: org_emulator: ok\nplatform: org_emulator: ok via \/api\/me,\/v1\/health/
  },
  "promise-abort.ts": { output: /aborted: AbortError[\s\S]*MemsyValidationError: [^\n]*memoryId/ },
  "promise-beyond.ts": {
    output:
      /progress: [\s\S]*processed: 2 completed[\s\S]*memory: [\s\S]*status 200: \d+ result\(s\), \d+ calls left/
  },
  // Ingesting, waiting, importing
  "promise-ingest.ts": {
    output:
      /accepted 3 events[^\n]*\nsent again: the same id\npending 3, completed 0, failed 0, unknown 1 of 4$/,
    emulator: { processingDelay: 60_000 }
  },
  "effect-ingest.ts": {
    output: /^pending: 1 pending\nrefused by ingest: [^\n]*content/,
    emulator: { processingDelay: 60_000 }
  },
  "promise-wait.ts": {
    output:
      /progress: 2\/2 done, 0 pending\nsettled: 2 completed, 0 failed\nstatus of 1200 events in one call/
  },
  "effect-wait.ts": { output: /watch: 1\/1 completed\nsettled: 1 completed/ },
  "promise-bulk.ts": {
    output:
      /progress: 201\/1000[\s\S]*progress: 1000\/1000\nstored 999 of 1000\nevent 500 not stored: MemsyValidationError$/
  },
  "effect-bulk.ts": { output: /^imported 450, failures 0; again: same ids true$/ },
  // Tracing and logging
  // Every span in its trace, ended in order, and nothing of the notes or the query on any.
  "effect-tracing.ts": {
    output:
      /^(?![\s\S]*(basil|lemon|compost|gardening))(Memsy\.ingest child .*"memsy\.attempts":1.*\n){2}Memsy\.ingestMany child .*"memsy\.batches":2.*"memsy\.failed":0.*\nMemsy\.search child .*"url\.path":"\/search".*"http\.response\.status_code":200.*\nimport-notes root/
  },
  // One line per request, and nothing of the content or the query in them.
  "promise-logging.ts": {
    output:
      /^(?![\s\S]*(cycle|commute))timestamp=.* level=DEBUG .*message=Memsy\.ingest .*path=\/ingest .*status=200.*\n.*message=Memsy\.search .*path=\/search .*status=200/
  },
  // Searching and reading
  "promise-search.ts": {
    output: new RegExp(
      [
        /ana: 0\.\d\d I prefer aisle seats on every flight \| 0\.\d\d I like flight upgrades when they are cheap \| 0\.\d\d Production deploys need two approvals/,
        /ana, 0\.5 and up: 0\.\d\d I prefer aisle seats on every flight/,
        // Equal scores, in either order.
        /the org: (?=[^\n]*aisle seats)(?=[^\n]*window seats)(?=[^\n]*upgrades)(?=[^\n]*deploys)[^\n]*/,
        /ben: 0\.\d\d I prefer window seats on long flights/,
        /ben, engineer: 0\.\d\d Production deploys need two approvals \| 0\.\d\d I prefer window seats on long flights/,
        /source: user_message "Production deploys need two approvals"/,
        /source metadata: \[\{"eventId":"\w+","metadata":\{"source":"standup"\}\}\]/,
        /type \w+, kind semantic, strength 1\.\d+ \(0 to 5\), tags \[[^\n]*\]/
      ]
        .map((line) => line.source)
        .join("\n")
    )
  },
  "effect-search.ts": {
    output:
      /dee alone: 0 result\(s\)\ndee on platform: The platform team deploys on Tuesdays \(from 1 event\)/
  },
  "promise-memories.ts": {
    output:
      /page: 2 of 3\n( {2}\w+\/\w+ \[actor\] [^\n]+\n){2}episodic: 1, preferences about tea: 1\nmemory: strength 1, recalled 0 times, from 1 event\nstats: 3 memories, 3 active/
  },
  "effect-memories.ts": {
    output: /unknown memory: 404\n\{"strongest":\["I always cycle to work"\],"inactive":0\}/
  },
  "promise-pagination.ts": {
    output:
      /memories: 250 in 3 pages\nnewest: I finished reading book \d+\npages after the early stop: 4\nevents: 250 in 2 pages/
  },
  "effect-pagination.ts": { output: /first ten: 10\nby type: event 80, preference 40\nevents: 120/ },
  // The hierarchy and the control plane
  "promise-hierarchy.ts": {
    output:
      /org org_emulator: prompt of \d+ characters\nteam Corporate: prompt rewritten at \S+\nroles: Agents\nteams: Corporate\nteams after delete: 0\norgs: org_emulator \(Acme\)/
  },
  "effect-hierarchy.ts": { output: /^roles: Support, Sales$/ },
  "promise-control.ts": {
    output:
      /me: pro plan, org org_emulator[\s\S]*events: 1, first "I like jazz"\nusage: 1 of \d+ api calls[\s\S]*keys: 2 active of 10; new one msy_\w+… \[read\]\nkey usage records: 0\ninterest expressed: true/
  },
  "effect-control.ts": { output: /^org_emulator \(pro\): api_calls \d+\/\d+, events_ingested \d+\/\d+/ },
  // Options, metadata, configuration
  "promise-options.ts": {
    output: /health ok; 0 result\(s\)\nbackground: 0 memories\nwith a deadline: answered/
  },
  "promise-meta.ts": {
    output:
      /status 200, 0 result\(s\), plan pro\nsearches: 1 of \d+ this period\nrate limit: \d+ of \d+ left until \d+\nmemories stored: 0 of \d+\norgs: 0, calls left \d+/
  },
  "effect-meta.ts": { output: /^\{"results":0,"left":\d+,"plan":"pro"\}$/ },
  "promise-config.ts": { output: /data plane: ok\ncontrol plane: org org_emulator, admin org:admin/ },
  "effect-config.ts": { output: /configured: ok, org org_emulator\nnot configured: [^\n]*MEMSY_API_KEY/ },
  // Errors and retries
  "effect-errors.ts": { output: /not sent: [^\n]*query/ },
  "promise-errors.ts": {
    output: /"travel plans": 0 result\(s\)\n" ": fix the call \(nothing was sent\): search/
  },
  "promise-every-error.ts": {
    output: new RegExp(
      [
        ["unknown key", "AuthenticationError", '"statusCode":401'],
        ["gateway refusal", "AuthenticationError", '"statusCode":403'],
        ["read-only key", "AuthorizationError", '"requiredScope":"write"'],
        ["not an admin", "AuthorizationError", '"errorCode":"admin_required"'],
        ["no seat", "SeatRequiredError", ""],
        ["feature", "FeatureNotAvailable", '"feature":"rerank"'],
        ["org id", "OrgIdNotAllowedError", ""],
        ["org cap", "OrgLimitReachedError", '"limit":1,"current":1'],
        ["key cap", "KeyLimitReachedError", '"limit":2,"current":2'],
        ["free plan", "BillingNotEnabledError", '"interestPath":"/interest/pro"'],
        ["seats", "SeatLimitReachedError", '"purchasedSeats":5'],
        ["rate limit", "RateLimitExceeded", '"retryAfter":120'],
        ["quota", "UsageLimitExceeded", '"dimension":"search_queries"'],
        ["not found", "MemsyAPIError", '"statusCode":404'],
        ["server error", "MemsyAPIError", '"statusCode":503'],
        ["bad input", "MemsyValidationError", '"operation":"search"'],
        ["bad answer", "MemsyDecodeError", '"statusCode":200'],
        ["dropped", "MemsyConnectionError", '"reason":"Transport"'],
        ["closed", "MemsyClientClosedError", ""]
      ]
        .map(([label, name, field]) => `${label}: ${name} \\{[^\\n]*${field!.replace(/[{}]/g, "\\$&")}`)
        .join("[^\\n]*\\n")
    )
  },
  "promise-rate-limit.ts": {
    output:
      /2 × 429: answered after 3 attempt\(s\)\n5 × 429: RateLimitExceeded, retryAfter 0 after 4 attempt\(s\)\n1 × 429: RateLimitExceeded, retryAfter 3600 after 1 attempt\(s\)/
  },
  "promise-retry-transient.ts": {
    output: new RegExp(
      [
        "ingest without ids: 503",
        "orgs.create: 503",
        "POST /v1/search 503",
        "POST /v1/search 200",
        "GET /v1/console/memories/stats 503",
        "GET /v1/console/memories/stats 200",
        "POST /v1/ingest 503",
        "POST /v1/ingest 200",
        "POST /v1/ingest 503",
        "POST /v1/orgs 503$"
      ].join("\n")
    )
  },
  // Testing, migration, examples
  "promise-emulator.ts": { output: /\d\.\d\d I like green tea[\s\S]*stored: 1 event\(s\), 1 memory/ },
  "promise-from-python.ts": {
    output:
      /I prefer dark mode in all apps[\s\S]*\w+ user_message I prefer dark mode in all apps\nplan pro: \d+ calls/
  },
  "promise-from-node.ts": { output: /^roles: engineer\n0\.\d+ I love teal\. 1 0$/ },
  "agent-loop.ts": {
    output:
      /\[monday\] assistant: Noted[^\n]*\n\[friday\] sam: Can you find[^\n]*\n\[friday\] assistant: Keeping in mind that you said "Hi, I am Sam\. I am vegetarian[^\n]*\n\[friday\] sam: Should I take[^\n]*\n\[friday\] assistant: Keeping in mind that you said "Hi, I am Sam\. I am vegetarian/
  },
  "bulk-import.ts": {
    output:
      /first run: 100%\nfirst run: 599 stored, 1 not stored\nfirst run: {3}line 138: MemsyValidationError\n[\s\S]*second run: 599 stored, 1 not stored\n[\s\S]*\nevents stored: 599$/
  }
}

describe("the samples run against the emulator", () => {
  it("every runnable sample has an expectation", () => {
    const runnable = readdirSync(examples, { withFileTypes: true })
      .filter((entry) => entry.isFile() && !entry.name.endsWith(".test.ts"))
      .map((entry) => entry.name)
    expect(runnable.sort()).toEqual(Object.keys(runs).sort())
  })

  for (const [file, run] of Object.entries(runs)) {
    // Each sample gets a fresh emulator: what one stores cannot change what another prints.
    describe(file, () => {
      let server: EmulatorServer.Server
      beforeAll(async () => {
        const emulator = Emulator.make({ processingDelay: 0, ...run.emulator })
        server = await EmulatorServer.serve({ emulator })
        vi.stubEnv("MEMSY_BASE_URL", server.dataUrl)
        vi.stubEnv("MEMSY_API_KEY", emulator.apiKey)
      })
      afterAll(async () => {
        vi.unstubAllEnvs()
        await server.close()
      })

      it("prints what the guide says", async () => {
        const lines: Array<string> = []
        const log = vi.spyOn(console, "log").mockImplementation((...args) => void lines.push(args.join(" ")))
        try {
          await import(pathToFileURL(join(examples, file)).href)
        } finally {
          log.mockRestore()
        }
        expect(lines.join("\n")).toMatch(run.output)
      })
    })
  }
})
