import {
  Endpoint,
  MemsyError as CoreError,
  type BulkIngest,
  type MemsyClient,
  type Pagination,
  type RequestOptions as CoreRequestOptions,
  type Transport
} from "@memsy/effect"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as EffectLogLevel from "effect/LogLevel"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import {
  clientOptionsProblem,
  controlUrlFrom,
  defaultOptionsProblem,
  layerFetch,
  signalProblem,
  transportLayer
} from "@memsy/effect/facade"
import { fromCore, MemsyClientClosedError, MemsyValidationError } from "../errors.js"
import type {
  ClientOptions,
  DefaultOptions,
  IngestManyOptions,
  ListAllOptions,
  RequestOptions,
  WaitOptions
} from "../options.js"

const logLevels: Readonly<Record<string, EffectLogLevel.LogLevel>> = {
  debug: EffectLogLevel.Debug,
  info: EffectLogLevel.Info,
  warn: EffectLogLevel.Warning,
  error: EffectLogLevel.Error,
  none: EffectLogLevel.None
}

/** The level `name` names, if it names one. */
const levelOf = (name: unknown): EffectLogLevel.LogLevel | undefined =>
  typeof name === "string" && Object.hasOwn(logLevels, name) ? logLevels[name] : undefined

/** `MEMSY_LOG`, where the runtime has an environment; a value that names no level is ignored. */
const fromEnv = (): EffectLogLevel.LogLevel | undefined => levelOf(variable("MEMSY_LOG")?.toLowerCase())

/**
 * What the facade's runtime sets for as long as it lives. The level: the core's request lines are
 * `Debug`, and Effect's default logger writes them to `console.log` in logfmt (`timestamp=… level=DEBUG
 * fiber=#12 message=Memsy.search method=POST path=/search status=200 durationMs=1.234 attempts=1`),
 * message and annotations only. No tracing: the facade has no tracer to export to, so spans of
 * Effect's own would only send the server a `traceparent` of a trace nobody records, and replace one
 * the caller passes in `headers`. And a failed call's fiber is not "unhandled" (its observer settles
 * the Promise): Effect's report of it is off. FiberRefs set while the layer is built rather than
 * layers merged, and Effect's own logger rather than one of the facade's: the browser bundle stays
 * within its budget.
 */
const configure = (level: EffectLogLevel.LogLevel): Effect.Effect<void, never, Scope.Scope> =>
  Effect.locallyScoped(FiberRef.currentTracerEnabled, false).pipe(
    Effect.zipRight(Effect.locallyScoped(FiberRef.unhandledErrorLogLevel, Option.none())),
    Effect.zipRight(Effect.locallyScoped(FiberRef.currentMinimumLogLevel, level))
  )

/**
 * A duration of the facade's (milliseconds) for the core. The core reads a number as milliseconds
 * too, so it passes as given: the core's rules then see a `NaN` or a `-1`, where `Duration.millis`
 * would have made them a silent zero.
 */
const millis = (value: number | undefined): Duration.DurationInput | undefined => value

const isObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * An environment variable, set to something other than blanks, where there are any (Node, Bun, Deno
 * with permission); nothing in a browser.
 */
const variable = (name: string): string | undefined => {
  try {
    const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[
      name
    ]
    return value?.trim() ? value : undefined
  } catch {
    // Deno without `--allow-env` throws on reading one.
    return undefined
  }
}

/**
 * The options with `baseUrl` and `apiKey` filled in from the environment where they were left out;
 * a clear `MemsyValidationError` naming the variable when neither says.
 *
 * @since 0.2.0
 * @category internal
 */
export const withEnvironment = (
  options: ClientOptions,
  plane: "data" | "control",
  clientName: string
): ClientOptions & { readonly baseUrl: string; readonly apiKey: string } => {
  const dataUrl = variable("MEMSY_BASE_URL")
  const baseUrl =
    options.baseUrl ??
    (plane === "data" ? dataUrl : (variable("MEMSY_CONTROL_URL") ?? (dataUrl && controlUrlFrom(dataUrl))))
  const apiKey = options.apiKey ?? variable("MEMSY_API_KEY")
  const missing = (field: string, names: string) =>
    new MemsyValidationError({
      operation: clientName,
      detail: `${field}: not given, and ${names} is not set`
    })
  if (baseUrl === undefined) {
    throw missing("baseUrl", plane === "data" ? "MEMSY_BASE_URL" : "MEMSY_CONTROL_URL (or MEMSY_BASE_URL)")
  }
  if (apiKey === undefined) throw missing("apiKey", "MEMSY_API_KEY")
  return { ...options, baseUrl, apiKey }
}

