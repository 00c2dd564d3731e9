/**
 * The simple-signing payload cosign signs (`sigstore/pkg/signature/payload/payload.go` SimpleContainerImage):
 *
 * `{"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},"type":"cosign container image signature"},"optional":null|{...}}`
 *
 * Go JSON: fixed key order, `optional` always present (`null` without annotations, else a map with sorted keys
 * and string values), HTML escaping, no trailing newline. The signed bytes are exactly these bytes.
 */
import { InputError } from '../errors.js'
import { fromParsedJson, goJson, GoMap, GoStruct, type GoJsonValue } from './go-json.js'

export const PAYLOAD_TYPE = 'cosign container image signature'

export interface PayloadClaims {
  /** `critical.identity.docker-reference`: the image's repository name without tag (cosign's default). */
  readonly dockerReference: string
  /** `critical.image.docker-manifest-digest`, `sha256:<hex>`. */
  readonly manifestDigest: string
  /** `-a key=value` annotations (cosign's `optional`); empty means `null`. */
  readonly annotations?: Readonly<Record<string, string>>
}

function payloadValue(critical: GoJsonValue, optional: GoJsonValue): GoStruct {
  return new GoStruct([
    ['critical', critical],
    ['optional', optional],
  ])
}

function criticalValue(dockerReference: string, manifestDigest: string, type: string): GoStruct {
  return new GoStruct([
    ['identity', new GoStruct([['docker-reference', dockerReference]])],
    ['image', new GoStruct([['docker-manifest-digest', manifestDigest]])],
    ['type', type],
  ])
}

/** The exact payload bytes cosign would sign for these claims. */
export function buildPayload(claims: PayloadClaims): Uint8Array {
  const entries = Object.entries(claims.annotations ?? {})
  const optional = entries.length === 0 ? null : new GoMap(entries)
  const json = goJson(payloadValue(criticalValue(claims.dockerReference, claims.manifestDigest, PAYLOAD_TYPE), optional))
  return new TextEncoder().encode(json)
}

/** A payload as verifiers read it. Fields outside critical/optional are ignored, as cosign ignores them. */
export interface ParsedPayload {
  readonly dockerReference: string | undefined
  readonly manifestDigest: string | undefined
  readonly type: string | undefined
  /** `optional` as parsed JSON (`null` when absent or null). */
  readonly optional: Record<string, unknown> | null
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined
}

/**
 * Parses a payload the way cosign's claim verifier does (`json.Unmarshal` into SimpleContainerImage): it must be
 * a JSON object; missing fields read as empty.
 * @throws InputError INVALID_INPUT when the bytes are not a JSON object.
 */
export function parsePayload(bytes: Uint8Array, input = 'payload'): ParsedPayload {
  let doc: unknown
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw new InputError('INVALID_INPUT', input, 'not valid JSON')
  }
  const top = asObject(doc)
  if (!top) throw new InputError('INVALID_INPUT', input, 'not a JSON object')
  const critical = asObject(top.critical)
  const identity = asObject(critical?.identity)
  const image = asObject(critical?.image)
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
  const optional = top.optional === null || top.optional === undefined ? null : asObject(top.optional)
  if (optional === undefined) throw new InputError('INVALID_INPUT', input, '"optional" is not an object')
  return {
    dockerReference: str(identity?.['docker-reference']),
    manifestDigest: str(image?.['docker-manifest-digest']),
    type: str(critical?.type),
    optional,
  }
}

/**
 * The payload as cosign's `verify` prints it: re-serialised through SimpleContainerImage, so fields outside
 * critical/optional are dropped and `optional` keys are sorted.
 */
export function payloadForOutput(p: ParsedPayload): string {
  const optional = p.optional === null ? null : fromParsedJson(p.optional)
  return goJson(payloadValue(criticalValue(p.dockerReference ?? '', p.manifestDigest ?? '', p.type ?? ''), optional))
}

/**
 * Parses cosign's `-a/--annotations` values: each flag value is a comma-separated list of `key=value`; every
 * entry must split on `=` into exactly two parts; later keys overwrite earlier ones
 * (`cosign/cmd/cosign/cli/options/annotations.go`, pflag StringSlice).
 * @throws InputError INVALID_ANNOTATION naming the bad entry.
 */
export function parseAnnotationFlags(values: readonly string[], input = '-a/--annotations'): Record<string, string> {
  const out: Record<string, string> = {}
  for (const value of values) {
    for (const entry of splitStringSlice(value, input)) {
      const parts = entry.split('=')
      if (parts.length !== 2) {
        throw new InputError('INVALID_ANNOTATION', `${input} "${entry}"`, 'expected key=value (a value may not contain "=")')
      }
      const [key, val] = parts as [string, string]
      if (key === '') throw new InputError('INVALID_ANNOTATION', `${input} "${entry}"`, 'empty key')
      out[key] = val
    }
  }
  return out
}

/**
 * pflag's StringSlice reads a flag value as one CSV record: commas separate entries, double quotes may enclose an
 * entry that contains commas.
 */
function splitStringSlice(value: string, input: string): string[] {
  if (value === '') return []
  const out: string[] = []
  let cur = ''
  let quoted = false
  let atStart = true
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string
    if (quoted) {
      if (ch === '"') {
        if (value[i + 1] === '"') {
          cur += '"'
          i++
        } else {
          quoted = false
        }
      } else {
        cur += ch
      }
      continue
    }
    if (ch === '"' && atStart) {
      quoted = true
      atStart = false
      continue
    }
    if (ch === ',') {
      out.push(cur)
      cur = ''
      atStart = true
      continue
    }
    if (ch === '"') throw new InputError('INVALID_ANNOTATION', `${input} "${value}"`, 'bare " in an unquoted entry')
    cur += ch
    atStart = false
  }
  if (quoted) throw new InputError('INVALID_ANNOTATION', `${input} "${value}"`, 'unterminated quoted entry')
  out.push(cur)
  return out
}
