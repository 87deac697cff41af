// One cold start, run in a fresh process by index.mjs: import a contender, construct it, make one
// `health()` call against the parent's server, and print the time since process start (Node's
// `performance.now()` counts from there, so node's own startup is included, equally for every contender).
import { contenders } from "./contenders.mjs"

const [name, baseUrl] = process.argv.slice(2)
const client = await contenders[name](baseUrl)
const { status } = await client.health()
const elapsed = performance.now()
await client.close()
if (status !== "ok") throw new Error(`${name}: expected health status "ok", got ${status}`)
console.log(elapsed)