const toCore = (
  options: ClientOptions & { readonly baseUrl: string; readonly apiKey: string }
): MemsyClient.Options => ({
  baseUrl: options.baseUrl,
  apiKey: Redacted.make(options.apiKey),
  ...defaultsToCore(options)
})

/** Only the options given: `withOptions` lays them over the client's. */
const defaultsToCore = (options: DefaultOptions): Partial<MemsyClient.Options> => {
  const out: { -readonly [K in keyof MemsyClient.Options]?: MemsyClient.Options[K] } = {}
  if (options.timeout !== undefined) out.timeout = millis(options.timeout)
  if (options.maxRetries !== undefined) out.maxRetries = options.maxRetries
  if (options.retryBackoff !== undefined) out.retryBackoff = millis(options.retryBackoff)
  if (options.retryTransient !== undefined) out.retryTransient = options.retryTransient
  return out
}

/** A call's options as the core takes them; `signal` is the facade's own. */
const requestToCore = (options: RequestOptions): CoreRequestOptions.RequestOptions => ({
  timeout: millis(options.timeout),
  maxRetries: options.maxRetries,
  retryTransient: options.retryTransient,
  headers: options.headers
})

/** Where `attach` keeps each client's `close`, for the classes' `close()` and derived clients. */
const closers = new WeakMap<object, () => Promise<void>>()

/**
 * `client.close()`: releases the connections of `client` and of every client `withOptions` derived
 * from it or that it was derived from.
 *
 * @since 0.2.0
 * @category internal
 */
export const closeOf = (client: object): Promise<void> => closers.get(client)?.() ?? Promise.resolve()

const aborted = () => new DOMException("The operation was aborted", "AbortError")

/**
 * A method the core client adds over its endpoints, as the facade gives it: a Promise, or an
 * `AsyncIterable` for a stream. `options` turns the facade's last argument into the core's.
 *
 * @since 0.2.0
 * @category internal
 */
export interface Extra {
  readonly path: ReadonlyArray<string>
  readonly kind: "promise" | "iterable"
  readonly options: (options: never) => unknown
  /** What the facade resolves with, from the core's result; as is when absent. */
  readonly result?: ((value: never) => unknown) | undefined
}

/** `waitForProcessing(eventIds, options)`. */
export const waitExtra = (path: ReadonlyArray<string>): Extra => ({
  path,
  kind: "promise",
  options: (options: WaitOptions) => ({
    timeout: millis(options.timeout),
    pollInterval: millis(options.pollInterval),
    onProgress: options.onProgress
  })
})

/** `ingestMany(events, options)`. */
export const ingestExtra = (path: ReadonlyArray<string>): Extra => ({
  path,
  kind: "promise",
  options: (options: IngestManyOptions) => ({
    ...requestToCore(options),
    batchSize: options.batchSize,
    concurrency: options.concurrency,
    onProgress: options.onProgress
  }),
  // A partial failure resolves: each event's error becomes the facade's class, like a thrown one.
  result: (result: BulkIngest.Result) => ({
    eventIds: result.eventIds,
    failures: result.failures.map(({ index, error }) => ({ index, error: fromCore(error) }))
  })
})

/** `listAll(filters, options)`. */
export const listAllExtra = (path: ReadonlyArray<string>): Extra => ({
  path,
  kind: "iterable",
  options: (options: ListAllOptions) => ({ pageSize: options.pageSize, ...requestToCore(options) })
})

/** The core client's shape as the facade walks it: methods, `withResponse`, `withOptions`. */
interface Core {
  readonly withResponse: object
  readonly withOptions: (options: Partial<MemsyClient.Options>) => Core
}

/**
 * What tells the Promise clients apart: the class's name, the plane it serves, its endpoints, the
 * core client it runs and the helpers that client adds.
 *
 * @since 0.2.0
 * @category internal
 */
export interface Plane {
  /** The class's name, as the `operation` of the errors its constructor throws. */
  readonly name: string
  /** Which environment variables give a `baseUrl` left out. */
  readonly plane: "data" | "control"
  readonly endpoints: Endpoint.Tree
  readonly make: (options: MemsyClient.Options) => Effect.Effect<Core, never, Transport.Transport>
  readonly extras: ReadonlyArray<Extra>
}

