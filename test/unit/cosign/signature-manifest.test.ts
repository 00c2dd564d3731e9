import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  buildConfig,
  manifestWithLayers,
  parseSignatureManifest,
  serializeManifest,
  signatureLayer,
  signatureTag,
  SIGNATURE_ANNOTATION,
} from '../../../src/cosign/signature-manifest.js'
import { LOOPBACK } from '../../helpers/sig-fixtures.js'

const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`
const enc = (s: string) => new TextEncoder().encode(s)

describe('signature manifest and config bytes', () => {
  const fixtureManifest = readFileSync(join(LOOPBACK, 'img-sig', 'sig-manifest.json'))
  const fixtureConfig = readFileSync(join(LOOPBACK, 'img-sig', 'config.json'))
  const payload = readFileSync(join(LOOPBACK, 'img-sig', 'layer-0-payload.json'))

  it('builds the 233-byte config of a one-signature .sig, as cosign >= 2.2', () => {
    const layer = signatureLayer(sha(payload), payload.length, { [SIGNATURE_ANNOTATION]: 'x' })
    const config = buildConfig([layer])
    expect(Buffer.from(config).equals(fixtureConfig)).toBe(true)
  })

  it('builds the manifest byte for byte (given the same signature value)', () => {
    const signature = (JSON.parse(fixtureManifest.toString()) as { layers: { annotations: Record<string, string> }[] }).layers[0]!.annotations[SIGNATURE_ANNOTATION]!
    const layer = signatureLayer(sha(payload), payload.length, { [SIGNATURE_ANNOTATION]: signature })
    const { manifest, config } = manifestWithLayers(undefined, [layer])
    expect(manifest.config.digest).toBe(sha(config))
    expect(Buffer.from(serializeManifest(manifest)).toString()).toBe(fixtureManifest.toString())
  })

  it('re-serialises a containers/image .sig in go-containerregistry field order, keeping layers', () => {
    const c = readFileSync(join(LOOPBACK, 'img2-sig', 'sig-manifest.json'))
    const parsed = parseSignatureManifest(c, 'sig')
    expect(parsed.layers).toHaveLength(1)
    const out = Buffer.from(serializeManifest({ ...parsed, config: { ...parsed.config } })).toString()
    expect(out.indexOf('"size"')).toBeLessThan(out.indexOf('"digest"'))
    expect(JSON.parse(out)).toEqual(JSON.parse(c.toString()))
  })

  it('appending keeps the existing media types and layer order, and adds one history/diff_id per layer', () => {
    const a = signatureLayer(sha(enc('a')), 1, { [SIGNATURE_ANNOTATION]: 'sa' })
    const b = signatureLayer(sha(enc('b')), 1, { [SIGNATURE_ANNOTATION]: 'sb', 'dev.sigstore.cosign/bundle': '{}' })
    const base = { mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 1, digest: sha(enc('c')) }, layers: [a] }
    const { manifest, config } = manifestWithLayers(base, [a, b])
    expect(manifest.mediaType).toBe(base.mediaType)
    expect(manifest.config.mediaType).toBe(base.config.mediaType)
    const cfg = JSON.parse(Buffer.from(config).toString()) as { history: unknown[]; rootfs: { diff_ids: string[] } }
    expect(cfg.history).toHaveLength(2)
    expect(cfg.rootfs.diff_ids).toEqual([a.digest, b.digest])
    const text = Buffer.from(serializeManifest(manifest)).toString()
    expect(text).toContain('"annotations":{"dev.cosignproject.cosign/signature":"sb","dev.sigstore.cosign/bundle":"{}"}')
  })

  it('names the signature tag as cosign does', () => {
    expect(signatureTag('sha256:' + 'ab'.repeat(32))).toBe(`sha256-${'ab'.repeat(32)}.sig`)
  })

  it.each([
    ['not json', 'signature manifest is not valid JSON'],
    ['[]', 'signature manifest is not a JSON object'],
    ['{"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}', 'expected an image manifest'],
    ['{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{}}', 'no layers list'],
    ['{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:1","size":1},"layers":[]}', 'config has no valid sha256 digest'],
    [`{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:${'a'.repeat(64)}","size":1},"layers":[{"digest":"sha256:${'a'.repeat(64)}","size":-1}]}`, 'layer 0 has no valid size'],
    [`{"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"sha256:${'a'.repeat(64)}","size":1},"layers":[{"digest":"sha256:${'a'.repeat(64)}","size":1,"annotations":{"k":1}}]}`, 'layer 0 annotation "k" is not a string'],
  ])('refuses a malformed .sig: %s', (body, problem) => {
    expect(() => parseSignatureManifest(enc(body), 'reg/repo:sha256-x.sig')).toThrow(/^reg\/repo:sha256-x\.sig: /)
    expect(() => parseSignatureManifest(enc(body), 'reg/repo:sha256-x.sig')).toThrow(problem)
  })
})
