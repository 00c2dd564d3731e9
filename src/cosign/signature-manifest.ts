/**
 * The classic cosign signature artifact: an OCI image manifest tagged `sha256-<hex>.sig` whose layers are
 * simple-signing payloads, one per signature, each carrying the base64 signature in the layer annotation
 * `dev.cosignproject.cosign/signature` (cosign `pkg/oci/static/signature.go`, `pkg/oci/mutate/signatures.go`).
 *
 * Bytes are produced as cosign >= 2.2 produces them with go-containerregistry: manifest fields in the order
 * `schemaVersion, mediaType, config, layers, annotations, subject`; descriptors `mediaType, size, digest, data,
 * urls, annotations, platform, artifactType` with empty ones omitted; annotation maps with sorted keys; the
 * config blob with the zero `created` time and one history entry and one diff_id per layer.
 */
import { InputError } from '../errors.js'
import { isSha256Digest, sha256Digest } from '../oci/digest.js'
import {
  MEDIA_TYPE_COSIGN_SIMPLESIGNING,
  MEDIA_TYPE_DOCKER_MANIFEST,
  MEDIA_TYPE_OCI_CONFIG,
  MEDIA_TYPE_OCI_MANIFEST,
} from '../oci/media-types.js'
import { goJson, GoMap, GoStruct, type GoJsonValue } from './go-json.js'

export const SIMPLESIGNING_MEDIA_TYPE = MEDIA_TYPE_COSIGN_SIMPLESIGNING
export const SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature'
/** cosign's limit on layers in one signature manifest (`pkg/oci/mutate`, maxLayers). */
export const MAX_SIGNATURE_LAYERS = 1000

const ZERO_TIME = '0001-01-01T00:00:00Z'

/** An OCI descriptor with the fields go-containerregistry keeps, in its serialisation order. */
export interface Descriptor {
  readonly mediaType: string
  readonly size: number
  readonly digest: string
  readonly data?: string
  readonly urls?: readonly string[]
  readonly annotations?: Readonly<Record<string, string>>
  readonly platform?: unknown
  readonly artifactType?: string
}

export interface SignatureManifest {
  readonly mediaType: string
  readonly config: Descriptor
  readonly layers: readonly Descriptor[]
}

/** `sha256:<hex>` → `sha256-<hex>.sig` (cosign `pkg/oci/remote/remote.go` normalize). */
export function signatureTag(digest: string, suffix = 'sig'): string {
  return `${digest.replace(':', '-')}.${suffix}`
}

function descriptorValue(d: Descriptor): GoStruct {
  const fields: [string, GoJsonValue][] = [
    ['mediaType', d.mediaType],
    ['size', d.size],
    ['digest', d.digest],
  ]
  if (d.data) fields.push(['data', d.data])
  if (d.urls && d.urls.length) fields.push(['urls', [...d.urls]])
  if (d.annotations && Object.keys(d.annotations).length) fields.push(['annotations', new GoMap(Object.entries(d.annotations))])
  if (d.platform !== undefined && d.platform !== null) fields.push(['platform', platformValue(d.platform)])
  if (d.artifactType) fields.push(['artifactType', d.artifactType])
  return new GoStruct(fields)
}

/** ggcr v1.Platform field order: architecture, os, os.version, os.features, variant, features. */
function platformValue(p: unknown): GoStruct {
  const o = (p ?? {}) as Record<string, unknown>
  const fields: [string, GoJsonValue][] = [
    ['architecture', typeof o.architecture === 'string' ? o.architecture : ''],
    ['os', typeof o.os === 'string' ? o.os : ''],
  ]
  if (typeof o['os.version'] === 'string' && o['os.version']) fields.push(['os.version', o['os.version']])
  if (Array.isArray(o['os.features']) && o['os.features'].length) fields.push(['os.features', o['os.features'].map(String)])
  if (typeof o.variant === 'string' && o.variant) fields.push(['variant', o.variant])
  if (Array.isArray(o.features) && o.features.length) fields.push(['features', o.features.map(String)])
  return new GoStruct(fields)
}

/** The manifest bytes go-containerregistry writes for this manifest. */
export function serializeManifest(m: SignatureManifest): Uint8Array {
  const value = new GoStruct([
    ['schemaVersion', 2],
    ['mediaType', m.mediaType],
    ['config', descriptorValue(m.config)],
    ['layers', m.layers.map(descriptorValue)],
  ])
  return new TextEncoder().encode(goJson(value))
}

/**
 * The config blob cosign >= 2.2 writes for a signature image with these layers (`created` zero unless
 * --record-creation-timestamp; one history entry and one diff_id per layer, layers being uncompressed).
 * Verifiers never read it; it is rebuilt from the layer list rather than fetched and re-serialised.
 */
