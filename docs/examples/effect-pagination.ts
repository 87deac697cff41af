import { MemsyClient, MemsyControlClient } from "@memsy/effect"
import { Chunk, Console, Effect, Layer, Stream } from "effect"

const program = Effect.gen(function* () {
  const memsy = yield* MemsyClient.MemsyClient
  const control = yield* MemsyControlClient.MemsyControlClient
  const { eventIds } = yield* memsy.ingestMany(
    Array.from({ length: 120 }, (_, i) => ({
      actorId: "reader",
      sessionId: "films",
      kind: "user_message" as const,
      content: `I watched film ${i} ${i % 3 === 0 ? "and loved it" : "yesterday"}`
    }))
  )
  yield* memsy.waitForProcessing(eventIds.filter((id) => id !== undefined))

  // A Stream of every memory; pages are requested as the stream is pulled.
  const memories = memsy.memories.listAll({ actorId: "reader" }, { pageSize: 50 })

  // Take what you need: the stream stops asking for pages once it has ten.
  const firstTen = yield* memories.pipe(Stream.take(10), Stream.runCollect)
  yield* Console.log(`first ten: ${Chunk.size(firstTen)}`)

  // Or fold over all of them, a page in memory at a time.
  const byType = yield* Stream.runFold(memories, {} as Record<string, number>, (acc, m) => ({
    ...acc,
    [m.type]: (acc[m.type] ?? 0) + 1
  }))
  const counts = Object.entries(byType)
    .sort()
    .map(([type, n]) => `${type} ${n}`)
  yield* Console.log(`by type: ${counts.join(", ")}`)

  // The control plane's events, the same way.
  yield* Console.log(`events: ${yield* Stream.runCount(control.events.listAll({ sessionId: "films" }))}`)
})

const Memsy = Layer.mergeAll(MemsyClient.layerConfig(), MemsyControlClient.layerConfig())
await Effect.runPromise(program.pipe(Effect.provide(Memsy)))
