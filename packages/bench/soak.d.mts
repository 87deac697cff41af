/** What `soak()` measured in one run. */
export interface Figures {
  readonly mode: string
  readonly calls: number
  readonly concurrency: number
  readonly seconds: number
  readonly callsPerSecond: number
  /** Calls given each fault. */
  readonly faults: Readonly<Record<string, number>>
  readonly expected: number
  readonly unexpected: number
  readonly hung: number
  readonly eventsStored: number
  readonly storedTwice: number
  readonly storedOtherwise: number
  readonly heapAtTenth: number
  readonly heapAtEnd: number
  readonly heapRatio: number
  readonly connectionsAfterClose: number
}

export interface Result {
  readonly figures: Figures
  /** What broke a promise; empty when nothing did. */
  readonly problems: ReadonlyArray<string>
}

export declare const soak: (options?: {
  readonly calls?: number
  readonly concurrency?: number
  readonly faultRate?: number
  readonly seed?: number
  readonly retryTransient?: boolean
  readonly timeout?: number
}) => Promise<Result>

export declare const report: (result: Result) => string
