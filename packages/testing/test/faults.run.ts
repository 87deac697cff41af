/**
 * Runs the fault matrix: one call per endpoint and fault, in each package, against the emulator in
 * process (virtual time) or served on 127.0.0.1 (real sockets), and judges each against what the
 * contract documents. What every call left behind (its error, its spans, its log lines) is kept for
 * the secrets suite to search.
 */
import { isDeepStrictEqual } from "node:util"
import { MemsyClient, MemsyControlClient, MemsyError, Transport } from "@memsy/effect"
import * as Sdk from "@memsy/sdk"
import { Emulator, MemsyTest } from "@memsy/testing"
import { Cause, Duration, Effect, Exit, Logger, LogLevel, Option, Scope, Tracer } from "effect"
import { vi } from "vitest"
import { type Case, type Expected, type FaultCase, isApiTag, type Mode } from "./faults.cases.js"
import {
  at,
  drive,
  driveFake,
  type Driven,
  EmulatorServer,
  type Settled,
  T0,
  virtualClock,
  within
} from "./faults.helpers.js"

export type Package = "effect" | "sdk"

/** What a call did: its end, how many requests reached the emulator, how long it took. */
export type Observed =
  | { readonly _tag: "Success"; readonly value: unknown; readonly attempts: number; readonly elapsed: number }
  | { readonly _tag: "Failure"; readonly error: unknown; readonly attempts: number; readonly elapsed: number }
  /** A defect, an interruption, a hang, or anything thrown that is not the SDK's error. */
  | { readonly _tag: "Broken"; readonly detail: string }

export interface Cell {
  readonly name: string
  /** `undefined` when the call ended as documented. */
  readonly problem: string | undefined
  /** The key the call was made with: it must appear in none of the artefacts. */
  readonly apiKey: string
  /** Everything the call produced: its result or error, its exit, spans, log lines. */
  readonly artefacts: ReadonlyArray<unknown>
}

const ownFields = (error: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(error).filter(([key]) => key !== "_tag"))

const facadeClass = (tag: string): unknown => (Sdk as unknown as Record<string, unknown>)[tag]

/** Whether `observed` is what `expected` says, else why not. `timing: false` on real sockets. */
export const judge = (
  pkg: Package,
  expected: Expected,
  observed: Observed,
  timing = true
): string | undefined => {
  if (observed._tag === "Broken") return observed.detail
  const { outcome } = expected
  if (observed.attempts !== expected.attempts) {
    return `${observed.attempts} attempts, expected ${expected.attempts}`
  }
  if (timing) {
    const [low, high] =
      typeof expected.elapsed === "number" ? [expected.elapsed, expected.elapsed] : expected.elapsed
    // Jittered waits are fractional milliseconds; timers round them.
    if (observed.elapsed < low - 2 || observed.elapsed > high + 2) {
      return `took ${observed.elapsed} virtual ms, expected ${low === high ? low : `${low} to ${high}`}`
    }
  }
  if (outcome._tag === "Success") {
    if (observed._tag !== "Success") return `failed with ${String(observed.error)}, expected success`
    return isDeepStrictEqual(observed.value, outcome.value) ? undefined : "succeeded with another value"
  }
  if (observed._tag !== "Failure") return `succeeded, expected ${outcome.tag}`
  const error = observed.error
  const typed =
    pkg === "effect"
      ? MemsyError.isMemsyError(error) && error._tag === outcome.tag
      : error instanceof (facadeClass(outcome.tag) as new () => object) && error instanceof Sdk.MemsyError
  if (!typed) return `failed with ${String(error)}, expected ${outcome.tag}`
  const fields = ownFields(error as object)
  if (isApiTag(outcome.tag)) {
    return isDeepStrictEqual(fields, outcome.fields)
      ? undefined
      : `fields ${JSON.stringify(fields)}, expected ${JSON.stringify(outcome.fields)}`
  }
  for (const [key, value] of Object.entries(outcome.fields)) {
    if (!isDeepStrictEqual(fields[key], value))
      return `${key} is ${String(fields[key])}, expected ${String(value)}`
  }
  return typeof fields.detail === "string" && fields.detail !== "" ? undefined : "no detail"
}

/** The virtual time a call may take before it counts as hung: its expected time and a margin. */
const bound = (expected: Expected) =>
  (typeof expected.elapsed === "number" ? expected.elapsed : expected.elapsed[1]) + 5_000

const options = (emulator: Emulator.Emulator, c: Case) => ({
  baseUrl: c.plane === "data" ? emulator.baseUrl : emulator.controlUrl,
  apiKey: emulator.apiKey
})

// The emulator's own rate limit stays out of the way: only injected faults answer 429.
const emulatorOptions = { rateLimit: false } as const

export interface Recording {
  /** Keep every span and log line (the request log on, for the Promise client on `console.log`). */
  readonly record?: boolean | undefined
  /** Replaces a case's arguments (to plant marked content). */
  readonly args?: ((c: Case) => ReadonlyArray<unknown>) | undefined
}

