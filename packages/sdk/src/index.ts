/**
 * `@memsy/sdk`: the Promise SDK for Memsy. Every method, option, model and error of
 * `@memsy/effect`, for ordinary async TypeScript.
 *
 * @since 0.1.0
 */
export {
  /**
   * @since 0.1.0
   * @category clients
   */
  MemsyClient,
  /**
   * @since 0.1.0
   * @category clients
   */
  MemsyControlClient
} from "./MemsyClient.js"

export {
  /**
   * @since 0.1.0
   * @category errors
   */
  AuthenticationError,
  /**
   * @since 0.1.0
   * @category errors
   */
  AuthorizationError,
  /**
   * @since 0.1.0
   * @category errors
   */
  BillingNotEnabledError,
  /**
   * @since 0.1.0
   * @category errors
   */
  FeatureNotAvailable,
  /**
   * @since 0.1.0
   * @category errors
   */
  KeyLimitReachedError,
  /**
   * @since 0.1.0
   * @category errors
   */
  MemsyAPIError,
  /**
   * @since 0.1.0
   * @category errors
   */
  MemsyClientClosedError,
  /**
   * @since 0.1.0
   * @category errors
   */
  MemsyConnectionError,
  /**
   * @since 0.1.0
   * @category errors
   */
  MemsyDecodeError,
  /**
   * @since 0.1.0
   * @category errors
   */
  MemsyError,
  /**
   * @since 0.1.0
   * @category errors
   */
  MemsyValidationError,
  /**
   * @since 0.1.0
   * @category errors
   */
  OrgIdNotAllowedError,
  /**
   * @since 0.1.0
   * @category errors
   */
  OrgLimitReachedError,
  /**
   * @since 0.2.0
   * @category errors
   */
  ProcessingTimeout,
  /**
   * @since 0.1.0
   * @category errors
   */
  RateLimitExceeded,
  /**
   * @since 0.1.0
   * @category errors
   */
  SeatLimitReachedError,
  /**
   * @since 0.1.0
   * @category errors
   */
  SeatRequiredError,
  /**
   * @since 0.1.0
   * @category errors
   */
  UsageLimitExceeded,
  /**
   * @since 0.1.0
   * @category models
   */
  type ErrorFields,
  /**
   * @since 0.1.0
   * @category models
   */
  type ErrorName
} from "./errors.js"

export type {
  /**
   * @since 0.1.0
   * @category options
   */
  ClientOptions,
  /**
   * @since 0.2.0
   * @category options
   */
  DefaultOptions,
  /**
   * @since 0.2.0
   * @category options
   */
  IngestManyOptions,
  /**
   * @since 0.2.0
   * @category options
   */
  ListAllOptions,
  /**
   * @since 0.2.0
   * @category options
   */
  LogLevel,
  /**
   * @since 0.1.0
   * @category options
   */
  RequestOptions,
  /**
   * @since 0.2.0
   * @category options
   */
  WaitOptions
} from "./options.js"

