/**
 * The `memsy-emulator` command line: flags, key specs (`--key name=reader,scopes=read`) and the keys
 * file (`--keys FILE`). Pure: reading the file is the bin's.
 *
 * @internal
 */
import type { KeySpec, Tier } from "../EmulatorTypes.js"
import { DEFAULT_ORG } from "../emulator/keys.js"
import type { Scope } from "../emulator/model.js"

/** Parsed command-line flags. */
export interface Flags {
  readonly port: number
  readonly host: string
  readonly processingDelay: number
  readonly help: boolean
  /** What the flags set on the printed key; the keys file's `key` fills in the rest. */
  readonly key: KeySpec
  /** Further keys from `--key`, in order; they come after the keys file's `keys`. */
  readonly keys: ReadonlyArray<KeySpec>
  /** `--keys FILE`: a JSON file `{"key": KeySpec, "keys": [KeySpec, ...]}`. */
  readonly keysFile: string | undefined
}

export const USAGE = `Usage: memsy-emulator [options]

  --port N               port to listen on (default 4010; 0 picks a free one)
  --host HOST            interface to bind (default 127.0.0.1)
  --processing-delay MS  how long ingested events stay pending (default 1000)

The printed key (default: pro, scopes read+write, org admin, with a seat):
  --tier free|pro        its org's plan (free: billing answers 403 billing_not_enabled)
  --scopes LIST          read+write, read, write or none (ingest needs write, search and status read;
                         otherwise 403 insufficient_scope)
  --no-admin             not an org admin (keys, usage, billing, onboarding changes: 403 admin_required)
  --no-seat              no assigned seat (console events: 403 seat_required)
  --org ID               its org (default org_emulator)

Further keys, each printed with its name:
  --key SPEC             e.g. --key name=reader,tier=free,scopes=read,admin=false,seat=false,org=org_free
                         (fields: name tier scopes admin seat org email; repeatable)
  --keys FILE            a JSON file: {"key": {...}, "keys": [{...}, ...]}, each object with the fields
                         tier, scopes (an array), admin, seat, orgId, email, name; "key" is the printed
                         key, flags win over it

Any other key is unknown to the emulator: 401 unauthorized.

  --help                 show this help`

const fail = (message: string): never => {
  throw new Error(message)
}

const integer = (flag: string, value: string | undefined): number =>
  value !== undefined && /^\d+$/.test(value) ? Number(value) : fail(`${flag} expects a non-negative integer`)

const text = (where: string, value: string | undefined): string =>
  value !== undefined && value.trim() !== "" ? value : fail(`${where} expects a non-empty value`)

const tier = (where: string, value: string | undefined): Tier =>
  value === "free" || value === "pro" ? value : fail(`${where} expects free or pro`)

const scopes = (where: string, value: string | undefined): ReadonlyArray<Scope> => {
  if (value === "none") return []
  const list = (value ?? "").split(/[+,]/)
  return list.every((s) => s === "read" || s === "write")
    ? (list as Array<Scope>)
    : fail(`${where} expects read+write, read, write or none`)
}

const bool = (where: string, value: string | undefined): boolean =>
  value === "true" || value === "yes"
    ? true
    : value === "false" || value === "no"
      ? false
      : fail(`${where} expects true or false`)

/** `name=reader,tier=free,scopes=read+write,admin=false,seat=false,org=org_free,email=a@b.c` */
export const parseKeySpec = (spec: string): KeySpec => {
  let key: KeySpec = {}
  for (const field of spec.split(",")) {
    const [name = "", value] = field.split(/=(.*)/s, 2)
    const where = `--key ${name}`
    switch (name) {
      case "name":
        key = { ...key, name: text(where, value) }
        break
      case "tier":
        key = { ...key, tier: tier(where, value) }
        break
      case "scopes":
        key = { ...key, scopes: scopes(where, value) }
        break
      case "admin":
        key = { ...key, admin: bool(where, value) }
        break
      case "seat":
        key = { ...key, seat: bool(where, value) }
        break
      case "org":
        key = { ...key, orgId: text(where, value) }
        break
      case "email":
        key = { ...key, email: text(where, value) }
        break
      default:
        fail(`--key: unknown field "${name}" (fields: name tier scopes admin seat org email)`)
    }
  }
  return key
}

