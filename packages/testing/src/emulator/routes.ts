/**
 * The route tables of both planes (§3). Order matters only where a literal segment shadows a
 * parameter: `/console/memories/stats` before `/console/memories/{memory_id}`.
 *
 * @internal
 */
import * as control from "./control.js"
import { clear, ingest, status } from "./ingest.js"
import * as memories from "./memories.js"
import { orgs, roles, teams } from "./onboarding.js"
import type { Route } from "./router.js"
import { route } from "./router.js"
import { search } from "./search.js"

const children = (path: string, idParam: string, h: typeof roles): Array<Route> => [
  route("GET", path, h.list),
  route("POST", path, h.create),
  route("GET", `${path}/:${idParam}`, h.get),
  route("PATCH", `${path}/:${idParam}`, h.update),
  route("DELETE", `${path}/:${idParam}`, h.remove),
  route("POST", `${path}/:${idParam}/regenerate-prompt`, h.regenerate)
]

export const dataRoutes: ReadonlyArray<Route> = [
  route("POST", "/ingest", ingest),
  route("POST", "/search", search),
  route("POST", "/status", status),
  route("GET", "/health", control.health),
  route("DELETE", "/clear/:tag", clear),
  route("GET", "/orgs", orgs.list),
  route("POST", "/orgs", orgs.create),
  route("GET", "/orgs/:org_id", orgs.get),
  route("PATCH", "/orgs/:org_id", orgs.update),
  route("DELETE", "/orgs/:org_id", orgs.remove),
  route("POST", "/orgs/:org_id/regenerate-prompt", orgs.regenerate),
  ...children("/roles", "role_id", roles),
  ...children("/teams", "team_id", teams),
  route("GET", "/console/memories", memories.list),
  route("GET", "/console/memories/stats", memories.stats),
  route("GET", "/console/memories/:memory_id", memories.get)
]

export const controlRoutes: ReadonlyArray<Route> = [
  route("GET", "/me", control.me),
  route("GET", "/health", control.health),
  route("GET", "/console/events", control.events),
  route("GET", "/usage/summary", control.usageSummary),
  route("GET", "/usage/timeseries", control.usageTimeseries),
  route("GET", "/billing/summary", control.billingSummary),
  route("GET", "/billing/invoices", control.billingInvoices),
  route("GET", "/keys", control.keysList),
  route("POST", "/keys", control.keysCreate),
  route("DELETE", "/keys/:key_id", control.keysDelete),
  route("GET", "/keys/:key_id/usage", control.keysUsage),
  route("POST", "/interest/pro", control.interestExpress),
  route("GET", "/interest/pro/status", control.interestStatus)
]
