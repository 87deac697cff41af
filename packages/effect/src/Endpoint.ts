/**
 * An endpoint is a declaration: the method's signature, the request model (validated, then encoded
 * to wire keys), where the wire form goes (path, query, body) and the response model. The Effect
 * clients, the Promise facade, the tests and the docs all walk the same declarations.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The HTTP methods the API uses.
 *
 * @since 0.1.0
 * @category models
 */
export type Method = "GET" | "POST" | "PATCH" | "DELETE"

/**
 * An endpoint's declaration, as `make` checks it: what the method takes, how its request is
 * validated and sent, and how the answer is decoded.
 *
 * @since 0.1.0
 * @category models
 */
export interface Endpoint<Args extends ReadonlyArray<unknown>, Req, Wire, Res> {
  /** The operation's name as users call it: `search`, `orgs.create`. Also the span name's suffix. */
  readonly name: string
  readonly method: Method
  /**
   * The names of the method's parameters, one per parameter, optional ones included: what follows
   * them is the call's `RequestOptions`. Declared, not read from `input.length`, which a default or
   * rest parameter would make wrong.
   */
  readonly params: { readonly [K in keyof Args]-?: string }
  /** The method's parameters, gathered into the request model. */
  readonly input: (...args: Args) => Req
  /** Validates the request model and encodes it to wire keys; a failure is a `MemsyValidationError`. */
  readonly request: Schema.Schema<Req, Wire>
  readonly path: (wire: Wire) => string
  /** Query parameters; `undefined` values are left out. */
  readonly query?:
    ((wire: Wire) => Readonly<Record<string, string | number | boolean | undefined>>) | undefined
  /**
   * Whether sending the request twice does no more than sending it once, so that `retryTransient`
   * may repeat it after a 5xx, a timeout or a lost connection. By default, `GET` and `DELETE` are and
   * every other method is not; a function decides from the encoded request (an ingest is when every
   * event carries its `event_id`).
   */
  readonly idempotent?: boolean | ((wire: Wire) => boolean) | undefined
  /** The JSON body; endpoints without one send no body and no `Content-Type`. */
  readonly body?: ((wire: Wire) => unknown) | undefined
  // `any`: a response model's wire form is whatever JSON the server sent.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly response: Schema.Schema<Res, any>
}

/**
 * Any endpoint, for code that walks declarations.
 *
 * @since 0.1.0
 * @category models
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Any = Endpoint<any, any, any, any>

/**
 * A tree of endpoints: the shape of a client, resources nested as objects.
 *
 * @since 0.1.0
 * @category models
 */
export interface Tree {
  readonly [name: string]: Any | Tree
}

/**
 * Whether a node of a tree is an endpoint rather than a nested tree.
 *
 * @since 0.1.0
 * @category guards
 */
export const isEndpoint = (u: Any | Tree): u is Any => typeof u.input === "function" && "request" in u

/**
 * Declares an endpoint. `input` fixes the method's signature; its result must be the request model.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <Args extends ReadonlyArray<unknown>, Req, Wire, Res>(
  endpoint: Endpoint<Args, NoInfer<Req>, NoInfer<Wire>, Res> & { readonly request: Schema.Schema<Req, Wire> }
): Endpoint<Args, Req, Wire, Res> => endpoint

/**
 * Builds a path with every interpolated segment percent-encoded: an id can never reach another
 * route (`../keys`) or break the query string.
 *
 * @since 0.1.0
 * @category constructors
 */
export const path = (strings: TemplateStringsArray, ...segments: ReadonlyArray<string>): string =>
  strings.reduce(
    (out, part, i) => out + part + (i < segments.length ? encodeURIComponent(segments[i]!) : ""),
    ""
  )

/**
 * No request parameters.
 *
 * @since 0.1.0
 * @category models
 */
export const NoInput = Schema.Struct({})

/**
 * An empty answer (`204`, or a 2xx without a body): the method returns `void`.
 *
 * @since 0.1.0
 * @category models
 */
export const NoContent: Schema.Schema<void, unknown> = Schema.transform(Schema.Unknown, Schema.Void, {
  strict: true,
  decode: () => undefined,
  encode: () => null
})

/**
 * Every endpoint of a tree, depth first: for code that walks the declarations (parity checks, docs).
 *
 * @since 0.1.0
 * @category constructors
 */
export const flatten = (tree: Tree): ReadonlyArray<Any> =>
  Object.values(tree).flatMap((node) => (isEndpoint(node) ? [node] : flatten(node)))
