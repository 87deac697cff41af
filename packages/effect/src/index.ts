/**
 * @since 0.1.0
 */
export * as Account from "./Account.js"
/**
 * @since 0.1.0
 */
export * as Billing from "./Billing.js"
/**
 * @since 0.2.0
 */
export * as BulkIngest from "./BulkIngest.js"
/**
 * @since 0.2.0
 */
export * as Client from "./Client.js"
/**
 * @since 0.1.0
 */
export * as ConsoleEvents from "./ConsoleEvents.js"
/**
 * @since 0.1.0
 */
export * as Endpoint from "./Endpoint.js"
/**
 * @since 0.1.0
 */
export * as Events from "./Events.js"
/**
 * @since 0.1.0
 */
export * as Health from "./Health.js"
/**
 * @since 0.1.0
 */
export * as Keys from "./Keys.js"
/**
 * @since 0.1.0
 */
export * as MemsyClient from "./MemsyClient.js"
/**
 * @since 0.1.0
 */
export * as MemsyControlClient from "./MemsyControlClient.js"
/**
 * @since 0.1.0
 */
export * as MemsyError from "./MemsyError.js"
/**
 * @since 0.1.0
 */
export * as Memories from "./Memories.js"
/**
 * @since 0.1.0
 */
export * as Onboarding from "./Onboarding.js"
/**
 * @since 0.2.0
 */
export * as RequestOptions from "./RequestOptions.js"
/**
 * @since 0.2.0
 */
export * as Pagination from "./Pagination.js"
/**
 * @since 0.2.0
 */
export * as Processing from "./Processing.js"
/**
 * @since 0.1.0
 */
export * as ResponseMeta from "./ResponseMeta.js"
/**
 * @since 0.1.0
 */
export * as Retry from "./Retry.js"
/**
 * @since 0.1.0
 */
export * as Search from "./Search.js"
/**
 * @since 0.2.0
 */
export * as Transport from "./Transport.js"
/**
 * @since 0.1.0
 */
export * as UsageReports from "./UsageReports.js"
