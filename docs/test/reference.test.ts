// The reference's coverage check, on a small package written for the purpose: what it finds missing,
// what it reads through (an alias of a documented type, an endpoint named from its own constant),
// and how the methods of a client derived from an endpoint tree get their comments. The real
// packages are checked by `pnpm docs:check`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { gaps } from "../tools/check.js"
import { type Survey, survey } from "../tools/survey.js"

const workspace = fileURLToPath(new URL("../..", import.meta.url))

const files: Record<string, string> = {
  "tsconfig.base.json": JSON.stringify({
    compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext" }
  }),
  "pkg/package.json": JSON.stringify({
    name: "@fixture/core",
    type: "module",
    exports: {
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./package.json": "./package.json"
    }
  }),
  "pkg/src/index.ts": `
/** @since 1.0.0 */
export * as Things from "./Things.js"
/** @since 1.0.0 */
export * as Client from "./Client.js"
`,
  "pkg/src/Things.ts": `/**
 * Things, some documented.
 *
 * @since 1.0.0
 */

/**
 * Documented.
 *
 * @since 1.0.0
 */
export const documented = 1

/**
 * @since 1.0.0
 */
export const tagsOnly = 2

export const uncommented = 3

/**
 * A shape, described once.
 *
 * @since 1.0.0
 */
export interface Shape {
  readonly size: number
}

/**
 * @since 1.0.0
 */
export type SameShape = Shape

/**
 * A failure without an example.
 *
 * @since 1.0.0
 */
export class Oops extends Error {}
`,
  "pkg/src/Client.ts": `/**
 * A client derived from its endpoints.
 *
 * @since 1.0.0
 */
const endpoint = (method: string) => ({ method, params: [], input: () => ({}), request: null, response: null })

/**
 * \`GET /a\`: reads a.
 *
 * @example
 * \`\`\`ts
 * const a = 1
 * \`\`\`
 *
 * @promiseExample
 * \`\`\`ts
 * const a = 2
 * \`\`\`
 *
 * @since 1.0.0
 */
export const a = endpoint("GET")

/**
 * Every endpoint.
 *
 * @since 1.0.0
 */
export const endpoints = {
  a,
  nested: {
    /** \`POST /b\`: writes b. */
    b: endpoint("POST")
  }
}

type Methods<T> = {
  readonly [K in keyof T]: T[K] extends { readonly method: string } ? () => Promise<void> : Methods<T[K]>
}

/**
 * The client.
 *
 * @since 1.0.0
 */
export interface Service extends Methods<typeof endpoints> {
  /** Added by the client. */
  readonly extra: (n: number) => Promise<string>
}
`
}

let root: string
let found: Survey

beforeAll(() => {
  // Inside the workspace, so that the fixture finds the workspace's TypeScript libraries.
  mkdirSync(join(workspace, "build"), { recursive: true })
  root = mkdtempSync(join(workspace, "build", "reference-fixture-"))
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), text)
  }
  found = survey({
    root,
    packages: ["pkg"],
    trees: [{ pkg: "@fixture/core", path: "Client.endpoints" }],
    clients: [
      {
        pkg: "@fixture/core",
        type: "Client.Service",
        name: "Client",
        receiver: "client",
        tree: { pkg: "@fixture/core", path: "Client.endpoints" }
      }
    ],
    views: []
  })
}, 60_000)

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe("the reference's coverage check", () => {
  it("names every export, endpoint, added method and error class that lacks what it needs", () => {
    expect(
      gaps(found)
        .map((gap) => gap.gap)
        .sort()
    ).toEqual([
      "@fixture/core: Client.Service.extra: an @example",
      "@fixture/core: Client.endpoints.nested.b: a @promiseExample",
      "@fixture/core: Client.endpoints.nested.b: an @example",
      "@fixture/core: Things.Oops: an @example",
      "@fixture/core: Things.tagsOnly: a description",
      "@fixture/core: Things.uncommented: @since",
      "@fixture/core: Things.uncommented: a description"
    ])
  })

  it("says where each missing comment goes", () => {
    const at = gaps(found).find((gap) => gap.gap === "@fixture/core: Things.uncommented: @since")?.at
    expect(at).toBe("pkg/src/Things.ts:19")
  })

  it("reads an alias's description from the type it names, and a namespace's from its module header", () => {
    const doc = (id: string) => found.items.find((item) => item.id === id)?.doc.description
    expect(doc("@fixture/core: Things.SameShape")).toBe("A shape, described once.")
    expect(doc("@fixture/core: Things")).toBe("Things, some documented.")
  })

  it("gives a derived method its endpoint's comment, and an added one its own", () => {
    const methods = found.clients[0]!.methods
    expect(methods.map((m) => [m.path, m.endpoint, m.doc.description])).toEqual([
      ["a", true, "`GET /a`: reads a."],
      ["nested.b", true, "`POST /b`: writes b."],
      ["extra", false, "Added by the client."]
    ])
    expect(methods[0]!.doc.tags.map((tag) => tag.name)).toEqual(["example", "promiseExample", "since"])
    expect(methods[2]!.signature).toBe("(n: number): Promise<string>")
  })
})
