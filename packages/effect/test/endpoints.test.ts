/**
 * Every endpoint at the wire level: method, path, query, JSON body (optional fields left out when
 * unset, the contract's defaults sent when they are not), the bearer key, and the decoded answer.
 * One table; a check that it names every endpoint of both clients.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  Account,
  Billing,
  ConsoleEvents,
  Endpoint,
  Events,
  Health,
  Keys,
  Memories,
  MemsyClient,
  MemsyControlClient,
  Onboarding,
  type RequestOptions,
  type ResponseMeta,
  Search,
  UsageReports
} from "@memsy/effect"
import { Effect } from "effect"
import { type Call, type Clients, clients, MockTransport } from "./support.js"

const KEY = MockTransport.defaults.apiKey

const org = {
  org_id: "org_1",
  name: "Acme",
  focus: "support",
  promotion_prompt: "Promote support facts",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-02T00:00:00Z"
}
const role = { ...org, role_id: "role_eng", prompt_meta: { model: "m1" } }
const team = { ...org, team_id: "team_core", prompt_meta: null }
const memoryId = "550e8400-e29b-41d4-a716-446655440000"
const memory = {
  memory_id: memoryId,
  org_id: "org_1",
  scope: { level: "actor", actor_id: "u1" },
  text: "Dark"
}
const eventItem = {
  event_id: "e1",
  org_id: "org_1",
  actor_id: "u1",
  kind: "user_message",
  content: "hi",
  ts: "2026-03-15T14:22:10Z",
  metadata: { source: "chat" }
}
const stats = {
  total: 3,
  total_memories: 3,
  active_memories: 2,
  by_type: { fact: 2 },
  avg_confidence: 0.8,
  avg_strength: 1.1
}

interface Row<A> {
  /** `data:<name>` or `control:<name>`, the endpoint's declared name. */
  readonly endpoint: string
  readonly title: string
  readonly call: Call<A>
  readonly method: string
  readonly path: string
  readonly query?: Readonly<Record<string, string>>
  /** The JSON body expected on the wire; left out: no body and no Content-Type. */
  readonly body?: unknown
  readonly reply: MockTransport.Reply
  readonly check: (result: A) => void
}

// Each row keeps its own result type; the table only needs to run them.
const row = <A>(r: Row<A>): Row<unknown> => r as unknown as Row<unknown>

const noContent = (result: unknown) => assert.strictEqual(result, undefined)

const children = (resource: "roles" | "teams") => {
  const [fixture, model, id] =
    resource === "roles" ? [role, Onboarding.Role, "role_eng"] : [team, Onboarding.Team, "team_core"]
  const api = (c: Parameters<Call>[0]) => c.data[resource]
  const isRecord = (result: Onboarding.Role | Onboarding.Team | undefined) => {
    assert.isTrue(result instanceof model)
    assert.strictEqual(result?.orgId, "org_1")
  }
  return [
    row<Onboarding.Role | Onboarding.Team | undefined>({
      endpoint: `data:${resource}.create`,
      title: `${resource}.create sends the org id in the body`,
      call: (c) => api(c).create({ orgId: "org_1", name: "Engineering", focus: "code" }),
      method: "POST",
      path: `/v1/${resource}`,
      body: { org_id: "org_1", name: "Engineering", focus: "code" },
      reply: MockTransport.json(fixture, { status: 201 }),
      check: isRecord
    }),
    row<ReadonlyArray<Onboarding.Role | Onboarding.Team>>({
      endpoint: `data:${resource}.list`,
      title: `${resource}.list sends org_id, limit=100 and offset=0 by default`,
      call: (c) => api(c).list("org_1"),
      method: "GET",
      path: `/v1/${resource}`,
      query: { org_id: "org_1", limit: "100", offset: "0" },
      reply: MockTransport.json([fixture, fixture]),
      check: (result) => {
        assert.strictEqual(result.length, 2)
        isRecord(result[0])
      }
    }),
    row<ReadonlyArray<Onboarding.Role | Onboarding.Team>>({
      endpoint: `data:${resource}.list`,
      title: `${resource}.list sends the page given`,
      call: (c) => api(c).list("org_1", { limit: 20, offset: 40 }),
      method: "GET",
      path: `/v1/${resource}`,
      query: { org_id: "org_1", limit: "20", offset: "40" },
      reply: MockTransport.json(null),
      check: (result) => assert.deepStrictEqual(result, [])
    }),
    row<Onboarding.Role | Onboarding.Team | undefined>({
      endpoint: `data:${resource}.get`,
      title: `${resource}.get puts the org id in the query string`,
      call: (c) => api(c).get(id, "org_1"),
      method: "GET",
      path: `/v1/${resource}/${id}`,
      query: { org_id: "org_1" },
      reply: MockTransport.json(fixture),
      check: isRecord
    }),
    row<Onboarding.Role | Onboarding.Team | undefined>({
      endpoint: `data:${resource}.update`,
      title: `${resource}.update sends only the fields given`,
      call: (c) => api(c).update(id, "org_1", { focus: "reviews" }),
      method: "PATCH",
      path: `/v1/${resource}/${id}`,
      query: { org_id: "org_1" },
      body: { focus: "reviews" },
      reply: MockTransport.json(fixture),
      check: isRecord
    }),
    row<Onboarding.Role | Onboarding.Team | undefined>({
      endpoint: `data:${resource}.regeneratePrompt`,
      title: `${resource}.regeneratePrompt posts no body`,
      call: (c) => api(c).regeneratePrompt(id, "org_1"),
      method: "POST",
      path: `/v1/${resource}/${id}/regenerate-prompt`,
      query: { org_id: "org_1" },
      reply: MockTransport.json(fixture),
      check: isRecord
    }),
    row({
      endpoint: `data:${resource}.delete`,
      title: `${resource}.delete returns nothing on 204`,
      call: (c) => api(c).delete(id, "org_1"),
      method: "DELETE",
      path: `/v1/${resource}/${id}`,
      query: { org_id: "org_1" },
      reply: { status: 204 },
      check: noContent
    })
  ]
}

