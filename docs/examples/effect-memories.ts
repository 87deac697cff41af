import { MemsyClient } from "@memsy/effect"
import { Console, Effect } from "effect"

// A review screen: the strongest memories of a user, and those the service archived or let decay.
const review = (actorId: string) =>
  Effect.gen(function* () {
    const memsy = yield* MemsyClient.MemsyClient
    const [strongest, archived, decayed] = yield* Effect.all(
      [
        memsy.memories.list({ actorId, sort: "strength_desc", limit: 3 }),
        memsy.memories.list({ actorId, status: "archived" }),
        memsy.memories.list({ actorId, status: "decayed" })
      ],
      { concurrency: 3 }
    )
    return { strongest: strongest.items.map((m) => m.text), inactive: archived.total + decayed.total }
  })

const program = Effect.gen(function* () {
  const memsy = yield* MemsyClient.MemsyClient
  const { eventIds } = yield* memsy.ingest([
    { actorId: "user_6", sessionId: "s1", kind: "user_message", content: "I always cycle to work" }
  ])
  yield* memsy.waitForProcessing(eventIds)
  // A malformed id is refused before sending; an unknown one is the service's 404.
  const missing = yield* Effect.flip(memsy.memories.get("00000000-0000-4000-8000-000000000000"))
  yield* Console.log(
    `unknown memory: ${missing._tag === "MemsyAPIError" ? missing.statusCode : missing._tag}`
  )
  yield* Console.log(JSON.stringify(yield* review("user_6")))
})

await Effect.runPromise(program.pipe(Effect.provide(MemsyClient.layerConfig())))
