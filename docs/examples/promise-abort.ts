import { MemsyClient, MemsyError } from "@memsy/sdk"

const client = new MemsyClient({
  baseUrl: process.env.MEMSY_BASE_URL!,
  apiKey: process.env.MEMSY_API_KEY!,
  timeout: 10_000, // milliseconds, per attempt
  maxRetries: 2
})

// Every method takes a last `{ signal }`: aborting rejects at once and releases the connection.
const controller = new AbortController()
const pending = client.search("dark mode", { limit: 5 }, { signal: controller.signal })
controller.abort()
await pending.catch((error: unknown) => console.log(`aborted: ${(error as Error).name}`))

try {
  await client.memories.get("not-a-uuid")
} catch (error) {
  // Bad input is rejected before anything is sent; every error is a MemsyError.
  if (error instanceof MemsyError) console.log(`${error.name}: ${error.message}`)
}
await client.close()
