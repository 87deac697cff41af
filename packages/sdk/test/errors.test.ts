import { MemsyError as Core } from "@memsy/effect"
import * as Sdk from "@memsy/sdk"
import * as Arbitrary from "effect/Arbitrary"
import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import { inspect } from "node:util"
import { describe, expect, it } from "vitest"
import { apiKey, baseUrl, recorder, type Reply, runCore } from "./fixtures.js"

type Case = {
  readonly reply: Reply | "reject"
  readonly call?: readonly [path: ReadonlyArray<string>, args: ReadonlyArray<unknown>]
  readonly expected: Record<string, unknown>
}

/** A real wire answer (or input) for every core error class, by tag. */
const cases: Record<Core.MemsyError["_tag"], Case> = {
  MemsyConnectionError: { reply: "reject", expected: { reason: "Transport" } },
  MemsyValidationError: {
    reply: { body: {} },
    call: [["search"], ["   "]],
    expected: { operation: "search", detail: "query: must not be blank" }
  },
  MemsyDecodeError: {
    reply: { text: "<html>" },
    expected: { operation: "health", statusCode: 200, detail: "the body is not JSON" }
  },
  MemsyAPIError: { reply: { status: 404, body: { detail: "Not found" } }, expected: { statusCode: 404 } },
  AuthenticationError: {
    reply: { status: 401, body: { detail: "Invalid API key" } },
    expected: { statusCode: 401, detail: "Invalid API key" }
  },
  AuthorizationError: {
    reply: {
      status: 403,
      body: { error: "insufficient_scope", detail: "needs write", required_scope: "write" }
    },
    expected: { errorCode: "insufficient_scope", requiredScope: "write" }
  },
  FeatureNotAvailable: {
    reply: {
      status: 403,
      body: {
        detail: {
          error: "feature_not_available",
          message: "Teams need Pro",
          feature: "teams",
          current_tier: "free"
        }
      }
    },
    expected: { feature: "teams", currentTier: "free", detail: "Teams need Pro" }
  },
  OrgIdNotAllowedError: {
    reply: { status: 400, body: { error: "org_id_not_allowed", message: "no org_id on free" } },
    expected: { statusCode: 400, errorCode: "org_id_not_allowed" }
  },
  SeatRequiredError: {
    reply: { status: 403, body: { error: "seat_required", message: "assign a seat" } },
    expected: { errorCode: "seat_required" }
  },
  OrgLimitReachedError: {
    reply: { status: 403, body: { error: "org_limit_reached", message: "max orgs", limit: 1, current: 1 } },
    expected: { limit: 1, current: 1 }
  },
  KeyLimitReachedError: {
    reply: { status: 403, body: { error: "key_limit_reached", message: "max keys", limit: 5, current: 5 } },
    expected: { limit: 5, current: 5 }
  },
  BillingNotEnabledError: {
    reply: {
      status: 403,
      body: { error: "billing_not_enabled", message: "off", interest_path: "/interest/pro" }
    },
    expected: { interestPath: "/interest/pro" }
  },
  SeatLimitReachedError: {
    reply: {
      status: 409,
      body: { error: "seat_limit_reached", message: "full", purchased_seats: 2, assigned_seats: 2 }
    },
    expected: { purchasedSeats: 2, assignedSeats: 2, statusCode: 409 }
  },
  RateLimitExceeded: {
    reply: { status: 429, body: { detail: "Too many requests" }, headers: { "retry-after": "7" } },
    expected: { retryAfter: 7, statusCode: 429 }
  },
  UsageLimitExceeded: {
    reply: {
      status: 429,
      body: { error: "usage_limit_exceeded", message: "Monthly quota", dimension: "api_calls", limit: 1000 }
    },
    expected: { dimension: "api_calls", limit: 1000, detail: "Monthly quota" }
  },
  ProcessingTimeout: {
    reply: { body: { pendingIds: ["e1"], total: 1 } },
    call: [["waitForProcessing"], [["e1"], { timeout: 50, pollInterval: 10 }]],
    expected: { timeout: 50 }
  }
}

const wire = (reply: Case["reply"]) =>
  reply === "reject"
    ? {
        seen: [] as Array<unknown>,
        fetch: async (): Promise<Response> => {
          throw new TypeError("fetch failed")
        }
      }
    : recorder(reply)

const thrown = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error("expected the call to reject")
}

