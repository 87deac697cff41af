import * as HttpClient from "@effect/platform/HttpClient"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type { Client, Methods, Options } from "../Client.js"
import * as Endpoint from "../Endpoint.js"
import * as Retry from "../Retry.js"
import * as Transport from "../Transport.js"
import { call, type Call, type Settings } from "./call.js"
import * as Rules from "./rules.js"

/** Placeholders for a client whose options are invalid: its calls fail before reading them. */
const unusable: Options = { baseUrl: "", apiKey: "" }

/** The span attributes naming the server: its host (IPv6 without brackets) and a port the URL names. */
const serverOf = (baseUrl: string): Record<string, string | number> => {
  const url = new URL(baseUrl)
  const address = url.hostname.replace(/^\[(.*)\]$/, "$1")
  // `URL` drops a scheme's default port (`:443` on https): only a port of its own is explicit.
  return url.port === ""
    ? { "server.address": address }
    : { "server.address": address, "server.port": Number(url.port) }
}

export const settings = (given: Options, transport: Transport.Service): Settings => {
  // A layer cannot fail for its options (its error channel is `never`), so bad options fail each call.
  const invalid = Rules.check(Rules.client, given, "options", false)
  const options = invalid === undefined ? given : unusable
  const key = Redacted.isRedacted(options.apiKey) ? Redacted.value(options.apiKey) : options.apiKey
  const bare = { accept: "application/json", authorization: `Bearer ${key}` }
  const retryOptions: Retry.Options | undefined = options.retrySchedule
    ? undefined
    : {
        ...Retry.defaults,
        ...(options.maxRetries !== undefined && { maxRetries: options.maxRetries }),
        ...(options.retryBackoff !== undefined && { backoff: options.retryBackoff })
      }
  const baseUrl = options.baseUrl.replace(/\/+$/, "")
  return {
    transport,
    baseUrl,
    invalid,
    headers: { bare, json: { ...bare, "content-type": "application/json" } },
    timeout: Duration.decode(options.timeout ?? Duration.seconds(30)),
    retry: options.retrySchedule ?? Retry.schedule(retryOptions!),
    retryOptions,
    retryTransient: options.retryTransient ?? false,
    server: invalid === undefined ? serverOf(baseUrl) : {}
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
