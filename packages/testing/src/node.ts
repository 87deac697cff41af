/**
 * `@memsy/testing/node`: the emulator over real HTTP, for Node.
 *
 * @since 0.2.0
 */

/**
 * @since 0.1.0
 */
export * as EmulatorServer from "./EmulatorServer.js"

/**
 * @since 0.2.0
 */
export * as MemsyTestServer from "./MemsyTestServer.js"
