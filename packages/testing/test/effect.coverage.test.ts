/**
 * Every endpoint of both clients has an emulator test: the endpoint trees are walked and checked
 * against `covered`, and one scenario calls every endpoint once, each call reaching the emulator
 * on its declared method and answering 2xx.
 */
import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { Endpoint, type MemsyError, MemsyClient, MemsyControlClient } from "@memsy/effect"
import { Effect, TestClock } from "effect"
import { covered } from "./effect.covered.js"
import { type Env, event, withEmulator } from "./effect.helpers.js"

type Plane = "data" | "control"

const declared: ReadonlyMap<string, Endpoint.Any> = new Map([
  ...Endpoint.flatten(MemsyClient.endpoints).map((e) => [`data:${e.name}`, e] as const),
  ...Endpoint.flatten(MemsyControlClient.endpoints).map((e) => [`control:${e.name}`, e] as const)
])

interface Step {
  readonly key: `${Plane}:${string}`
  /** The path the call must reach, plane prefix included; `*` stands for one segment. */
  readonly path: string
  readonly run: (env: Env, ids: Map<string, string>) => Effect.Effect<unknown, MemsyError.MemsyError>
}

const ORG = "org_emulator"

/** Every endpoint once, in an order where each call can succeed. */
const scenario: ReadonlyArray<Step> = [
  { key: "data:health", path: "/v1/health", run: ({ memsy }) => memsy.health() },
  {
    key: "data:ingest",
    path: "/v1/ingest",
    run: ({ memsy }, ids) =>
      Effect.map(memsy.ingest([event("I prefer dark mode")]), (r) => ids.set("event", r.eventIds[0]!))
  },
  {
    key: "data:status",
    path: "/v1/status",
    run: ({ memsy }, ids) =>
      Effect.tap(TestClock.adjust("1 second"), () =>
        Effect.map(memsy.status([ids.get("event")!]), (r) => assert.strictEqual(r.completedIds.length, 1))
      )
  },
  {
    key: "data:search",
    path: "/v1/search",
    run: ({ memsy }, ids) => Effect.map(memsy.search("dark mode"), (r) => ids.set("memory", r.results[0]!.id))
  },
  { key: "data:memories.list", path: "/v1/console/memories", run: ({ memsy }) => memsy.memories.list() },
  {
    key: "data:memories.stats",
    path: "/v1/console/memories/stats",
    run: ({ memsy }) => memsy.memories.stats()
  },
  {
    key: "data:memories.get",
    path: "/v1/console/memories/*",
    run: ({ memsy }, ids) => memsy.memories.get(ids.get("memory")!)
  },
  {
    key: "data:orgs.create",
    path: "/v1/orgs",
    run: ({ memsy }) => memsy.orgs.create({ orgId: ORG, name: "Acme", focus: "x" })
  },
  { key: "data:orgs.list", path: "/v1/orgs", run: ({ memsy }) => memsy.orgs.list() },
  { key: "data:orgs.get", path: "/v1/orgs/org_emulator", run: ({ memsy }) => memsy.orgs.get(ORG) },
  {
    key: "data:orgs.update",
    path: "/v1/orgs/org_emulator",
    run: ({ memsy }) => memsy.orgs.update(ORG, { focus: "y" })
  },
  {
    key: "data:orgs.regeneratePrompt",
    path: "/v1/orgs/org_emulator/regenerate-prompt",
    run: ({ memsy }) => memsy.orgs.regeneratePrompt(ORG)
  },
  { key: "data:orgs.delete", path: "/v1/orgs/org_emulator", run: ({ memsy }) => memsy.orgs.delete(ORG) },
  ...(["roles", "teams"] as const).flatMap((kind): ReadonlyArray<Step> => {
    const id = kind === "roles" ? "role_eng" : "team_eng"
    return [
      {
        key: `data:${kind}.create`,
        path: `/v1/${kind}`,
        run: ({ memsy }) => memsy[kind].create({ orgId: ORG, name: "Eng", focus: "x" })
      },
      { key: `data:${kind}.list`, path: `/v1/${kind}`, run: ({ memsy }) => memsy[kind].list(ORG) },
      { key: `data:${kind}.get`, path: `/v1/${kind}/${id}`, run: ({ memsy }) => memsy[kind].get(id, ORG) },
      {
        key: `data:${kind}.update`,
        path: `/v1/${kind}/${id}`,
        run: ({ memsy }) => memsy[kind].update(id, ORG, { name: "Eng" })
      },
      {
        key: `data:${kind}.regeneratePrompt`,
        path: `/v1/${kind}/${id}/regenerate-prompt`,
        run: ({ memsy }) => memsy[kind].regeneratePrompt(id, ORG)
      },
      {
        key: `data:${kind}.delete`,
        path: `/v1/${kind}/${id}`,
        run: ({ memsy }) => memsy[kind].delete(id, ORG)
      }
    ]
  }),
  { key: "data:clear", path: "/v1/clear/s1", run: ({ memsy }) => memsy.clear("s1") },
  { key: "control:me", path: "/api/me", run: ({ control }) => control.me() },
  { key: "control:health", path: "/api/health", run: ({ control }) => control.health() },
  { key: "control:events.list", path: "/api/console/events", run: ({ control }) => control.events.list() },
  { key: "control:usage.summary", path: "/api/usage/summary", run: ({ control }) => control.usage.summary() },
  {
    key: "control:usage.timeseries",
    path: "/api/usage/timeseries",
    run: ({ control }) => control.usage.timeseries()
  },
  {
    key: "control:billing.summary",
    path: "/api/billing/summary",
    run: ({ control }) => control.billing.summary()
  },
  {
    key: "control:billing.invoices",
    path: "/api/billing/invoices",
    run: ({ control }) => control.billing.invoices()
  },
  {
    key: "control:keys.create",
    path: "/api/keys",
    run: ({ control }, ids) => Effect.map(control.keys.create("ci"), (k) => ids.set("key", k.keyId))
  },
  { key: "control:keys.list", path: "/api/keys", run: ({ control }) => control.keys.list() },
  {
    key: "control:keys.usage",
    path: "/api/keys/*/usage",
    run: ({ control }, ids) => control.keys.usage(ids.get("key")!)
  },
  {
    key: "control:keys.delete",
    path: "/api/keys/*",
    run: ({ control }, ids) => control.keys.delete(ids.get("key")!)
  },
  {
    key: "control:interest.express",
    path: "/api/interest/pro",
    run: ({ control }) => control.interest.express({ email: "ada@example.com", name: "Ada" })
  },
  {
    key: "control:interest.status",
    path: "/api/interest/pro/status",
    run: ({ control }) => control.interest.status()
  }
]

