// The heap an application holds once it has imported Effect and its Schema, before any call: run in a
// fresh process (with `--expose-gc`) by index.mjs, measured as heap.mjs measures. `@memsy/effect`'s
// models are Schemas, so its heap figure starts here whatever the SDK does.
import { heldHeap } from "./held.mjs"

await Promise.all([import("effect/Effect"), import("effect/Schema")])
console.log(await heldHeap())
