import {
  Endpoint,
  MemsyError as CoreError,
  type BulkIngest,
  type MemsyClient,
  type Pagination,
  type Processing,
  type RequestOptions as CoreRequestOptions,
  type ResponseMeta,
  type Transport
} from "@memsy/effect"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
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

/**
 * What every method takes after its own arguments.
 *
 * @since 0.1.0
 * @category options
 */
export interface RequestOptions {
  /** Aborting it rejects the call at once (with `signal.reason`) and aborts the HTTP request. */
  readonly signal?: AbortSignal | undefined
  /** Per attempt, in milliseconds, replacing the client's `timeout`. */
  readonly timeout?: number | undefined
  /** Replaces the client's `maxRetries`. */
  readonly maxRetries?: number | undefined
  /**
   * Also retry 5xx, 408, lost connections and timeouts, with jittered exponential backoff, where
   * repeating the request is safe: reads, deletes, `search`, `status`, and an `ingest` whose events
   * all carry an `eventId`. A request that is not safe to repeat is never sent twice.
   */
  readonly retryTransient?: boolean | undefined
  /**
   * Extra request headers; the SDK's own `authorization`, `accept` and `content-type` are kept. A
   * `traceparent` (and `tracestate`) goes as given: this client starts no trace of its own. A name
   * must be a token and a value Latin-1 text without line breaks.
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * The options both clients take; durations in milliseconds.
 *
 * @since 0.1.0
 * @category options
 */
export interface ClientOptions {
  /**
   * The service's base URL, e.g. `https://api.memsy.io/v1`. Default: `MEMSY_BASE_URL` (the control
   * client: `MEMSY_CONTROL_URL`, else derived from `MEMSY_BASE_URL`) where an environment exists.
   */
  readonly baseUrl?: string | undefined
  /** `msy_…`; kept out of logs and `inspect` output. Default: `MEMSY_API_KEY`. */
  readonly apiKey?: string | undefined
  /** Per attempt, in milliseconds. Default 30 000. */
  readonly timeout?: number | undefined
  /** Retries of a rate-limited call. Default 3. */
  readonly maxRetries?: number | undefined
  /** First wait in milliseconds when the server sends no `Retry-After`, doubled at each retry. Default 1 000. */
  readonly retryBackoff?: number | undefined
  /** Also retry 5xx, 408, lost connections and timeouts where that is safe (see `RequestOptions`). Default off. */
  readonly retryTransient?: boolean | undefined
  /** Replaces `globalThis.fetch`: a proxy, instrumentation, a test emulator. */
  readonly fetch?: typeof globalThis.fetch | undefined
  /**
   * What the client writes to `console.log`: at `"debug"`, one logfmt line per request (method, path,
   * status, duration, attempts, and the error's name on a failure; never a header, a body, a query, an
   * error message or the key). Default `"none"`, or the environment variable `MEMSY_LOG` where there
   * is one (`MEMSY_LOG=debug`).
   */
  readonly logLevel?: LogLevel | undefined
}

/**
 * How much a client logs, from the most to nothing. The SDK's own lines are all `"debug"`.
 *
 * @since 0.2.0
 * @category options
 */
export type LogLevel = "debug" | "info" | "warn" | "error" | "none"

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
 * The options `withOptions` may change: those of a call, as the client's new defaults.
 *
 * @since 0.2.0
 * @category options
 */
export type DefaultOptions = Pick<ClientOptions, "timeout" | "maxRetries" | "retryBackoff" | "retryTransient">

/**
 * The Promise methods of an endpoint tree: one per endpoint, resources nested, each taking the
 * endpoint's arguments and then an optional `RequestOptions`.
 *
 * @since 0.1.0
 * @category models
 */
export type Promisified<T extends Endpoint.Tree> = {
  readonly [K in keyof T]: T[K] extends Endpoint.Endpoint<infer Args, infer _Req, infer _Wire, infer Res>
    ? (...args: [...Args, requestOptions?: RequestOptions]) => Promise<Res>
    : T[K] extends Endpoint.Tree
      ? Promisified<T[K]>
      : never
}

/**
 * The same methods, each resolving to `{ data, meta }`: the result, and the response's status,
 * headers (lower-case names), usage and rate limit.
 *
 * @since 0.2.0
 * @category models
 */
export type PromisifiedWithResponse<T extends Endpoint.Tree> = {
  readonly [K in keyof T]: T[K] extends Endpoint.Endpoint<infer Args, infer _Req, infer _Wire, infer Res>
    ? (...args: [...Args, requestOptions?: RequestOptions]) => Promise<ResponseMeta.WithResponse<Res>>
    : T[K] extends Endpoint.Tree
      ? PromisifiedWithResponse<T[K]>
      : never
}

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
 * The options of `waitForProcessing`; durations in milliseconds.
 *
 * @since 0.2.0
 * @category options
 */
export interface WaitOptions {
  /** How long to wait in all before rejecting with `ProcessingTimeout`. Default 300 000 (5 minutes). */
  readonly timeout?: number | undefined
  /** The wait between polls. Default 1 000. */
  readonly pollInterval?: number | undefined
  /** Called after every poll with the counts of its answer. */
  readonly onProgress?: ((progress: Processing.Progress) => void) | undefined
  /** Aborting it stops polling and rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined
}

/**
 * The options of `listAll`: a page size (1 to 200, default 100) and those of every page's request.
 *
 * @since 0.2.0
 * @category options
 */
export interface ListAllOptions extends RequestOptions {
  readonly pageSize?: number | undefined
}

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

/**
 * The options of `ingestMany`: batching, progress, and those of every batch's request (`maxRetries`
 * here counts the batch's retries after a rate limit or a transient failure; default 5).
 *
 * @since 0.2.0
 * @category options
 */
export interface IngestManyOptions extends RequestOptions {
  /** Events per request, 1 to 1000. Default 100. */
  readonly batchSize?: number | undefined
  /** Requests in flight at once. Default 4. */
  readonly concurrency?: number | undefined
  /** Called after every batch. */
  readonly onProgress?: ((progress: BulkIngest.Progress) => void) | undefined
}

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
 * Gives `target` one Promise method per endpoint of `tree`, each running the core service's method
 * of the same path on a runtime owned by `target`, plus `withResponse` (the same methods, resolving
 * to `{ data, meta }`) and `withOptions` (a client of the same class with new defaults, sharing the
 * runtime and its connections).
 *
 * @since 0.1.0
 * @category internal
 */
export const attach = <I, S extends Core>(
  target: object,
  tree: Endpoint.Tree,
  tag: Context.Tag<I, S>,
  make: (options: MemsyClient.Options) => Effect.Effect<S, never, Transport.Transport>,
  given: ClientOptions,
  plane: "data" | "control",
  clientName: string,
  extras: ReadonlyArray<Extra> = []
): void => {
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

  const settle = (exit: Exit.Exit<unknown, unknown>, signal: AbortSignal | undefined): unknown => {
    if (Exit.isSuccess(exit)) return exit.value
    if (Cause.isInterruptedOnly(exit.cause)) {
      if (signal?.aborted) throw signal.reason ?? aborted()
      if (closed) throw new MemsyClientClosedError(clientName)
      throw aborted()
    }
    const failure = Option.getOrUndefined(Cause.failureOption(exit.cause))
    if (CoreError.isMemsyError(failure)) throw fromCore(failure)
    throw Cause.squash(exit.cause)
  }

  const run = (
    effect: Effect.Effect<unknown, unknown, I>,
    signal: AbortSignal | undefined
  ): Promise<unknown> => {
    if (closed) return Promise.reject(new MemsyClientClosedError(clientName))
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise((resolve, reject) => {
      const fiber = runtime.runFork(effect)
      inFlight.add(fiber)
      // Aborting interrupts the fiber, which cancels the exchange (the transport closes its socket).
      const abort = () => fiber.unsafeInterruptAsFork(fiber.id())
      signal?.addEventListener("abort", abort, { once: true })
      fiber.addObserver((exit) => {
        inFlight.delete(fiber)
        signal?.removeEventListener("abort", abort)
        try {
          resolve(settle(exit, signal))
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
    page: (offset: number) => Effect.Effect<Pagination.Step<unknown>, unknown, I>,
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
  const fill = (client: object, select: (service: S) => Core) => {
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
