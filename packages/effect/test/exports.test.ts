/**
 * The schemas exported next to a type of the same name (`Events.EventPayload` is both) must stay
 * usable as values for users of the published types. Type-checked against the built declarations
 * (`tsc -p tsconfig.test.json`), so a declaration bundle that keeps only the type fails here.
 */
import { assert, describe, it } from "@effect/vitest"
import {
  Account,
  ConsoleEvents,
  Events,
  Keys,
  Memories,
  Onboarding,
  Search,
  UsageReports
} from "@memsy/effect"
import { Either, Schema } from "effect"

const event = { actorId: "u1", sessionId: "s1", kind: "user_message", content: "hello" } as const

describe("schema exports", () => {
  it("every schema that shares its name with a type is a value", () => {
    const schemas = [
      Events.EventKind,
      Events.EventPayload,
      Account.InterestRequest,
      ConsoleEvents.ListOptions,
      Keys.CreateOptions,
      Memories.ListOptions,
      Onboarding.Patch,
      Onboarding.Page,
      Search.SourceMetadata,
      UsageReports.TimeseriesOptions
    ]
    for (const schema of schemas) assert.isTrue(Schema.isSchema(schema))
  })

  it("EventPayload encodes camelCase to wire keys and checks kind", () => {
    const encode = Schema.encodeUnknownEither(Events.EventPayload)
    assert.deepStrictEqual(
      encode({ ...event, roleId: "r", eventId: "ev" }),
      Either.right({
        actor_id: "u1",
        session_id: "s1",
        kind: "user_message",
        content: "hello",
        role_id: "r",
        event_id: "ev"
      })
    )
    for (const kind of ["user_message", "assistant_message", "tool_result", "app_event"]) {
      assert.isTrue(Either.isRight(encode({ ...event, kind })), kind)
    }
    for (const kind of ["system", "chat_turn", "tool_call", "note", "USER_MESSAGE"]) {
      assert.isTrue(Either.isLeft(encode({ ...event, kind })), kind)
    }
  })
})
