/**
 * `@effect/platform`'s `HttpClient` tag, without importing its module at load: an app that never
 * provides an `HttpClient` (the default transport runs) no longer loads the platform's client module
 * graph (its errors, responses, cookies, incoming messages) for a tag. A context finds a service by
 * its tag's key, so this is the platform's own tag to every `provide` and `serviceOption` (a test
 * checks that it is). The adapter's request builders stay a static import: loading them on the first
 * exchange would make that exchange wait for real I/O, which a test driving a virtual clock never
 * gives it.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"

export const HttpClientTag = Context.GenericTag<HttpClient.HttpClient>("@effect/platform/HttpClient")
