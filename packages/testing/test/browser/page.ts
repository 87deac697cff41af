// Runs in Chromium: both SDKs, bundled for the browser, against the emulator on the page's origin.
import { FetchHttpClient } from "@effect/platform"
import { MemsyClient as EffectClient } from "@memsy/effect"
import { MemsyClient, MemsyValidationError as ValidationErrorClass } from "@memsy/sdk"
import { Effect, Layer } from "effect"

declare const MEMSY_API_KEY: string

const report = (body: unknown) => fetch("/report", { method: "POST", body: JSON.stringify(body) })

const run = async () => {
  const baseUrl = `${location.origin}/v1`
  const client = new MemsyClient({ baseUrl, apiKey: MEMSY_API_KEY })
  const { eventIds } = await client.ingest([
    { actorId: "u1", sessionId: "s1", kind: "user_message", content: "I prefer dark mode in the browser" }
  ])
  await fetch("/process", { method: "POST" })
  const { results } = await client.search("dark mode", { actorId: "u1" })
  const invalid = await client.search(" ").then(
    () => "no error",
    (error: unknown) => (error instanceof ValidationErrorClass ? error.name : `wrong error: ${String(error)}`)
  )
  const viaEffect = await Effect.runPromise(
    Effect.flatMap(EffectClient.MemsyClient, (memsy) => memsy.memories.stats()).pipe(
      Effect.provide(
        EffectClient.layer({ baseUrl, apiKey: MEMSY_API_KEY }).pipe(Layer.provide(FetchHttpClient.layer))
      )
    )
  )
  await client.close()
  await report({ eventIds, top: results[0]?.content, invalid, totalMemories: viaEffect.totalMemories })
}

run().catch((error: unknown) => report({ failure: String(error) }))
