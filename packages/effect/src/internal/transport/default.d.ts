// The type of `#memsy/default-transport`, whichever module a condition picks (node.ts or none.ts).
import type { Make } from "./outcome.js"

export declare const make: Make
