import { MemsyClient } from "@memsy/effect"
import { Console, Effect } from "effect"

// Slow down before the limit does: look at what is left after each call.
const searchPolitely = (query: string) =>
  Effect.gen(function* () {
    const memsy = yield* MemsyClient.MemsyClient
    const { data, meta } = yield* memsy.withResponse.search(query)
    const left = meta.rateLimit?.remaining
    if (left !== undefined && left < 10) yield* Effect.sleep("1 second")
    return { results: data.results.length, left, plan: meta.headers["x-plan"] }
  })

await Effect.runPromise(
  Effect.flatMap(searchPolitely("anything"), (r) => Console.log(JSON.stringify(r))).pipe(
    Effect.provide(MemsyClient.layerConfig())
  )
)
