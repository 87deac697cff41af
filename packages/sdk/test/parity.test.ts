import { Endpoint, MemsyClient as CoreClient, MemsyControlClient as CoreControl } from "@memsy/effect"
import { MemsyClient, MemsyControlClient } from "@memsy/sdk"
import * as Exit from "effect/Exit"
import { describe, expect, it } from "vitest"
import { apiKey, at, baseUrl, comparable, controlUrl, recorder, type Reply, runCore } from "./fixtures.js"

const stamp = { created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-02T00:00:00Z" }
const org = { org_id: "org_1", name: "Acme", focus: "support", promotion_prompt: "Be brief", ...stamp }
const role = { ...org, role_id: "role_1" }
const team = { ...org, team_id: "team_1" }
const memoryId = "0b7d4d1e-8f3a-4c55-9d2e-5b1f0c8a7e61"
const memory = {
  memory_id: memoryId,
  org_id: "org_1",
  scope: { level: "actor", actor_id: "user_1" },
  text: "x"
}
const patch = { name: "Acme 2" }
const noContent: Reply = { status: 204 }
const meta = { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "99", "x-plan": "free" }

/**
 * Sample arguments and a valid answer for every endpoint, by endpoint name. The walk below fails on
 * an endpoint missing here, so an endpoint added to the core cannot go untested.
 */
const samples: Record<string, { readonly args: ReadonlyArray<unknown>; readonly reply: Reply }> = {
  ingest: {
    args: [[{ actorId: "user_1", sessionId: "s1", kind: "user_message", content: "I prefer dark mode" }]],
    reply: { body: { event_ids: ["evt_1"] } }
  },
  search: {
    args: ["user preferences", { actorId: "user_1", limit: 5 }],
    reply: { body: { results: [{ id: "m1", content: "dark mode", score: 0.9, metadata: { tags: ["ui"] } }] } }
  },
  status: { args: [["evt_1"]], reply: { body: { completedIds: ["evt_1"], total: 1 } } },
  health: { args: [], reply: { body: { status: "ok", version: "1.2.3" } } },
  clear: { args: ["tag_1"], reply: { body: { deleted: 2 } } },
  "orgs.create": { args: [{ orgId: "org_1", name: "Acme", focus: "support" }], reply: { body: org } },
  "orgs.get": { args: ["org_1"], reply: { body: org } },
  "orgs.update": { args: ["org_1", patch], reply: { body: org } },
  "orgs.regeneratePrompt": { args: ["org_1"], reply: { body: org } },
  "orgs.list": { args: [], reply: { body: [org] } },
  "orgs.delete": { args: ["org_1"], reply: noContent },
  "roles.create": { args: [{ orgId: "org_1", name: "Support", focus: "tickets" }], reply: { body: role } },
  "roles.list": { args: ["org_1", { limit: 10 }], reply: { body: [role] } },
  "roles.get": { args: ["role_1", "org_1"], reply: { body: role } },
  "roles.update": { args: ["role_1", "org_1", patch], reply: { body: role } },
  "roles.regeneratePrompt": { args: ["role_1", "org_1"], reply: { body: role } },
  "roles.delete": { args: ["role_1", "org_1"], reply: noContent },
  "teams.create": { args: [{ orgId: "org_1", name: "Core", focus: "sdk" }], reply: { body: team } },
  "teams.list": { args: ["org_1"], reply: { body: [team] } },
  "teams.get": { args: ["team_1", "org_1"], reply: { body: team } },
  "teams.update": { args: ["team_1", "org_1", patch], reply: { body: team } },
  "teams.regeneratePrompt": { args: ["team_1", "org_1"], reply: { body: team } },
  "teams.delete": { args: ["team_1", "org_1"], reply: noContent },
  "memories.list": {
    args: [{ limit: 5, actorId: "user_1" }],
    reply: { body: { items: [memory], total: 1, limit: 5, offset: 0 } }
  },
  "memories.stats": {
    args: [],
    reply: {
      body: { total: 1, total_memories: 1, active_memories: 1, avg_confidence: 0.5, avg_strength: 1 }
    }
  },
  "memories.get": { args: [memoryId], reply: { body: memory } },
  me: {
    args: [],
    reply: {
      body: {
        customer_id: "cus_1",
        email: "a@example.com",
        tier: "free",
        is_superadmin: false,
        org_id: "org_1",
        is_billing_admin: false
      }
    }
  },
  "events.list": {
    args: [{ kind: "user_message" }],
    reply: {
      body: {
        items: [
          { event_id: "e1", org_id: "org_1", actor_id: "u1", kind: "user_message", content: "c", ts: "t" }
        ],
        total: 1,
        limit: 50,
        offset: 0
      }
    }
  },
  "usage.summary": {
    args: [],
    reply: {
      body: {
        org_id: "org_1",
        tier: "free",
        period_start: "2026-01-01",
        period_end: "2026-02-01",
        dimensions: [{ dimension: "api_calls", used: 3 }]
      }
    }
  },
  "usage.timeseries": {
    args: [{ granularity: "hourly", periodStart: "2026-01-01" }],
    reply: {
      body: {
        org_id: "org_1",
        granularity: "hourly",
        data: [{ date: "2026-01-01", dimension: "api_calls", quantity: 1 }]
      }
    }
  },
  "billing.summary": {
    args: [],
    reply: { body: { tier: "pro", purchased_seats: 3, assigned_seats: 2, available_seats: 1 } }
  },
  "billing.invoices": {
    args: [],
    reply: {
      body: [{ id: "in_1", amount_due: 100, amount_paid: 100, currency: "usd", status: "paid", created: "1" }]
    }
  },
  "keys.list": {
    args: [],
    reply: {
      body: {
        keys: [{ key_id: "k1", prefix: "msy_01", name: "ci", is_active: true, created_at: "2026-01-01" }],
        max_keys: 5,
        active_count: 1
      }
    }
  },
  "keys.create": {
    args: ["ci", { scopes: ["read"] }],
    reply: { body: { key_id: "k2", raw_key: "msy_secret", prefix: "msy_se", name: "ci" } }
  },
  "keys.usage": { args: ["k1"], reply: { body: { usage: [{ day: "2026-01-01", calls: 4 }] } } },
  "keys.delete": { args: ["k1"], reply: noContent },
  "interest.express": {
    args: [{ email: "a@example.com", name: "Ada", useCase: "agents" }],
    reply: { body: { message: "Thanks" } }
  },
  "interest.status": { args: [], reply: { body: { expressed: true } } }
}

/** Every endpoint of a tree with its path, found by walking it as the facade does. */
const walk = (
  tree: Endpoint.Tree,
  path: ReadonlyArray<string> = []
): ReadonlyArray<readonly [ReadonlyArray<string>, Endpoint.Any]> =>
  Object.entries(tree).flatMap(([key, node]) =>
    Endpoint.isEndpoint(node) ? [[[...path, key], node] as const] : walk(node, [...path, key])
  )

const planes = [
  {
    plane: "data" as const,
    tree: CoreClient.endpoints,
    make: (fetch: typeof globalThis.fetch) => new MemsyClient({ baseUrl, apiKey, fetch })
  },
  {
    plane: "control" as const,
    tree: CoreControl.endpoints,
    make: (fetch: typeof globalThis.fetch) => new MemsyControlClient({ baseUrl: controlUrl, apiKey, fetch })
  }
]

describe.each(planes)("the $plane-plane facade", ({ plane, tree, make }) => {
  const endpoints = walk(tree)

  it("has a method at every endpoint's path and nothing else", async () => {
    const client = make(recorder({}).fetch)
    for (const [path] of endpoints) expect(typeof at(client, path), path.join(".")).toBe("function")
    // The other direction: every function the facade exposes is an endpoint (or close/dispose).
    const exposed = (node: object, path: ReadonlyArray<string>): ReadonlyArray<string> =>
      Object.entries(node).flatMap(([key, value]) =>
        typeof value === "function" ? [[...path, key].join(".")] : exposed(value as object, [...path, key])
      )
    // What the client adds over its endpoints, built from the core's helpers.
    const extras =
      plane === "data" ? ["ingestMany", "memories.listAll", "waitForProcessing"] : ["events.listAll"]
    expect([...exposed(client, [])].sort()).toEqual(
      [...endpoints.map(([path]) => path.join(".")), ...extras].sort()
    )
    expect(typeof client.close).toBe("function")
    expect(typeof client[Symbol.asyncDispose]).toBe("function")
    await client.close()
  })

  it.each(endpoints.map(([path, endpoint]) => ({ name: endpoint.name, path, endpoint })))(
    "$name reaches the wire as the core's does and decodes the same model",
    async ({ name, path, endpoint }) => {
      const sample = samples[name]
      if (sample === undefined) throw new Error(`no sample for endpoint ${name}: add one to the table`)
      const reply = { ...sample.reply, headers: meta }

      const facadeWire = recorder(reply)
      const client = make(facadeWire.fetch)
      // Optional parameters left out are padded, so the request options land at the method's arity.
      const padded = [...sample.args, ...Array(endpoint.params.length - sample.args.length).fill(undefined)]
      const controller = new AbortController()
      const value = await at(client, path)(...padded, { signal: controller.signal })
      await client.close()

      const coreWire = recorder(reply)
      const exit = await runCore(plane, path, sample.args, coreWire.fetch)
      if (!Exit.isSuccess(exit)) throw new Error(`the core failed on ${name}: ${String(exit.cause)}`)

      expect(facadeWire.seen.map(comparable)).toEqual(coreWire.seen.map(comparable))
      expect(facadeWire.seen).toHaveLength(1)
      expect(facadeWire.seen[0]!.headers["authorization"]).toBe(`Bearer ${apiKey}`)
      expect(value).toEqual(exit.value)
      if (exit.value !== undefined && typeof exit.value === "object") {
        expect(Object.getPrototypeOf(value)).toBe(Object.getPrototypeOf(exit.value))
      }
    }
  )
})

describe("the sample table", () => {
  it("has no sample for an endpoint that does not exist", () => {
    const names = new Set(
      [...walk(CoreClient.endpoints), ...walk(CoreControl.endpoints)].map(([, e]) => e.name)
    )
    expect(Object.keys(samples).filter((name) => !names.has(name))).toEqual([])
  })
})
