import { MemsyClient, MemsyControlClient } from "@memsy/sdk"

await using memsy = new MemsyClient()
await using control = new MemsyControlClient()

// The onboarding calls name the org, and it must be the key's own: `me` says which it is.
const { orgId } = await control.me()

const org = await memsy.orgs.create({ orgId, name: "Acme", focus: "A travel agency's assistant" })
console.log(`org ${org.orgId}: prompt of ${org.promotionPrompt.length} characters`)

// Roles and teams are siblings under the org: a role does not belong to a team.
const role = await memsy.roles.create({ orgId, name: "Agents", focus: "Booking rules and customer care" })
const team = await memsy.teams.create({ orgId, name: "Corporate", focus: "Business travel accounts" })

// Change what a scope stresses, or have the service write its prompt again from name and focus.
await memsy.roles.update(role.roleId, orgId, { focus: "Booking rules, refunds and customer care" })
const rewritten = await memsy.teams.regeneratePrompt(team.teamId, orgId)
console.log(`team ${rewritten.name}: prompt rewritten at ${rewritten.updatedAt}`)

// Events tagged with the ids are extracted with those prompts, and may be promoted to the scope.
await memsy.ingest([
  {
    actorId: "agent_1",
    sessionId: "desk",
    kind: "user_message",
    content: "Refunds over 500 euros need a manager's approval",
    roleId: role.roleId,
    teamId: team.teamId
  }
])

console.log(`roles: ${(await memsy.roles.list(orgId)).map((r) => r.name)}`)
console.log(`teams: ${(await memsy.teams.list(orgId, { limit: 10, offset: 0 })).map((t) => t.name)}`)

// Deleting a record removes the customisation only; memories tagged with its id stay.
await memsy.teams.delete(team.teamId, orgId)
console.log(`teams after delete: ${(await memsy.teams.list(orgId)).length}`)
console.log(`orgs: ${(await memsy.orgs.list()).map((o) => `${o.orgId} (${o.name})`)}`)