const rows: ReadonlyArray<Row<unknown>> = [
  row({
    endpoint: "data:ingest",
    title: "ingest sends the required fields only when nothing else is set",
    call: (c) =>
      c.data.ingest([{ actorId: "u1", sessionId: "s1", kind: "user_message", content: "I like dark mode" }]),
    method: "POST",
    path: "/v1/ingest",
    body: {
      events: [{ actor_id: "u1", session_id: "s1", kind: "user_message", content: "I like dark mode" }]
    },
    reply: MockTransport.json({ event_ids: ["01JQ8ZK2V6M3T1XGJ9QF2B7C4D"] }),
    check: (result) => {
      assert.instanceOf(result, Events.IngestResult)
      assert.deepStrictEqual(result.eventIds, ["01JQ8ZK2V6M3T1XGJ9QF2B7C4D"])
    }
  }),
  row({
    endpoint: "data:ingest",
    title: "ingest maps every optional field to its wire key and accepts 202",
    call: (c) =>
      c.data.ingest([
        {
          actorId: "u1",
          sessionId: "s1",
          kind: "tool_result",
          content: "done",
          roleId: "role_eng",
          teamId: "team_core",
          ts: "2026-03-15T14:22:10Z",
          metadata: '{"source":"chat"}',
          eventId: "ev_1"
        },
        { actorId: "u2", sessionId: "s2", kind: "app_event", content: "opened" }
      ]),
    method: "POST",
    path: "/v1/ingest",
    body: {
      events: [
        {
          actor_id: "u1",
          session_id: "s1",
          kind: "tool_result",
          content: "done",
          role_id: "role_eng",
          team_id: "team_core",
          ts: "2026-03-15T14:22:10Z",
          metadata: '{"source":"chat"}',
          event_id: "ev_1"
        },
        { actor_id: "u2", session_id: "s2", kind: "app_event", content: "opened" }
      ]
    },
    reply: MockTransport.json({ event_ids: ["a", "b"] }, { status: 202 }),
    check: (result) => assert.deepStrictEqual(result.eventIds, ["a", "b"])
  }),
  row({
    endpoint: "data:search",
    title: "search always sends limit=10, threshold=0 and include_source_events=false",
    call: (c) => c.data.search("dark mode"),
    method: "POST",
    path: "/v1/search",
    body: { query: "dark mode", limit: 10, threshold: 0, include_source_events: false },
    reply: MockTransport.json({ results: [] }),
    check: (result) => {
      assert.instanceOf(result, Search.SearchResponse)
      assert.deepStrictEqual(result.results, [])
    }
  }),
  row({
    endpoint: "data:search",
    title: "search sends every option under its wire key",
    call: (c) =>
      c.data.search("dark mode", {
        actorId: "u1",
        limit: 5,
        threshold: 0.25,
        includeSourceEvents: true,
        roleIds: ["role_eng"],
        teamIds: ["team_core", "team_web"]
      }),
    method: "POST",
    path: "/v1/search",
    body: {
      query: "dark mode",
      actor_id: "u1",
      limit: 5,
      threshold: 0.25,
      include_source_events: true,
      role_ids: ["role_eng"],
      team_ids: ["team_core", "team_web"]
    },
    reply: MockTransport.json({ results: [{ id: "m1", content: "Prefers dark mode", score: 0.84 }] }),
    check: (result) => {
      assert.strictEqual(result.results.length, 1)
      assert.instanceOf(result.results[0], Search.SearchResult)
      assert.strictEqual(result.results[0]?.score, 0.84)
    }
  }),
  row({
    endpoint: "data:search",
    title: "search leaves out empty role and team lists",
    call: (c) => c.data.search("q", { roleIds: [], teamIds: [] }),
    method: "POST",
    path: "/v1/search",
    body: { query: "q", limit: 10, threshold: 0, include_source_events: false },
    reply: MockTransport.json({}),
    check: (result) => assert.deepStrictEqual(result.results, [])
  }),
  row({
    endpoint: "data:status",
    title: "status sends event_ids and reads the camelCase answer",
    call: (c) => c.data.status(["A", "B", "C"]),
    method: "POST",
    path: "/v1/status",
    body: { event_ids: ["A", "B", "C"] },
    reply: MockTransport.json({
      completedIds: ["A"],
      failedIds: [],
      pendingIds: ["B"],
      unknownIds: ["C"],
      total: 3,
      statuses: { A: "completed", B: "pending", C: "unknown" }
    }),
    check: (result) => {
      assert.instanceOf(result, Events.StatusResult)
      assert.deepStrictEqual(result.completedIds, ["A"])
      assert.deepStrictEqual(result.pendingIds, ["B"])
      assert.deepStrictEqual(result.unknownIds, ["C"])
      assert.strictEqual(result.total, 3)
      assert.deepStrictEqual(result.statuses, { A: "completed", B: "pending", C: "unknown" })
    }
  }),
  row({
    endpoint: "data:health",
    title: "health (data plane) is a GET with the key",
    call: (c) => c.data.health(),
    method: "GET",
    path: "/v1/health",
    reply: MockTransport.json({ status: "ok", version: "2.1.0", components: { async_memsy: "ok" } }),
    check: (result) => {
      assert.instanceOf(result, Health.Health)
      assert.strictEqual(result.status, "ok")
      assert.strictEqual(result.version, "2.1.0")
      assert.deepStrictEqual(result.components, { async_memsy: "ok" })
      assert.strictEqual(result.billingEnabled, undefined)
    }
  }),
  row({
    endpoint: "data:clear",
    title: "clear (legacy) deletes the percent-encoded tag",

    call: (c) => c.data.clear("conv 1/2"),
    method: "DELETE",
    path: "/v1/clear/conv%201%2F2",
    reply: MockTransport.json({ deleted: 3 }),
    check: (result) => assert.strictEqual(result.deleted, 3)
  }),
  row({
    endpoint: "data:orgs.create",
    title: "orgs.create sends org_id, name and focus",
    call: (c) => c.data.orgs.create({ orgId: "org_1", name: "Acme", focus: "support" }),
    method: "POST",
    path: "/v1/orgs",
    body: { org_id: "org_1", name: "Acme", focus: "support" },
    reply: MockTransport.json(org),
    check: (result) => {
      assert.instanceOf(result, Onboarding.Org)
      assert.strictEqual(result.promotionPrompt, "Promote support facts")
      assert.strictEqual(result.createdAt, "2026-01-01T00:00:00Z")
      assert.strictEqual(result.promptMeta, undefined)
    }
  }),
  row({
    endpoint: "data:orgs.get",
    title: "orgs.get percent-encodes the id",
    call: (c) => c.data.orgs.get("a/b"),
    method: "GET",
    path: "/v1/orgs/a%2Fb",
    reply: MockTransport.json(org),
    check: (result) => assert.strictEqual(result.orgId, "org_1")
  }),
  row({
    endpoint: "data:orgs.update",
    title: "orgs.update sends only the fields given, under wire keys",
    call: (c) => c.data.orgs.update("org_1", { name: "Acme 2", promotionPrompt: "P" }),
    method: "PATCH",
    path: "/v1/orgs/org_1",
    body: { name: "Acme 2", promotion_prompt: "P" },
    reply: MockTransport.json(org),
    check: (result) => assert.strictEqual(result.name, "Acme")
  }),
  row({
    endpoint: "data:orgs.update",
    title: "orgs.update with an empty patch sends {}",
    call: (c) => c.data.orgs.update("org_1", {}),
    method: "PATCH",
    path: "/v1/orgs/org_1",
    body: {},
    reply: MockTransport.json(org),
    check: (result) => assert.strictEqual(result.focus, "support")
  }),
  row({
    endpoint: "data:orgs.regeneratePrompt",
    title: "orgs.regeneratePrompt posts no body",
    call: (c) => c.data.orgs.regeneratePrompt("org_1"),
    method: "POST",
    path: "/v1/orgs/org_1/regenerate-prompt",
    reply: MockTransport.json({ ...org, promotion_prompt: "New prompt" }),
    check: (result) => assert.strictEqual(result.promotionPrompt, "New prompt")
  }),
  row({
    endpoint: "data:orgs.list",
    title: "orgs.list decodes an array",
    call: (c) => c.data.orgs.list(),
    method: "GET",
    path: "/v1/orgs",
    reply: MockTransport.json([org]),
    check: (result) => {
      assert.strictEqual(result.length, 1)
      assert.instanceOf(result[0], Onboarding.Org)
    }
  }),
  row({
    endpoint: "data:orgs.list",
    title: "orgs.list reads an empty body as []",
    call: (c) => c.data.orgs.list(),
    method: "GET",
    path: "/v1/orgs",
    reply: { status: 200, text: "" },
    check: (result) => assert.deepStrictEqual(result, [])
  }),
  row({
    endpoint: "data:orgs.delete",
    title: "orgs.delete returns nothing on 204",
    call: (c) => c.data.orgs.delete("org_1"),
    method: "DELETE",
    path: "/v1/orgs/org_1",
    reply: { status: 204 },
    check: noContent
  }),
  row({
    endpoint: "data:orgs.delete",
    title: "orgs.delete returns nothing on a 200 with an empty body",
    call: (c) => c.data.orgs.delete("org_1"),
    method: "DELETE",
    path: "/v1/orgs/org_1",
    reply: { status: 200, text: "" },
    check: noContent
  }),
  ...children("roles"),
  ...children("teams"),
  row({
    endpoint: "data:memories.list",
    title: "memories.list sends sort, limit and offset defaults",
    call: (c) => c.data.memories.list(),
    method: "GET",
    path: "/v1/console/memories",
    query: { sort: "observed_at_desc", limit: "50", offset: "0" },
    reply: MockTransport.json({ items: [memory], total: 7, limit: 50, offset: 0 }),
    check: (result) => {
      assert.instanceOf(result, Memories.MemoryPage)
      assert.strictEqual(result.total, 7)
      assert.instanceOf(result.items[0], Memories.MemoryItem)
      assert.strictEqual(result.items[0]?.memoryId, memoryId)
    }
  }),
  row({
    endpoint: "data:memories.list",
    title: "memories.list sends every filter under its wire key",
    call: (c) =>
      c.data.memories.list({
        sort: "strength_desc",
        limit: 200,
        offset: 10,
        actorId: "u1",
        kind: "semantic",
        type: "fact",
        status: "archived",
        search: "dark mode"
      }),
    method: "GET",
    path: "/v1/console/memories",
    query: {
      sort: "strength_desc",
      limit: "200",
      offset: "10",
      actor_id: "u1",
      kind: "semantic",
      type: "fact",
      status: "archived",
      search: "dark mode"
    },
    reply: MockTransport.json({ total: 0, limit: 200, offset: 10 }),
    check: (result) => assert.deepStrictEqual(result.items, [])
  }),
  row({
    endpoint: "data:memories.stats",
    title: "memories.stats is a GET of /console/memories/stats",
    call: (c) => c.data.memories.stats(),
    method: "GET",
    path: "/v1/console/memories/stats",
    reply: MockTransport.json(stats),
    check: (result) => {
      assert.instanceOf(result, Memories.MemoryStats)
      assert.strictEqual(result.totalMemories, 3)
      assert.strictEqual(result.activeMemories, 2)
      assert.deepStrictEqual(result.byType, { fact: 2 })
      assert.deepStrictEqual(result.byKind, {})
      assert.deepStrictEqual(result.topEntities, [])
      assert.strictEqual(result.avgStrength, 1.1)
    }
  }),
  row({
    endpoint: "data:memories.get",
    title: "memories.get fetches one memory by UUID",
    call: (c) => c.data.memories.get(memoryId),
    method: "GET",
    path: `/v1/console/memories/${memoryId}`,
    reply: MockTransport.json(memory),
    check: (result) => {
      assert.instanceOf(result, Memories.MemoryDetail)
      assert.strictEqual(result.text, "Dark")
      assert.strictEqual(result.scope.actorId, "u1")
    }
  }),
  row({
    endpoint: "control:me",
    title: "me is a GET of /me on the control plane",
    call: (c) => c.control.me(),
    method: "GET",
    path: "/api/me",
    reply: MockTransport.json({
      customer_id: "c1",
      email: "a@b.c",
      tier: "pro",
      is_superadmin: false,
      org_id: "org_1",
      is_billing_admin: true,
      user_id: null,
      org_role: "org:admin"
    }),
    check: (result) => {
      assert.instanceOf(result, Account.Me)
      assert.strictEqual(result.customerId, "c1")
      assert.strictEqual(result.isBillingAdmin, true)
      assert.strictEqual(result.orgRole, "org:admin")
      assert.strictEqual(result.userId, undefined)
    }
  }),
  row({
    endpoint: "control:health",
    title: "health (control plane) reads billing_enabled",
    call: (c) => c.control.health(),
    method: "GET",
    path: "/api/health",
    reply: MockTransport.json({ status: "ok", version: "1.0.0", billing_enabled: true }),
    check: (result) => {
      assert.instanceOf(result, Health.Health)
      assert.strictEqual(result.billingEnabled, true)
    }
  }),
  row({
    endpoint: "control:events.list",
    title: "events.list sends sort=ts_desc, limit=50 and offset=0 by default",
    call: (c) => c.control.events.list(),
    method: "GET",
    path: "/api/console/events",
    query: { sort: "ts_desc", limit: "50", offset: "0" },
    reply: MockTransport.json({ items: [eventItem], total: 1, limit: 50, offset: 0 }),
    check: (result) => {
      assert.instanceOf(result, ConsoleEvents.EventPage)
      assert.strictEqual(result.items[0]?.eventId, "e1")
      assert.deepStrictEqual(result.items[0]?.metadata, { source: "chat" })
      assert.strictEqual(result.items[0]?.sessionId, undefined)
    }
  }),
  row({
    endpoint: "control:events.list",
    title: "events.list sends every filter under its wire key",
    call: (c) =>
      c.control.events.list({
        sort: "ts_asc",
        limit: 5,
        offset: 15,
        actorId: "u1",
        sessionId: "s1",
        kind: "assistant_message"
      }),
    method: "GET",
    path: "/api/console/events",
    query: {
      sort: "ts_asc",
      limit: "5",
      offset: "15",
      actor_id: "u1",
      session_id: "s1",
      kind: "assistant_message"
    },
    reply: MockTransport.json({ items: null, total: 0, limit: 5, offset: 15 }),
    check: (result) => assert.deepStrictEqual(result.items, [])
  }),
  row({
    endpoint: "control:usage.summary",
    title: "usage.summary decodes the dimensions",
    call: (c) => c.control.usage.summary(),
    method: "GET",
    path: "/api/usage/summary",
    reply: MockTransport.json({
      org_id: "org_1",
      tier: "free",
      period_start: "2026-04-01",
      period_end: "2026-04-30",
      dimensions: [{ dimension: "api_calls", used: 10, limit: null, overage_rate: 0.01 }]
    }),
    check: (result) => {
      assert.instanceOf(result, UsageReports.UsageSummary)
      assert.strictEqual(result.periodEnd, "2026-04-30")
      assert.strictEqual(result.dimensions[0]?.used, 10)
      assert.strictEqual(result.dimensions[0]?.limit, undefined)
      assert.strictEqual(result.dimensions[0]?.overageRate, 0.01)
    }
  }),
  row({
    endpoint: "control:usage.timeseries",
    title: "usage.timeseries sends granularity=daily by default",
    call: (c) => c.control.usage.timeseries(),
    method: "GET",
    path: "/api/usage/timeseries",
    query: { granularity: "daily" },
    reply: MockTransport.json({ org_id: "org_1", granularity: "daily" }),
    check: (result) => {
      assert.instanceOf(result, UsageReports.UsageTimeseries)
      assert.deepStrictEqual(result.data, [])
    }
  }),
  row({
    endpoint: "control:usage.timeseries",
    title: "usage.timeseries sends every option under its wire key",
    call: (c) =>
      c.control.usage.timeseries({
        granularity: "hourly",
        dimension: "api_calls",
        periodStart: "2026-04-01",
        periodEnd: "2026-04-02"
      }),
    method: "GET",
    path: "/api/usage/timeseries",
    query: {
      granularity: "hourly",
      dimension: "api_calls",
      period_start: "2026-04-01",
      period_end: "2026-04-02"
    },
    reply: MockTransport.json({
      org_id: "org_1",
      granularity: "hourly",
      data: [{ date: "2026-04-01", dimension: "api_calls", quantity: 4 }]
    }),
    check: (result) => assert.strictEqual(result.data[0]?.quantity, 4)
  }),
  row({
    endpoint: "control:billing.summary",
    title: "billing.summary decodes nested objects",
    call: (c) => c.control.billing.summary(),
    method: "GET",
    path: "/api/billing/summary",
    reply: MockTransport.json({
      tier: "pro",
      purchased_seats: 5,
      assigned_seats: 3,
      available_seats: 2,
      payment_method: { brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030 },
      upcoming_invoice: { amount_due: 4900, currency: "usd", period_end: 1767225600 }
    }),
    check: (result) => {
      assert.instanceOf(result, Billing.BillingSummary)
      assert.strictEqual(result.availableSeats, 2)
      assert.strictEqual(result.paymentMethod?.expYear, 2030)
      assert.strictEqual(result.upcomingInvoice?.amountDue, 4900)
      assert.strictEqual(result.stripeCustomerId, undefined)
    }
  }),
  row({
    endpoint: "control:billing.invoices",
    title: "billing.invoices decodes an array",
    call: (c) => c.control.billing.invoices(),
    method: "GET",
    path: "/api/billing/invoices",
    reply: MockTransport.json([
      {
        id: "in_1",
        amount_due: 4900,
        amount_paid: 4900,
        currency: "usd",
        status: "paid",
        created: "1767225600",
        hosted_invoice_url: null
      }
    ]),
    check: (result) => {
      assert.instanceOf(result[0], Billing.Invoice)
      assert.strictEqual(result[0]?.amountPaid, 4900)
      assert.strictEqual(result[0]?.hostedInvoiceUrl, undefined)
    }
  }),
  row({
    endpoint: "control:keys.list",
    title: "keys.list decodes the keys",
    call: (c) => c.control.keys.list(),
    method: "GET",
    path: "/api/keys",
    reply: MockTransport.json({
      keys: [{ key_id: "k1", prefix: "msy_01", name: "ci", is_active: true, created_at: "2026-01-01" }],
      max_keys: 5,
      active_count: 1
    }),
    check: (result) => {
      assert.instanceOf(result, Keys.KeyList)
      assert.strictEqual(result.maxKeys, 5)
      assert.strictEqual(result.keys[0]?.isActive, true)
      assert.deepStrictEqual(result.keys[0]?.scopes, [])
    }
  }),
  row({
    endpoint: "control:keys.create",
    title: "keys.create sends scopes read and write by default, no expires_at",
    call: (c) => c.control.keys.create("ci"),
    method: "POST",
    path: "/api/keys",
    body: { name: "ci", scopes: ["read", "write"] },
    reply: MockTransport.json({ key_id: "k2", raw_key: "msy_new", prefix: "msy_ne", name: "ci" }),
    check: (result) => {
      assert.instanceOf(result, Keys.CreatedKey)
      assert.strictEqual(result.rawKey, "msy_new")
    }
  }),
  row({
    endpoint: "control:keys.create",
    title: "keys.create sends the scopes and expiry given",
    call: (c) => c.control.keys.create("reader", { scopes: ["read"], expiresAt: "2027-01-01T00:00:00Z" }),
    method: "POST",
    path: "/api/keys",
    body: { name: "reader", scopes: ["read"], expires_at: "2027-01-01T00:00:00Z" },
    reply: MockTransport.json({
      key_id: "k3",
      raw_key: "msy_r",
      prefix: "msy_r",
      name: "reader",
      scopes: ["read"]
    }),
    check: (result) => assert.deepStrictEqual(result.scopes, ["read"])
  }),
  row({
    endpoint: "control:keys.usage",
    title: "keys.usage returns the usage records",
    call: (c) => c.control.keys.usage("k1"),
    method: "GET",
    path: "/api/keys/k1/usage",
    reply: MockTransport.json({ usage: [{ day: "2026-04-01", calls: 3 }] }),
    check: (result) => assert.deepStrictEqual(result, [{ day: "2026-04-01", calls: 3 }])
  }),
  row({
    endpoint: "control:keys.usage",
    title: "keys.usage reads an empty body as []",
    call: (c) => c.control.keys.usage("k1"),
    method: "GET",
    path: "/api/keys/k1/usage",
    reply: { status: 200, text: "" },
    check: (result) => assert.deepStrictEqual(result, [])
  }),
  row({
    endpoint: "control:keys.delete",
    title: "keys.delete percent-encodes the id and returns nothing on 204",
    call: (c) => c.control.keys.delete("k?x=1#y"),
    method: "DELETE",
    path: "/api/keys/k%3Fx%3D1%23y",
    reply: { status: 204 },
    check: noContent
  }),
  row({
    endpoint: "control:interest.express",
    title: "interest.express sends email and name only when nothing else is set",
    call: (c) => c.control.interest.express({ email: "a@b.c", name: "Ada" }),
    method: "POST",
    path: "/api/interest/pro",
    body: { email: "a@b.c", name: "Ada" },
    reply: MockTransport.json({ message: "Thanks" }),
    check: (result) => {
      assert.instanceOf(result, Account.InterestResult)
      assert.strictEqual(result.message, "Thanks")
    }
  }),
  row({
    endpoint: "control:interest.express",
    title: "interest.express sends the optional fields under wire keys",
    call: (c) =>
      c.control.interest.express({
        email: "a@b.c",
        name: "Ada",
        company: "Acme",
        useCase: "agents",
        notes: "n"
      }),
    method: "POST",
    path: "/api/interest/pro",
    body: { email: "a@b.c", name: "Ada", company: "Acme", use_case: "agents", notes: "n" },
    reply: MockTransport.json({ message: "Thanks" }),
    check: (result) => assert.strictEqual(result.message, "Thanks")
  }),
  row({
    endpoint: "control:interest.status",
    title: "interest.status reads expressed",
    call: (c) => c.control.interest.status(),
    method: "GET",
    path: "/api/interest/pro/status",
    reply: MockTransport.json({ expressed: true }),
    check: (result) => assert.strictEqual(result, true)
  }),
  row({
    endpoint: "control:interest.status",
    title: "interest.status reads a null body as false",
    call: (c) => c.control.interest.status(),
    method: "GET",
    path: "/api/interest/pro/status",
    reply: MockTransport.json(null),
    check: (result) => assert.strictEqual(result, false)
  })
]

