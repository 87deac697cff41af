/**
 * Both clients from one set of client options: the data client at `baseUrl`, the control client at
 * `controlUrl` or, when that is unset, at the control URL `baseUrl` implies, so a test that moves
 * the data URL moves both.
 *
 * @internal
 */
import { MemsyClient, MemsyControlClient } from "@memsy/effect"
import * as Layer from "effect/Layer"
import type { ClientOptions } from "../ClientOptions.js"

export const layer = (
  defaults: { readonly baseUrl: string; readonly apiKey: string },
  { controlUrl, ...options }: ClientOptions = {}
): Layer.Layer<MemsyClient.MemsyClient | MemsyControlClient.MemsyControlClient> => {
  const baseUrl = options.baseUrl ?? defaults.baseUrl
  const shared = { apiKey: defaults.apiKey, ...options }
  return Layer.merge(
    MemsyClient.layer({ ...shared, baseUrl }),
    MemsyControlClient.layer({
      ...shared,
      baseUrl: controlUrl ?? MemsyControlClient.controlUrlFrom(baseUrl)
    })
  )
}
