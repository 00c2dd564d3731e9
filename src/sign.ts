/**
 * Signing: resolve each image to its manifest digest, build cosign's simple-signing payload, sign it, and attach
 * the signature to the image through a SignatureStore (the classic `.sig` tag today).
 */
import { buildPayload } from './cosign/payload.js'
import { SIGNATURE_ANNOTATION, signatureLayer, type Descriptor } from './cosign/signature-manifest.js'
import { silentLogger, type Logger } from './log.js'
import { parseReference, repositoryName, type Reference } from './oci/reference.js'
import { sha256Digest } from './oci/digest.js'
import type { RegistryClient } from './registry/index.js'
import { ClassicSignatureStore } from './store/classic.js'
import type { RepositoryRef, SignatureStore } from './store/types.js'
import { mapLimit } from './util/concurrency.js'
import { resolveImage, childManifests, parseSignatureRepository } from './resolve.js'

/** What signing needs of a key: deterministic signing and a check of an existing signature (for dedupe). */
export interface PayloadSigner {
  sign(payload: Uint8Array): Uint8Array
  verify(payload: Uint8Array, signature: Uint8Array): boolean
}

export interface SignOptions {
  readonly images: readonly string[]
  readonly signer: PayloadSigner
  readonly registry: RegistryClient
  /** `-a key=value` pairs, written into the payload's `optional`. */
  readonly annotations?: Readonly<Record<string, string>>
  /** Also sign every manifest an index lists (depth-first), as cosign's -r. */
  readonly recursive?: boolean
  /** COSIGN_REPOSITORY: store signatures in this repository instead of the image's. */
  readonly signatureRepository?: string
  /** Replaces the payload's docker-reference (cosign's --sign-container-identity). */
  readonly containerIdentity?: string
  /** Images signed at once. */
  readonly maxWorkers?: number
  readonly logger?: Logger
  /** Injected for tests; defaults to the classic .sig store. */
  readonly store?: SignatureStore
}

export interface SignedManifest {
  /** The signed manifest, pinned: `registry/repo@sha256:<hex>`. */
  readonly image: string
  readonly digest: string
  /** `registry/repo:sha256-<hex>.sig` */
  readonly signatureTag: string
  /** False when an equivalent signature was already present and nothing was written. */
  readonly written: boolean
}

interface Target {
  readonly ref: Reference
  readonly digest: string
  readonly sigRepo: RepositoryRef
}

export function tagWarning(reference: string): string {
  return (
    `Image reference ${reference} uses a tag, not a digest, to identify the image to sign.\n` +
    '    This can lead you to sign a different image than the intended one. Please use a\n' +
    '    digest (example.com/ubuntu@sha256:abc123...) rather than tag\n' +
    '    (example.com/ubuntu:latest) for the input to sigil.'
  )
}

export async function signImages(options: SignOptions): Promise<SignedManifest[]> {
  const logger = options.logger ?? silentLogger
  const store = options.store ?? new ClassicSignatureStore(options.registry, { logger })
  const inputs = options.images.map((image) => ({ image, ref: parseReference(image) }))
  const refs = inputs.map((i) => i.ref)
  const sigRepoOverride = options.signatureRepository ? parseSignatureRepository(options.signatureRepository) : undefined
  for (const ref of refs) options.registry.expectPush(sigRepoOverride ?? ref)
  const workers = options.maxWorkers ?? 4

  // Resolve every image first: a bad reference or a missing image fails the command before anything is written.
  const resolved = await mapLimit(inputs, workers, async ({ image: input, ref }) => {
    if (!ref.digest) logger.warn(tagWarning(input))
    const image = await resolveImage(options.registry, ref, 'NOT_FOUND')
    const digests = [image.digest]
    if (options.recursive) digests.push(...(await childManifests(options.registry, ref, image)))
    return digests.map((digest) => ({ ref, digest, sigRepo: sigRepoOverride ?? ref }))
  })

  const seen = new Set<string>()
  const targets: Target[] = []
  for (const t of resolved.flat()) {
    const key = `${t.sigRepo.registry}/${t.sigRepo.repository}@${t.digest}`
    if (seen.has(key)) continue
    seen.add(key)
    targets.push(t)
  }

  const announced = new Set<string>()
  return mapLimit(targets, workers, async (t) => {
    const repoName = `${t.sigRepo.registry}/${t.sigRepo.repository}`
    if (!announced.has(repoName)) {
      announced.add(repoName)
      logger.info(`Pushing signature to: ${sigRepoOverride ? t.sigRepo.repository : repoName}`)
    }
    const payload = buildPayload({
      dockerReference: options.containerIdentity ?? repositoryName(t.ref),
      manifestDigest: t.digest,
      ...(options.annotations ? { annotations: options.annotations } : {}),
    })
    const signature = options.signer.sign(payload)
    const payloadDigest = sha256Digest(payload)
    const layer = signatureLayer(payloadDigest, payload.length, { [SIGNATURE_ANNOTATION]: Buffer.from(signature).toString('base64') })
    const result = await store.attach(t.sigRepo, t.digest, {
      layer,
      payload,
      isEquivalent: async (existing: Descriptor) => isEquivalent(existing, layer, payload, options.signer),
    })
    return {
      image: `${repositoryName(t.ref)}@${t.digest}`,
      digest: t.digest,
      signatureTag: result.location,
      written: result.written,
    }
  })
}

/**
 * cosign's duplicate test (`pkg/cosign/remote/remote.go` dd.Find): same media type and payload digest, every new
 * annotation other than the signature present with the same value, and the existing signature verifies over the
 * payload with our key. ECDSA signatures from other tools differ each time, hence the verification.
 */
function isEquivalent(existing: Descriptor, layer: Descriptor, payload: Uint8Array, signer: PayloadSigner): boolean {
  if (existing.mediaType !== layer.mediaType || existing.digest !== layer.digest) return false
  for (const [k, v] of Object.entries(layer.annotations ?? {})) {
    if (k !== SIGNATURE_ANNOTATION && existing.annotations?.[k] !== v) return false
  }
  const b64 = existing.annotations?.[SIGNATURE_ANNOTATION]
  if (!b64) return false
  try {
    return signer.verify(payload, new Uint8Array(Buffer.from(b64, 'base64')))
  } catch {
    return false
  }
}

