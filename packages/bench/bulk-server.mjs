// The emulator served on 127.0.0.1 in a worker thread, for the bulk ingest: no rate limit, and no
// processing while the import runs, so serving costs the same throughout.
import { parentPort } from "node:worker_threads"
import { Emulator } from "@memsy/testing"
import { EmulatorServer } from "@memsy/testing/node"

const emulator = Emulator.make({ rateLimit: false, processingDelay: 3_600_000 })
const server = await EmulatorServer.serve({ emulator })
parentPort.postMessage({ dataUrl: server.dataUrl, apiKey: emulator.apiKey })
