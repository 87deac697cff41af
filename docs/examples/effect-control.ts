import { MemsyControlClient } from "@memsy/effect"
import { Console, Effect } from "effect"

// A nightly report: what the org used, as one Effect that names what can go wrong.
const report = Effect.gen(function* () {
  const control = yield* MemsyControlClient.MemsyControlClient
  const [me, summary] = yield* Effect.all([control.me(), control.usage.summary()], { concurrency: 2 })
  const lines = summary.dimensions.map((d) => `${d.dimension} ${d.used}/${d.limit ?? "∞"}`)
  return `${me.orgId} (${summary.tier}): ${lines.join(", ")}`
}).pipe(
  // Not an org admin: the report is not for this key.
  Effect.catchTag("AuthorizationError", () => Effect.succeed("usage needs an org admin key"))
)

await Effect.runPromise(
  Effect.flatMap(report, Console.log).pipe(Effect.provide(MemsyControlClient.layerConfig()))
)
