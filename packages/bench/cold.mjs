// One cold start, run in a fresh process by index.mjs: import a contender, make one search
// against the parent's server, and print the time since process start (Node's `performance.now()`
// counts from there, so node's own startup is included, equally for every contender).
import { contenders } from "./contenders.mjs"

const [name, baseUrl] = process.argv.slice(2)
const client = await contenders[name](baseUrl)
const { results } = await client.search("cold start", 10)
const elapsed = performance.now()
await client.close()
if (results.length !== 10) throw new Error(`${name}: expected 10 results, got ${results.length}`)
console.log(elapsed)
