/**
 * Registry errors: one line naming the operation, the reference, the HTTP status and the registry's OCI error
 * codes and messages (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes), e.g.
 * `GET manifest 127.0.0.1:5000/app:v1: 404 MANIFEST_UNKNOWN: manifest unknown`.
 */
import { SigilError, type ErrorCode } from '../errors.js'

/** One entry of the registry's `{"errors": [...]}` body. */
export interface OciError {
  readonly code: string
  readonly message: string
}

export interface RegistryErrorDetails {
  /** e.g. `GET manifest`, `PUT blob upload`, `GET token`. */
  readonly operation: string
  /** e.g. `127.0.0.1:5000/repo@sha256:...` or `127.0.0.1:5000/repo:tag`. */
  readonly reference: string
  /** HTTP status, when a response arrived. */
  readonly status?: number
  readonly ociErrors?: readonly OciError[]
  /** The rest of the sentence, e.g. `no credentials found for ...`. */
  readonly detail?: string
  readonly cause?: unknown
}

const MAX_MESSAGE_PART = 300

// Keeps registry-provided text short and on one line.
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  return flat.length > MAX_MESSAGE_PART ? `${flat.slice(0, MAX_MESSAGE_PART)}...` : flat
}

/** A failed registry operation; `code` is one of the registry codes of ErrorCode. */
export class RegistryError extends SigilError {
  readonly operation: string
  readonly reference: string
  readonly status: number | undefined
  readonly ociErrors: readonly OciError[]

  constructor(code: ErrorCode, details: RegistryErrorDetails) {
    const parts: string[] = []
    if (details.status !== undefined) parts.push(String(details.status))
    const oci = (details.ociErrors ?? []).map((e) => oneLine(e.message ? `${e.code}: ${e.message}` : e.code))
    if (oci.length > 0) parts.push(oci.join('; '))
    let message = `${details.operation} ${details.reference}:`
    if (parts.length > 0) message += ` ${parts.join(' ')}`
    if (details.detail) message += `${parts.length > 0 ? ';' : ''} ${oneLine(details.detail)}`
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause })
    this.operation = details.operation
    this.reference = details.reference
    this.status = details.status
    this.ociErrors = details.ociErrors ?? []
  }

  /** True when the registry answered with one of these OCI error codes. */
  hasOciCode(...codes: string[]): boolean {
    return this.ociErrors.some((e) => codes.includes(e.code))
  }
}

// Parses an OCI error body; anything else yields no entries.
export function parseOciErrors(body: Uint8Array | undefined): OciError[] {
  if (body === undefined || body.length === 0 || body.length > 64 * 1024) return []
  try {
    const doc = JSON.parse(Buffer.from(body).toString('utf8')) as unknown
    const errors = (doc as { errors?: unknown } | null)?.errors
    if (!Array.isArray(errors)) return []
    return errors.slice(0, 5).flatMap((e: unknown) => {
      const entry = e as { code?: unknown; message?: unknown } | null
      if (entry === null || typeof entry !== 'object') return []
      const code = typeof entry.code === 'string' ? entry.code : 'UNKNOWN'
      const message = typeof entry.message === 'string' ? entry.message : ''
      return [{ code, message }]
    })
  } catch {
    return []
  }
}