/** Parses `argv` (without the node and script entries); throws on an unknown flag or a bad value. */
export const parseFlags = (argv: ReadonlyArray<string>): Flags => {
  let flags: Flags = {
    port: 4010,
    host: "127.0.0.1",
    processingDelay: 1000,
    help: false,
    key: {},
    keys: [],
    keysFile: undefined
  }
  const set = (key: KeySpec) => (flags = { ...flags, key: { ...flags.key, ...key } })
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ""
    const [name, inline] =
      arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s, 2) : [arg, undefined]
    const value = () => inline ?? argv[++i]
    switch (name) {
      // `pnpm emulator -- --help` passes the separator on.
      case "--":
        break
      case "--port":
        flags = { ...flags, port: integer(name, value()) }
        break
      case "--host":
        flags = { ...flags, host: text(name, value()) }
        break
      case "--processing-delay":
        flags = { ...flags, processingDelay: integer(name, value()) }
        break
      case "--tier":
        set({ tier: tier(name, value()) })
        break
      case "--scopes":
        set({ scopes: scopes(name, value()) })
        break
      case "--admin":
      case "--no-admin":
        set({ admin: name === "--admin" })
        break
      case "--seat":
      case "--no-seat":
        set({ seat: name === "--seat" })
        break
      case "--org":
        set({ orgId: text(name, value()) })
        break
      case "--key":
        flags = { ...flags, keys: [...flags.keys, parseKeySpec(text(name, value()))] }
        break
      case "--keys":
        flags = { ...flags, keysFile: text(name, value()) }
        break
      case "-h":
      case "--help":
        flags = { ...flags, help: true }
        break
      default:
        fail(`Unknown argument: ${arg}`)
    }
  }
  return flags
}

const SPEC_FIELDS = ["tier", "scopes", "admin", "seat", "orgId", "email", "name"]

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const specFrom = (where: string, value: unknown): KeySpec => {
  if (!isObject(value)) return fail(`${where} must be an object`)
  for (const field of Object.keys(value)) {
    if (!SPEC_FIELDS.includes(field))
      fail(`${where}: unknown field "${field}" (fields: ${SPEC_FIELDS.join(", ")})`)
  }
  const { tier: t, scopes: s, admin, seat, orgId, email, name } = value
  const string = (field: string, v: unknown) =>
    typeof v === "string" && v.trim() !== "" ? v : fail(`${where}.${field} must be a non-empty string`)
  const flag = (field: string, v: unknown) =>
    typeof v === "boolean" ? v : fail(`${where}.${field} must be true or false`)
  return {
    ...(t !== undefined && { tier: tier(`${where}.tier`, typeof t === "string" ? t : undefined) }),
    ...(s !== undefined && {
      scopes:
        Array.isArray(s) && s.every((x) => x === "read" || x === "write")
          ? (s as Array<Scope>)
          : fail(`${where}.scopes must be an array of "read" and "write"`)
    }),
    ...(admin !== undefined && { admin: flag("admin", admin) }),
    ...(seat !== undefined && { seat: flag("seat", seat) }),
    ...(orgId !== undefined && { orgId: string("orgId", orgId) }),
    ...(email !== undefined && { email: string("email", email) }),
    ...(name !== undefined && { name: string("name", name) })
  }
}

/** The keys file: `{"key": KeySpec, "keys": [KeySpec, ...]}`, both optional. */
export const parseKeysFile = (
  file: string,
  contents: string
): { readonly key: KeySpec; readonly keys: ReadonlyArray<KeySpec> } => {
  let parsed: unknown
  try {
    parsed = JSON.parse(contents)
  } catch {
    return fail(`${file} is not JSON`)
  }
  if (!isObject(parsed)) return fail(`${file} must hold an object {"key": {...}, "keys": [...]}`)
  for (const field of Object.keys(parsed)) {
    if (field !== "key" && field !== "keys") fail(`${file}: unknown field "${field}" (fields: key, keys)`)
  }
  const keys = parsed.keys ?? []
  if (!Array.isArray(keys)) return fail(`${file}: keys must be an array`)
  return {
    key: parsed.key === undefined ? {} : specFrom(`${file}: key`, parsed.key),
    keys: keys.map((spec, i) => specFrom(`${file}: keys[${i}]`, spec))
  }
}

/** A key's spec as a line of output: `free, scopes read, not admin, no seat, org org_free`. */
export const summary = (spec: KeySpec): string => {
  const granted = spec.scopes ?? ["read", "write"]
  return [
    spec.tier ?? "pro",
    `scopes ${granted.length === 0 ? "none" : granted.join("+")}`,
    spec.admin === false ? "not admin" : "admin",
    spec.seat === false ? "no seat" : "seat",
    `org ${spec.orgId ?? DEFAULT_ORG}`
  ].join(", ")
}
