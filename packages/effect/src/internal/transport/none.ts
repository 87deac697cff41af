/** The default transport module where no `node` condition applies: none, so `fetch` is used. */
import type { Make } from "./outcome.js"

export const make: Make = undefined