/**
 * Gives `target` one Promise method per endpoint of the plane's tree, each running the core
 * client's method of the same path on a runtime owned by `target`, plus the plane's extras,
 * `withResponse` (the same methods, resolving to `{ data, meta }`) and `withOptions` (a client of the
 * same class with new defaults, sharing the runtime and its connections).
 *
 * @since 0.1.0
 * @category internal
 */
export const attach = (
  target: object,
  { name: clientName, plane, endpoints: tree, make, extras }: Plane,
  given: ClientOptions
): void => {
  // The core client the runtime provides, under the class's name.
  const tag = Context.GenericTag<Core>(`@memsy/sdk/${clientName}`)
  const invalid = (detail: string) => new MemsyValidationError({ operation: clientName, detail })
  // From JavaScript anything may come: `null`, a URL string. Nothing is built from bad options.
  if (given !== undefined && !isObject(given)) throw invalid("options: must be an object")
  const options = withEnvironment(given ?? {}, plane, clientName)
  const problems = [
    clientOptionsProblem(options),
    options.logLevel === undefined || levelOf(options.logLevel) !== undefined
      ? undefined
      : `logLevel: must be one of ${Object.keys(logLevels)
          .map((name) => JSON.stringify(name))
          .join(", ")}`
  ].filter((problem) => problem !== undefined)
  if (problems.length > 0) throw invalid(problems.join("; "))
  // The default transport (HTTP/1.1 on Node's sockets on Node, fetch elsewhere), or fetch when one is given.
  const transport = options.fetch ? layerFetch({ fetch: options.fetch }) : transportLayer
  const level = levelOf(options.logLevel) ?? fromEnv() ?? EffectLogLevel.None
  const runtime = ManagedRuntime.make(
    Layer.scoped(tag, Effect.zipRight(configure(level), make(toCore(options)))).pipe(Layer.provide(transport))
  )
  let closed = false
  const inFlight = new Set<Fiber.RuntimeFiber<unknown, unknown>>()

  /** Why a call failed, as the facade throws it. */
  const failure = (exit: Exit.Failure<unknown, unknown>, signal: AbortSignal | undefined): never => {
    if (Cause.isInterruptedOnly(exit.cause)) {
      if (signal?.aborted) throw signal.reason ?? aborted()
      if (closed) throw new MemsyClientClosedError(clientName)
      throw aborted()
    }
    const error = Option.getOrUndefined(Cause.failureOption(exit.cause))
    if (CoreError.isMemsyError(error)) throw fromCore(error)
    throw Cause.squash(exit.cause)
  }

  const run = (
    effect: Effect.Effect<unknown, unknown, Core>,
    signal: AbortSignal | undefined
  ): Promise<unknown> => {
    if (closed) return Promise.reject(new MemsyClientClosedError(clientName))
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise((resolve, reject) => {
      // The fiber ends with nothing: its value reaches the promise through `value`. What a fiber that
      // has suspended ends with survives V8's young-generation collections until the next full one
      // (Effect 3.17 to 3.22, Node 20). A 3,000-result answer (3 MB) was promoted on every call, and
      // the scavenges copying it took 4–7 ms of a 25 ms call.
      let value: unknown
      const fiber = runtime.runFork(
        Effect.map(effect, (a) => {
          value = a
        })
      )
      inFlight.add(fiber)
      // Aborting interrupts the fiber, which cancels the exchange (the transport closes its socket).
      const abort = () => fiber.unsafeInterruptAsFork(fiber.id())
      signal?.addEventListener("abort", abort, { once: true })
      fiber.addObserver((exit) => {
        inFlight.delete(fiber)
        signal?.removeEventListener("abort", abort)
        try {
          resolve(Exit.isSuccess(exit) ? value : failure(exit, signal))
        } catch (error) {
          reject(error)
        }
      })
    })
  }

  /**
   * A list's pages as an `AsyncIterable`: each page is one call through `run` (so errors are the
   * facade's, and `close()` ends it), asked for only when the loop has used up the one before; leaving
   * the loop early asks for none.
   */
  const iterable = (
    page: (offset: number) => Effect.Effect<Pagination.Step<unknown>, unknown, Core>,
    signal: AbortSignal | undefined
  ): AsyncIterable<unknown> => ({
    [Symbol.asyncIterator]: async function* () {
      for (let offset: number | undefined = 0; offset !== undefined;) {
        const step = (await run(page(offset), signal)) as Pagination.Step<unknown>
        yield* step.items
        offset = step.next
      }
    }
  })

  const close = async () => {
    if (closed) return
    closed = true
    for (const fiber of inFlight) fiber.unsafeInterruptAsFork(fiber.id())
    await runtime.dispose()
  }

  /** Fills `client` with the methods of the core client `select` picks from the service. */
  const fill = (client: object, select: (service: Core) => Core) => {
    // The core client, once: each call then only builds its Effect and forks one fiber.
    let core: Core | undefined
    const resolved = Effect.map(tag, (service) => (core = select(service)))
    // `any` only here: the walk builds what `Promisified` describes.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const walk = (node: Endpoint.Tree, path: ReadonlyArray<string>, meta: boolean): any =>
      Object.fromEntries([
        ...Object.entries(node).map(([key, child]) => {
          const at = [...path, key]
          if (!Endpoint.isEndpoint(child)) return [key, Object.freeze(walk(child, at, meta))]
          // The request options are the argument after the endpoint's declared parameters.
          const arity = child.params.length
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const method = (c: Core): any => at.reduce((n: any, k) => n[k], meta ? c.withResponse : c)
          const call = (...args: ReadonlyArray<unknown>) => {
            const requestOptions = args[arity] as RequestOptions | undefined
            const problem = signalProblem(requestOptions)
            if (problem !== undefined) {
              return Promise.reject(new MemsyValidationError({ operation: child.name, detail: problem }))
            }
            const callArgs = args.slice(0, arity)
            // Anything but an object goes as it is, for the core to reject.
            if (requestOptions !== undefined) {
              callArgs.push(isObject(requestOptions) ? requestToCore(requestOptions) : requestOptions)
            }
            const effect = core
              ? method(core)(...callArgs)
              : Effect.flatMap(resolved, (c) => method(c)(...callArgs))
            return run(effect, requestOptions?.signal)
          }
          return [key, Object.defineProperty(call, "name", { value: key })]
        }),
        ...(meta ? [] : extrasAt(path))
      ])
    /** The extras of the resource at `path`, as `[name, method]` entries. */
    const extrasAt = (path: ReadonlyArray<string>) =>
      extras
        .filter((extra) => extra.path.length === path.length + 1 && path.every((k, i) => extra.path[i] === k))
        .map((extra) => {
          const key = extra.path[extra.path.length - 1]!
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const method = (c: Core): any => extra.path.reduce((n: any, k) => n[k], c)
          const call = (first: unknown, last?: WaitOptions | ListAllOptions | IngestManyOptions) => {
            const problem = signalProblem(last)
            if (problem !== undefined) {
              const error = new MemsyValidationError({ operation: extra.path.join("."), detail: problem })
              if (extra.kind === "promise") return Promise.reject(error)
              return iterable(() => Effect.fail(error), undefined)
            }
            // Anything but an object goes as it is, for the core to reject.
            const args = [first, isObject(last) ? extra.options(last as never) : last]
            if (extra.kind === "promise") {
              const effect = core
                ? method(core)(...args)
                : Effect.flatMap(resolved, (c) => method(c)(...args))
              const done = run(effect, last?.signal)
              return extra.result ? done.then(extra.result as (value: unknown) => unknown) : done
            }
            // The pages of this listing; the core client is looked up with the first.
            const page = (offset: number) =>
              core
                ? method(core)(...args)(offset)
                : Effect.flatMap(resolved, (c) => method(c)(...args)(offset))
            return iterable(page, last?.signal)
          }
          return [key, Object.defineProperty(call, "name", { value: key })] as const
        })
    Object.assign(client, walk(tree, [], false))
    Object.defineProperty(client, "withResponse", { value: Object.freeze(walk(tree, [], true)) })
    Object.defineProperty(client, "withOptions", {
      value: (more: DefaultOptions) => {
        const problem = defaultOptionsProblem(more)
        if (problem !== undefined) throw invalid(problem)
        const derived = Object.create(Object.getPrototypeOf(client)) as object
        const core = defaultsToCore(more)
        fill(derived, (service) => select(service).withOptions(core))
        return derived
      }
    })
    closers.set(client, close)
  }
  fill(target, (service) => service)
}