export function buildConfig(layers: readonly Descriptor[]): Uint8Array {
  const value = new GoStruct([
    ['architecture', ''],
    ['created', ZERO_TIME],
    ['history', layers.map(() => new GoStruct([['created', ZERO_TIME]]))],
    ['os', ''],
    [
      'rootfs',
      new GoStruct([
        ['type', 'layers'],
        ['diff_ids', layers.map((l) => l.digest)],
      ]),
    ],
    ['config', new GoStruct([])],
  ])
  return new TextEncoder().encode(goJson(value))
}

function str(o: Record<string, unknown>, key: string): string | undefined {
  return typeof o[key] === 'string' ? (o[key] as string) : undefined
}

function parseDescriptor(v: unknown, where: string, input: string): Descriptor {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InputError('INVALID_MANIFEST', input, `${where} is not an object`)
  const o = v as Record<string, unknown>
  const mediaType = str(o, 'mediaType') ?? ''
  const digest = str(o, 'digest')
  const size = o.size
  if (!digest || !isSha256Digest(digest)) throw new InputError('INVALID_MANIFEST', input, `${where} has no valid sha256 digest`)
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new InputError('INVALID_MANIFEST', input, `${where} has no valid size`)
  let annotations: Record<string, string> | undefined
  if (o.annotations !== undefined && o.annotations !== null) {
    if (typeof o.annotations !== 'object' || Array.isArray(o.annotations)) throw new InputError('INVALID_MANIFEST', input, `${where} annotations are not an object`)
    annotations = {}
    for (const [k, val] of Object.entries(o.annotations as Record<string, unknown>)) {
      if (typeof val !== 'string') throw new InputError('INVALID_MANIFEST', input, `${where} annotation "${k}" is not a string`)
      annotations[k] = val
    }
  }
  const urls = Array.isArray(o.urls) ? o.urls.filter((u): u is string => typeof u === 'string') : undefined
  return {
    mediaType,
    size,
    digest,
    ...(str(o, 'data') ? { data: str(o, 'data') as string } : {}),
    ...(urls && urls.length ? { urls } : {}),
    ...(annotations ? { annotations } : {}),
    ...(o.platform !== undefined && o.platform !== null ? { platform: o.platform } : {}),
    ...(str(o, 'artifactType') ? { artifactType: str(o, 'artifactType') as string } : {}),
  }
}

/**
 * Parses a signature manifest (written by cosign, containers/image, Tekton Chains or sigil).
 * @throws InputError INVALID_MANIFEST when it is not a JSON image manifest with a config and a layer list.
 */
export function parseSignatureManifest(bytes: Uint8Array, input: string, contentType?: string): SignatureManifest {
  let doc: unknown
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    throw new InputError('INVALID_MANIFEST', input, 'signature manifest is not valid JSON')
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new InputError('INVALID_MANIFEST', input, 'signature manifest is not a JSON object')
  const o = doc as Record<string, unknown>
  const mediaType = str(o, 'mediaType') ?? contentType ?? ''
  if (mediaType !== MEDIA_TYPE_OCI_MANIFEST && mediaType !== MEDIA_TYPE_DOCKER_MANIFEST) {
    throw new InputError('INVALID_MANIFEST', input, `signature manifest has media type "${mediaType}", expected an image manifest`)
  }
  if (!Array.isArray(o.layers)) throw new InputError('INVALID_MANIFEST', input, 'signature manifest has no layers list')
  const config = parseDescriptor(o.config, 'config', input)
  const layers = o.layers.map((l, i) => parseDescriptor(l, `layer ${i}`, input))
  return { mediaType, config, layers }
}

/** The descriptor of a new signature layer: the payload blob plus its annotations (signature first among them). */
export function signatureLayer(payloadDigest: string, payloadSize: number, annotations: Readonly<Record<string, string>>): Descriptor {
  return { mediaType: MEDIA_TYPE_COSIGN_SIMPLESIGNING, size: payloadSize, digest: payloadDigest, annotations }
}

/**
 * A new signature manifest holding `layers`, keeping the media types of `base` (an existing .sig) when there is
 * one, as cosign does when appending.
 */
export function manifestWithLayers(base: SignatureManifest | undefined, layers: readonly Descriptor[]): { manifest: SignatureManifest; config: Uint8Array } {
  const config = buildConfig(layers)
  return {
    config,
    manifest: {
      mediaType: base?.mediaType ?? MEDIA_TYPE_OCI_MANIFEST,
      config: { mediaType: base?.config.mediaType || MEDIA_TYPE_OCI_CONFIG, size: config.length, digest: sha256Digest(config) },
      layers,
    },
  }
}
