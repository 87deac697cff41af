import { MemsyClient } from "@memsy/effect"
import { Console, Effect } from "effect"

/** What an agent knows about a user before it answers: their own memories and their team's. */
const recall = (actorId: string, teamIds: ReadonlyArray<string>, question: string) =>
  Effect.flatMap(MemsyClient.MemsyClient, (memsy) =>
    memsy.search(question, { actorId, teamIds, limit: 5, includeSourceEvents: true })
  ).pipe(
    Effect.map(({ results }) => results.map((r) => `${r.content} (from ${r.sourceEvents.length} event)`))
  )

const program = Effect.gen(function* () {
  const memsy = yield* MemsyClient.MemsyClient
  const { eventIds } = yield* memsy.ingest([
    {
      actorId: "cy",
      sessionId: "s1",
      kind: "user_message",
      content: "The platform team deploys on Tuesdays",
      teamId: "team_platform"
    }
  ])
  yield* memsy.waitForProcessing(eventIds)
  yield* Console.log(`dee alone: ${(yield* recall("dee", [], "when do we deploy")).length} result(s)`)
  yield* Console.log(`dee on platform: ${yield* recall("dee", ["team_platform"], "when do we deploy")}`)
})

await Effect.runPromise(program.pipe(Effect.provide(MemsyClient.layerConfig())))
