/**
 * The fault matrix: every endpoint of both clients × every fault the emulator injects, in both
 * packages, with the clients' defaults and with `retryTransient`. Each call must end in success or
 * the typed error the contract documents, after the documented number of attempts and exactly the
 * documented (virtual) time. Faults of the wire (resets, a gzip body that lies about its length) run
 * again over real sockets. The size of the matrix and the cells that passed are printed.
 */
import { Endpoint, MemsyClient, MemsyControlClient } from "@memsy/effect"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { Effect } from "effect"
import { cases, faults, type Mode, wire } from "./faults.cases.js"
import { noUnhandledRejections, T0 } from "./faults.helpers.js"
import { type Cell, effectInProcess, facadeInProcess, onTheWire, problems, serve } from "./faults.run.js"

noUnhandledRejections()

const modes: ReadonlyArray<readonly [string, Mode]> = [
  ["defaults", { retryTransient: false }],
  ["retryTransient", { retryTransient: true }]
]

const tally = { cells: 0, passed: 0 }
const count = (cells: ReadonlyArray<Cell>) => {
  tally.cells += cells.length
  tally.passed += cells.filter((cell) => cell.problem === undefined).length
}

afterAll(() => {
  console.log(
    `fault matrix: ${cases.length} endpoints × ${faults.length} faults in process and ${wire.length} on the wire, ` +
      `2 packages, 2 modes: ${tally.cells} calls, ${tally.passed} as documented`
  )
})

describe("the matrix's axes", () => {
  it("every declared endpoint is a case, with arguments the client accepts", () => {
    const declared = [
      ...Endpoint.flatten(MemsyClient.endpoints).map((e) => `data:${e.name}`),
      ...Endpoint.flatten(MemsyControlClient.endpoints).map((e) => `control:${e.name}`)
    ]
    assert.deepStrictEqual(
      cases.map((c) => c.key),
      declared
    )
    assert.isAtLeast(cases.length, 39)
  })

  // keys.usage reads a missing list as [] like the other lists (§5.6).
  it("an empty 2xx is data only where the contract says so (§1.5)", () => {
    const empty = faults.find((f) => f.name === "200 empty")!
    const accepted = cases
      .filter((c) => empty.expect(c, { retryTransient: false }, T0).outcome._tag === "Success")
      .map((c) => c.key)
    const deletes = cases
      .filter((c) => c.endpoint.method === "DELETE" && c.key !== "data:clear")
      .map((c) => c.key)
    assert.sameMembers(accepted, [
      ...deletes,
      "data:orgs.list",
      "data:roles.list",
      "data:teams.list",
      "control:billing.invoices",
      "control:keys.usage",
      "control:interest.status"
    ])
  })
})

for (const [label, mode] of modes) {
  describe(`in process, ${label}`, () => {
    for (const c of cases) {
      it(`@memsy/effect: ${c.key}`, async () => {
        const cells = await Effect.runPromise(effectInProcess(c, faults, mode, "transport"))
        count(cells)
        assert.deepStrictEqual(problems(cells), [])
      })

      it(`@memsy/sdk: ${c.key}`, async () => {
        const cells = await facadeInProcess(c, faults, mode)
        count(cells)
        assert.deepStrictEqual(problems(cells), [])
      })
    }
  })

  describe(`over 127.0.0.1, ${label}`, () => {
    // One server per block; each case's clients are made and closed inside its test.
    let server: Awaited<ReturnType<typeof serve>>
    beforeAll(async () => {
      server = await serve()
    })
    afterAll(() => server.close())
    for (const pkg of ["effect", "sdk"] as const) {
      for (const c of cases) {
        it(`@memsy/${pkg}: ${c.key}`, async () => {
          const cells = await onTheWire(pkg, server, c, wire, mode)
          count(cells)
          assert.deepStrictEqual(problems(cells), [])
        })
      }
    }
  })
}
