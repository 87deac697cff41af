/**
 * Runs wherever `fetch` does: browsers, Deno, Bun, edge workers, Node. What needs Node (the emulator
 * over HTTP) is in `@memsy/testing/node`.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as MockTransport from "./MockTransport.js"

/**
 * @since 0.1.0
 */
export * as Emulator from "./Emulator.js"

/**
 * @since 0.1.0
 */
export * as MemsyTest from "./MemsyTest.js"
