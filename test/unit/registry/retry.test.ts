// Retry-After parsing and backoff bounds.
import { describe, expect, it } from 'vitest'
import { backoffDelay, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, retryDecision } from '../../../src/registry/retry.js'

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z')
  it.each([
    ['0', 0],
    ['1', 1000],
    [' 120 ', 120_000],
    ['Wed, 01 Jan 2025 00:00:30 GMT', 30_000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['Wednesday, 01-Jan-25 00:00:10 GMT', 10_000],
    ['Wed Jan  1 00:00:05 2025', 5000],
  ])('%j -> %d ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms)
  })

  it.each([undefined, '', '-1', '1.5', 'soon', '2025-01-01T00:00:30Z', '99999999999999999999'])('%j is ignored', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined()
  })
})

describe('backoff', () => {
  const opts = { maxAttempts: 5, maxElapsedMs: 60_000, baseDelayMs: 100, maxDelayMs: 1000 }

  it('full jitter between 0 and an exponential ceiling capped by maxDelayMs', () => {
    expect(backoffDelay(1, opts, () => 0.999)).toBe(99)
    expect(backoffDelay(2, opts, () => 0.999)).toBe(199)
    expect(backoffDelay(3, opts, () => 0.999)).toBe(399)
    expect(backoffDelay(10, opts, () => 0.999)).toBe(999)
    expect(backoffDelay(3, opts, () => 0)).toBe(0)
    for (let attempt = 1; attempt < 40; attempt++) {
      const d = backoffDelay(attempt, opts)
      expect(d).toBeGreaterThanOrEqual(0)
      expect(d).toBeLessThan(1000)
    }
  })

  it('stops at maxAttempts', () => {
    expect(retryDecision(4, 0, undefined, opts, () => 0.5)).toEqual({ retry: true, delayMs: 400 })
    expect(retryDecision(5, 0, undefined, opts)).toEqual({ retry: false, reason: 'gave up after 5 attempts' })
  })

  it('honours Retry-After, even above maxDelayMs, while it fits the time budget', () => {
    expect(retryDecision(1, 0, 5000, opts)).toEqual({ retry: true, delayMs: 5000 })
    expect(retryDecision(1, 58_000, 5000, opts)).toEqual({
      retry: false,
      reason: 'the registry asked to retry after 5.0 s, beyond the retry budget (2.0 s left)',
    })
  })

  it('never waits past the time budget', () => {
    expect(retryDecision(2, 59_950, undefined, opts, () => 0.999)).toEqual({ retry: false, reason: 'gave up after 2 attempts in 60.0 s' })
  })

  it('retryable statuses', () => {
    expect([408, 429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(true)
    expect([200, 400, 401, 403, 404, 412, 501, 505].some(isRetryableStatus)).toBe(false)
    expect(DEFAULT_RETRY).toEqual({ maxAttempts: 5, maxElapsedMs: 60_000, baseDelayMs: 250, maxDelayMs: 10_000 })
  })
})
