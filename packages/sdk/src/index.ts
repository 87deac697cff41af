/**
 * `@memsy/sdk`: the Promise SDK for Memsy. Every method, option, model and error of
 * `@memsy/effect`, for ordinary async TypeScript.
 *
 * @since 0.1.0
 */
export { MemsyClient, MemsyControlClient } from "./MemsyClient.js"

export {
  AuthenticationError,
  AuthorizationError,
  BillingNotEnabledError,
  FeatureNotAvailable,
  KeyLimitReachedError,
  MemsyAPIError,
  MemsyClientClosedError,
  MemsyConnectionError,
  MemsyDecodeError,
  MemsyError,
  MemsyValidationError,
  OrgIdNotAllowedError,
  OrgLimitReachedError,
  ProcessingTimeout,
  RateLimitExceeded,
  SeatLimitReachedError,
  SeatRequiredError,
  UsageLimitExceeded,
  type ErrorFields,
  type ErrorName
} from "./errors.js"

export type {
  ClientOptions,
  DefaultOptions,
  IngestManyOptions,
  ListAllOptions,
  LogLevel,
  RequestOptions,
  WaitOptions
} from "./options.js"

// The models, as `@memsy/effect` declares and documents them (types only: the facade validates with
// the core's schemas, users need their shapes). A few take a longer name here, where the core's
// module name said what they belong to (`Memories.Scope` is `MemoryScope`). Every named type a
// method reaches must be among these: the declaration build stops on one that is not.
export type { ClearResult, EventKind, EventPayload, IngestResult, StatusResult } from "@memsy/effect/Events"
export type {
  SearchMetadata,
  SearchOptions,
  SearchResponse,
  SearchResult,
  SourceEvent,
  SourceMetadata
} from "@memsy/effect/Search"
export type { Health } from "@memsy/effect/Health"
export type { Meta as ResponseMetadata, RateLimit, Usage } from "@memsy/effect/ResponseMeta"
export type { Progress } from "@memsy/effect/Processing"
export type { Progress as IngestProgress } from "@memsy/effect/BulkIngest"
export type {
  /** The options of `orgs.create`, `roles.create` and `teams.create`. */
  CreateOptions as CreateRecordOptions,
  Org,
  /** The paging of `roles.list` and `teams.list`. */
  Page as PageOptions,
  /** The patch of `orgs.update`, `roles.update` and `teams.update`. */
  Patch as RecordPatch,
  Role,
  Team
} from "@memsy/effect/Onboarding"
export type {
  /** The options of `memories.list`. */
  ListOptions as MemoryListOptions,
  MemoryDetail,
  MemoryItem,
  MemoryPage,
  MemoryStats,
  Scope as MemoryScope
} from "@memsy/effect/Memories"
export type { InterestRequest, InterestResult, Me } from "@memsy/effect/Account"
export type { BillingSummary, Invoice, PaymentMethod, UpcomingInvoice } from "@memsy/effect/Billing"
export type {
  EventItem,
  /** The options of `events.list` (control plane). */
  ListOptions as EventListOptions,
  EventPage
} from "@memsy/effect/ConsoleEvents"
export type {
  Dimension as UsageDimension,
  /** The options of `usage.timeseries`. */
  TimeseriesOptions,
  UsagePoint,
  UsageSummary,
  UsageTimeseries
} from "@memsy/effect/UsageReports"
export type {
  ApiKeyInfo,
  /** The options of `keys.create`. */
  CreateOptions as KeyCreateOptions,
  /** A new key. `rawKey` is the secret, returned this once: store it, and keep it out of logs. */
  CreatedKey,
  KeyList
} from "@memsy/effect/Keys"
