import { MemsyClient } from "@memsy/effect"
import { Console, Effect } from "effect"

const history = Array.from({ length: 450 }, (_, i) => ({
  actorId: "user_9",
  sessionId: `day_${Math.floor(i / 50)}`,
  kind: "user_message" as const,
  content: `Note ${i} from the old notebook`,
  // Your own ids (stable across runs) make a second run of the import store nothing twice.
  eventId: `notebook_${i}`
}))

const program = Effect.gen(function* () {
  const memsy = yield* MemsyClient.MemsyClient
  const first = yield* memsy.ingestMany(history, { batchSize: 100, concurrency: 4 })
  const again = yield* memsy.ingestMany(history, { batchSize: 100, concurrency: 4 })
  const same = again.eventIds.every((id, i) => id === first.eventIds[i])
  yield* Console.log(
    `imported ${first.eventIds.length}, failures ${first.failures.length}; again: same ids ${same}`
  )
  // Failures are typed: each with its index in the input and the error's tag.
  for (const { index, error } of first.failures) yield* Console.log(`${index}: ${error._tag}`)
})

await Effect.runPromise(program.pipe(Effect.provide(MemsyClient.layerConfig())))
