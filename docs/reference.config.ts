// What the API reference (docs/reference, written by `pnpm docs:reference`) covers.
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
