// An assistant that remembers a user across sessions: before answering it recalls what it knows
// about them, after each turn it remembers what was said. `reply` stands in for the language model.
import { MemsyClient } from "@memsy/sdk"

/** The model's part, kept trivial here: an answer that uses what was recalled, when anything was. */
const reply = (message: string, recalled: ReadonlyArray<string>): string =>
  recalled.length === 0
    ? `Noted: "${message}"`
    : `Keeping in mind that you said "${recalled[0]}", here is my suggestion.`

/** One session: each message is answered with the user's memories, then both sides are remembered. */
const session = async (userId: string, sessionId: string, messages: ReadonlyArray<string>) => {
  // A new client, as a new process would make one: nothing is carried over but what Memsy keeps.
  await using memsy = new MemsyClient()
  const pending: Array<string> = []
  for (const message of messages) {
    console.log(`[${sessionId}] ${userId}: ${message}`)
    const { results } = await memsy.search(message, { actorId: userId, limit: 3, includeSourceEvents: true })
    // What the user said, not what the assistant answered.
    const said = results.filter((r) => r.sourceEvents.some((e) => e.kind === "user_message"))
    const answer = reply(
      message,
      said.map((r) => r.content)
    )
    console.log(`[${sessionId}] assistant: ${answer}`)
    const { eventIds } = await memsy.ingest([
      { actorId: userId, sessionId, kind: "user_message", content: message },
      { actorId: userId, sessionId, kind: "assistant_message", content: answer }
    ])
    pending.push(...eventIds)
  }
  // Memories are distilled in the background; a session may end without waiting. Here the next one
  // starts at once, so wait until what was said can be found.
  await memsy.waitForProcessing(pending)
}

await session("sam", "monday", ["Hi, I am Sam. I am vegetarian and I prefer trains to planes."])
await session("sam", "friday", [
  "Can you find a vegetarian restaurant in Lyon?",
  "Should I take the train or the plane?"
])
