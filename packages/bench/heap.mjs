// The heap a contender keeps, run in a fresh process (with `--expose-gc`) by index.mjs: 2,000 searches
// with 64 in flight, then full collections, then `heapUsed` with the client still open, as an
// application holds it. One contender per process, so nothing else's allocations are counted.
import { contenders, counted } from "./contenders.mjs"
import { heldHeap } from "./held.mjs"

const [name, baseUrl, calls, concurrency] = process.argv.slice(2)
const client = await contenders[name](baseUrl)
let done = 0
const worker = async () => {
  while (done < Number(calls)) {
    done++
    const n = counted(await client.search("what does the user prefer?", 10))
    if (n !== 10) throw new Error(`${name}: expected 10 results, got ${n}`)
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker))
console.log(await heldHeap())
await client.close()
