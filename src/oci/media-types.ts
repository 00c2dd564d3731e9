/**
 * Media types of the OCI image spec (https://github.com/opencontainers/image-spec/blob/v1.1.0/media-types.md),
 * Docker's image manifest v2 schema 2 (https://distribution.github.io/distribution/spec/manifest-v2-2/) and
 * cosign's signature payload (https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md).
 */

export const MEDIA_TYPE_OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const MEDIA_TYPE_OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
export const MEDIA_TYPE_OCI_CONFIG = 'application/vnd.oci.image.config.v1+json'
export const MEDIA_TYPE_OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip'
export const MEDIA_TYPE_OCI_EMPTY = 'application/vnd.oci.empty.v1+json'

export const MEDIA_TYPE_DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
export const MEDIA_TYPE_DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
export const MEDIA_TYPE_DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json'
export const MEDIA_TYPE_DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip'
/** Docker schema 1 (legacy; still in go-containerregistry's Accept list). */
export const MEDIA_TYPE_DOCKER_MANIFEST_V1 = 'application/vnd.docker.distribution.manifest.v1+json'
export const MEDIA_TYPE_DOCKER_MANIFEST_V1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws'

/** cosign's simple-signing payload layer. */
export const MEDIA_TYPE_COSIGN_SIMPLESIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json'

/**
 * The Accept header go-containerregistry sends for manifest GET and HEAD, in its order, comma-joined without
 * spaces (spec §7.1).
 */
export const MANIFEST_ACCEPT = [
  MEDIA_TYPE_DOCKER_MANIFEST_V1,
  MEDIA_TYPE_DOCKER_MANIFEST_V1_SIGNED,
  MEDIA_TYPE_DOCKER_MANIFEST,
  MEDIA_TYPE_OCI_MANIFEST,
  MEDIA_TYPE_DOCKER_MANIFEST_LIST,
  MEDIA_TYPE_OCI_INDEX,
].join(',')

const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPE_OCI_INDEX, MEDIA_TYPE_DOCKER_MANIFEST_LIST])
const IMAGE_TYPES: ReadonlySet<string> = new Set([
  MEDIA_TYPE_OCI_MANIFEST,
  MEDIA_TYPE_DOCKER_MANIFEST,
  MEDIA_TYPE_DOCKER_MANIFEST_V1,
  MEDIA_TYPE_DOCKER_MANIFEST_V1_SIGNED,
])

// True for an OCI image index or a Docker manifest list.
export function isIndexMediaType(mediaType: string): boolean {
  return INDEX_TYPES.has(mediaType)
}

// True for an image manifest (OCI, Docker schema 2 or legacy schema 1).
export function isImageManifestMediaType(mediaType: string): boolean {
  return IMAGE_TYPES.has(mediaType)
}
