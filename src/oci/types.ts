/**
 * Manifest, index and descriptor shapes of the OCI image spec v1.1
 * (https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md, image-index.md, descriptor.md), which
 * Docker schema 2 shares field for field. Types only: parsing and byte-exact serialisation live with their users.
 */

/** https://github.com/opencontainers/image-spec/blob/v1.1.0/descriptor.md */
export interface Descriptor {
  readonly mediaType: string
  readonly digest: string
  readonly size: number
  readonly urls?: readonly string[]
  readonly annotations?: Readonly<Record<string, string>>
  readonly data?: string
  readonly artifactType?: string
  /** Only in index entries. */
  readonly platform?: Platform
}

/** https://github.com/opencontainers/image-spec/blob/v1.1.0/image-index.md#image-index-property-descriptions */
export interface Platform {
  readonly architecture: string
  readonly os: string
  readonly 'os.version'?: string
  readonly 'os.features'?: readonly string[]
  readonly variant?: string
  readonly features?: readonly string[]
}

/** https://github.com/opencontainers/image-spec/blob/v1.1.0/manifest.md */
export interface ImageManifest {
  readonly schemaVersion: 2
  readonly mediaType?: string
  readonly artifactType?: string
  readonly config: Descriptor
  readonly layers: readonly Descriptor[]
  readonly subject?: Descriptor
  readonly annotations?: Readonly<Record<string, string>>
}

/** https://github.com/opencontainers/image-spec/blob/v1.1.0/image-index.md */
export interface ImageIndex {
  readonly schemaVersion: 2
  readonly mediaType?: string
  readonly artifactType?: string
  readonly manifests: readonly Descriptor[]
  readonly subject?: Descriptor
  readonly annotations?: Readonly<Record<string, string>>
}

/** The registry's OCI error body (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md#error-codes). */
export interface OciErrorBody {
  readonly errors?: readonly { readonly code?: string; readonly message?: string; readonly detail?: unknown }[]
}
