/**
 * Where signatures live. The classic cosign format keeps them as layers of a manifest under the tag
 * `sha256-<hex>.sig` (store/classic.ts); cosign v3 bundles stored as OCI referrers would be a second store with
 * the same two operations.
 */
import type { Descriptor } from '../cosign/signature-manifest.js'

/** A repository in a registry. */
export interface RepositoryRef {
  readonly registry: string
  readonly repository: string
}

/** One signature as found in a store: the layer descriptor and a way to fetch its payload. */
export interface StoredSignature {
  readonly index: number
  readonly layer: Descriptor
  /** Fetches the payload blob, checking its digest and size. */
  payload(): Promise<Uint8Array>
}

export interface SignatureListing {
  /** Where the signatures were found, e.g. `registry/repo:sha256-<hex>.sig`. */
  readonly location: string
  readonly signatures: readonly StoredSignature[]
}

/** A new signature to attach: its layer descriptor and the payload blob it points to. */
export interface NewSignature {
  readonly layer: Descriptor
  readonly payload: Uint8Array
  /** True when an existing layer already carries this signature (same payload, key and annotations). */
  isEquivalent(existing: Descriptor): Promise<boolean>
}

export interface AttachResult {
  /** Where the signature is stored, e.g. `registry/repo:sha256-<hex>.sig`. */
  readonly location: string
  /** False when an equivalent signature was already there and nothing was written. */
  readonly written: boolean
  /** Number of signature layers after the write. */
  readonly layerCount: number
}

export interface SignatureStore {
  attach(repo: RepositoryRef, imageDigest: string, signature: NewSignature): Promise<AttachResult>
  list(repo: RepositoryRef, imageDigest: string): Promise<SignatureListing | undefined>
}
