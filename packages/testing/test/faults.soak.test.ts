/**
 * The soak of `pnpm soak` (packages/bench/soak.mjs), shortened: 3,000 calls at concurrency 64 against
 * the emulator on 127.0.0.1, 1 % of them faulted (503, 429, resets before and after the server
 * acted, latency past the timeout). With the defaults every call ends as its fault dictates; with
 * `retryTransient` and `ingestMany` every call succeeds. Nothing hangs, no event is stored twice (the
 * emulator's store is counted), the heap stays flat and no connection outlives `close()`.
 */
import { assert, describe, it } from "vitest"
import { report, soak } from "../../bench/soak.mjs"
import { noUnhandledRejections } from "./faults.helpers.js"

noUnhandledRejections()

describe("soak, shortened", () => {
  for (const retryTransient of [false, true]) {
    it(
      retryTransient ? "retryTransient and ingestMany" : "the client's defaults",
      async () => {
        const result = await soak({ calls: 3_000, concurrency: 64, faultRate: 0.01, seed: 7, retryTransient })
        console.log(report(result))
        const { figures } = result
        // Every kind of fault was in the run, and the calls with ingests among them.
        assert.deepStrictEqual(
          Object.entries(figures.faults).filter(([, n]) => n === 0),
          []
        )
        assert.isAbove(figures.eventsStored, 2_000)
        assert.strictEqual(figures.expected, figures.calls)
        assert.strictEqual(figures.storedTwice, 0)
        assert.deepStrictEqual(result.problems, [])
      },
      120_000
    )
  }
})
