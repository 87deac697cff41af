/**
 * What the Promise facade (`@memsy/sdk`) runs, as named exports. A bundler keeps only the exports a
 * facade reaches, while a namespace of the main entry (`MemsyClient`) keeps every member, the Effect
 * clients' streams among them. Not part of this package's exports: the facade bundles it from source.
 *
 * @since 0.2.0
 */
import type * as Effect from "effect/Effect"
import {
  controlUrlFrom,
  endpoints as controlEndpoints,
  makeWith as makeControlWith,
  type Options as ControlOptions
} from "./MemsyControlClient.js"
import {
  endpoints as dataEndpoints,
  makeWith as makeDataWith,
  type Options as DataOptions
} from "./MemsyClient.js"
import { ingestMany } from "./internal/bulk.js"
import { pages } from "./Pagination.js"
import { statusAll, waitFor } from "./Processing.js"
import { layer as transportLayer, layerFetch } from "./Transport.js"

// The transports by name too: the `Transport` namespace would keep `fromHttpClient`, and with it the
// platform's request builder, bodies, URL parameters and headers.
export { controlEndpoints, controlUrlFrom, dataEndpoints, layerFetch, transportLayer }

/**
 * The data-plane client with helpers that need no streams: `listAll` as page steps, the wait as one
 * Effect.
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeData = (options: DataOptions) =>
  makeDataWith((methods) => {
    const status = statusAll(methods.status)
    return {
      status,
      ingestMany: ingestMany(methods.ingest),
      waitForProcessing: waitFor(status),
      memories: { ...methods.memories, listAll: pages(methods.memories.list) }
    }
  }, options)

/**
 * The control-plane client with `events.listAll` as page steps.
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeControl = (options: ControlOptions) =>
  makeControlWith(
    (methods) => ({ events: { ...methods.events, listAll: pages(methods.events.list) } }),
    options
  )

/**
 * @since 0.2.0
 * @category models
 */
export type Data = Effect.Effect.Success<ReturnType<typeof makeData>>

/**
 * @since 0.2.0
 * @category models
 */
export type Control = Effect.Effect.Success<ReturnType<typeof makeControl>>
