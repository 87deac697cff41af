/**
 * A tiny path router: exact segments and `:name` parameters, first match wins (so `/stats` is
 * declared before `/{memory_id}`, §3), with 404 and 405 answers in the FastAPI shape.
 *
 * @internal
 */
import type { Ctx } from "./context.js"

export interface Route {
  readonly method: string
  readonly segments: ReadonlyArray<string>
  readonly handle: (ctx: Ctx) => Response
}

export const route = (method: string, path: string, handle: (ctx: Ctx) => Response): Route => ({
  method,
  segments: path.split("/").filter((s) => s.length > 0),
  handle
})

const match = (
  segments: ReadonlyArray<string>,
  path: ReadonlyArray<string>
): Record<string, string> | undefined => {
  if (segments.length !== path.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < segments.length; i++) {
    const pattern = segments[i] ?? ""
    const actual = path[i] ?? ""
    if (pattern.startsWith(":")) params[pattern.slice(1)] = actual
    else if (pattern !== actual) return undefined
  }
  return params
}

export type Resolution =
  | { readonly _tag: "Found"; readonly route: Route; readonly params: Record<string, string> }
  | { readonly _tag: "MethodNotAllowed"; readonly allow: ReadonlyArray<string> }
  | { readonly _tag: "NotFound" }

/** Resolves `path` (already without the plane prefix, segments percent-decoded). */
export const resolve = (
  routes: ReadonlyArray<Route>,
  method: string,
  path: ReadonlyArray<string>
): Resolution => {
  const allow: Array<string> = []
  for (const r of routes) {
    const params = match(r.segments, path)
    if (params === undefined) continue
    if (r.method === method) return { _tag: "Found", route: r, params }
    if (!allow.includes(r.method)) allow.push(r.method)
  }
  return allow.length > 0 ? { _tag: "MethodNotAllowed", allow } : { _tag: "NotFound" }
}
