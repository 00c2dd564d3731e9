/**
 * The classic cosign signature store: every signature of an image is a layer of the OCI manifest tagged
 * `sha256-<hex>.sig` in the image's repository (or COSIGN_REPOSITORY).
 *
 * Appending is a read-modify-write of one mutable tag, and registries offer no compare-and-swap on it (Distribution
 * ignores If-Match), so concurrent signers can overwrite each other (sigstore/cosign#2432). `attach` guards against
 * that, within bounds:
 *  1. read the `.sig` (GET); stop if an equivalent signature is already there;
 *  2. upload the payload and the new config blob (in parallel);
 *  3. just before the PUT, HEAD the tag: if its digest moved since the read, re-read, merge and go to 2;
 *  4. PUT the merged manifest (with If-Match on the ETag read, where the registry honours it);
 *  5. wait a settle delay longer than a writer's read-to-write time, then read the tag back: any writer whose read
 *     came before our PUT has written by then; if our layer is missing, merge what is there and go to 2.
 * A fresh signature costs 1 read + 4 blob requests + 1 HEAD + 1 PUT + 1 read-back.
 */
import {
  manifestWithLayers,
  MAX_SIGNATURE_LAYERS,
  parseSignatureManifest,
  serializeManifest,
  signatureTag,
  type Descriptor,
  type SignatureManifest,
} from '../cosign/signature-manifest.js'
import { SigilError } from '../errors.js'
import { silentLogger, type Logger } from '../log.js'
import type { RegistryClient } from '../registry/index.js'
import type { AttachResult, NewSignature, RepositoryRef, SignatureListing, SignatureStore } from './types.js'

export interface ClassicStoreOptions {
  readonly logger?: Logger
  /** Bound on read-merge-write rounds for one signature. */
  readonly maxRounds?: number
  /** Lower and upper bounds of the settle delay before the read-back, in ms. */
  readonly minSettleMs?: number
  readonly maxSettleMs?: number
  /** Largest payload blob accepted when verifying (cosign: 128 MiB; signatures are a few hundred bytes). */
  readonly maxPayloadBytes?: number
  /** Injected for tests. */
  readonly sleep?: (ms: number) => Promise<void>
}

interface SigState {
  readonly manifest: SignatureManifest | undefined
  /** Digest of the manifest as read, undefined when the tag did not exist. */
  readonly digest: string | undefined
  readonly etag: string | undefined
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function sameLayer(a: Descriptor, b: Descriptor): boolean {
  if (a.digest !== b.digest || a.mediaType !== b.mediaType || a.size !== b.size) return false
  const ak = Object.keys(a.annotations ?? {})
  const bk = Object.keys(b.annotations ?? {})
  return ak.length === bk.length && ak.every((k) => a.annotations?.[k] === b.annotations?.[k])
}

export class ClassicSignatureStore implements SignatureStore {
  readonly #client: RegistryClient
  readonly #logger: Logger
  readonly #maxRounds: number
  readonly #minSettleMs: number
  readonly #maxSettleMs: number
  readonly #maxPayloadBytes: number
  readonly #sleep: (ms: number) => Promise<void>

  constructor(client: RegistryClient, options: ClassicStoreOptions = {}) {
    this.#client = client
    this.#logger = options.logger ?? silentLogger
    this.#maxRounds = options.maxRounds ?? 16
    this.#minSettleMs = options.minSettleMs ?? 250
    this.#maxSettleMs = options.maxSettleMs ?? 5000
    this.#maxPayloadBytes = options.maxPayloadBytes ?? 4 * 1024 * 1024
    this.#sleep = options.sleep ?? defaultSleep
  }

  static location(repo: RepositoryRef, imageDigest: string): string {
    return `${repo.registry}/${repo.repository}:${signatureTag(imageDigest)}`
  }

  async #read(repo: RepositoryRef, tag: string, location: string): Promise<SigState> {
    try {
      const m = await this.#client.getManifest(repo, tag)
      return { manifest: parseSignatureManifest(m.bytes, location, m.mediaType), digest: m.digest, etag: m.etag }
    } catch (err) {
      if (err instanceof SigilError && err.code === 'NOT_FOUND') return { manifest: undefined, digest: undefined, etag: undefined }
      throw err
    }
  }

