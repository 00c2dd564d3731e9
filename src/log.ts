/**
 * The core's only way to say something. Hosts bridge it: the CLI writes to stderr, the action to
 * `@actions/core`. Secrets must never be passed to a logger.
 */
export interface Logger {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
}

/** One HTTP exchange with a registry or token server, reported after it ends (or fails). */
export interface TraceEvent {
  readonly method: string
  /** URL without credentials or query secrets. */
  readonly url: string
  /** HTTP status, or undefined when no response arrived. */
  readonly status: number | undefined
  readonly durationMs: number
  /** 1 for the first try of a request, 2 and up for retries. */
  readonly attempt: number
  /** Short cause when no response arrived (timeout, reset, refused). */
  readonly error?: string
}

export type TraceSink = (event: TraceEvent) => void