// The models, as `@memsy/effect` declares and documents them (types only: the facade validates with
// the core's schemas, users need their shapes). A few take a longer name here, where the core's
// module name said what they belong to (`Memories.Scope` is `MemoryScope`). Every named type a
// method reaches must be among these: the declaration build stops on one that is not.
export type {
  /**
   * @since 0.1.0
   * @category models
   */
  ClearResult,
  /**
   * @since 0.1.0
   * @category models
   */
  EventKind,
  /**
   * @since 0.1.0
   * @category models
   */
  EventPayload,
  /**
   * @since 0.1.0
   * @category models
   */
  IngestResult,
  /**
   * @since 0.1.0
   * @category models
   */
  StatusResult
} from "@memsy/effect/Events"
export type {
  /**
   * @since 0.1.0
   * @category models
   */
  SearchMetadata,
  /**
   * @since 0.1.0
   * @category models
   */
  SearchOptions,
  /**
   * @since 0.1.0
   * @category models
   */
  SearchResponse,
  /**
   * @since 0.1.0
   * @category models
   */
  SearchResult,
  /**
   * @since 0.1.0
   * @category models
   */
  SourceEvent,
  /**
   * @since 0.1.0
   * @category models
   */
  SourceMetadata
} from "@memsy/effect/Search"
export type {
  /**
   * @since 0.1.0
   * @category models
   */
  Health
} from "@memsy/effect/Health"
export type {
  /**
   * @since 0.2.0
   * @category models
   */
  Meta as ResponseMetadata,
  /**
   * @since 0.1.0
   * @category models
   */
  RateLimit,
  /**
   * @since 0.1.0
   * @category models
   */
  Usage
} from "@memsy/effect/ResponseMeta"
export type {
  /**
   * @since 0.2.0
   * @category models
   */
  Progress
} from "@memsy/effect/Processing"
export type {
  /**
   * @since 0.2.0
   * @category models
   */
  Progress as IngestProgress
} from "@memsy/effect/BulkIngest"
export type {
  /**
   * The options of `orgs.create`, `roles.create` and `teams.create`.
   *
   * @since 0.1.0
   * @category models
   */
  CreateOptions as CreateRecordOptions,
  /**
   * @since 0.1.0
   * @category models
   */
  Org,
  /**
   * The paging of `roles.list` and `teams.list`.
   *
   * @since 0.1.0
   * @category models
   */
  Page as PageOptions,
  /**
   * The patch of `orgs.update`, `roles.update` and `teams.update`.
   *
   * @since 0.1.0
   * @category models
   */
  Patch as RecordPatch,
  /**
   * @since 0.1.0
   * @category models
   */
  Role,
  /**
   * @since 0.1.0
   * @category models
   */
  Team
} from "@memsy/effect/Onboarding"
export type {
  /**
   * The options of `memories.list`.
   *
   * @since 0.1.0
   * @category models
   */
  ListOptions as MemoryListOptions,
  /**
   * @since 0.1.0
   * @category models
   */
  MemoryDetail,
  /**
   * @since 0.1.0
   * @category models
   */
  MemoryItem,
  /**
   * @since 0.1.0
   * @category models
   */
  MemoryPage,
  /**
   * @since 0.1.0
   * @category models
   */
  MemoryStats,
  /**
   * @since 0.1.0
   * @category models
   */
  Scope as MemoryScope
} from "@memsy/effect/Memories"
export type {
  /**
   * @since 0.1.0
   * @category models
   */
  InterestRequest,
  /**
   * @since 0.1.0
   * @category models
   */
  InterestResult,
  /**
   * @since 0.1.0
   * @category models
   */
  Me
} from "@memsy/effect/Account"
export type {
  /**
   * @since 0.1.0
   * @category models
   */
  BillingSummary,
  /**
   * @since 0.1.0
   * @category models
   */
  Invoice,
  /**
   * @since 0.1.0
   * @category models
   */
  PaymentMethod,
  /**
   * @since 0.1.0
   * @category models
   */
  UpcomingInvoice
} from "@memsy/effect/Billing"
export type {
  /**
   * @since 0.1.0
   * @category models
   */
  EventItem,
  /**
   * The options of `events.list` (control plane).
   *
   * @since 0.1.0
   * @category models
   */
  ListOptions as EventListOptions,
  /**
   * @since 0.1.0
   * @category models
   */
  EventPage
} from "@memsy/effect/ConsoleEvents"
export type {
  /**
   * @since 0.1.0
   * @category models
   */
  Dimension as UsageDimension,
  /**
   * The options of `usage.timeseries`.
   *
   * @since 0.1.0
   * @category models
   */
  TimeseriesOptions,
  /**
   * @since 0.1.0
   * @category models
   */
  UsagePoint,
  /**
   * @since 0.1.0
   * @category models
   */
  UsageSummary,
  /**
   * @since 0.1.0
   * @category models
   */
  UsageTimeseries
} from "@memsy/effect/UsageReports"
export type {
  /**
   * @since 0.1.0
   * @category models
   */
  ApiKeyInfo,
  /**
   * The options of `keys.create`.
   *
   * @since 0.1.0
   * @category models
   */
  CreateOptions as KeyCreateOptions,
  /**
   * A new key. `rawKey` is the secret, returned this once: store it, and keep it out of logs.
   *
   * @since 0.1.0
   * @category models
   */
  CreatedKey,
  /**
   * @since 0.1.0
   * @category models
   */
  KeyList
} from "@memsy/effect/Keys"
