/**
 * Typed errors. Every failure sigil reports is a `SigilError` with a stable `code`; the CLI maps codes to exit
 * codes (cosign's: 10 no signatures, 11 image not found, 12 no matching signatures, 2 usage, 1 anything else)
 * and the action prints `message`. Messages are one line that names the input and the problem, except
 * `NO_MATCHING_SIGNATURES`, which lists one reason per signature layer as cosign does.
 */

export type ErrorCode =
  // command line and inputs
  | 'USAGE'
  | 'INVALID_INPUT'
  | 'INVALID_ANNOTATION'
  | 'INVALID_REFERENCE'
  | 'UNSUPPORTED'
  // files and keys
  | 'IO'
  | 'FILE_EXISTS'
  | 'INVALID_KEY'
  | 'UNSUPPORTED_KEY'
  | 'UNSUPPORTED_KDF_PARAMS'
  | 'KEY_DECRYPT_FAILED'
  | 'PASSWORD_MISMATCH'
  // registry
  | 'REGISTRY'
  | 'REGISTRY_AUTH'
  | 'REGISTRY_UNREACHABLE'
  | 'REGISTRY_TIMEOUT'
  | 'INSECURE_TRANSPORT'
  | 'NOT_FOUND'
  | 'TOO_LARGE'
  | 'DIGEST_MISMATCH'
  | 'INVALID_MANIFEST'
  | 'PRECONDITION_FAILED'
  // signing and verification
  | 'SIGNATURE_NOT_PERSISTED'
  | 'NO_SIGNATURES'
  | 'IMAGE_NOT_FOUND'
  | 'NO_MATCHING_SIGNATURES'

export class SigilError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/** A command line that cannot be parsed: unknown flag, missing argument, conflicting flags. Exit code 2. */
export class UsageError extends SigilError {
  constructor(message: string) {
    super('USAGE', message)
  }
}

/**
 * A value given by the user (flag, input, file content) that is not acceptable.
 * The message is `<what>: <problem>`, for example `--key "cosign.key": no such file`.
 */
export class InputError extends SigilError {
  readonly input: string

  constructor(code: ErrorCode, input: string, problem: string, options?: { cause?: unknown }) {
    super(code, `${input}: ${problem}`, options)
    this.input = input
  }
}

/** Process exit codes, as cosign uses them (`cmd/cosign/errors/exit_codes.go`). */
export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  NO_SIGNATURES: 10,
  IMAGE_NOT_FOUND: 11,
  NO_MATCHING_SIGNATURES: 12,
} as const

export function exitCodeFor(err: unknown): number {
  if (!(err instanceof SigilError)) return ExitCode.FAILURE
  switch (err.code) {
    case 'USAGE':
      return ExitCode.USAGE
    case 'NO_SIGNATURES':
      return ExitCode.NO_SIGNATURES
    case 'IMAGE_NOT_FOUND':
      return ExitCode.IMAGE_NOT_FOUND
    case 'NO_MATCHING_SIGNATURES':
      return ExitCode.NO_MATCHING_SIGNATURES
    default:
      return ExitCode.FAILURE
  }
}

const CONTROL_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * Text made safe to print on one terminal line: control characters (a newline or an escape sequence inside a
 * reference, a file name or a media type served by a registry) are shown as JSON escapes (`\n`, `\u001b`).
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => CONTROL_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** The message of anything thrown, never a stack trace. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
