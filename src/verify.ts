/**
 * Verification, as cosign's `verify --key` does it for the classic format (cosign `pkg/cosign/verify.go`), with
 * containers/image's rule of skipping layers that are not simple-signing payloads:
 * for each signature layer, the payload blob (digest and size checked by the store), the signature over the exact
 * payload bytes with any of the keys, the claim `docker-manifest-digest` equal to the image digest, and every
 * requested annotation present in `optional`. Any passing layer passes the image.
 */
import { parsePayload, payloadForOutput, type ParsedPayload } from './cosign/payload.js'
import { SIGNATURE_ANNOTATION, SIMPLESIGNING_MEDIA_TYPE } from './cosign/signature-manifest.js'
import { errorMessage, printable, SigilError } from './errors.js'
import { silentLogger, type Logger } from './log.js'
import { parseReference, referenceName, repositoryName, type Reference, type Repository } from './oci/reference.js'
import type { RegistryClient } from './registry/index.js'
import { parseSignatureRepository, resolveImage } from './resolve.js'
import { ClassicSignatureStore } from './store/classic.js'
import type { SignatureStore, StoredSignature } from './store/types.js'
import { mapLimit } from './util/concurrency.js'

/** What verification needs of a public key. */
export interface SignatureVerifier {
  /** Accepts DER and raw r||s signatures. */
  verify(payload: Uint8Array, signature: Uint8Array): boolean
}

export interface VerifyOptions {
  readonly images: readonly string[]
  readonly keys: readonly SignatureVerifier[]
  readonly registry: RegistryClient
  readonly annotations?: Readonly<Record<string, string>>
  readonly signatureRepository?: string
  /** Signature layers checked at once. */
  readonly maxWorkers?: number
  readonly logger?: Logger
  readonly store?: SignatureStore
}

export interface VerifiedSignature {
  readonly layerIndex: number
  /** The payload bytes as stored (what `-o text` prints). */
  readonly raw: Uint8Array
  readonly payload: ParsedPayload
  /** The payload re-serialised as cosign's JSON output prints it. */
  readonly json: string
}

export interface VerifiedImage {
  /** The reference as given, normalised (cosign's ref.Name()). */
  readonly reference: string
  /** `registry/repo@sha256:<hex>` */
  readonly image: string
  readonly digest: string
  readonly signatureTag: string
  readonly signatures: readonly VerifiedSignature[]
  /** Which checks were made, for the CLI's and the action's report. */
  readonly checks: readonly string[]
}

interface LayerOutcome {
  readonly ok?: VerifiedSignature
  readonly skipped?: string
  readonly reason?: string
}

export function checksPerformed(annotations: boolean): string[] {
  const checks: string[] = []
  if (annotations) checks.push('The specified annotations were verified.')
  checks.push('The cosign claims were validated')
  checks.push('The signatures were verified against the specified public key')
  return checks
}

async function checkLayer(sig: StoredSignature, digest: string, options: VerifyOptions): Promise<LayerOutcome> {
  const { layer } = sig
  if (layer.mediaType !== SIMPLESIGNING_MEDIA_TYPE) {
    return { skipped: `not a signature layer (media type "${layer.mediaType}")` }
  }
  const b64 = layer.annotations?.[SIGNATURE_ANNOTATION]
  if (!b64) return { reason: `no ${SIGNATURE_ANNOTATION} annotation` }
  const signature = Buffer.from(b64, 'base64')
  if (signature.length === 0 || signature.toString('base64') !== b64.replace(/\s/g, '')) {
    return { reason: 'signature annotation is not valid base64' }
  }
  let raw: Uint8Array
  try {
    raw = await sig.payload()
  } catch (err) {
    if (err instanceof SigilError && (err.code === 'DIGEST_MISMATCH' || err.code === 'TOO_LARGE' || err.code === 'NOT_FOUND')) {
      return { reason: errorMessage(err) }
    }
    throw err
  }
  if (!options.keys.some((k) => k.verify(raw, signature))) {
    return { reason: 'invalid signature when validating ASN.1 encoded signature' }
  }
  let payload: ParsedPayload
  try {
    payload = parsePayload(raw, 'payload')
  } catch (err) {
    return { reason: errorMessage(err) }
  }
  if (payload.manifestDigest !== digest) {
    return { reason: `invalid or missing digest in claim: ${payload.manifestDigest ?? '(none)'}` }
  }
  for (const [k, v] of Object.entries(options.annotations ?? {})) {
    if (payload.optional?.[k] !== v) return { reason: `missing or incorrect annotation: ${k}` }
  }
  return { ok: { layerIndex: sig.index, raw, payload, json: payloadForOutput(payload) } }
}

async function verifyOne(input: string, ref: Reference, options: VerifyOptions, store: SignatureStore, sigRepoOverride: Repository | undefined): Promise<VerifiedImage> {
  const image = await resolveImage(options.registry, ref, 'IMAGE_NOT_FOUND')
  const sigRepo = sigRepoOverride ?? ref
  const listing = await store.list(sigRepo, image.digest)
  if (!listing || listing.signatures.length === 0) {
    throw new SigilError('NO_SIGNATURES', `no signatures found for ${input} (${ClassicSignatureStore.location(sigRepo, image.digest)})`)
  }
  const outcomes = await mapLimit(listing.signatures, options.maxWorkers ?? 10, (s) => checkLayer(s, image.digest, options))
  const verified = outcomes.flatMap((o) => (o.ok ? [o.ok] : []))
  if (verified.length === 0) {
    if (outcomes.every((o) => o.skipped)) {
      throw new SigilError('NO_SIGNATURES', `no signatures found for ${input}: ${listing.location} holds only other attachments (${outcomes[0]?.skipped})`)
    }
    // One line per layer, whatever the registry served (a media type or payload claim could hold a newline).
    const reasons = outcomes.map((o, i) => ` layer ${i} (${listing.signatures[i]?.layer.digest}): ${printable(o.reason ?? `skipped, ${o.skipped}`)}`)
    throw new SigilError('NO_MATCHING_SIGNATURES', `no matching signatures for ${input}:\n${reasons.join('\n')}`)
  }
  return {
    reference: referenceName(ref),
    image: `${repositoryName(ref)}@${image.digest}`,
    digest: image.digest,
    signatureTag: listing.location,
    signatures: verified,
    checks: checksPerformed(Object.keys(options.annotations ?? {}).length > 0),
  }
}

/**
 * Verifies each image in turn; the first failure is thrown (NO_SIGNATURES, IMAGE_NOT_FOUND or
 * NO_MATCHING_SIGNATURES with every layer's reason), as cosign stops at the first image that fails.
 * `onVerified` is called for each image that passed, in order, before a later one fails.
 */
export async function verifyImages(options: VerifyOptions, onVerified?: (v: VerifiedImage) => void): Promise<VerifiedImage[]> {
  const logger = options.logger ?? silentLogger
  const store = options.store ?? new ClassicSignatureStore(options.registry, { logger })
  if (options.keys.length === 0) throw new SigilError('USAGE', 'verify: at least one public key is required')
  const inputs = options.images.map((image) => ({ image, ref: parseReference(image) }))
  // Every input is checked before the first request.
  const sigRepo = options.signatureRepository ? parseSignatureRepository(options.signatureRepository) : undefined
  const results: VerifiedImage[] = []
  for (const { image, ref } of inputs) {
    const v = await verifyOne(image, ref, options, store, sigRepo)
    results.push(v)
    onVerified?.(v)
  }
  return results
}
