// Captures a RegistryClient's trace and debug log, for round-trip counts and secret scans.
import type { Logger, TraceEvent } from '../../src/log.js'

export interface Capture {
  readonly events: TraceEvent[]
  readonly lines: string[]
  readonly logger: Logger
  onTrace(event: TraceEvent): void
  /** Clears events and lines. */
  reset(): void
  /** `METHOD path` of each event (origin dropped, query kept). */
  summary(): string[]
  /** Everything captured, as text. */
  text(): string
}

export function capture(): Capture {
  const events: TraceEvent[] = []
  const lines: string[] = []
  return {
    events,
    lines,
    logger: {
      debug: (m) => lines.push(`debug: ${m}`),
      info: (m) => lines.push(`info: ${m}`),
      warn: (m) => lines.push(`warn: ${m}`),
    },
    onTrace: (e) => events.push(e),
    reset() {
      events.length = 0
      lines.length = 0
    },
    summary() {
      return events.map((e) => {
        const u = new URL(e.url)
        return `${e.method} ${u.pathname}${u.search} ${e.status ?? e.error ?? ''}`.trim()
      })
    },
    text() {
      return [...lines, ...events.map((e) => JSON.stringify(e))].join('\n')
    },
  }
}