  async #findEquivalent(state: SigState, sig: NewSignature): Promise<boolean> {
    for (const layer of state.manifest?.layers ?? []) {
      if (sameLayer(layer, sig.layer) || (await sig.isEquivalent(layer))) return true
    }
    return false
  }

  async attach(repo: RepositoryRef, imageDigest: string, sig: NewSignature): Promise<AttachResult> {
    const tag = signatureTag(imageDigest)
    const location = ClassicSignatureStore.location(repo, imageDigest)
    let state = await this.#read(repo, tag, location)
    if (await this.#findEquivalent(state, sig)) {
      this.#logger.debug(`${location}: an equivalent signature is already present; nothing to write`)
      return { location, written: false, layerCount: state.manifest?.layers.length ?? 0 }
    }
    let payloadUploaded = false
    // If-Match is sent while the registry's answers make sense: a 412 for a tag that did not move means its ETags
    // are not the manifest digests we read, and the HEAD check alone guards the write from then on.
    let useIfMatch = true
    let readAt = Date.now()
    for (let round = 1; round <= this.#maxRounds; round++) {
      const layers = [...(state.manifest?.layers ?? []), sig.layer]
      if (layers.length > MAX_SIGNATURE_LAYERS) {
        throw new SigilError('INVALID_MANIFEST', `${location}: would hold ${layers.length} signatures, more than cosign's limit of ${MAX_SIGNATURE_LAYERS}`)
      }
      const { manifest, config } = manifestWithLayers(state.manifest, layers)
      const bytes = serializeManifest(manifest)
      await Promise.all([
        payloadUploaded ? undefined : this.#client.uploadBlob(repo, sig.layer.digest, sig.payload).then(() => (payloadUploaded = true)),
        this.#client.uploadBlob(repo, manifest.config.digest, config),
      ])
      const head = await this.#client.headManifest(repo, tag)
      if (head?.digest !== state.digest) {
        this.#logger.debug(`${location}: changed by another writer since it was read; merging (round ${round})`)
        // A random pause de-synchronises writers that keep colliding.
        await this.#sleep(Math.floor(Math.random() * 50 * Math.min(round, 8)))
        state = await this.#read(repo, tag, location)
        readAt = Date.now()
        if (await this.#findEquivalent(state, sig)) return { location, written: false, layerCount: state.manifest?.layers.length ?? 0 }
        continue
      }
      try {
        await this.#client.putManifest(repo, tag, bytes, manifest.mediaType, useIfMatch && state.etag ? { ifMatch: state.etag } : {})
      } catch (err) {
        if (err instanceof SigilError && err.code === 'PRECONDITION_FAILED') {
          const before = state.digest
          state = await this.#read(repo, tag, location)
          readAt = Date.now()
          if (state.digest === before) {
            useIfMatch = false
            this.#logger.debug(`${location}: the registry refused If-Match for an unchanged tag; writing without it`)
          } else if (await this.#findEquivalent(state, sig)) {
            return { location, written: false, layerCount: state.manifest?.layers.length ?? 0 }
          }
          continue
        }
        throw err
      }
      const readToWrite = Date.now() - readAt
      const settle = Math.min(this.#maxSettleMs, Math.max(this.#minSettleMs, 2 * readToWrite))
      await this.#sleep(settle)
      state = await this.#read(repo, tag, location)
      readAt = Date.now()
      if (state.manifest?.layers.some((l) => sameLayer(l, sig.layer))) {
        return { location, written: true, layerCount: state.manifest.layers.length }
      }
      this.#logger.debug(`${location}: our signature was overwritten by a concurrent writer; merging (round ${round})`)
      if (await this.#findEquivalent(state, sig)) return { location, written: false, layerCount: state.manifest?.layers.length ?? 0 }
    }
    throw new SigilError(
      'SIGNATURE_NOT_PERSISTED',
      `${location}: the signature could not be kept after ${this.#maxRounds} rounds of concurrent updates; run the signing again`,
    )
  }

  async list(repo: RepositoryRef, imageDigest: string): Promise<SignatureListing | undefined> {
    const tag = signatureTag(imageDigest)
    const location = ClassicSignatureStore.location(repo, imageDigest)
    const state = await this.#read(repo, tag, location)
    if (!state.manifest) return undefined
    return {
      location,
      signatures: state.manifest.layers.map((layer, index) => ({
        index,
        layer,
        payload: () => {
          if (layer.size > this.#maxPayloadBytes) {
            throw new SigilError('TOO_LARGE', `${location}: layer ${index} payload is ${layer.size} bytes, over the ${this.#maxPayloadBytes}-byte limit`)
          }
          return this.#client.getBlob(repo, layer.digest, { maxBytes: this.#maxPayloadBytes, expectedSize: layer.size })
        },
      })),
    }
  }
}

