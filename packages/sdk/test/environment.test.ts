/**
 * `new MemsyClient()` with no options: the base URL and key from the environment, explicit options
 * first, and an error naming the missing variable (never a value) when neither says.
 */
import { MemsyClient, MemsyControlClient, MemsyValidationError } from "@memsy/sdk"
import { Emulator } from "@memsy/testing"
import { EmulatorServer } from "@memsy/testing/node"
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest"

let emulator: Emulator.Emulator
let served: EmulatorServer.Server
beforeAll(async () => {
  emulator = Emulator.make({ processingDelay: 0 })
  served = await EmulatorServer.serve({ emulator })
})
afterAll(() => served.close())
afterEach(() => vi.unstubAllEnvs())

const thrown = (make: () => unknown): unknown => {
  try {
    make()
  } catch (error) {
    return error
  }
  throw new Error("expected the constructor to throw")
}

describe("configuration from the environment", () => {
  it("reads MEMSY_BASE_URL and MEMSY_API_KEY", async () => {
    vi.stubEnv("MEMSY_BASE_URL", served.dataUrl)
    vi.stubEnv("MEMSY_API_KEY", emulator.apiKey)
    await using client = new MemsyClient()
    expect((await client.health()).status).toBe("ok")
  })

  it("the control client reads MEMSY_CONTROL_URL, else derives it from MEMSY_BASE_URL", async () => {
    vi.stubEnv("MEMSY_BASE_URL", served.dataUrl)
    vi.stubEnv("MEMSY_API_KEY", emulator.apiKey)
    await using derived = new MemsyControlClient()
    expect((await derived.me()).orgId).toBeTypeOf("string")
    vi.stubEnv("MEMSY_BASE_URL", "http://127.0.0.1:1/v1")
    vi.stubEnv("MEMSY_CONTROL_URL", served.controlUrl)
    await using explicit = new MemsyControlClient()
    expect((await explicit.me()).orgId).toBeTypeOf("string")
  })

  it("explicit options win over the environment", async () => {
    vi.stubEnv("MEMSY_BASE_URL", "http://127.0.0.1:1/v1")
    vi.stubEnv("MEMSY_API_KEY", "msy_00000000000000000000000000000000")
    await using client = new MemsyClient({ baseUrl: served.dataUrl, apiKey: emulator.apiKey })
    expect((await client.health()).status).toBe("ok")
  })

  it("names the missing variable, and never a value", () => {
    vi.stubEnv("MEMSY_BASE_URL", "")
    vi.stubEnv("MEMSY_API_KEY", "msy_secret_value_0000000000000000000")
    const noUrl = thrown(() => new MemsyClient())
    expect(noUrl).toBeInstanceOf(MemsyValidationError)
    expect((noUrl as Error).message).toContain("MEMSY_BASE_URL")
    expect((noUrl as Error).message).not.toContain("msy_secret")
    vi.stubEnv("MEMSY_BASE_URL", served.dataUrl)
    vi.stubEnv("MEMSY_API_KEY", "")
    const noKey = thrown(() => new MemsyClient())
    expect((noKey as Error).message).toContain("MEMSY_API_KEY")
    expect((noKey as Error).message).not.toContain(served.dataUrl)
    vi.stubEnv("MEMSY_BASE_URL", "")
    expect((thrown(() => new MemsyControlClient()) as Error).message).toContain("MEMSY_CONTROL_URL")
  })

  it("where reading a variable throws (Deno without --allow-env), it is as if none were set", async () => {
    const env = process.env
    process.env = new Proxy(
      {},
      {
        get: () => {
          throw new Error("PermissionDenied: Requires env access")
        }
      }
    )
    try {
      const missing = thrown(() => new MemsyClient())
      expect(missing).toBeInstanceOf(MemsyValidationError)
      expect((missing as Error).message).toContain("MEMSY_BASE_URL")
      await using client = new MemsyClient({ baseUrl: served.dataUrl, apiKey: emulator.apiKey })
      expect((await client.health()).status).toBe("ok")
    } finally {
      process.env = env
    }
  })
})