const pathPattern = (path: string) => new RegExp(`^${path.replace(/\*/g, "[^/]+")}$`)

describe("endpoint coverage", () => {
  it("the walk finds both trees' endpoints", () => {
    assert.strictEqual(declared.size, 26 + 13)
    assert.isTrue(declared.has("data:orgs.regeneratePrompt"))
    assert.isTrue(declared.has("control:keys.usage"))
  })

  it("every declared endpoint is listed as covered, by a test file that calls it", () => {
    assert.sameMembers(Object.keys(covered), [...declared.keys()])
    const sources = new Map<string, string>()
    for (const [key, file] of Object.entries(covered)) {
      const source = sources.get(file) ?? readFileSync(new URL(`./${file}`, import.meta.url), "utf8")
      sources.set(file, source)
      const leaf = key.split(".").pop()!.split(":").pop()!
      assert.include(source, `.${leaf}(`, `${key} is not called in ${file}`)
    }
  })

  it.effect(
    "one scenario calls every endpoint once; each reaches the emulator on its route and succeeds",
    () =>
      withEmulator((env) =>
        Effect.gen(function* () {
          assert.sameMembers(
            scenario.map((s) => s.key),
            [...declared.keys()]
          )
          assert.strictEqual(new Set(scenario.map((s) => s.key)).size, scenario.length)
          const ids = new Map<string, string>()
          for (const step of scenario) {
            const before = env.emulator.requests().length
            yield* step.run(env, ids)
            const made = env.emulator.requests().slice(before)
            assert.strictEqual(made.length, 1, `${step.key}: one request`)
            const [request] = made
            assert.strictEqual(request?.method, declared.get(step.key)?.method, step.key)
            assert.match(request?.path ?? "", pathPattern(step.path), step.key)
            assert.isAtLeast(request?.status ?? 0, 200, step.key)
            assert.isBelow(request?.status ?? 0, 300, step.key)
          }
        })
      )
  )
})
