import { MemsyClient, MemsyControlClient } from "@memsy/sdk"

// Nothing given: MEMSY_BASE_URL and MEMSY_API_KEY are read from the environment.
await using memsy = new MemsyClient()

// The control plane: MEMSY_CONTROL_URL, else MEMSY_BASE_URL with its trailing /v1 turned into /api.
await using control = new MemsyControlClient()

// What is given wins, option by option: here another key for the control plane, the URL still read.
await using admin = new MemsyControlClient({ apiKey: process.env.MEMSY_API_KEY, timeout: 5_000 })

console.log(`data plane: ${(await memsy.health()).status}`)
console.log(`control plane: org ${(await control.me()).orgId}, admin ${(await admin.me()).orgRole}`)
