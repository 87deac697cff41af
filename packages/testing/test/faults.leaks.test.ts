/**
 * Cancellation leaves nothing behind. Calls to every endpoint are interrupted (Effect) or aborted
 * (the facade's `signal`) at random points over real sockets: before sending, while the server holds
 * the answer, while a rate-limit retry sleeps. Afterwards no call's fiber is alive, no timer is
 * pending, the server sees no connection but those the pool keeps idle, and once the client is
 * closed, none at all. A child process that makes calls and closes its client must exit promptly.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { MemsyClient, MemsyControlClient } from "@memsy/effect"
import * as Sdk from "@memsy/sdk"
import { Effect, Exit, Fiber, Layer, ManagedRuntime, Supervisor } from "effect"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { cases } from "./faults.cases.js"
import { at, eventually, noUnhandledRejections } from "./faults.helpers.js"
import { serve } from "./faults.run.js"

noUnhandledRejections()

/** A small seeded generator (mulberry32): the same random points on every run of a seed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const count = (type: string) => process.getActiveResourcesInfo().filter((r) => r === type).length

/** What a call is put through by the server before it is cut short. */
const holds = {
  /** The answer is held back: the call is in flight when it is cancelled. */
  inFlight: { latency: 60_000 },
  /** A rate limit: the call is asleep before its retry when it is cancelled. */
  retrying: { status: 429, retryAfter: 30 },
  /** Nothing: the call may finish first, leaving its socket idle in the pool. */
  none: {}
} as const

type Hold = keyof typeof holds

const CALLS = 48

let server: Awaited<ReturnType<typeof serve>>
let baseline: { readonly timers: number; readonly sockets: number }

beforeAll(async () => {
  server = await serve()
  baseline = { timers: count("Timeout"), sockets: count("TCPSocketWrap") }
})
afterAll(() => server.close())

/** The plan of one run: which endpoint each call hits, what holds it, when it is cancelled. */
const plan = (seed: number, kinds: ReadonlyArray<Hold>) => {
  const next = random(seed)
  return Array.from({ length: CALLS }, (_, i) => {
    const hold = kinds[Math.floor(next() * kinds.length)]!
    const id = `${seed}-${i}`
    server.emulator.inject({ requestHeaders: { "x-call": id }, ...holds[hold] })
    return {
      c: cases[Math.floor(next() * cases.length)]!,
      hold,
      headers: { "x-call": id },
      /** Real milliseconds after the start. */
      after: Math.floor(next() * 40)
    }
  })
}

/**
 * Nothing pending once the cancelled calls are gone: no timer, and no socket beyond the `idle` ones
 * the pool may keep from calls that got an answer.
 */
const settled = (idle: number) =>
  eventually(() => count("Timeout") <= baseline.timers && server.connections() <= idle, 3_000)

/** And once the client is closed, no socket at all. */
const released = () =>
  eventually(
    () =>
      server.connections() === 0 &&
      count("Timeout") <= baseline.timers &&
      count("TCPSocketWrap") <= baseline.sockets,
    3_000
  )

const layer = () =>
  Layer.merge(
    MemsyClient.layer({ baseUrl: server.dataUrl, apiKey: server.emulator.apiKey }),
    MemsyControlClient.layer({ baseUrl: server.controlUrl, apiKey: server.emulator.apiKey })
  )

const scenarios: ReadonlyArray<readonly [string, number, ReadonlyArray<Hold>]> = [
  ["every call in flight", 1, ["inFlight"]],
  ["in flight, asleep before a retry, or done", 2, ["inFlight", "retrying", "none"]]
]

