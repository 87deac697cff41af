import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import { MemsyClient } from "@memsy/effect"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Layer } from "effect"

// In production, `new BatchSpanProcessor(new OTLPTraceExporter())` (the exporter from
// `@opentelemetry/exporter-trace-otlp-http`); here the spans are kept in memory to print them.
const exporter = new InMemorySpanExporter()
const TracingLive = NodeSdk.layer(() => ({
  resource: { serviceName: "notes-app" },
  spanProcessor: new SimpleSpanProcessor(exporter)
}))

const notes = ["I grow basil on the balcony", "I repot the lemon tree in spring", "I compost"]
const program = Effect.gen(function* () {
  const memsy = yield* MemsyClient.MemsyClient
  // Two batches: two `Memsy.ingest` spans under one `Memsy.ingestMany`.
  yield* memsy.ingestMany(
    notes.map((content) => ({ actorId: "user_3", sessionId: "s1", kind: "user_message", content })),
    { batchSize: 2 }
  )
  yield* memsy.search("gardening", { actorId: "user_3" })
}).pipe(Effect.withSpan("import-notes"))

// Each span, whether it has a parent, and its attributes: counts, paths and statuses, never the notes
// or the query. Read before the layer closes: shutting the exporter down empties it.
const printSpans = Effect.sync(() => {
  for (const span of exporter.getFinishedSpans()) {
    console.log(span.name, span.parentSpanContext ? "child" : "root", JSON.stringify(span.attributes))
  }
})

await Effect.runPromise(
  program.pipe(
    Effect.zipRight(printSpans),
    Effect.provide(Layer.merge(MemsyClient.layerConfig(), TracingLive))
  )
)
