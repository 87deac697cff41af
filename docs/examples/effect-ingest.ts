import { MemsyClient } from "@memsy/effect"
import { Console, Effect } from "effect"

const program = Effect.gen(function* () {
  const memsy = yield* MemsyClient.MemsyClient
  const { eventIds } = yield* memsy.ingest([
    {
      actorId: "user_7",
      sessionId: "support_42",
      kind: "user_message",
      content: "Please never call me before 9 am",
      eventId: "ev_support_42_1"
    }
  ])
  const status = yield* memsy.status(eventIds)
  yield* Console.log(`${status.statuses?.[eventIds[0]!] ?? "?"}: ${status.pendingIds.length} pending`)
  // A bad event is refused before anything is sent, naming the field and the rule: here, blank content.
  yield* memsy
    .ingest([{ actorId: "user_7", sessionId: "support_42", kind: "user_message", content: "  " }])
    .pipe(
      Effect.catchTag("MemsyValidationError", (e) => Console.log(`refused by ${e.operation}: ${e.detail}`))
    )
})

await Effect.runPromise(program.pipe(Effect.provide(MemsyClient.layerConfig())))