describe("errors", () => {
  it("has a case for every core error class", () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(Core.classes).sort())
  })

  it.each(Object.entries(cases))("%s is thrown as its class, at every level", async (tag, spec) => {
    const [path, args] = spec.call ?? [["health"], []]
    const facadeWire = wire(spec.reply)
    const client = new Sdk.MemsyClient({ baseUrl, apiKey, maxRetries: 0, fetch: facadeWire.fetch })
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const error = await thrown((client as any)[path[0]!](...args))
    await client.close()

    const exit = await runCore("data", path, args, wire(spec.reply).fetch, { maxRetries: 0 })
    const twin = Exit.isFailure(exit) ? Option.getOrThrow(Cause.failureOption(exit.cause)) : undefined
    if (!Core.isMemsyError(twin)) throw new Error(`the core did not fail with a MemsyError: ${String(twin)}`)
    expect(twin._tag).toBe(tag)

    const Class = Sdk[tag as keyof typeof Sdk] as abstract new (...args: never) => unknown
    expect(error).toBeInstanceOf(Class)
    expect(error).toBeInstanceOf(Sdk.MemsyError)
    expect(error).toBeInstanceOf(Error)
    expect(error instanceof Sdk.MemsyAPIError).toBe(Core.isMemsyAPIError(twin))
    const e = error as Sdk.MemsyError & Record<string, unknown>
    expect(e.name).toBe(tag)
    expect(e.message).toBe(twin.message)
    expect(e.message.length).toBeGreaterThan(10)
    expect(e.stack).toMatch(new RegExp(`^${tag}: `))
    expect(e).toMatchObject(spec.expected)
    // Same fields as the Effect twin.
    for (const key of Object.keys(Core.classes[twin._tag].fields).filter((key) => key !== "_tag")) {
      expect(e[key], key).toEqual(twin[key as keyof typeof twin])
    }
    if (tag === "MemsyValidationError") expect(facadeWire.seen).toHaveLength(0)
  })

  it("keeps a connection error's cause", async () => {
    const client = new Sdk.MemsyClient({ baseUrl, apiKey, fetch: wire("reject").fetch })
    const error = await thrown(client.health())
    expect(error).toBeInstanceOf(Sdk.MemsyConnectionError)
    expect((error as Sdk.MemsyConnectionError).cause).toBeInstanceOf(TypeError)
    // The platform's own words, without the key or the body.
    expect((error as Error).message).toBe("Could not reach Memsy: fetch failed")
    await client.close()
  })

  it("rejects bad input before anything is sent", async () => {
    const { fetch, seen } = recorder({ body: {} })
    const client = new Sdk.MemsyClient({ baseUrl, apiKey, fetch })
    await expect(client.search("   ")).rejects.toThrow(Sdk.MemsyValidationError)
    await expect(client.ingest([])).rejects.toThrow(
      "Invalid input to ingest: events: must hold at least one event"
    )
    expect(seen).toHaveLength(0)
    await client.close()
  })

  it("can be constructed by hand, with the core's message", () => {
    const error = new Sdk.RateLimitExceeded({ statusCode: 429, detail: "slow down", retryAfter: 2 })
    expect(error.message).toBe("Rate limit exceeded: slow down (retry after 2s)")
    expect(error.retryAfter).toBe(2)
    expect(error).toBeInstanceOf(Sdk.MemsyAPIError)
    class Mine extends Sdk.UsageLimitExceeded {}
    const mine = new Mine({ statusCode: 429, detail: "quota" })
    expect(mine.message).toBe("Usage limit exceeded: quota")
    expect(mine).toBeInstanceOf(Sdk.UsageLimitExceeded)
  })

  // Any fields the core's schema allows (an empty detail, each optional field there or not): the
  // message is the core's, for the class and for a user's subclass of it, and the name is the tag.
  it.each(Object.keys(Core.classes))("%s built by hand has its core twin's message and name", (tag) => {
    const CoreClass = Core.classes[tag as Core.MemsyError["_tag"]]
    const Class = Sdk[tag as Core.MemsyError["_tag"]] as new (fields: object) => Sdk.MemsyError
    class Mine extends Class {}
    const keys = Object.keys(CoreClass.fields).filter((key) => key !== "_tag")
    const instances = Arbitrary.make(CoreClass as never) as FastCheck.Arbitrary<Core.MemsyError>
    FastCheck.assert(
      FastCheck.property(instances, (core) => {
        const fields = Object.fromEntries(
          keys.filter((key) => key in core).map((key) => [key, core[key as keyof typeof core]])
        )
        const facade = new Class(fields)
        expect(facade).toBeInstanceOf(Class)
        expect(facade.message).toBe(core.message)
        expect(facade.name).toBe(tag)
        expect(inspect(facade).startsWith(`${tag}: ${core.message}`)).toBe(true)
        const mine = new Mine(fields)
        expect(mine).toBeInstanceOf(Class)
        expect(mine.message).toBe(core.message)
        expect(mine.name).toBe(tag)
      }),
      { numRuns: 200 }
    )
  })
})
