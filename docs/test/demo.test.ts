// `pnpm demo` as a newcomer runs it: a fresh process, the embedded emulator, no environment.
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { expect, it } from "vitest"

it("the demo prints scored search results and memory stats", { timeout: 60_000 }, async () => {
  const env = { ...process.env }
  delete env.MEMSY_BASE_URL
  delete env.MEMSY_API_KEY
  const { stdout } = await promisify(execFile)(
    "node",
    [fileURLToPath(new URL("../demo.mjs", import.meta.url))],
    {
      env
    }
  )
  expect(stdout).toContain("Memsy emulator (embedded")
  expect(stdout).toMatch(/processed: 6 completed, 0 failed/)
  expect(stdout).toMatch(
    /search: what does the user prefer\?\n {2}0\.\d{3} {2}\[preference\] I prefer dark mode/
  )
  expect(stdout).toMatch(/memories: 6 total, 6 active, avg confidence 0\.\d\d, avg strength \d\.\d\d/)
})
