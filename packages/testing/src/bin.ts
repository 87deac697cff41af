#!/usr/bin/env node
/**
 * `memsy-emulator`: the Memsy emulator on a local port, for SDKs in any language.
 *
 * @since 0.1.0
 */
import { readFileSync, realpathSync } from "node:fs"
import { fileURLToPath } from "node:url"
import * as Emulator from "./Emulator.js"
import * as EmulatorServer from "./EmulatorServer.js"
import * as Cli from "./internal/cli.js"

/**
 * Parsed command-line flags, declared beside their parser and the usage text.
 *
 * @since 0.1.0
 * @category models
 */
export type { Flags } from "./internal/cli.js"

/**
 * Parses `argv` (without the node and script entries); throws on an unknown flag or a bad value.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseFlags: (argv: ReadonlyArray<string>) => Cli.Flags = Cli.parseFlags

const readKeysFile = (file: string): string => {
  try {
    return readFileSync(file, "utf8")
  } catch {
    throw new Error(`--keys: cannot read ${file}`)
  }
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
    print(Cli.USAGE)
    return undefined
  }
  const file =
    flags.keysFile === undefined
      ? { key: {}, keys: [] }
      : Cli.parseKeysFile(flags.keysFile, readKeysFile(flags.keysFile))
  const key = { ...file.key, ...flags.key }
  const emulator = Emulator.make({ processingDelay: flags.processingDelay, key })
  const others = [...file.keys, ...flags.keys].map((spec, i) => {
    const named = { name: `key${i + 2}`, ...spec }
    return { spec: named, raw: emulator.addKey(named) }
  })
  const server = await EmulatorServer.serve({ emulator, port: flags.port, host: flags.host })
  print(`Memsy emulator listening on ${server.url}`)
  print(`  data plane:    ${server.dataUrl}`)
  print(`  control plane: ${server.controlUrl}`)
  print(`  API key:       ${emulator.apiKey}  (${Cli.summary(key)})`)
  for (const { spec, raw } of others) print(`  key ${spec.name}: ${raw}  (${Cli.summary(spec)})`)
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
      console.error(Cli.USAGE)
      process.exit(2)
    }
  )
}

if (isEntry()) run(process.argv.slice(2))
