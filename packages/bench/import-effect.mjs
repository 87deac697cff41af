// What `@memsy/effect` adds to an application that already loads Effect: in a fresh process, import
// `effect` and the `@effect/platform` modules the SDK uses, then time the import of `@memsy/effect` alone.
await Promise.all([
  import("effect"),
  import("effect/Effect"),
  import("effect/Layer"),
  import("effect/Schema"),
  import("effect/ManagedRuntime"),
  import("@effect/platform/HttpClient"),
  import("@effect/platform/FetchHttpClient")
])
const t0 = performance.now()
await import("@memsy/effect")
console.log(performance.now() - t0)
