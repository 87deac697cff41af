// The quick start, end to end: health, ingest a conversation, wait for processing, search, stats.
// Runs on the embedded emulator unless MEMSY_BASE_URL and MEMSY_API_KEY point at a real service.
import { FetchHttpClient } from "@effect/platform"
import { MemsyClient } from "@memsy/effect"
import { Emulator } from "@memsy/testing"
import { Console, Effect, Layer, Redacted } from "effect"

const hosted = process.env.MEMSY_BASE_URL && process.env.MEMSY_API_KEY
const emulator = hosted ? undefined : Emulator.make({ processingDelay: 1500 })

const memsy = hosted
  ? MemsyClient.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))
  : MemsyClient.layer({ baseUrl: emulator.baseUrl, apiKey: Redacted.make(emulator.apiKey) }).pipe(
      Layer.provide(FetchHttpClient.layer),
      Layer.provide(Layer.succeed(FetchHttpClient.Fetch, emulator.fetch))
    )

const actorId = "demo_user"
const sessionId = `demo_${Date.now()}`
const conversation = [
  ["user_message", "I prefer dark mode in all my apps and I always use vim keybindings."],
  ["assistant_message", "Noted: dark mode everywhere and vim keybindings."],
  ["user_message", "We decided to deploy the billing service on Fridays only after the freeze."],
  ["user_message", "My manager is Alice Martin and I work on the Platform team in Berlin."],
  ["tool_result", "Calendar: standup every weekday at 09:30 Berlin time."],
  ["user_message", "I hate long meetings; keep summaries under five bullet points."]
]

const program = Effect.gen(function* () {
  const client = yield* MemsyClient.MemsyClient
  yield* Console.log(
    hosted
      ? `Memsy at ${process.env.MEMSY_BASE_URL}`
      : "Memsy emulator (embedded; set MEMSY_BASE_URL and MEMSY_API_KEY to use the service)"
  )

  const health = yield* client.health()
  yield* Console.log(`health: ${health.status} ${health.version}`)

  const { eventIds } = yield* client.ingest(
    conversation.map(([kind, content]) => ({
      actorId,
      sessionId,
      kind,
      content,
      metadata: { source: "demo" }
    }))
  )
  yield* Console.log(`ingested ${eventIds.length} events`)

  const waitForProcessing = client.status(eventIds).pipe(
    Effect.tap((s) =>
      Console.log(`  processing: ${s.completedIds.length + s.failedIds.length}/${s.total} done`)
    ),
    Effect.flatMap((s) =>
      s.pendingIds.length === 0
        ? Effect.succeed(s)
        : Effect.delay(
            Effect.suspend(() => waitForProcessing),
            "500 millis"
          )
    )
  )
  const done = yield* waitForProcessing.pipe(
    Effect.timeoutFail({
      duration: "2 minutes",
      onTimeout: () => new Error("processing took over 2 minutes")
    })
  )
  yield* Console.log(`processed: ${done.completedIds.length} completed, ${done.failedIds.length} failed`)

  for (const query of ["what does the user prefer?", "when do we deploy billing?", "who is the manager?"]) {
    const { results } = yield* client.search(query, { actorId, limit: 3 })
    yield* Console.log(`\nsearch: ${query}`)
    for (const r of results) {
      yield* Console.log(`  ${r.score.toFixed(3)}  [${r.type ?? "?"}] ${r.content}`)
    }
    if (results.length === 0) yield* Console.log("  (no results)")
  }

  const stats = yield* client.memories.stats()
  yield* Console.log(
    `\nmemories: ${stats.totalMemories} total, ${stats.activeMemories} active, ` +
      `avg confidence ${stats.avgConfidence.toFixed(2)}, avg strength ${stats.avgStrength.toFixed(2)}`
  )
  yield* Console.log(`by type: ${JSON.stringify(stats.byType)}  by kind: ${JSON.stringify(stats.byKind)}`)
})

program.pipe(
  Effect.provide(memsy),
  Effect.catchAll((error) =>
    Console.error(`demo failed: ${error.message}`).pipe(
      Effect.zipRight(Effect.sync(() => (process.exitCode = 1)))
    )
  ),
  Effect.runPromise
)