const declared = (plane: string, tree: Endpoint.Tree): ReadonlyArray<string> =>
  Object.values(tree).flatMap((node) =>
    Endpoint.isEndpoint(node) ? [`${plane}:${node.name}`] : declared(plane, node)
  )

/** The methods of `client` (a derived tree) with every call given `options` after its declared parameters. */
const withTrailing = (tree: Endpoint.Tree, client: object, options: RequestOptions.RequestOptions): never =>
  Object.fromEntries(
    Object.entries(tree).map(([name, node]) => {
      const method = (client as Record<string, unknown>)[name]
      if (!Endpoint.isEndpoint(node)) return [name, withTrailing(node, method as object, options)]
      const arity = node.params.length
      return [
        name,
        (...args: Array<unknown>) =>
          (method as (...args: Array<unknown>) => unknown)(
            ...Array.from({ length: arity }, (_, i) => args[i]),
            options
          )
      ]
    })
  ) as never

describe("endpoints", () => {
  it("the table covers every endpoint of both clients, and nothing else", () => {
    const all = [
      ...declared("data", MemsyClient.endpoints),
      ...declared("control", MemsyControlClient.endpoints)
    ]
    const tested = new Set(rows.map((r) => r.endpoint))
    assert.deepStrictEqual(
      all.filter((name) => !tested.has(name)),
      [],
      "endpoints without a wire test"
    )
    assert.deepStrictEqual(
      [...tested].filter((name) => !all.includes(name)),
      [],
      "rows naming no endpoint"
    )
    // The walk reaches nested resources: 26 data-plane and 13 control-plane endpoints today.
    assert.isAtLeast(all.length, 39)
  })

  // The SDK's own transport interface, an `@effect/platform` HttpClient behind the adapter, and the
  // SDK's fetch transport: each carries exactly the same requests and answers.
  for (const face of ["transport", "httpClient", "fetch"] as const) {
    for (const r of rows) {
      it.effect(`${face}: ${r.title}`, () =>
        Effect.gen(function* () {
          const mock = yield* MockTransport.MockTransport
          yield* mock.reply(`${r.method} ${r.path}`, r.reply)
          const result = yield* r.call(yield* clients)
          const requests = yield* mock.requests
          assert.strictEqual(requests.length, 1)
          const [sent] = requests
          assert.strictEqual(sent?.method, r.method)
          assert.strictEqual(sent?.path, r.path)
          assert.strictEqual(sent?.url.host, "memsy.test")
          assert.deepStrictEqual(sent?.query, r.query ?? {})
          assert.strictEqual(sent?.headers["authorization"], `Bearer ${KEY}`)
          if (r.body === undefined) {
            assert.strictEqual(sent?.text, undefined)
            assert.strictEqual(sent?.headers["content-type"], undefined)
          } else {
            assert.deepStrictEqual(sent?.body, r.body)
            assert.strictEqual(sent?.headers["content-type"], "application/json")
            assert.notInclude(sent?.text ?? "", "null")
          }
          r.check(result)
        }).pipe(Effect.provide(MockTransport.layerClients({}, face)))
      )
    }
  }

  // `withResponse` is the same tree: the same request, the same result as `data`, and the response.
  for (const r of rows) {
    it.effect(`withResponse: ${r.title}`, () =>
      Effect.gen(function* () {
        const mock = yield* MockTransport.MockTransport
        const reply = {
          ...r.reply,
          headers: { ...("headers" in r.reply && r.reply.headers), "x-request-id": "req_1" }
        }
        yield* mock.reply(`${r.method} ${r.path}`, reply)
        const c = yield* clients
        const responses = { data: c.data.withResponse, control: c.control.withResponse } as unknown as Clients
        const { data, meta } = (yield* r.call(responses)) as ResponseMeta.WithResponse<unknown>
        const [sent] = yield* mock.requests
        assert.strictEqual(sent?.method, r.method)
        assert.strictEqual(sent?.path, r.path)
        r.check(data)
        assert.strictEqual(meta.status, "status" in r.reply ? (r.reply.status ?? 200) : 200)
        assert.strictEqual(meta.headers["x-request-id"], "req_1")
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }

  // A call's options follow the declared parameters, optional ones included, on every endpoint.
  for (const r of rows) {
    it.effect(`request options: ${r.title}`, () =>
      Effect.gen(function* () {
        const mock = yield* MockTransport.MockTransport
        yield* mock.reply(`${r.method} ${r.path}`, r.reply)
        const c = yield* clients
        const options = { headers: { "X-Trace-Id": "t1", authorization: "Bearer stolen" } }
        const traced = {
          data: withTrailing(MemsyClient.endpoints, c.data, options),
          control: withTrailing(MemsyControlClient.endpoints, c.control, options)
        }
        const result = yield* r.call(traced)
        const [sent] = yield* mock.requests
        assert.strictEqual(sent?.headers["x-trace-id"], "t1")
        assert.strictEqual(sent?.headers["authorization"], `Bearer ${KEY}`, "the key is the client's")
        assert.deepStrictEqual(sent?.query, r.query ?? {})
        if (r.body !== undefined) assert.deepStrictEqual(sent?.body, r.body)
        r.check(result)
      }).pipe(Effect.provide(MockTransport.layerClients()))
    )
  }
})
