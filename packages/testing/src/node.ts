/**
 * `@memsy/testing/node`: the emulator over real HTTP, for Node.
 *
 * @since 0.2.0
 */

/**
 * The emulator over real HTTP (node:http), on a local port.
 *
 * @since 0.1.0
 */
export * as EmulatorServer from "./EmulatorServer.js"

/**
 * `MemsyTest.layer` over real HTTP: both clients talking to an emulator served on 127.0.0.1.
 *
 * @since 0.2.0
 */
export * as MemsyTestServer from "./MemsyTestServer.js"
