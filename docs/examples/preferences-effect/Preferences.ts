// The same app module for an Effect app: a service over MemsyClient, with its failures in its type.
import { MemsyClient, type MemsyError } from "@memsy/effect"
import { Context, Effect, Layer } from "effect"

export class Preferences extends Context.Tag("app/Preferences")<
  Preferences,
  {
    /** Records what the user said; succeeds once it can be recalled. */
    readonly remember: (userId: string, said: string) => Effect.Effect<void, MemsyError.MemsyError>
    /** What is known about a topic, best first; nothing while Memsy cannot be reached. */
    readonly recall: (
      userId: string,
      topic: string
    ) => Effect.Effect<ReadonlyArray<string>, MemsyError.CallError>
  }
>() {
  static readonly layer = Layer.effect(
    Preferences,
    Effect.map(MemsyClient.MemsyClient, (memsy) => ({
      remember: (userId, said) =>
        memsy
          .ingest([{ actorId: userId, sessionId: "preferences", kind: "user_message", content: said }])
          .pipe(
            Effect.flatMap(({ eventIds }) => memsy.waitForProcessing(eventIds, { timeout: "30 seconds" })),
            Effect.asVoid
          ),
      recall: (userId, topic) =>
        memsy.search(topic, { actorId: userId, limit: 5 }).pipe(
          Effect.map(({ results }) => results.map((r) => r.content)),
          Effect.catchTags({
            MemsyConnectionError: () => Effect.succeed([]),
            RateLimitExceeded: () => Effect.succeed([])
          })
        )
    }))
  )
}
