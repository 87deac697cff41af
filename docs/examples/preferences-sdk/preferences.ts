// A small app module on top of Memsy: what the app remembers about each user's preferences.
import { type MemsyClient, MemsyConnectionError, RateLimitExceeded } from "@memsy/sdk"

export interface Preferences {
  /** Records what the user said; resolves once it can be recalled. */
  readonly remember: (userId: string, said: string) => Promise<void>
  /** What is known about a topic, best first; nothing when Memsy cannot be reached right now. */
  readonly recall: (userId: string, topic: string) => Promise<ReadonlyArray<string>>
}

export const makePreferences = (memsy: MemsyClient): Preferences => ({
  remember: async (userId, said) => {
    const { eventIds } = await memsy.ingest([
      { actorId: userId, sessionId: "preferences", kind: "user_message", content: said }
    ])
    const { failedIds } = await memsy.waitForProcessing(eventIds, { timeout: 30_000 })
    if (failedIds.length > 0) throw new Error("Memsy could not learn this preference")
  },
  recall: async (userId, topic) => {
    try {
      const { results } = await memsy.search(topic, { actorId: userId, limit: 5 })
      return results.map((r) => r.content)
    } catch (error) {
      // The app works without its memory for a while; every other failure is a bug to surface.
      if (error instanceof MemsyConnectionError || error instanceof RateLimitExceeded) return []
      throw error
    }
  }
})