/** Runs `effect` keeping every span it starts and every line it logs, at every level. */
const recorded = <A, E, R>(effect: Effect.Effect<A, E, R>, into: Array<unknown>) =>
  Effect.gen(function* () {
    const native = yield* Effect.tracer
    const tracer = Tracer.make({
      span: (...args) => {
        const span = native.span(...args)
        into.push(span)
        return span
      },
      context: (f, fiber) => native.context(f, fiber)
    })
    const logger = Logger.make((entry) => into.push(entry))
    return yield* effect.pipe(
      Effect.withTracer(tracer),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Logger.withMinimumLogLevel(LogLevel.All)
    )
  })

/** The Effect client of the case's plane. */
const makeClient = (
  c: Case,
  config: MemsyClient.Options
): Effect.Effect<unknown, never, Transport.Transport> =>
  c.plane === "data" ? MemsyClient.make(config) : MemsyControlClient.make(config)

/**
 * Every fault against one endpoint, through the Effect client over the in-process emulator: by the
 * SDK's transport interface, or by an `@effect/platform` HttpClient behind the adapter.
 */
export const effectInProcess = (
  c: Case,
  faults: ReadonlyArray<FaultCase>,
  mode: Mode,
  face: "transport" | "httpClient",
  recording: Recording = {}
): Effect.Effect<ReadonlyArray<Cell>> =>
  Effect.gen(function* () {
    const clock = virtualClock(T0)
    const emulator = Emulator.make({ now: () => clock.unsafeCurrentTimeMillis(), ...emulatorOptions })
    const transport =
      face === "transport"
        ? MemsyTest.transport(emulator)
        : Transport.fromHttpClient(MemsyTest.httpClient(emulator))
    const client = yield* Effect.provideService(
      makeClient(c, { ...options(emulator, c), retryTransient: mode.retryTransient }),
      Transport.Transport,
      transport
    )
    const args = recording.args?.(c) ?? c.args
    const cells: Array<Cell> = []
    for (const f of faults) {
      emulator.clearFaults()
      const now = clock.unsafeCurrentTimeMillis()
      emulator.inject(f.fault(c, now))
      const expected = f.expect(c, mode, now)
      const before = emulator.requests().length
      const artefacts: Array<unknown> = []
      const call = at(client, c.path)(...args) as Effect.Effect<unknown, unknown>
      const driven = yield* drive(recording.record ? recorded(call, artefacts) : call, clock, bound(expected))
      const observed = fromExit(driven, emulator.requests().length - before)
      if (observed._tag !== "Broken")
        artefacts.push(observed._tag === "Success" ? observed.value : observed.error)
      if (driven._tag === "Done") artefacts.push(driven.value)
      cells.push({
        name: `${c.key} × ${f.name}`,
        apiKey: emulator.apiKey,
        problem: judge("effect", expected, observed),
        artefacts
      })
    }
    return cells
  })

const fromExit = (driven: Driven<Exit.Exit<unknown, unknown>>, attempts: number): Observed => {
  if (driven._tag === "Hung") return { _tag: "Broken", detail: driven.detail }
  const exit = driven.value
  if (Exit.isSuccess(exit)) return { _tag: "Success", value: exit.value, attempts, elapsed: driven.elapsed }
  const failure = Cause.failureOption(exit.cause)
  if (Option.isNone(failure) || Cause.isDie(exit.cause) || Cause.isInterrupted(exit.cause)) {
    return { _tag: "Broken", detail: `not a typed failure: ${Cause.pretty(exit.cause)}` }
  }
  return { _tag: "Failure", error: failure.value, attempts, elapsed: driven.elapsed }
}

const fromSettled = (driven: Driven<Settled>, attempts: number): Observed => {
  if (driven._tag === "Hung") return { _tag: "Broken", detail: driven.detail }
  const settled = driven.value
  if (settled._tag === "Resolved") {
    return { _tag: "Success", value: settled.value, attempts, elapsed: driven.elapsed }
  }
  if (!(settled.error instanceof Sdk.MemsyError)) {
    return { _tag: "Broken", detail: `rejected with something else: ${String(settled.error)}` }
  }
  return { _tag: "Failure", error: settled.error, attempts, elapsed: driven.elapsed }
}

type Closable = { readonly close: () => Promise<void> }

const facadeClient = (
  c: Case,
  options: { readonly baseUrl: string; readonly apiKey: string } & Sdk.ClientOptions
): Closable => (c.plane === "data" ? new Sdk.MemsyClient(options) : new Sdk.MemsyControlClient(options))

/**
 * Every fault against one endpoint, through the Promise client over the in-process emulator (its
 * `fetch`), time faked from `T0`.
 */
