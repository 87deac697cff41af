import { MemsyClient } from "@memsy/effect"
import { Console, Effect, Schedule, Stream } from "effect"

const program = Effect.gen(function* () {
  const memsy = yield* MemsyClient.MemsyClient
  const { eventIds } = yield* memsy.ingest([
    { actorId: "user_3", sessionId: "trip", kind: "user_message", content: "I always travel with a bike" }
  ])

  // Every poll as an element, the settled answer last: for a progress bar, or a log of each step.
  yield* memsy
    .watchProcessing(eventIds, { pollInterval: "250 millis", timeout: "1 minute" })
    .pipe(Stream.runForEach((s) => Console.log(`watch: ${s.completedIds.length}/${s.total} completed`)))

  // Or one Effect; the schedule decides when to poll again: from 100 ms, doubling, at most 2 s apart.
  const status = yield* memsy
    .waitForProcessing(eventIds, {
      schedule: Schedule.exponential("100 millis").pipe(Schedule.union(Schedule.spaced("2 seconds"))),
      timeout: "2 minutes"
    })
    .pipe(
      // The timeout is a typed failure that carries the last answer: here, carry on with it.
      Effect.catchTag("ProcessingTimeout", (e) => (e.status ? Effect.succeed(e.status) : Effect.fail(e)))
    )
  yield* Console.log(`settled: ${status.completedIds.length} completed`)
})

await Effect.runPromise(program.pipe(Effect.provide(MemsyClient.layerConfig())))
