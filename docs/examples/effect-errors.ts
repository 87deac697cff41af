import { FetchHttpClient } from "@effect/platform"
import { MemsyClient } from "@memsy/effect"
import { Effect, Layer } from "effect"

// Every failure is a tagged class in the error channel: handle the ones you care about by name.
const search = (query: string) =>
  Effect.flatMap(MemsyClient.MemsyClient, (memsy) => memsy.search(query, { actorId: "user_1" })).pipe(
    Effect.map(({ results }) => results.map((r) => r.content)),
    Effect.catchTags({
      MemsyValidationError: (e) => Effect.succeed([`not sent: ${e.detail}`]),
      RateLimitExceeded: (e) => Effect.succeed([`slow down for ${e.retryAfter ?? "a few"} seconds`]),
      UsageLimitExceeded: (e) => Effect.succeed([`quota of ${e.dimension} used up`]),
      AuthenticationError: () => Effect.succeed(["check MEMSY_API_KEY"])
    })
  )

const MemsyLive = MemsyClient.layerConfig({ maxRetries: 5, retryBackoff: "500 millis" }).pipe(
  Layer.provide(FetchHttpClient.layer)
)

const answers = await Effect.runPromise(
  Effect.all([search("dark mode"), search("   ")]).pipe(Effect.provide(MemsyLive))
)
console.log(answers)
