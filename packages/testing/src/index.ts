/**
 * Runs wherever `fetch` does: browsers, Deno, Bun, edge workers, Node. What needs Node (the emulator
 * over HTTP) is in `@memsy/testing/node`.
 *
 * @since 0.1.0
 */

/**
 * A scripted transport: exact replies queued per route, and every request that reached the wire.
 *
 * @since 0.1.0
 */
export * as MockTransport from "./MockTransport.js"

/**
 * A stateful in-memory Memsy, both planes, behind one `exchange(Request)` that runs wherever `fetch`
 * does.
 *
 * @since 0.1.0
 */
export * as Emulator from "./Emulator.js"

/**
 * Effect test layers: both clients over a fresh in-process emulator, on the Effect clock.
 *
 * @since 0.1.0
 */
export * as MemsyTest from "./MemsyTest.js"
