/**
 * The onboarding hierarchy through the Effect SDK: `orgs`, `roles` and `teams` — create, get,
 * update, regeneratePrompt, list, delete — with their caps and permissions.
 */
import { assert, describe, it } from "@effect/vitest"
import type { MemsyClient, MemsyError, Onboarding } from "@memsy/effect"
import { Effect, TestClock } from "effect"
import { clientsFor, event, expectTag, iso, T0, withEmulator } from "./effect.helpers.js"

const ORG = "org_emulator"

/** A record without the usage and rate-limit headers, which differ from one call to the next. */
const withoutMeta = ({ usage: _usage, rateLimit: _rateLimit, ...record }: Onboarding.Org) => record

const notFound = (error: MemsyError.MemsyError, detail: string) => {
  const e = expectTag(error, "MemsyAPIError")
  assert.strictEqual(e.statusCode, 404)
  assert.strictEqual(e.detail, detail)
}

describe("orgs", () => {
  it.effect("create, get, update, regeneratePrompt, list, delete", () =>
    withEmulator(({ memsy, control }) =>
      Effect.gen(function* () {
        const { orgId } = yield* control.me()
        assert.strictEqual(orgId, ORG)
        assert.deepStrictEqual(yield* memsy.orgs.list(), [])
        notFound(yield* Effect.flip(memsy.orgs.get(orgId)), "Org not found")

        const created = yield* memsy.orgs.create({ orgId, name: "Acme", focus: "AI assistant context" })
        assert.strictEqual(created.orgId, orgId)
        assert.strictEqual(created.name, "Acme")
        assert.strictEqual(created.focus, "AI assistant context")
        assert.include(created.promotionPrompt, '"Acme"')
        assert.include(created.promotionPrompt, "Focus: AI assistant context.")
        assert.strictEqual(created.createdAt, iso(T0))
        assert.strictEqual(created.updatedAt, iso(T0))
        assert.strictEqual(created.promptMeta?.revision, 0)
        assert.strictEqual(created.usage?.plan, "pro")
        assert.isDefined(created.rateLimit?.limit)
        assert.deepStrictEqual(withoutMeta(yield* memsy.orgs.get(orgId)), withoutMeta(created))

        // Changing focus does not rewrite the prompt; regenerating does, and moves updatedAt.
        yield* TestClock.adjust("1 minute")
        const updated = yield* memsy.orgs.update(orgId, { focus: "Customer support" })
        assert.strictEqual(updated.focus, "Customer support")
        assert.strictEqual(updated.name, "Acme")
        assert.strictEqual(updated.promotionPrompt, created.promotionPrompt)
        assert.strictEqual(updated.updatedAt, iso(T0 + 60_000))
        assert.strictEqual(updated.createdAt, created.createdAt)

        yield* TestClock.adjust("1 minute")
        const regenerated = yield* memsy.orgs.regeneratePrompt(orgId)
        assert.notStrictEqual(regenerated.promotionPrompt, created.promotionPrompt)
        assert.include(regenerated.promotionPrompt, "Focus: Customer support.")
        assert.strictEqual(regenerated.updatedAt, iso(T0 + 120_000))
        assert.strictEqual(regenerated.promptMeta?.revision, 1)

        // An explicit prompt is kept as written until the next regeneration.
        const custom = yield* memsy.orgs.update(orgId, { promotionPrompt: "Remember only decisions." })
        assert.strictEqual(custom.promotionPrompt, "Remember only decisions.")
        assert.strictEqual(custom.promptMeta?.generator, "user")
        // An empty patch changes nothing but the update time.
        yield* TestClock.adjust("1 second")
        const touched = yield* memsy.orgs.update(orgId, {})
        assert.deepStrictEqual(
          [touched.name, touched.focus, touched.promotionPrompt, touched.updatedAt],
          ["Acme", "Customer support", "Remember only decisions.", iso(T0 + 121_000)]
        )

        const listed = yield* memsy.orgs.list()
        assert.deepStrictEqual(
          listed.map((o) => [o.orgId, o.name, o.promotionPrompt]),
          [[orgId, "Acme", "Remember only decisions."]]
        )

        const conflict = expectTag(
          yield* Effect.flip(memsy.orgs.create({ orgId, name: "Acme again", focus: "x" })),
          "MemsyAPIError"
        )
        assert.strictEqual(conflict.statusCode, 409)

        yield* memsy.orgs.delete(orgId)
        notFound(yield* Effect.flip(memsy.orgs.get(orgId)), "Org not found")
        notFound(yield* Effect.flip(memsy.orgs.update(orgId, { name: "x" })), "Org not found")
        notFound(yield* Effect.flip(memsy.orgs.regeneratePrompt(orgId)), "Org not found")
        notFound(yield* Effect.flip(memsy.orgs.delete(orgId)), "Org not found")
        assert.deepStrictEqual(yield* memsy.orgs.list(), [])
      })
    )
  )

  it.effect("another org's id is refused: AuthorizationError org_mismatch", () =>
    withEmulator(({ memsy }) =>
      Effect.gen(function* () {
        const create = expectTag(
          yield* Effect.flip(memsy.orgs.create({ orgId: "org_someone_else", name: "X", focus: "y" })),
          "AuthorizationError"
        )
        assert.strictEqual(create.errorCode, "org_mismatch")
        assert.strictEqual(create.statusCode, 403)
        assert.isUndefined(create.requiredScope)
        expectTag(yield* Effect.flip(memsy.orgs.get("org_someone_else")), "AuthorizationError")
        expectTag(yield* Effect.flip(memsy.roles.list("org_someone_else")), "AuthorizationError")
      })
    )
  )

  it.effect(
    "the free tier allows one org record per customer: OrgLimitReachedError with limit and current",
    () =>
      withEmulator(({ emulator }) =>
        Effect.gen(function* () {
          const email = "founder@free.example"
          const first = yield* clientsFor(
            emulator,
            emulator.addKey({ tier: "free", orgId: "org_free_a", email })
          )
          const second = yield* clientsFor(
            emulator,
            emulator.addKey({ tier: "free", orgId: "org_free_b", email })
          )
          yield* first.memsy.orgs.create({ orgId: "org_free_a", name: "A", focus: "first" })
          const error = expectTag(
            yield* Effect.flip(second.memsy.orgs.create({ orgId: "org_free_b", name: "B", focus: "second" })),
            "OrgLimitReachedError"
          )
          assert.strictEqual(error.statusCode, 403)
          assert.strictEqual(error.errorCode, "org_limit_reached")
          assert.strictEqual(error.limit, 1)
          assert.strictEqual(error.current, 1)
          assert.deepStrictEqual(yield* second.memsy.orgs.list(), [])
          // Another customer is not affected; deleting the first record frees the slot.
          const stranger = yield* clientsFor(
            emulator,
            emulator.addKey({ tier: "free", orgId: "org_free_c", email: "x@y.z" })
          )
          yield* stranger.memsy.orgs.create({ orgId: "org_free_c", name: "C", focus: "third" })
          yield* first.memsy.orgs.delete("org_free_a")
          const created = yield* second.memsy.orgs.create({ orgId: "org_free_b", name: "B", focus: "second" })
          assert.strictEqual(created.orgId, "org_free_b")
        })
      )
  )

  it.effect("the pro tier allows five", () =>
    withEmulator(({ emulator }) =>
      Effect.gen(function* () {
        for (let i = 0; i < 5; i++) {
          const pro = yield* clientsFor(emulator, emulator.addKey({ orgId: `org_pro_${i}` }))
          yield* pro.memsy.orgs.create({ orgId: `org_pro_${i}`, name: `Pro ${i}`, focus: "x" })
        }
        const sixth = yield* clientsFor(emulator, emulator.addKey({ orgId: "org_pro_5" }))
        const error = expectTag(
          yield* Effect.flip(sixth.memsy.orgs.create({ orgId: "org_pro_5", name: "Pro 5", focus: "x" })),
          "OrgLimitReachedError"
        )
        assert.deepStrictEqual([error.limit, error.current], [5, 5])
      })
    )
  )

  it.effect("mutations need an admin: AuthorizationError admin_required; reads do not", () =>
    withEmulator(({ memsy, emulator }) =>
      Effect.gen(function* () {
        yield* memsy.orgs.create({ orgId: ORG, name: "Acme", focus: "x" })
        const role = yield* memsy.roles.create({ orgId: ORG, name: "Engineering", focus: "x" })
        const team = yield* memsy.teams.create({ orgId: ORG, name: "Core", focus: "x" })
        const member = (yield* clientsFor(emulator, emulator.addKey({ admin: false }))).memsy
        const mutations: ReadonlyArray<Effect.Effect<unknown, MemsyError.MemsyError>> = [
          member.orgs.create({ orgId: ORG, name: "x", focus: "y" }),
          member.orgs.update(ORG, { name: "x" }),
          member.orgs.regeneratePrompt(ORG),
          member.orgs.delete(ORG),
          member.roles.create({ orgId: ORG, name: "x", focus: "y" }),
          member.roles.update(role.roleId, ORG, { name: "x" }),
          member.roles.regeneratePrompt(role.roleId, ORG),
          member.roles.delete(role.roleId, ORG),
          member.teams.create({ orgId: ORG, name: "x", focus: "y" }),
          member.teams.update(team.teamId, ORG, { name: "x" }),
          member.teams.regeneratePrompt(team.teamId, ORG),
          member.teams.delete(team.teamId, ORG)
        ]
        for (const mutation of mutations) {
          const error = expectTag(yield* Effect.flip(mutation), "AuthorizationError")
          assert.strictEqual(error.errorCode, "admin_required")
          assert.isUndefined(error.requiredScope)
        }
        assert.strictEqual((yield* member.orgs.get(ORG)).name, "Acme")
        assert.strictEqual((yield* member.roles.get(role.roleId, ORG)).name, "Engineering")
        assert.deepStrictEqual(
          (yield* member.teams.list(ORG)).map((t) => t.name),
          ["Core"]
        )
        assert.strictEqual((yield* member.orgs.list()).length, 1)
      })
    )
  )
})

