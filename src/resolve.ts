/** Resolving an image reference to the manifest it names, and walking the children of an index. */
import { InputError, SigilError, type ErrorCode } from './errors.js'
import { formatReference, parseRepository, type Reference, type Repository } from './oci/reference.js'
import { isSha256Digest } from './oci/digest.js'
import { isImageManifestMediaType, isIndexMediaType } from './oci/media-types.js'
import type { RegistryClient } from './registry/index.js'

export interface ResolvedImage {
  readonly digest: string
  readonly mediaType: string
  readonly bytes: Uint8Array
}

/**
 * GETs the manifest a reference names (by digest when it has one, else by tag); the digest is the sha256 of the
 * bytes served, as cosign computes it. A 404 becomes `notFoundCode` (IMAGE_NOT_FOUND for verify, exit 11).
 */
export async function resolveImage(client: RegistryClient, ref: Reference, notFoundCode: ErrorCode = 'IMAGE_NOT_FOUND'): Promise<ResolvedImage> {
  try {
    const m = await client.getManifest(ref, ref.digest ?? ref.tag ?? 'latest')
    return { digest: m.digest, mediaType: m.mediaType, bytes: m.bytes }
  } catch (err) {
    if (err instanceof SigilError && err.code === 'NOT_FOUND') {
      throw new SigilError(notFoundCode, `image tag not found: ${formatReference(ref)}: no such manifest in the registry`, { cause: err })
    }
    throw err
  }
}

/** COSIGN_REPOSITORY, the only source of a signature repository in the fronts, named as such in messages. */
export function parseSignatureRepository(value: string): Repository {
  return parseRepository(value, `COSIGN_REPOSITORY ${JSON.stringify(value)}`)
}

interface IndexDescriptor {
  readonly mediaType: string
  readonly digest: string
}

function indexChildren(bytes: Uint8Array, where: string): IndexDescriptor[] {
  let doc: unknown
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'))
  } catch {
    throw new InputError('INVALID_MANIFEST', where, 'index is not valid JSON')
  }
  const manifests = (doc as { manifests?: unknown }).manifests
  if (!Array.isArray(manifests)) throw new InputError('INVALID_MANIFEST', where, 'index has no manifests list')
  return manifests.map((m, i) => {
    const d = m as { mediaType?: unknown; digest?: unknown }
    if (typeof d.digest !== 'string' || !isSha256Digest(d.digest)) {
      throw new InputError('INVALID_MANIFEST', where, `index entry ${i} has no valid sha256 digest`)
    }
    return { mediaType: typeof d.mediaType === 'string' ? d.mediaType : '', digest: d.digest }
  })
}

/**
 * The digests of every manifest below an index, depth-first (each nested index before its own children), as
 * cosign's `sign -r` walks them. Unknown media types abort, as in cosign (`unknown mime type`).
 */
export async function childManifests(client: RegistryClient, ref: Reference, image: ResolvedImage): Promise<string[]> {
  if (!isIndexMediaType(image.mediaType)) return []
  const out: string[] = []
  const walk = async (bytes: Uint8Array, where: string, depth: number): Promise<void> => {
    if (depth > 8) throw new InputError('INVALID_MANIFEST', where, 'indexes nested more than 8 deep')
    for (const child of indexChildren(bytes, where)) {
      if (isImageManifestMediaType(child.mediaType)) {
        out.push(child.digest)
      } else if (isIndexMediaType(child.mediaType)) {
        out.push(child.digest)
        const m = await client.getManifest(ref, child.digest)
        await walk(m.bytes, `${ref.registry}/${ref.repository}@${child.digest}`, depth + 1)
      } else {
        throw new InputError('INVALID_MANIFEST', `${ref.registry}/${ref.repository}@${child.digest}`, `unknown mime type "${child.mediaType}" in index`)
      }
    }
  }
  await walk(image.bytes, `${ref.registry}/${ref.repository}@${image.digest}`, 1)
  return out
}