describe("@memsy/effect: interrupting calls at random points", () => {
  for (const [name, seed, kinds] of scenarios) {
    it(`${name} (seed ${seed})`, async () => {
      const calls = plan(seed, kinds)
      const runtime = ManagedRuntime.make(layer())
      const supervisor = await Effect.runPromise(Supervisor.track)
      const program = Effect.gen(function* () {
        const clients = {
          data: yield* MemsyClient.MemsyClient,
          control: yield* MemsyControlClient.MemsyControlClient
        }
        const fibers = yield* Effect.forEach(calls, ({ c, headers }) =>
          Effect.fork(at(clients[c.plane], c.path)(...c.args, { headers }) as Effect.Effect<unknown, unknown>)
        )
        yield* Effect.forEach(calls, ({ after }, i) => Effect.delay(Fiber.interrupt(fibers[i]!), after), {
          concurrency: "unbounded",
          discard: true
        })
        return yield* Effect.forEach(fibers, Fiber.await)
      })
      const exits = await runtime.runPromise(Effect.supervised(program, supervisor))
      // Each call ended: interrupted, or done before its turn; never a defect.
      for (const exit of exits) {
        assert.isTrue(Exit.isSuccess(exit) || Exit.isInterrupted(exit) || exit.cause._tag === "Fail")
      }
      assert.deepStrictEqual(await Effect.runPromise(supervisor.value), [], "fibers still alive")
      const answered = calls.filter((call, i) => call.hold === "retrying" || !Exit.isInterrupted(exits[i]!))
      assert.isTrue(await settled(answered.length), "a timer or a socket outlived its call")
      if (kinds.length === 1) assert.deepStrictEqual(answered, [])
      await runtime.dispose()
      assert.isTrue(await released(), "the closed client still holds a socket or a timer")
    })
  }
})

describe("@memsy/sdk: aborting calls at random points", () => {
  for (const [name, seed, kinds] of scenarios) {
    it(`${name} (seed ${seed + 10})`, async () => {
      const calls = plan(seed + 10, kinds)
      const options = { apiKey: server.emulator.apiKey }
      const clients = {
        data: new Sdk.MemsyClient({ ...options, baseUrl: server.dataUrl }),
        control: new Sdk.MemsyControlClient({ ...options, baseUrl: server.controlUrl })
      }
      const outcomes = await Promise.all(
        calls.map(({ c, headers, after }) => {
          const controller = new AbortController()
          const reason = new Error(`cancelled at ${after} ms`)
          setTimeout(() => controller.abort(reason), after)
          return (
            at(clients[c.plane], c.path)(...c.args, {
              headers,
              signal: controller.signal
            }) as Promise<unknown>
          )
            .then(() => "done")
            .catch((error: unknown) => {
              // Aborted: the signal's reason. Done before the abort with an error: the SDK's own class.
              if (error === reason) return "aborted"
              assert.instanceOf(error, Sdk.MemsyError)
              return "done"
            })
        })
      )
      const answered = calls.filter((call, i) => call.hold === "retrying" || outcomes[i] === "done")
      assert.isTrue(await settled(answered.length), "a timer or a socket outlived its call")
      if (kinds.length === 1) assert.deepStrictEqual(answered, [])
      await clients.data.close()
      await clients.control.close()
      assert.isTrue(await released(), "the closed client still holds a socket or a timer")
    })
  }
})

describe("a process that closes its client exits", () => {
  const child = fileURLToPath(new URL("./faults.exit.mjs", import.meta.url))

  for (const pkg of ["sdk", "effect"] as const) {
    it(`@memsy/${pkg}: within a second of close(), calls in flight and retries asleep included`, async () => {
      server.emulator.inject({ requestHeaders: { "x-call": "in-flight" }, ...holds.inFlight })
      server.emulator.inject({ requestHeaders: { "x-call": "retrying" }, ...holds.retrying })
      const process_ = spawn(process.execPath, [child, pkg, server.dataUrl, server.emulator.apiKey], {
        stdio: ["ignore", "pipe", "pipe"]
      })
      let stderr = ""
      process_.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
      const closedAt = new Promise<number>((resolve) =>
        process_.stdout.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("closed")) resolve(performance.now())
        })
      )
      const exited = new Promise<readonly [number | null, number]>((resolve) =>
        process_.once("exit", (code) => resolve([code, performance.now()]))
      )
      const [code, exitedAt] = await exited
      assert.strictEqual(code, 0, stderr)
      const lingered = exitedAt - (await closedAt)
      assert.isBelow(lingered, 1_000, `exited ${Math.round(lingered)} ms after close()`)
      assert.isTrue(await eventually(() => server.connections() === 0, 2_000))
    }, 20_000)
  }
})
