// The heap an application holds once it has imported Effect and its Schema, before any call: run in a
// fresh process (with `--expose-gc`) by index.mjs, collected as heap.mjs collects. `@memsy/effect`'s
// models are Schemas, so its heap figure starts here whatever the SDK does.
await Promise.all([import("effect/Effect"), import("effect/Schema")])
await new Promise((resolve) => setTimeout(resolve, 50))
for (let i = 0; i < 3; i++) {
  globalThis.gc()
  await new Promise((resolve) => setTimeout(resolve, 10))
}
globalThis.gc()
console.log(process.memoryUsage().heapUsed)
