/**
 * `@memsy/sdk`: the Promise SDK for Memsy. Every method, option, model and error of
 * `@memsy/effect`, for ordinary async TypeScript.
 *
 * @since 0.1.0
 */
import type {
  Account,
  Billing,
  ConsoleEvents,
  Events,
  Health as HealthModule,
  Keys,
  Memories,
  Onboarding,
  BulkIngest,
  Processing,
  ResponseMeta,
  Search,
  UsageReports
} from "@memsy/effect"

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
  /**
   * @since 0.1.0
   * @category options
   */
  ClientOptions,
  /**
   * @since 0.1.0
   * @category options
   */
  RequestOptions,
  /**
   * @since 0.2.0
   * @category options
   */
  DefaultOptions,
  /**
   * @since 0.2.0
   * @category options
   */
  WaitOptions,
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
  LogLevel
} from "./options.js"

/**
 * @since 0.1.0
 * @category models
 */
export type EventPayload = Events.EventPayload
/**
 * @since 0.1.0
 * @category models
 */
export type EventKind = Events.EventKind
/**
 * @since 0.1.0
 * @category models
 */
export type IngestResult = Events.IngestResult
/**
 * @since 0.1.0
 * @category models
 */
export type StatusResult = Events.StatusResult
/**
 * @since 0.1.0
 * @category models
 */
export type ClearResult = Events.ClearResult
/**
 * @since 0.1.0
 * @category models
 */
export type SearchOptions = Search.SearchOptions
/**
 * @since 0.1.0
 * @category models
 */
export type SearchResponse = Search.SearchResponse
/**
 * @since 0.1.0
 * @category models
 */
export type SearchResult = Search.SearchResult
/**
 * @since 0.1.0
 * @category models
 */
export type SearchMetadata = Search.SearchMetadata
/**
 * @since 0.1.0
 * @category models
 */
export type SourceEvent = Search.SourceEvent
/**
 * @since 0.1.0
 * @category models
 */
export type SourceMetadata = Search.SourceMetadata
/**
 * @since 0.1.0
 * @category models
 */
export type Health = HealthModule.Health
/**
 * @since 0.1.0
 * @category models
 */
export type Usage = ResponseMeta.Usage
/**
 * @since 0.1.0
 * @category models
 */
export type RateLimit = ResponseMeta.RateLimit
/**
 * @since 0.2.0
 * @category models
 */
export type ResponseMetadata = ResponseMeta.Meta
/**
 * @since 0.2.0
 * @category models
 */
export type Progress = Processing.Progress
/**
 * @since 0.2.0
 * @category models
 */
export type IngestProgress = BulkIngest.Progress
/**
 * @since 0.1.0
 * @category models
 */
export type Org = Onboarding.Org
/**
 * @since 0.1.0
 * @category models
 */
export type Role = Onboarding.Role
/**
 * @since 0.1.0
 * @category models
 */
export type Team = Onboarding.Team
/**
 * The options of `orgs.create`, `roles.create` and `teams.create`.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateRecordOptions = Onboarding.CreateOptions
/**
 * The patch of `orgs.update`, `roles.update` and `teams.update`.
 *
 * @since 0.1.0
 * @category models
 */
export type RecordPatch = Onboarding.Patch
/**
 * The paging of `roles.list` and `teams.list`.
 *
 * @since 0.1.0
 * @category models
 */
export type PageOptions = Onboarding.Page
/**
 * @since 0.1.0
 * @category models
 */
export type MemoryItem = Memories.MemoryItem
/**
 * @since 0.1.0
 * @category models
 */
export type MemoryDetail = Memories.MemoryDetail
/**
 * @since 0.1.0
 * @category models
 */
export type MemoryPage = Memories.MemoryPage
/**
 * @since 0.1.0
 * @category models
 */
export type MemoryStats = Memories.MemoryStats
/**
 * @since 0.1.0
 * @category models
 */
export type MemoryScope = Memories.Scope
/**
 * The options of `memories.list`.
 *
 * @since 0.1.0
 * @category models
 */
export type MemoryListOptions = Memories.ListOptions
/**
 * @since 0.1.0
 * @category models
 */
export type Me = Account.Me
/**
 * @since 0.1.0
 * @category models
 */
export type InterestRequest = Account.InterestRequest
/**
 * @since 0.1.0
 * @category models
 */
export type InterestResult = Account.InterestResult
/**
 * @since 0.1.0
 * @category models
 */
export type BillingSummary = Billing.BillingSummary
/**
 * @since 0.1.0
 * @category models
 */
export type PaymentMethod = Billing.PaymentMethod
/**
 * @since 0.1.0
 * @category models
 */
export type UpcomingInvoice = Billing.UpcomingInvoice
/**
 * @since 0.1.0
 * @category models
 */
export type Invoice = Billing.Invoice
/**
 * @since 0.1.0
 * @category models
 */
export type EventItem = ConsoleEvents.EventItem
/**
 * @since 0.1.0
 * @category models
 */
export type EventPage = ConsoleEvents.EventPage
/**
 * The options of `events.list` (control plane).
 *
 * @since 0.1.0
 * @category models
 */
export type EventListOptions = ConsoleEvents.ListOptions
/**
 * @since 0.1.0
 * @category models
 */
export type UsageSummary = UsageReports.UsageSummary
/**
 * @since 0.1.0
 * @category models
 */
export type UsageDimension = UsageReports.Dimension
/**
 * @since 0.1.0
 * @category models
 */
export type UsageTimeseries = UsageReports.UsageTimeseries
/**
 * @since 0.1.0
 * @category models
 */
export type UsagePoint = UsageReports.UsagePoint
/**
 * The options of `usage.timeseries`.
 *
 * @since 0.1.0
 * @category models
 */
export type TimeseriesOptions = UsageReports.TimeseriesOptions
/**
 * @since 0.1.0
 * @category models
 */
export type ApiKeyInfo = Keys.ApiKeyInfo
/**
 * @since 0.1.0
 * @category models
 */
export type KeyList = Keys.KeyList
/**
 * @since 0.1.0
 * @category models
 */
export type CreatedKey = Keys.CreatedKey
/**
 * The options of `keys.create`.
 *
 * @since 0.1.0
 * @category models
 */
export type KeyCreateOptions = Keys.CreateOptions
