/**
 * API keys: the default spec, registration and lookup (§1.3, §5.6).
 *
 * @internal
 */
import type { KeySpec } from "../EmulatorTypes.js"
import { apiKey, randomHex } from "./ids.js"
import type { KeyRecord, Scope, State } from "./model.js"

export const DEFAULT_ORG = "org_emulator"
export const DEFAULT_EMAIL = "developer@memsy.emulator"

export const register = (
  state: State,
  spec: KeySpec,
  at: number,
  extra: { readonly raw?: string; readonly name?: string; readonly expiresAt?: number | null } = {}
): KeyRecord => {
  const raw = extra.raw ?? apiKey()
  const key: KeyRecord = {
    keyId: `key_${randomHex(8)}`,
    raw,
    prefix: raw.slice(0, 8),
    name: extra.name ?? spec.name ?? "default",
    tier: spec.tier ?? "pro",
    scopes: [...new Set<Scope>(spec.scopes ?? ["read", "write"])],
    admin: spec.admin ?? true,
    seat: spec.seat ?? true,
    orgId: spec.orgId ?? DEFAULT_ORG,
    email: spec.email ?? DEFAULT_EMAIL,
    createdAt: at,
    expiresAt: extra.expiresAt ?? null,
    active: true,
    lastUsedAt: null
  }
  state.keys.set(raw, key)
  return key
}

/** The key a request authenticates with, if it is known, active and unexpired. */
export const authenticate = (state: State, header: string | null, at: number): KeyRecord | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")
  const key = match?.[1] === undefined ? undefined : state.keys.get(match[1])
  if (!key || !key.active || (key.expiresAt !== null && key.expiresAt <= at)) return undefined
  return key
}

export const keysOfOrg = (state: State, orgId: string): Array<KeyRecord> =>
  [...state.keys.values()].filter((k) => k.orgId === orgId)
