import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { Endpoint, MemsyError as Core, type MemsyClient } from "@memsy/effect"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { fromCore, MemsyClientClosedError } from "../errors.js"

/**
 * What every method takes after its own arguments.
 *
 * @since 0.1.0
 * @category options
 */
export interface RequestOptions {
  /** Aborting it rejects the call at once (with `signal.reason`) and aborts the HTTP request. */
  readonly signal?: AbortSignal | undefined
}

/**
 * The options both clients take; durations in milliseconds.
 *
 * @since 0.1.0
 * @category options
 */
export interface ClientOptions {
  /** The service's base URL, e.g. `https://api.memsy.io/v1`. */
  readonly baseUrl: string
  /** `msy_…`; kept out of logs and `inspect` output. */
  readonly apiKey: string
  /** Per attempt, in milliseconds. Default 30 000. */
  readonly timeout?: number | undefined
  /** Retries of a rate-limited call. Default 3. */
  readonly maxRetries?: number | undefined
  /** First wait in milliseconds when the server sends no `Retry-After`, doubled at each retry. Default 1 000. */
  readonly retryBackoff?: number | undefined
  /** Replaces `globalThis.fetch`: a proxy, instrumentation, a test emulator. */
  readonly fetch?: typeof globalThis.fetch | undefined
}

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

/** The core options (`Duration`s, a `Redacted` key) for the facade's; left out stays left out. */
const toCore = (options: ClientOptions): MemsyClient.Options => {
  const millis = (value: number | undefined) => (value === undefined ? undefined : Duration.millis(value))
  return {
    baseUrl: options.baseUrl,
    apiKey: Redacted.make(options.apiKey),
    timeout: millis(options.timeout),
    maxRetries: options.maxRetries,
    retryBackoff: millis(options.retryBackoff)
  }
}

/**
 * Gives `target` one Promise method per endpoint of `tree`, each running the core service's method
 * of the same path on a runtime owned by `target`; returns the function that closes it.
 *
 * @since 0.1.0
 * @category internal
 */
export const attach = <I, S>(
  target: object,
  tree: Endpoint.Tree,
  tag: Context.Tag<I, S>,
  layer: (options: MemsyClient.Options) => Layer.Layer<I, never, HttpClient.HttpClient>,
  options: ClientOptions,
  clientName: string
): (() => Promise<void>) => {
  const fetch = options.fetch
  const http = fetch
    ? Layer.provide(FetchHttpClient.layer, Layer.succeed(FetchHttpClient.Fetch, fetch))
    : FetchHttpClient.layer
  const runtime = ManagedRuntime.make(Layer.provide(layer(toCore(options)), http))
  let closed = false
  const inFlight = new Set<AbortController>()

  const run = async (path: ReadonlyArray<string>, args: ReadonlyArray<unknown>, signal?: AbortSignal) => {
    if (closed) throw new MemsyClientClosedError(clientName)
    if (signal?.aborted) throw signal.reason
    // One controller per call, aborted by the caller's signal or by `close()`.
    const controller = new AbortController()
    const abort = () => controller.abort()
    signal?.addEventListener("abort", abort, { once: true })
    inFlight.add(controller)
    const effect = Effect.flatMap(tag, (service) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const method: any = path.reduce((node: any, key) => node[key], service)
      return method(...args) as Effect.Effect<unknown, unknown>
    })
    const exit = await runtime.runPromiseExit(effect, { signal: controller.signal }).finally(() => {
      signal?.removeEventListener("abort", abort)
      inFlight.delete(controller)
    })
    if (Exit.isSuccess(exit)) return exit.value
    if (Cause.isInterruptedOnly(exit.cause)) {
      if (signal?.aborted) throw signal.reason ?? new DOMException("The operation was aborted", "AbortError")
      if (closed) throw new MemsyClientClosedError(clientName)
      throw new DOMException("The operation was aborted", "AbortError")
    }
    const failure = Option.getOrUndefined(Cause.failureOption(exit.cause))
    if (Core.isMemsyError(failure)) throw fromCore(failure)
    throw Cause.squash(exit.cause)
  }

  // `any` only here: the walk builds what `Promisified` describes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const walk = (node: Endpoint.Tree, path: ReadonlyArray<string>): any =>
    Object.fromEntries(
      Object.entries(node).map(([key, child]) => {
        const at = [...path, key]
        if (!Endpoint.isEndpoint(child)) return [key, Object.freeze(walk(child, at))]
        // Inputs declare no default or rest parameters, so `length` is the method's arity and the
        // request options are the argument after it.
        const arity = child.input.length
        const method = (...args: ReadonlyArray<unknown>) => {
          const requestOptions = args[arity] as RequestOptions | undefined
          return run(at, args.slice(0, arity), requestOptions?.signal)
        }
        return [key, Object.defineProperty(method, "name", { value: key })]
      })
    )
  Object.assign(target, walk(tree, []))

  return async () => {
    if (closed) return
    closed = true
    for (const controller of inFlight) controller.abort()
    await runtime.dispose()
  }
}
