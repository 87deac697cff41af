import * as HttpClient from "@effect/platform/HttpClient"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Endpoint from "../Endpoint.js"
import type * as MemsyError from "../MemsyError.js"
import * as Retry from "../Retry.js"
import * as Transport from "../Transport.js"
import type * as RequestOptions from "../RequestOptions.js"
import type * as ResponseMeta from "../ResponseMeta.js"
import { call, type Call, type Settings } from "./call.js"

/** The options both clients take. */
export interface Options {
  /** The service's base URL, e.g. `https://api.memsy.io/v1`; trailing slashes are ignored. */
  readonly baseUrl: string
  /** `msy_…`; kept `Redacted` until it is written into the `Authorization` header. */
  readonly apiKey: Redacted.Redacted | string
  /** Per attempt, waiting between retries not included. Default 30 seconds. */
  readonly timeout?: Duration.DurationInput | undefined
  /** Retries of a rate-limited call. Default 3. */
  readonly maxRetries?: number | undefined
  /** First wait when the server sends no `Retry-After`; doubled at each retry. Default 1 second. */
  readonly retryBackoff?: Duration.DurationInput | undefined
  /** Replaces the retry policy (`maxRetries` and `retryBackoff` are then unused). */
  readonly retrySchedule?: Retry.Policy | undefined
  /** Also retry 5xx, 408, lost connections and timeouts where that is safe (`RequestOptions`). Default off. */
  readonly retryTransient?: boolean | undefined
}

/** The methods derived from a tree of endpoints, each giving `A<Res>`: one per endpoint, resources nested. */
export type Methods<T extends Endpoint.Tree, Wrap extends "result" | "response"> = {
  readonly [K in keyof T]: T[K] extends Endpoint.Endpoint<infer Args, infer _Req, infer _Wire, infer Res>
    ? (
        ...args: [...Args, options?: RequestOptions.RequestOptions]
      ) => Effect.Effect<Wrap extends "result" ? Res : ResponseMeta.WithResponse<Res>, MemsyError.CallError>
    : T[K] extends Endpoint.Tree
      ? Methods<T[K], Wrap>
      : never
}

/** A client derived from a tree of endpoints, with what `extend` adds over its methods (`X`). */
export type Client<T extends Endpoint.Tree, X = unknown> = Omit<Methods<T, "result">, keyof X> &
  X & {
    /** The same methods, each giving `{ data, meta }`: the result and its response's status and headers. */
    readonly withResponse: Methods<T, "response">
    /** A client with these options over the client's own, sharing its connections. */
    readonly withOptions: (options: Partial<Options>) => Client<T, X>
  }

const absolute = (url: string): string | undefined => {
  const trimmed = url.replace(/\/+$/, "")
  try {
    const parsed = new URL(trimmed)
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? trimmed : undefined
  } catch {
    return undefined
  }
}

/** The span attributes naming the server: its host (IPv6 without brackets) and a port the URL names. */
const serverOf = (baseUrl: string | undefined): Record<string, string | number> => {
  if (baseUrl === undefined) return {}
  const url = new URL(baseUrl)
  const address = url.hostname.replace(/^\[(.*)\]$/, "$1")
  // `URL` drops a scheme's default port (`:443` on https): only a port of its own is explicit.
  return url.port === ""
    ? { "server.address": address }
    : { "server.address": address, "server.port": Number(url.port) }
}

export const settings = (options: Options, transport: Transport.Service): Settings => {
  const key = Redacted.isRedacted(options.apiKey) ? Redacted.value(options.apiKey) : options.apiKey
  const bare = { accept: "application/json", authorization: `Bearer ${key}` }
  const retryOptions: Retry.Options | undefined = options.retrySchedule
    ? undefined
    : {
        ...Retry.defaults,
        ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
        ...(options.retryBackoff !== undefined && { backoff: options.retryBackoff })
      }
  const baseUrl = absolute(options.baseUrl)
  return {
    transport,
    baseUrl,
    headers: { bare, json: { ...bare, "content-type": "application/json" } },
    timeout: Duration.decode(options.timeout ?? Duration.seconds(30)),
    retry: options.retrySchedule ?? Retry.schedule(retryOptions!),
    retryOptions,
    retryTransient: options.retryTransient ?? false,
    server: serverOf(baseUrl)
  }
}

type Calls = { readonly [name: string]: Call | Calls }

const compile = (tree: Endpoint.Tree, settings: Settings): Calls =>
  Object.fromEntries(
    Object.entries(tree).map(([name, node]) => [
      name,
      Endpoint.isEndpoint(node) ? call(node, settings) : compile(node, settings)
    ])
  )

// `any` only here: the walk builds what `Methods` describes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const methods = (calls: Calls, meta: boolean): any =>
  Object.fromEntries(
    Object.entries(calls).map(([name, node]) => [
      name,
      typeof node === "function" ? (...args: ReadonlyArray<unknown>) => node(args, meta) : methods(node, meta)
    ])
  )

/**
 * A client of `tree` with `options` over `transport`: the methods, what `extend` makes of them (which
 * may replace some), `withResponse` and `withOptions`.
 */
export const build = <T extends Endpoint.Tree, X>(
  tree: T,
  extend: (methods: Methods<T, "result">) => X,
  options: Options,
  transport: Transport.Service
): Client<T, X> => {
  const calls = compile(tree, settings(options, transport))
  const plain = methods(calls, false) as Methods<T, "result">
  return {
    ...plain,
    ...extend(plain),
    withResponse: methods(calls, true),
    withOptions: (more: Partial<Options>) => build(tree, extend, { ...options, ...more }, transport)
  } as Client<T, X>
}

/** A client over the `Transport` in context. */
export const make = <T extends Endpoint.Tree, X>(
  tree: T,
  extend: (methods: Methods<T, "result">) => X,
  options: Options
): Effect.Effect<Client<T, X>, never, Transport.Transport> =>
  Effect.map(Transport.Transport, (transport) => build(tree, extend, options, transport))

/**
 * The transport a client's layer uses: a `Transport` it was given; else an `HttpClient` it was given,
 * used as is; else the platform's default, released with the layer.
 */
// A function, not a constant: a bundle that never makes a layer (the Promise facade) then drops it,
// and the platform's HttpClient with it.
const transport = (): Effect.Effect<Transport.Service, never, Scope.Scope> =>
  Effect.flatMap(
    Effect.serviceOption(Transport.Transport),
    Option.match({
      onSome: Effect.succeed,
      onNone: () =>
        Effect.flatMap(
          Effect.serviceOption(HttpClient.HttpClient),
          Option.match({
            onSome: (client) => Effect.succeed(Transport.fromHttpClient(client)),
            onNone: () => Transport.platformDefault
          })
        )
    })
  )

/** The layer of a client service made by `make`, over the transport `transport` finds. */
export const layer = <I, S>(
  tag: Context.Tag<I, S>,
  make: Effect.Effect<S, never, Transport.Transport>
): Layer.Layer<I> => Layer.scoped(tag, Effect.provideServiceEffect(make, Transport.Transport, transport()))
