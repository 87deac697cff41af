import { MemsyClient, MemsyControlClient } from "@memsy/effect"
import { Console, Effect, Layer } from "effect"

// Set up the hierarchy once, from configuration: an org record and a role per department.
const departments = [
  { name: "Support", focus: "Customer issues and their resolutions" },
  { name: "Sales", focus: "Deals, pricing and customer preferences" }
]

const onboard = Effect.gen(function* () {
  const memsy = yield* MemsyClient.MemsyClient
  const { orgId } = yield* (yield* MemsyControlClient.MemsyControlClient).me()
  yield* memsy.orgs.create({ orgId, name: "Acme", focus: "A software company's internal assistant" })
  const roles = yield* Effect.forEach(departments, (d) => memsy.roles.create({ orgId, ...d }), {
    concurrency: 2
  })
  yield* Console.log(`roles: ${roles.map((r) => r.name).join(", ")}`)
}).pipe(
  // Onboarding mutations need an admin key; the others get an AuthorizationError.
  Effect.catchTag("AuthorizationError", (e) => Console.log(`not allowed: ${e.errorCode ?? e.detail}`)),
  // The plan caps org records: a second onboarding on a capped org lands here.
  Effect.catchTag("OrgLimitReachedError", (e) => Console.log(`org records: ${e.current}/${e.limit}`))
)

await Effect.runPromise(
  onboard.pipe(Effect.provide(Layer.mergeAll(MemsyClient.layerConfig(), MemsyControlClient.layerConfig())))
)
