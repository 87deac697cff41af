/**
 * Small helpers shared by the test files: the two clients, a fresh scripted transport, joining a
 * forked call without ever hanging, and a tracer that keeps every span it starts.
 */
import { MemsyClient, MemsyControlClient } from "@memsy/effect"
import type { MemsyError } from "@memsy/effect"
import { MockTransport } from "@memsy/testing"
import { Effect, type Exit, Fiber, Ref, TestServices, Tracer } from "effect"

export { MockTransport }

export interface Clients {
  readonly data: MemsyClient.Service
  readonly control: MemsyControlClient.Service
}

export const clients: Effect.Effect<
  Clients,
  never,
  MemsyClient.MemsyClient | MemsyControlClient.MemsyControlClient
> = Effect.all({ data: MemsyClient.MemsyClient, control: MemsyControlClient.MemsyControlClient })

export type Call<A = unknown> = (clients: Clients) => Effect.Effect<A, MemsyError.MemsyError>

/**
 * Runs an effect that must finish without the test clock moving any further: one still waiting
 * (e.g. sleeping through a retry it should not make) fails the test after one real second instead
 * of hanging it.
 */
export const promptly = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | string, R> =>
  effect.pipe(
    Effect.timeoutFail({ duration: "1 second", onTimeout: () => "still waiting after one real second" }),
    TestServices.provideLive
  )

/** Joins a forked call that must be done, or finish, without the test clock moving. */
export const joinNow = <A, E>(fiber: Fiber.Fiber<A, E>): Effect.Effect<A, E | string> =>
  promptly(Fiber.join(fiber))

/** Runs `effect` under a tracer that delegates to the current one and keeps every span it starts. */
export const withRecordedSpans = <A, E, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<readonly [Exit.Exit<A, E>, ReadonlyArray<Tracer.Span>], never, R> =>
  Effect.gen(function* () {
    const spans = yield* Ref.make<ReadonlyArray<Tracer.Span>>([])
    const native = yield* Effect.tracer
    const tracer = Tracer.make({
      span: (...args) => {
        const span = native.span(...args)
        Effect.runSync(Ref.update(spans, (all) => [...all, span]))
        return span
      },
      context: (f, fiber) => native.context(f, fiber)
    })
    const exit = yield* Effect.exit(Effect.withTracer(effect, tracer))
    return [exit, yield* Ref.get(spans)] as const
  })
