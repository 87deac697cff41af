/**
 * What the fault suites share: the emulator server (imported here only), a guard against unhandled
 * rejections, and the two drivers that run a call to its end in virtual time: a virtual `Clock` for
 * the Effect clients, vitest's fake timers for the Promise clients. Each moves time straight to the
 * next pending timer, and gives up when the call would need more than its bound or has nothing left
 * to wait for and is still running (a hang).
 */
import { afterAll, assert, beforeAll, vi } from "vitest"
import { Clock, Duration, Effect, type Exit, Fiber, Option } from "effect"

export { EmulatorServer } from "@memsy/testing/node"

/** 2026-03-15T12:00:00Z: where the clocks of the suites start. */
export const T0 = Date.UTC(2026, 2, 15, 12, 0, 0)

/** A method of a client (or a resource of it) by its path: `["orgs", "get"]`. */
export const at = (
  client: unknown,
  path: ReadonlyArray<string>
): ((...args: ReadonlyArray<unknown>) => unknown) =>
  path.reduce((node, key) => (node as Record<string, unknown>)[key], client) as (
    ...args: ReadonlyArray<unknown>
  ) => unknown

/**
 * Fails the file if any promise was rejected without a handler while it ran: an SDK that lets one
 * escape would crash an application started with `--unhandled-rejections=strict` (Node's default).
 */
export const noUnhandledRejections = (): void => {
  const seen: Array<unknown> = []
  const record = (reason: unknown) => seen.push(reason)
  beforeAll(() => {
    process.on("unhandledRejection", record)
  })
  afterAll(() => {
    process.off("unhandledRejection", record)
    assert.deepStrictEqual(seen, [], "unhandled rejections")
  })
}

/** One macrotask on the real event loop: promises and I/O the call is waiting for get to run. */
export const realTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

// Real ticks without any timer pending before a still-running call counts as hung.
const IDLE_TICKS = 200

export type Driven<A> =
  | { readonly _tag: "Done"; readonly value: A; readonly elapsed: number }
  | { readonly _tag: "Hung"; readonly detail: string }

/**
 * A clock of virtual time for the Effect clients: `sleep` waits until `advance` moves time past it.
 * Unlike `TestClock`, whose every step waits (on real timers) for all of a test's fibers to settle,
 * it moves straight to the next sleep once the call is idle: thousands of calls in seconds.
 */
export interface VirtualClock extends Clock.Clock {
  /** Sleeps not yet over, by when they end. */
  readonly pending: () => ReadonlyArray<number>
  /** Moves time to the earliest pending sleep and ends it. */
  readonly advance: () => void
}

export const virtualClock = (start: number): VirtualClock => {
  let now = start
  const sleepers: Array<{ readonly at: number; readonly wake: () => void }> = []
  const nanos = () => BigInt(Math.round(now * 1e6))
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => now,
    currentTimeMillis: Effect.sync(() => now),
    unsafeCurrentTimeNanos: nanos,
    currentTimeNanos: Effect.sync(nanos),
    sleep: (duration) =>
      Duration.toMillis(duration) <= 0
        ? Effect.void
        : Effect.async<void>((resume) => {
            const sleeper = { at: now + Duration.toMillis(duration), wake: () => resume(Effect.void) }
            sleepers.push(sleeper)
            return Effect.sync(() => {
              const i = sleepers.indexOf(sleeper)
              if (i >= 0) sleepers.splice(i, 1)
            })
          }),
    pending: () => sleepers.map((s) => s.at),
    advance: () => {
      if (sleepers.length === 0) return
      const earliest = sleepers.reduce((a, b) => (b.at < a.at ? b : a))
      sleepers.splice(sleepers.indexOf(earliest), 1)
      now = Math.max(now, earliest.at)
      earliest.wake()
    }
  }
}

/**
 * Runs `effect` on `clock`, moving it to each pending sleep in turn once the call is idle, never
 * past `bound` ms from the start.
 */
export const drive = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  clock: VirtualClock,
  bound: number
): Effect.Effect<Driven<Exit.Exit<A, E>>, never, R> =>
  Effect.gen(function* () {
    const start = clock.unsafeCurrentTimeMillis()
    const fiber = yield* Effect.fork(Effect.withClock(effect, clock))
    for (let idle = 0; ;) {
      yield* Effect.promise(realTick)
      const exit = yield* Fiber.poll(fiber)
      if (Option.isSome(exit)) {
        return { _tag: "Done", value: exit.value, elapsed: clock.unsafeCurrentTimeMillis() - start } as const
      }
      const pending = clock.pending()
      if (pending.length === 0) {
        if (++idle < IDLE_TICKS) continue
        yield* Fiber.interrupt(fiber)
        return { _tag: "Hung", detail: "still running with no timer pending" } as const
      }
      idle = 0
      if (Math.min(...pending) - start > bound) {
        yield* Fiber.interrupt(fiber)
        return { _tag: "Hung", detail: `still running after ${bound} virtual ms` } as const
      }
      clock.advance()
    }
  })

export type Settled =
  | { readonly _tag: "Resolved"; readonly value: unknown }
  | { readonly _tag: "Rejected"; readonly error: unknown }

/**
 * Runs `start` under vitest's fake timers (`setTimeout` and `Date`, which `useFakeTimers` must have
 * installed), moving them to each pending timer in turn, never past `bound` ms from the start.
 */
export const driveFake = async (start: () => Promise<unknown>, bound: number): Promise<Driven<Settled>> => {
  const t0 = Date.now()
  let settled: Settled | undefined
  start().then(
    (value) => (settled = { _tag: "Resolved", value }),
    (error: unknown) => (settled = { _tag: "Rejected", error })
  )
  for (let idle = 0; ;) {
    await realTick()
    if (settled) return { _tag: "Done", value: settled, elapsed: Date.now() - t0 }
    if (vi.getTimerCount() === 0) {
      if (++idle < IDLE_TICKS) continue
      return { _tag: "Hung", detail: "still pending with no timer pending" }
    }
    idle = 0
    vi.advanceTimersToNextTimer()
    if (Date.now() - t0 > bound) {
      await realTick()
      if (settled) return { _tag: "Done", value: settled, elapsed: Date.now() - t0 }
      return { _tag: "Hung", detail: `still pending after ${bound} virtual ms` }
    }
  }
}

/** Resolves with `promise`, or with `"timeout"` after `ms` real milliseconds. */
export const within = <A>(promise: Promise<A>, ms: number): Promise<A | "timeout"> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([
    promise,
    new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), ms)
    })
  ]).finally(() => clearTimeout(timer))
}

/** Polls `condition` on real ticks until it holds or `ms` real milliseconds pass; says whether it held. */
export const eventually = async (condition: () => boolean, ms: number): Promise<boolean> => {
  const end = performance.now() + ms
  while (!condition()) {
    if (performance.now() > end) return false
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return true
}
