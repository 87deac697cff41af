import { AuthenticationError, MemsyClient } from "@memsy/sdk"
import { Emulator } from "@memsy/testing"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { makePreferences, type Preferences } from "./preferences.js"

describe("preferences", () => {
  let emulator: Emulator.Emulator
  let memsy: MemsyClient
  let preferences: Preferences

  // A fresh emulator per test, as the client's fetch: no network, no account, instant processing.
  beforeEach(() => {
    emulator = Emulator.make({ processingDelay: 0 })
    memsy = new MemsyClient({ baseUrl: emulator.baseUrl, apiKey: emulator.apiKey, fetch: emulator.fetch })
    preferences = makePreferences(memsy)
  })
  afterEach(() => memsy.close())

  it("recalls what a user said, and only to that user", async () => {
    await preferences.remember("ana", "I prefer aisle seats")
    expect(await preferences.recall("ana", "seats")).toEqual(["I prefer aisle seats"])
    expect(await preferences.recall("ben", "seats")).toEqual([])
  })

  it("says so when Memsy could not learn a preference", async () => {
    // Content with the emulator's fail marker ends `failed`, as a refused event would on the service.
    await expect(preferences.remember("ana", `I prefer tea ${Emulator.failMarker}`)).rejects.toThrow(
      "could not learn"
    )
  })

  it("recalls nothing, rather than failing, while Memsy is unreachable", async () => {
    await preferences.remember("ana", "I prefer aisle seats")
    emulator.inject({ route: "POST /v1/search", drop: true, times: 1 })
    expect(await preferences.recall("ana", "seats")).toEqual([])
    expect(await preferences.recall("ana", "seats")).toEqual(["I prefer aisle seats"])
  })

  it("rides out a rate limit: the client waits Retry-After and asks again", async () => {
    await preferences.remember("ana", "I prefer aisle seats")
    emulator.inject({ route: "POST /v1/search", status: 429, retryAfter: 0, times: 2 })
    expect(await preferences.recall("ana", "seats")).toEqual(["I prefer aisle seats"])
    expect(
      emulator
        .requests()
        .filter((r) => r.path === "/v1/search")
        .map((r) => r.status)
    ).toEqual([429, 429, 200])
  })

  it("surfaces a failure the app cannot work around", async () => {
    const key = emulator.addKey()
    emulator.revokeKey(key)
    await using revoked = new MemsyClient({ baseUrl: emulator.baseUrl, apiKey: key, fetch: emulator.fetch })
    await expect(makePreferences(revoked).recall("ana", "seats")).rejects.toBeInstanceOf(AuthenticationError)
  })
})
