#!/usr/bin/env node
/**
 * `memsy-emulator`: the Memsy emulator on a local port, for SDKs in any language.
 *
 * @since 0.1.0
 */
import { realpathSync } from "node:fs"
import { fileURLToPath } from "node:url"
import * as Emulator from "./Emulator.js"
import * as EmulatorServer from "./EmulatorServer.js"

const USAGE = `Usage: memsy-emulator [--port N] [--host HOST] [--processing-delay MS]

  --port N               port to listen on (default 4010; 0 picks a free one)
  --host HOST            interface to bind (default 127.0.0.1)
  --processing-delay MS  how long ingested events stay pending (default 1000)
  --help                 show this help`

/**
 * Parsed command-line flags.
 *
 * @since 0.1.0
 * @category models
 */
export interface Flags {
  readonly port: number
  readonly host: string
  readonly processingDelay: number
  readonly help: boolean
}

const integer = (flag: string, value: string | undefined): number => {
  if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${flag} expects a non-negative integer`)
  return Number(value)
}

/**
 * Parses `argv` (without the node and script entries); throws on an unknown flag or a bad value.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseFlags = (argv: ReadonlyArray<string>): Flags => {
  let flags: Flags = { port: 4010, host: "127.0.0.1", processingDelay: 1000, help: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ""
    const [name, inline] =
      arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined]
    const value = () => inline ?? argv[++i]
    switch (name) {
      case "--port":
        flags = { ...flags, port: integer(name, value()) }
        break
      case "--host": {
        const host = value()
        if (!host) throw new Error("--host expects a value")
        flags = { ...flags, host }
        break
      }
      case "--processing-delay":
        flags = { ...flags, processingDelay: integer(name, value()) }
        break
      case "-h":
      case "--help":
        flags = { ...flags, help: true }
        break
      default:
        throw new Error(`Unknown argument: ${arg}`)
    }
  }
  return flags
}

/**
 * Starts the emulator as the CLI does and prints where it listens and a ready key through `print`.
 *
 * @since 0.1.0
 * @category running
 */
export const main = async (
  argv: ReadonlyArray<string>,
  print: (line: string) => void = (line) => console.log(line)
): Promise<EmulatorServer.Server | undefined> => {
  const flags = parseFlags(argv)
  if (flags.help) {
    print(USAGE)
    return undefined
  }
  const emulator = Emulator.make({ processingDelay: flags.processingDelay })
  const server = await EmulatorServer.serve({ emulator, port: flags.port, host: flags.host })
  print(`Memsy emulator listening on ${server.url}`)
  print(`  data plane:    ${server.dataUrl}`)
  print(`  control plane: ${server.controlUrl}`)
  print(`  API key:       ${emulator.apiKey}`)
  print("")
  print(
    `export MEMSY_BASE_URL=${server.dataUrl} MEMSY_CONTROL_URL=${server.controlUrl} MEMSY_API_KEY=${emulator.apiKey}`
  )
  return server
}

const isEntry = (): boolean => {
  try {
    const script = process.argv[1]
    return script !== undefined && realpathSync(script) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

/**
 * What the `memsy-emulator` command does: start, print, and stop cleanly on Ctrl-C or SIGTERM.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (argv: ReadonlyArray<string>): void => {
  main(argv).then(
    (server) => {
      if (!server) return
      const stop = () => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(1)
        )
      }
      process.once("SIGINT", stop)
      process.once("SIGTERM", stop)
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error))
      console.error(USAGE)
      process.exit(2)
    }
  )
}

if (isEntry()) run(process.argv.slice(2))
