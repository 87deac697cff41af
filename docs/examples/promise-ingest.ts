import { type EventPayload, MemsyClient } from "@memsy/sdk"

// No options: MEMSY_BASE_URL and MEMSY_API_KEY come from the environment.
await using client = new MemsyClient()

// One conversation turn after another: who (actorId), in which conversation (sessionId), what kind.
const turn: Array<EventPayload> = [
  {
    actorId: "user_7",
    sessionId: "support_42",
    kind: "user_message",
    content: "My order arrived damaged, and I always want replacements shipped express",
    ts: new Date("2026-03-15T14:22:10Z"), // an ISO string works too; the server's clock when left out
    metadata: { channel: "chat", orderId: "A-1001" } // an object, sent as the JSON text the API takes
  },
  { actorId: "user_7", sessionId: "support_42", kind: "assistant_message", content: "Sorry! I sent one." },
  {
    actorId: "user_7",
    sessionId: "support_42",
    kind: "tool_result",
    content: "Replacement order A-1002 created with express shipping",
    eventId: "ev_support_42_3" // an idempotency key of yours: the server stores an id once
  }
]
const { eventIds } = await client.ingest(turn)
console.log(`accepted ${eventIds.length} events, ids in the order sent`)

// Sent again, the event with an eventId is not stored twice: the answer holds the id already kept.
const again = await client.ingest([turn[2]!])
console.log(`sent again: ${again.eventIds[0] === eventIds[2] ? "the same id" : "a new id"}`)

// The answer comes at once; the memories come later. `status` says where each event is.
const status = await client.status([...eventIds, "01JQ8ZK2V6M3T1XGJ9QF2B7C4D"])
console.log(
  `pending ${status.pendingIds.length}, completed ${status.completedIds.length}, ` +
    `failed ${status.failedIds.length}, unknown ${status.unknownIds.length} of ${status.total}`
)