export const facadeInProcess = async (
  c: Case,
  faults: ReadonlyArray<FaultCase>,
  mode: Mode,
  recording: Recording = {}
): Promise<ReadonlyArray<Cell>> => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: T0 })
  try {
    const emulator = Emulator.make(emulatorOptions)
    const client = facadeClient(c, {
      ...options(emulator, c),
      fetch: emulator.fetch,
      retryTransient: mode.retryTransient,
      ...(recording.record && { logLevel: "debug" as const })
    })
    const args = recording.args?.(c) ?? c.args
    const cells: Array<Cell> = []
    for (const f of faults) {
      emulator.clearFaults()
      const now = Date.now()
      emulator.inject(f.fault(c, now))
      const expected = f.expect(c, mode, now)
      const before = emulator.requests().length
      const driven = await driveFake(() => at(client, c.path)(...args) as Promise<unknown>, bound(expected))
      const observed = fromSettled(driven, emulator.requests().length - before)
      const artefacts =
        observed._tag === "Broken" ? [] : [observed._tag === "Success" ? observed.value : observed.error]
      cells.push({
        name: `${c.key} × ${f.name}`,
        apiKey: emulator.apiKey,
        problem: judge("sdk", expected, observed),
        artefacts
      })
    }
    await client.close()
    return cells
  } finally {
    vi.useRealTimers()
  }
}

/** A server of the emulator on 127.0.0.1 for a run of the wire matrix. */
export const serve = () => EmulatorServer.serve({ emulator: Emulator.make(emulatorOptions) })

type Server = Awaited<ReturnType<typeof serve>>

/** Real time a call over loopback may take before it counts as hung. */
const WIRE_BOUND = 5_000

/**
 * Every fault against one endpoint, over real sockets with the default transport (HTTP/1.1 on Node's sockets), in
 * either package; retries back off 1 ms, so time is not what is checked here.
 */
export const onTheWire = async (
  pkg: Package,
  server: Server,
  c: Case,
  faults: ReadonlyArray<FaultCase>,
  mode: Mode,
  recording: Recording = {}
): Promise<ReadonlyArray<Cell>> => {
  const { emulator } = server
  const config = {
    baseUrl: c.plane === "data" ? server.dataUrl : server.controlUrl,
    apiKey: emulator.apiKey,
    retryTransient: mode.retryTransient
  }
  const args = recording.args?.(c) ?? c.args
  // What the last call left behind, for the secrets suite.
  let last: Array<unknown> = []
  let call: () => Promise<Observed>
  let close: () => Promise<void>
  if (pkg === "effect") {
    // The default transport, as a layer would make it: released when the scope closes.
    const scope = Effect.runSync(Scope.make())
    const transport = await Effect.runPromise(Scope.extend(Transport.platformDefault, scope))
    const client = Effect.runSync(
      Effect.provideService(
        makeClient(c, { ...config, retryBackoff: Duration.millis(1) }),
        Transport.Transport,
        transport
      )
    )
    call = async () => {
      const artefacts: Array<unknown> = []
      const effect = at(client, c.path)(...args) as Effect.Effect<unknown, unknown>
      const exit = await Effect.runPromiseExit(recording.record ? recorded(effect, artefacts) : effect)
      last = [...artefacts, exit]
      return fromExit({ _tag: "Done", value: exit, elapsed: 0 }, 0)
    }
    close = () => Effect.runPromise(Scope.close(scope, Exit.void))
  } else {
    const client = facadeClient(c, {
      ...config,
      retryBackoff: 1,
      ...(recording.record && { logLevel: "debug" as const })
    })
    call = async () => {
      last = []
      const settled: Settled = await (at(client, c.path)(...args) as Promise<unknown>).then(
        (value) => ({ _tag: "Resolved", value }) as const,
        (error: unknown) => ({ _tag: "Rejected", error }) as const
      )
      return fromSettled({ _tag: "Done", value: settled, elapsed: 0 }, 0)
    }
    close = () => client.close()
  }
  const cells: Array<Cell> = []
  for (const f of faults) {
    emulator.clearFaults()
    const now = Date.now()
    emulator.inject(f.fault(c, now))
    const expected = f.expect(c, mode, now)
    const before = emulator.requests().length
    const result = await within(call(), WIRE_BOUND)
    const observed: Observed =
      result === "timeout"
        ? { _tag: "Broken", detail: `still pending after ${WIRE_BOUND} real ms` }
        : result._tag === "Broken"
          ? result
          : { ...result, attempts: emulator.requests().length - before }
    const artefacts = [
      ...last,
      ...(observed._tag === "Broken" ? [] : [observed._tag === "Success" ? observed.value : observed.error])
    ]
    cells.push({
      name: `${c.key} × ${f.name}`,
      apiKey: emulator.apiKey,
      problem: judge(pkg, expected, observed, false),
      artefacts
    })
  }
  emulator.clearFaults()
  await close()
  return cells
}

/** The cells that did not end as documented, one line each. */
export const problems = (cells: ReadonlyArray<Cell>): ReadonlyArray<string> =>
  cells.flatMap((cell) => (cell.problem === undefined ? [] : [`${cell.name}: ${cell.problem}`]))
