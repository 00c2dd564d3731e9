/**
 * Retry policy: exponential backoff with full jitter (https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/),
 * `Retry-After` honoured (RFC 9110 section 10.2.3: delay-seconds or an HTTP-date), bounded in attempts and in
 * total time.
 */

export interface RetryOptions {
  /** Tries per request, the first included (default 5). */
  readonly maxAttempts: number
  /** Time budget for a request and all its retries, waits included (default 60 s). */
  readonly maxElapsedMs: number
  /** First backoff ceiling; doubles per attempt (default 250 ms). */
  readonly baseDelayMs: number
  /** Backoff ceiling (default 10 s). A longer `Retry-After` is honoured if it fits in the time budget. */
  readonly maxDelayMs: number
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 5, maxElapsedMs: 60_000, baseDelayMs: 250, maxDelayMs: 10_000 }

// Statuses worth another try: 408 request timeout, 429 too many requests, and server-side 5xx except 501 (not
// implemented) and 505 (version not supported), which will not change.
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true
  return status >= 500 && status <= 599 && status !== 501 && status !== 505
}

/**
 * Parses `Retry-After` into milliseconds from `now`: delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`); a date in the past is 0. Undefined when absent or malformed.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^[0-9]+$/.test(text)) {
    const seconds = Number(text)
    return Number.isSafeInteger(seconds) ? seconds * 1000 : undefined
  }
  // IMF-fixdate, and the obsolete RFC 850 and asctime forms, all of which Date.parse reads.
  if (!/^[A-Za-z]{3,9},? /.test(text)) return undefined
  // HTTP dates are GMT; asctime carries no zone, and Date.parse would read it as local time.
  const at = Date.parse(/\b(GMT|UTC)\b/.test(text) ? text : `${text} GMT`)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

// The full-jitter backoff before retry number `attempt` (1 = the wait after the first failure).
export function backoffDelay(attempt: number, opts: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  return Math.floor(random() * ceiling)
}

export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly reason: string }

/**
 * Whether to try again after failed attempt number `attempt`, and after how long; `elapsedMs` is the time since
 * the first attempt started. A `Retry-After` longer than the remaining budget ends the retries at once.
 */
export function retryDecision(
  attempt: number,
  elapsedMs: number,
  retryAfterMs: number | undefined,
  opts: RetryOptions,
  random: () => number = Math.random,
): RetryDecision {
  if (attempt >= opts.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts` }
  const remaining = opts.maxElapsedMs - elapsedMs
  const delayMs = retryAfterMs ?? backoffDelay(attempt, opts, random)
  if (retryAfterMs !== undefined && retryAfterMs >= remaining) {
    return { retry: false, reason: `the registry asked to retry after ${formatMs(retryAfterMs)}, beyond the retry budget (${formatMs(Math.max(0, remaining))} left)` }
  }
  if (delayMs >= remaining) return { retry: false, reason: `gave up after ${attempt} attempts in ${formatMs(elapsedMs)}` }
  return { retry: true, delayMs }
}

// `850 ms`, `2.5 s`.
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}
