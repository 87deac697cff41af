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
export * as EmulatorServer from "./EmulatorServer.js"

/**
 * @since 0.1.0
 */
export * as MemsyTest from "./MemsyTest.js"
