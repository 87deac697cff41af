// `isTimestamp` answers in one regex for the common form and asks the general regex and `Date.parse`
// about the rest: it must accept exactly what they accept. Checked on strings built near the form, one
// part at a time in range or out of it, then changed a character at a time, and on arbitrary text.
import { assert, describe, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { isTimestamp } from "../src/internal/timestamp.js"

// The rule as it was first written, before the shortcut: the reference.
const iso8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/
const reference = (text: string): boolean => iso8601.test(text) && !Number.isNaN(Date.parse(text))

const agree = (text: string) => assert.strictEqual(isTimestamp(text), reference(text), JSON.stringify(text))

const pad = (n: number, width: number) => String(n).padStart(width, "0")
const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => pad(n, 2))
// Mostly in range, often just past it: each bound gets tried from both sides.
const part = (min: number, max: number) =>
  fc
    .oneof(fc.integer({ min, max }), fc.constantFrom(min - 1, max + 1, max + 2))
    .map((n) => pad(Math.max(n, 0), 2))

const year = fc.oneof(
  fc.integer({ min: 0, max: 9999 }).map((n) => pad(n, 4)),
  // Leap years and their exceptions.
  fc.constantFrom("2024", "2026", "1900", "2000", "2100", "0000"),
  fc.constantFrom("999", "10000", "+02026", "-0001")
)
const fraction = fc.oneof(
  fc.constant(""),
  fc
    .integer({ min: 0, max: 6 })
    .chain((n) => fc.stringMatching(new RegExp(`^\\d{${n}}$`)).map((d) => `.${d}`))
)
const zone = fc.oneof(
  fc.constantFrom("", "Z", "z", "+00:00", "-00:00", "+0530", "+05:30", "-23:59", "+24:00", "UTC", " "),
  fc
    .tuple(fc.constantFrom("+", "-"), twoDigits, fc.constantFrom(":", ""), twoDigits)
    .map(([sign, hours, colon, minutes]) => `${sign}${hours}${colon}${minutes}`)
)
const time = fc.oneof(
  fc.constant(""),
  fc
    .tuple(fc.constantFrom("T", "t", " "), part(0, 23), part(0, 59), fc.option(part(0, 59)), fraction, zone)
    .map(([t, h, m, s, f, z]) => `${t}${h}:${m}${s === null ? "" : `:${s}`}${f}${z}`),
  fc.constantFrom("T24:00", "T24:00:00", "T24:00:00.000Z", "T24:00:01Z", "T23:59:60Z")
)
const nearTheForm = fc
  .tuple(year, part(1, 12), fc.oneof(part(1, 28), fc.constantFrom("29", "30", "31", "32")), time)
  .map(([y, m, d, t]) => `${y}-${m}-${d}${t}`)

const changed = fc
  .tuple(nearTheForm, fc.nat(), fc.constantFrom(..."0123456789-:T.Z+ zt\n"), fc.boolean())
  .map(([text, n, char, insert]) => {
    const at = n % (text.length + 1)
    return text.slice(0, at) + char + text.slice(insert ? at : at + 1)
  })

describe("isTimestamp", () => {
  it("accepts what the general regex and Date.parse accept, near the form", () => {
    fc.assert(fc.property(nearTheForm, agree), { numRuns: 20_000 })
  })

  it("accepts what they accept, a character changed, added or removed", () => {
    fc.assert(fc.property(changed, agree), { numRuns: 20_000 })
    fc.assert(
      fc.property(nearTheForm, fc.nat(), (text, n) => agree(text.slice(0, n % (text.length + 1)))),
      { numRuns: 5_000 }
    )
  })

  it("accepts what they accept, on arbitrary text", () => {
    fc.assert(fc.property(fc.string(), agree), { numRuns: 5_000 })
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(..."0123456789-:T.Z+") }), agree), {
      numRuns: 5_000
    })
  })

  it("agrees on the edges of the calendar and the clock", () => {
    const edges = [
      "2026-03-15T14:22:10Z",
      "2026-03-15T14:22:10.123Z",
      "2026-03-15T14:22:10.123+05:30",
      "2026-03-15T14:22:10-23:59",
      "2026-03-15",
      "2026-03-15T14:22",
      "2026-03-15T14:22:10.1234567Z",
      "2026-03-15T14:22:10+0530",
      "2024-02-29T00:00:00Z",
      "2026-02-29T00:00:00Z",
      "1900-02-29T00:00:00Z",
      "2000-02-29T00:00:00Z",
      "2026-02-28T23:59:59.999Z",
      "2026-02-30T00:00:00Z",
      "2026-04-30T00:00:00Z",
      "2026-04-31T00:00:00Z",
      "2026-12-31T23:59:59Z",
      "2026-13-01T00:00:00Z",
      "2026-00-10T00:00:00Z",
      "2026-01-00T00:00:00Z",
      "2026-01-32T00:00:00Z",
      "2026-01-01T24:00:00Z",
      "2026-01-01T24:00:00.000Z",
      "2026-01-01T24:00:01Z",
      "2026-01-01T23:60:00Z",
      "2026-01-01T23:59:60Z",
      "2026-01-01T00:00:00+24:00",
      "2026-01-01T00:00:00+23:60",
      "0000-01-01T00:00:00Z",
      "0000-01-01T00:00:00+01:00",
      "9999-12-31T23:59:59.999Z",
      "9999-12-31T23:59:59.999-01:00",
      "2026-01-01T00:00:00.Z",
      "2026-01-01T00:00:00Z\n",
      "2026-01-01t00:00:00Z",
      ""
    ]
    for (const text of edges) agree(text)
  })

  it("reads every Date#toISOString of a valid date as a timestamp", () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => agree(date.toISOString())),
      { numRuns: 5_000 }
    )
  })
})
