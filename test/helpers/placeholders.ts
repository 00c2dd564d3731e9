/**
 * Putting fixture images into the test registry. The containers/image fixtures hold a manifest and signatures
 * but not the image's layer and config blobs, so the registry would refuse the manifest. The filesystem storage
 * driver only checks that a blob's data file and the repository's link to it exist, so we place placeholder
 * files there (content irrelevant: nobody reads these blobs), then PUT the real manifest through the API.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pushBlob, pushManifest, type TestRegistry } from './registry.js'

/** Makes the registry believe `repository` holds a blob with this digest. */
export async function placeBlob(reg: TestRegistry, repository: string, digest: string): Promise<void> {
  const hex = digest.replace(/^sha256:/, '')
  const v2 = join(reg.storageDir, 'docker', 'registry', 'v2')
  const blobDir = join(v2, 'blobs', 'sha256', hex.slice(0, 2), hex)
  await mkdir(blobDir, { recursive: true })
  await writeFile(join(blobDir, 'data'), `placeholder for ${digest}\n`)
  const linkDir = join(v2, 'repositories', repository, '_layers', 'sha256', hex)
  await mkdir(linkDir, { recursive: true })
  await writeFile(join(linkDir, 'link'), digest)
}

/** PUTs a fixture manifest (exact bytes) under `reference` after placing the blobs it names. Returns its digest. */
export async function putFixtureManifest(reg: TestRegistry, repository: string, reference: string, bytes: Uint8Array): Promise<string> {
  const doc = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
    mediaType?: string
    config?: { digest: string }
    layers?: { digest: string }[]
  }
  for (const d of [doc.config, ...(doc.layers ?? [])]) if (d?.digest) await placeBlob(reg, repository, d.digest)
  return pushManifest(reg, repository, reference, bytes, doc.mediaType ?? 'application/vnd.docker.distribution.manifest.v2+json')
}

export interface FixtureLayer {
  readonly mediaType: string
  readonly payload: Uint8Array
  readonly annotations: Record<string, string>
}

/**
 * Writes a `.sig` manifest holding these layers, uploading their payload blobs and a config through the API.
 * The bytes follow cosign's layout (ggcr field order) so the registry holds what cosign would have pushed.
 */
export async function putSignatureManifest(reg: TestRegistry, repository: string, imageDigest: string, layers: readonly FixtureLayer[]): Promise<string> {
  const { manifestWithLayers, serializeManifest, signatureTag } = await import('../../src/cosign/signature-manifest.js')
  const descriptors = []
  for (const l of layers) {
    const digest = await pushBlob(reg, repository, l.payload)
    descriptors.push({ mediaType: l.mediaType, size: l.payload.length, digest, annotations: l.annotations })
  }
  const { manifest, config } = manifestWithLayers(undefined, descriptors)
  await pushBlob(reg, repository, config)
  return pushManifest(reg, repository, signatureTag(imageDigest), serializeManifest(manifest), manifest.mediaType)
}
