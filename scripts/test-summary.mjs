// Prints vitest's totals as one plain line ("N passed, N failed, N skipped") for CI logs.
import { readFileSync } from "node:fs"

const report = JSON.parse(readFileSync(new URL("../.tmp/vitest.json", import.meta.url), "utf8"))
console.log(
  `vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`
)
