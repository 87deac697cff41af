import { MemsyClient, RateLimitExceeded } from "@memsy/sdk"
import { Emulator } from "@memsy/testing"

// The emulator, to play a busy service: it answers 429 with the Retry-After given.
const emulator = Emulator.make({ processingDelay: 0 })
await using client = new MemsyClient({
  baseUrl: emulator.baseUrl,
  apiKey: emulator.apiKey,
  fetch: emulator.fetch,
  maxRetries: 3, // the default: up to 4 attempts
  retryBackoff: 1_000 // the default: 1 s, 2 s, 4 s when the server sends no Retry-After
})

/** Searches once, after `limited` answers of 429, and says how it went. */
const searchBusy = async (limited: number, retryAfter: number) => {
  emulator.inject({ route: "POST /v1/search", status: 429, retryAfter, times: limited })
  const before = emulator.requests().length
  const outcome = await client.search("tea").then(
    () => "answered",
    (error: unknown) => {
      if (!(error instanceof RateLimitExceeded)) throw error
      return `${error.name}, retryAfter ${error.retryAfter}`
    }
  )
  emulator.clearFaults()
  console.log(`${limited} × 429: ${outcome} after ${emulator.requests().length - before} attempt(s)`)
}

// Rate limited twice, then answered: the client waited what Retry-After said (0 s here) each time.
await searchBusy(2, 0)
// Still limited after the last retry: RateLimitExceeded, with the server's Retry-After.
await searchBusy(5, 0)
// A wait beyond 60 s is not slept through: the error comes at once, and the caller decides.
await searchBusy(1, 3600)
