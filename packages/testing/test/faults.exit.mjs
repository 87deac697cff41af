// Run by faults.leaks.test.ts: makes calls of every kind with one package's client, closes it with
// a call in flight and another asleep before a retry, prints "closed", and leaves the process to exit
// by itself. Anything the client still held (a socket, a timer) would keep it alive.
import { MemsyClient as EffectClient } from "@memsy/effect"
import { MemsyClient } from "@memsy/sdk"
import { Effect } from "effect"

const [pkg, baseUrl, apiKey] = process.argv.slice(2)
const held = (id) => ({ headers: { "x-call": id } })

if (pkg === "sdk") {
  const memsy = new MemsyClient({ baseUrl, apiKey })
  await memsy.health()
  await memsy.memories.get("not-a-uuid").catch(() => {})
  await memsy.orgs.get("org_missing").catch(() => {})
  const controller = new AbortController()
  const aborted = memsy.health({ signal: controller.signal }).catch(() => {})
  controller.abort()
  await aborted
  const inFlight = memsy.health(held("in-flight")).catch(() => {})
  const retrying = memsy.search("dark mode", held("retrying")).catch(() => {})
  await new Promise((resolve) => setTimeout(resolve, 100))
  await memsy.close()
  await Promise.all([inFlight, retrying])
} else {
  // The Effect way: the calls forked inside the program end with it, and the layer is released.
  await Effect.runPromise(
    Effect.gen(function* () {
      const memsy = yield* EffectClient.MemsyClient
      yield* memsy.health()
      yield* Effect.ignore(memsy.orgs.get("org_missing"))
      yield* Effect.fork(memsy.health(held("in-flight")))
      yield* Effect.fork(memsy.search("dark mode", held("retrying")))
      yield* Effect.sleep("100 millis")
    }).pipe(Effect.provide(EffectClient.layer({ baseUrl, apiKey })))
  )
}
console.log("closed")
