import { Endpoint, MemsyError as Core, type MemsyClient, Transport } from "@memsy/effect"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
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

const aborted = () => new DOMException("The operation was aborted", "AbortError")

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
  make: (options: MemsyClient.Options) => Effect.Effect<S, never, Transport.Transport>,
  options: ClientOptions,
  clientName: string
): (() => Promise<void>) => {
  // The default transport (Node's http on Node, fetch elsewhere), or fetch when one is given.
  const transport = options.fetch ? Transport.layerFetch({ fetch: options.fetch }) : Transport.layer
  const runtime = ManagedRuntime.make(Layer.effect(tag, make(toCore(options))).pipe(Layer.provide(transport)))
  // The service, once: each call then only builds its Effect and forks one fiber.
  let service: S | undefined
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
    if (Core.isMemsyError(failure)) throw fromCore(failure)
    throw Cause.squash(exit.cause)
  }

  const run = (
    method: (service: S) => Effect.Effect<unknown, unknown>,
    signal: AbortSignal | undefined
  ): Promise<unknown> => {
    if (closed) return Promise.reject(new MemsyClientClosedError(clientName))
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise((resolve, reject) => {
      const effect = service ? method(service) : Effect.flatMap(tag, (s) => method((service = s)))
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
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const resolve = (service: S): any => at.reduce((n: any, k) => n[k], service)
        const method = (...args: ReadonlyArray<unknown>) => {
          const requestOptions = args[arity] as RequestOptions | undefined
          const callArgs = args.length > arity ? args.slice(0, arity) : args
          return run((service) => resolve(service)(...callArgs), requestOptions?.signal)
        }
        return [key, Object.defineProperty(method, "name", { value: key })]
      })
    )
  Object.assign(target, walk(tree, []))

  return async () => {
    if (closed) return
    closed = true
    for (const fiber of inFlight) fiber.unsafeInterruptAsFork(fiber.id())
    await runtime.dispose()
  }
}
