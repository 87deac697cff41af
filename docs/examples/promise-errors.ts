import {
  AuthorizationError,
  MemsyAPIError,
  MemsyClient,
  MemsyConnectionError,
  MemsyError,
  MemsyValidationError,
  RateLimitExceeded,
  UsageLimitExceeded
} from "@memsy/sdk"

await using client = new MemsyClient()

/** What to tell the user, or the operator, for each way a search can fail. */
const explain = (error: unknown): string => {
  // The most specific classes first: each is also a MemsyAPIError, and every one a MemsyError.
  if (error instanceof MemsyValidationError) return `fix the call (nothing was sent): ${error.operation}`
  if (error instanceof RateLimitExceeded) return `busy: try again in ${error.retryAfter ?? "a few"} s`
  if (error instanceof UsageLimitExceeded)
    return `the ${error.dimension} quota is used up: ${error.upgradeUrl}`
  if (error instanceof AuthorizationError)
    return `this key may not: ${error.requiredScope ?? error.errorCode}`
  if (error instanceof MemsyAPIError) return `the service said ${error.statusCode}: ${error.detail}`
  if (error instanceof MemsyConnectionError) return `no answer (${error.reason}): check the network`
  if (error instanceof MemsyError) return error.message
  throw error
}

for (const query of ["travel plans", " "]) {
  const answer = await client.search(query, { actorId: "user_1" }).then(
    ({ results }) => `${results.length} result(s)`,
    (error: unknown) => explain(error)
  )
  console.log(`${JSON.stringify(query)}: ${answer}`)
}
