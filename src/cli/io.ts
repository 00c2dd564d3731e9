import type { Logger } from '../log.js'

/** What a command may touch of the process: streams and environment. Tests pass their own. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }
}

/** A logger writing to stderr; debug lines only with --verbose. */
export function stderrLogger(io: CliIo, verbose: boolean): Logger {
  return {
    debug(message) {
      if (verbose) io.stderr.write(`${message}\n`)
    },
    info(message) {
      io.stderr.write(`${message}\n`)
    },
    warn(message) {
      io.stderr.write(`WARNING: ${message}\n`)
    },
  }
}

/**
 * Ends the process with `code` once everything written to stdout and stderr has been flushed. Work a command
 * abandoned (a request still waiting for an answer when --timeout expired) must not keep the process alive.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
}
