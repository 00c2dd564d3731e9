/**
 * Content digests (https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md#digests). sigil, like
 * cosign's go-containerregistry, accepts only `sha256`: every digest it computes or compares is
 * `sha256:<64 lower-case hex>`.
 */
import { createHash } from 'node:crypto'
import { InputError } from '../errors.js'

/** A digest as `sha256:<64 lower-case hex>`. */
export type Digest = `sha256:${string}`

export interface ParsedDigest {
  readonly algorithm: 'sha256'
  /** 64 lower-case hex characters. */
  readonly hex: string
  readonly digest: Digest
}

const SHA256_HEX = /^[a-f0-9]{64}$/
// OCI digest grammar: algorithm-component ([a-z0-9]+) separated by [+._-], then ':' and an encoded part.
const ANY_DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/

// The sha256 digest of exactly these bytes, as registries and cosign compute it.
export function sha256Digest(bytes: Uint8Array): Digest {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

// True for a well-formed `sha256:<64 lower-case hex>`.
export function isSha256Digest(value: string): value is Digest {
  return value.startsWith('sha256:') && SHA256_HEX.test(value.slice(7))
}

/**
 * Parses a digest, refusing other algorithms with a message that says so (go-containerregistry `name.NewDigest`:
 * "unsupported digest algorithm").
 *
 * @param value - e.g. `sha256:e3b0c442...`
 * @param input - how to name the value in the error, e.g. `digest "sha512:..."`
 * @throws InputError INVALID_REFERENCE when it is not a sha256 digest
 */
export function parseDigest(value: string, input = `digest "${value}"`): ParsedDigest {
  const colon = value.indexOf(':')
  if (colon < 0) throw new InputError('INVALID_REFERENCE', input, 'a digest must look like sha256:<64 hex characters>')
  const algorithm = value.slice(0, colon)
  const hex = value.slice(colon + 1)
  if (algorithm !== 'sha256') {
    const known = ANY_DIGEST.test(value) ? `unsupported digest algorithm "${algorithm}"` : 'malformed digest'
    throw new InputError('INVALID_REFERENCE', input, `${known}; only sha256 is supported`)
  }
  if (!SHA256_HEX.test(hex)) {
    throw new InputError('INVALID_REFERENCE', input, 'a sha256 digest needs exactly 64 lower-case hex characters')
  }
  return { algorithm: 'sha256', hex, digest: value as Digest }
}

// The `sha256-<hex>` form cosign uses in tag names (`sha256-<hex>.sig`).
export function digestToTagPrefix(digest: string): string {
  return parseDigest(digest).digest.replace(':', '-')
}