type Children = "roles" | "teams"

/** `memsy.roles` and `memsy.teams` as one interface: the same methods, answering a Role or a Team. */
type Child = Onboarding.Role | Onboarding.Team
type RoleClient = MemsyClient.Service["roles"]
type Answer<A> = Effect.Effect<A, MemsyError.MemsyError>
interface ChildClient {
  readonly create: (...args: Parameters<RoleClient["create"]>) => Answer<Child>
  readonly list: (...args: Parameters<RoleClient["list"]>) => Answer<ReadonlyArray<Child>>
  readonly get: (...args: Parameters<RoleClient["get"]>) => Answer<Child>
  readonly update: (...args: Parameters<RoleClient["update"]>) => Answer<Child>
  readonly regeneratePrompt: (...args: Parameters<RoleClient["regeneratePrompt"]>) => Answer<Child>
  readonly delete: (...args: Parameters<RoleClient["delete"]>) => Answer<void>
}

const childId = (kind: Children, record: Child): string =>
  kind === "roles" ? (record as Onboarding.Role).roleId : (record as Onboarding.Team).teamId

const childrenSuite = (kind: Children) => {
  const api = (memsy: MemsyClient.Service): ChildClient => memsy[kind]
  const noun = kind === "roles" ? "Role" : "Team"
  const prefix = kind === "roles" ? "role" : "team"

  describe(kind, () => {
    it.effect("create, get, update, regeneratePrompt, list with paging, delete", () =>
      withEmulator(({ memsy }) =>
        Effect.gen(function* () {
          const children = api(memsy)
          assert.deepStrictEqual(yield* children.list(ORG), [])
          const eng = yield* children.create({
            orgId: ORG,
            name: "Platform Engineering",
            focus: "Infrastructure"
          })
          const id = childId(kind, eng)
          assert.strictEqual(id, `${prefix}_platform_engineering`)
          assert.strictEqual(eng.orgId, ORG)
          assert.strictEqual(eng.createdAt, iso(T0))
          assert.include(eng.promotionPrompt, '"Platform Engineering"')
          assert.include(eng.promotionPrompt, "Focus: Infrastructure.")
          // A name already taken gets a suffix.
          const twin = yield* children.create({ orgId: ORG, name: "Platform Engineering", focus: "Other" })
          assert.strictEqual(childId(kind, twin), `${prefix}_platform_engineering_2`)
          const third = yield* children.create({ orgId: ORG, name: "Sales", focus: "Deals" })

          const got = yield* children.get(id, ORG)
          assert.strictEqual(childId(kind, got), id)
          assert.strictEqual(got.focus, "Infrastructure")

          yield* TestClock.adjust("5 minutes")
          const renamed = yield* children.update(id, ORG, { name: "Platform", focus: "Kubernetes" })
          assert.deepStrictEqual([renamed.name, renamed.focus], ["Platform", "Kubernetes"])
          assert.strictEqual(childId(kind, renamed), id)
          assert.strictEqual(renamed.promotionPrompt, eng.promotionPrompt)
          assert.strictEqual(renamed.updatedAt, iso(T0 + 300_000))

          yield* TestClock.adjust("5 minutes")
          const regenerated = yield* children.regeneratePrompt(id, ORG)
          assert.include(regenerated.promotionPrompt, '"Platform"')
          assert.include(regenerated.promotionPrompt, "Focus: Kubernetes.")
          assert.notStrictEqual(regenerated.promotionPrompt, eng.promotionPrompt)
          assert.strictEqual(regenerated.updatedAt, iso(T0 + 600_000))
          assert.strictEqual(regenerated.createdAt, iso(T0))
          assert.strictEqual(regenerated.promptMeta?.revision, 1)
          assert.strictEqual(
            (yield* children.regeneratePrompt(id, ORG)).promptMeta?.revision,
            2,
            "each regeneration is a new revision"
          )

          const all = (yield* children.list(ORG)).map((c) => childId(kind, c))
          assert.deepStrictEqual(all, [id, childId(kind, twin), childId(kind, third)])
          const page = yield* children.list(ORG, { limit: 1, offset: 1 })
          assert.deepStrictEqual(
            page.map((c) => childId(kind, c)),
            [childId(kind, twin)]
          )
          assert.deepStrictEqual(yield* children.list(ORG, { offset: 3 }), [])

          yield* children.delete(childId(kind, twin), ORG)
          notFound(yield* Effect.flip(children.get(childId(kind, twin), ORG)), `${noun} not found`)
          notFound(yield* Effect.flip(children.update("nope", ORG, { name: "x" })), `${noun} not found`)
          notFound(yield* Effect.flip(children.regeneratePrompt("nope", ORG)), `${noun} not found`)
          notFound(yield* Effect.flip(children.delete(childId(kind, twin), ORG)), `${noun} not found`)
          assert.deepStrictEqual(
            (yield* children.list(ORG)).map((c) => childId(kind, c)),
            [id, childId(kind, third)]
          )
        })
      )
    )

    it.effect("records are per org, and deleting one leaves tagged memories searchable", () =>
      withEmulator(({ memsy, emulator }) =>
        Effect.gen(function* () {
          const children = api(memsy)
          const record = yield* children.create({ orgId: ORG, name: "Core", focus: "x" })
          const id = childId(kind, record)
          yield* memsy.ingest([
            event("Deploys need a rollback plan", {
              actorId: "u2",
              ...(kind === "roles" ? { roleId: id } : { teamId: id })
            })
          ])
          yield* TestClock.adjust("1 second")
          yield* children.delete(id, ORG)
          const ids = kind === "roles" ? { roleIds: [id] } : { teamIds: [id] }
          const found = yield* memsy.search("rollback plan", { actorId: "u1", ...ids })
          assert.strictEqual(found.results.length, 1)

          const other = yield* clientsFor(emulator, emulator.addKey({ orgId: "org_other" }))
          assert.deepStrictEqual(yield* api(other.memsy).list("org_other"), [])
          expectTag(yield* Effect.flip(api(other.memsy).get(id, ORG)), "AuthorizationError")
        })
      )
    )

    it.effect("the SDK validates ids, names and paging before sending", () =>
      withEmulator(({ memsy, emulator }) =>
        Effect.gen(function* () {
          const children = api(memsy)
          const calls: ReadonlyArray<readonly [Effect.Effect<unknown, MemsyError.MemsyError>, string]> = [
            [children.create({ orgId: ORG, name: " ", focus: "x" }), `${kind}.create`],
            [children.create({ orgId: "", name: "x", focus: "x" }), `${kind}.create`],
            [children.list(ORG, { limit: 0 }), `${kind}.list`],
            [children.list(ORG, { limit: 201 }), `${kind}.list`],
            [children.list(ORG, { offset: -1 }), `${kind}.list`],
            [children.get("", ORG), `${kind}.get`],
            [children.update("x", ORG, { promotionPrompt: "  " }), `${kind}.update`],
            [children.regeneratePrompt("x", " "), `${kind}.regeneratePrompt`],
            [children.delete(" ", ORG), `${kind}.delete`]
          ]
          for (const [call, operation] of calls) {
            const error = expectTag(yield* Effect.flip(call), "MemsyValidationError")
            assert.strictEqual(error.operation, operation)
          }
          assert.deepStrictEqual(emulator.requests(), [])
        })
      )
    )
  })
}

childrenSuite("roles")
childrenSuite("teams")
