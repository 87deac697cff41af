// What the API reference (docs/reference, written by `pnpm docs:reference`) covers, and what
// `pnpm docs:check` may still find missing.
import type { Spec } from "./tools/survey.js"

/** A published package: its directory, and the files docgen leaves out (none of them is exported). */
export interface Package {
  readonly dir: string
  readonly internal: ReadonlyArray<string>
}

export const packages: ReadonlyArray<Package> = [
  { dir: "packages/effect", internal: ["src/internal/**/*.ts", "src/facade.ts"] },
  { dir: "packages/sdk", internal: ["src/internal/**/*.ts"] },
  { dir: "packages/testing", internal: ["src/internal/**/*.ts", "src/emulator/**/*.ts", "src/bin.ts"] }
]

const data = { pkg: "@memsy/effect", path: "MemsyClient.endpoints" }
const control = { pkg: "@memsy/effect", path: "MemsyControlClient.endpoints" }

export const spec: Omit<Spec, "root"> = {
  packages: packages.map((p) => p.dir),
  trees: [data, control],
  clients: [
    { pkg: "@memsy/effect", type: "MemsyClient.Service", name: "MemsyClient", receiver: "memsy", tree: data },
    {
      pkg: "@memsy/effect",
      type: "MemsyControlClient.Service",
      name: "MemsyControlClient",
      receiver: "control",
      tree: control
    },
    { pkg: "@memsy/sdk", type: "MemsyClient", name: "MemsyClient", receiver: "client", tree: data },
    {
      pkg: "@memsy/sdk",
      type: "MemsyControlClient",
      name: "MemsyControlClient",
      receiver: "control",
      tree: control
    }
  ],
  views: ["withResponse"]
}

/**
 * TEMPORARY, to be emptied as the rest of #11 lands: the modules that are moving (the clients'
 * public shapes out of `internal/`, the facade derived from the core) are documented where they end
 * up. An entry that no longer matches a gap fails the check too, so the list only shrinks.
 */
export const pending: {
  /** Gaps as the check prints them. */
  readonly gaps: ReadonlyArray<string>
  /** docgen settings relaxed for a package, by directory. */
  readonly docgen: Readonly<
    Record<string, { readonly exclude?: ReadonlyArray<string>; readonly examples?: false }>
  >
} = {
  gaps: [
    // packages/effect/src/MemsyClient.ts, MemsyControlClient.ts
    "@memsy/effect: MemsyClient.MemsyClient: a description",
    "@memsy/effect: MemsyClient.make: a description",
    "@memsy/effect: MemsyClient.layer: a description",
    "@memsy/effect: MemsyControlClient.MemsyControlClient: a description",
    "@memsy/effect: MemsyControlClient.make: a description",
    "@memsy/effect: MemsyControlClient.layer: a description",
    // packages/effect/src/Client.ts (what every client adds)
    "@memsy/effect: MemsyClient.Service.withResponse: an @example",
    "@memsy/effect: MemsyClient.Service.withOptions: an @example",
    "@memsy/effect: MemsyControlClient.Service.withResponse: an @example",
    "@memsy/effect: MemsyControlClient.Service.withOptions: an @example",
    // packages/sdk/src/MemsyClient.ts
    "@memsy/sdk: MemsyClient.memories.listAll: an @example",
    "@memsy/sdk: MemsyClient.ingestMany: an @example",
    "@memsy/sdk: MemsyClient.waitForProcessing: an @example",
    "@memsy/sdk: MemsyClient.withResponse: an @example",
    "@memsy/sdk: MemsyClient.withOptions: an @example",
    "@memsy/sdk: MemsyClient.close: an @example",
    "@memsy/sdk: MemsyClient.[Symbol.asyncDispose]: an @example",
    "@memsy/sdk: MemsyControlClient.events.listAll: an @example",
    "@memsy/sdk: MemsyControlClient.withResponse: an @example",
    "@memsy/sdk: MemsyControlClient.withOptions: an @example",
    "@memsy/sdk: MemsyControlClient.close: an @example",
    "@memsy/sdk: MemsyControlClient.[Symbol.asyncDispose]: an @example"
  ],
  docgen: {
    // Its entry's re-exports carry no comment each (docgen requires one on every name), and the
    // `MemsyClient` interface's example does not compile on its own, which keeps docgen from checking
    // the package's other examples (its error classes') until it does.
    "packages/sdk": { exclude: ["src/index.ts"], examples: false }
  }
}
