// The heap a process still holds, as the heap children measure it (run with `--expose-gc`): let
// sockets and timers settle, then collect until the figure is stable. A task runs between
// collections: `FinalizationRegistry` callbacks run only between tasks, and undici holds each
// `AbortSignal` given to `fetch` until one of them runs. Back-to-back collections counted up to
// ~1,000 such signals (1 MB) as held.
export const heldHeap = async () => {
  await new Promise((resolve) => setTimeout(resolve, 50))
  for (let i = 0; i < 3; i++) {
    globalThis.gc()
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  globalThis.gc()
  return process.memoryUsage().heapUsed
}
