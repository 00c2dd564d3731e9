// RegistryClient against a real, open registry: manifests, blobs, errors, caps and round trips.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SigilError } from '../../src/errors.js'
import { sha256Digest } from '../../src/oci/digest.js'
import { MEDIA_TYPE_OCI_MANIFEST } from '../../src/oci/media-types.js'
import { RegistryClient, RegistryError } from '../../src/registry/index.js'
import { startFront } from '../helpers/fronts.js'
import { fetchBlob, fetchManifest, pushImageIndex, pushRandomImage, startRegistry, type TestRegistry } from '../helpers/registry.js'
import { capture } from '../helpers/trace.js'

const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent' }

describe('RegistryClient on an open registry', () => {
  let reg: TestRegistry
  beforeAll(async () => {
    reg = await startRegistry()
  })
  afterAll(async () => {
    await reg?.stop()
  })
  const repo = (repository: string) => ({ registry: reg.host, repository })

  it('resolves a tag in one round trip, with the digest of the exact bytes', async () => {
    const img = await pushRandomImage(reg, 'client/resolve', { tag: 'v1' })
    const cap = capture()
    const client = new RegistryClient({ env, onTrace: cap.onTrace, logger: cap.logger })
    const m = await client.getManifest(repo('client/resolve'), 'v1')
    expect(m.digest).toBe(img.digest)
    expect(m.mediaType).toBe(MEDIA_TYPE_OCI_MANIFEST)
    expect(Buffer.from(m.bytes).equals(img.bytes)).toBe(true)
    expect(cap.summary()).toEqual(['GET /v2/client/resolve/manifests/v1 200'])
    expect(cap.events[0]?.url).toBe(`http://${reg.host}/v2/client/resolve/manifests/v1`)
    expect(cap.lines.some((l) => l.includes('GET http://') && l.includes('-> 200'))).toBe(true)
    // By digest: checked against the bytes.
    const byDigest = await client.getManifest(repo('client/resolve'), img.digest)
    expect(byDigest.digest).toBe(img.digest)
    await client.close()
  })

  it('HEADs manifests and reads an index', async () => {
    const idx = await pushImageIndex(reg, 'client/index', { tag: 'multi' })
    const client = new RegistryClient({ env })
    expect(await client.headManifest(repo('client/index'), 'multi')).toEqual({ digest: idx.digest, mediaType: idx.mediaType, size: idx.size })
    expect(await client.headManifest(repo('client/index'), 'nope')).toBeUndefined()
    const m = await client.getManifest(repo('client/index'), 'multi')
    expect(m.mediaType).toBe('application/vnd.oci.image.index.v1+json')
  })

  it('404 is NOT_FOUND with the OCI error code, operation and reference', async () => {
    const client = new RegistryClient({ env })
    const err = await client.getManifest(repo('client/missing'), 'v1').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RegistryError)
    expect((err as RegistryError).code).toBe('NOT_FOUND')
    expect((err as RegistryError).status).toBe(404)
    expect((err as Error).message).toBe(`GET manifest ${reg.host}/client/missing:v1: 404 MANIFEST_UNKNOWN: manifest unknown`)
    const img = await pushRandomImage(reg, 'client/missing2')
    const err2 = await client.getManifest(repo('client/missing2'), 'other').catch((e: unknown) => e)
    expect((err2 as Error).message).toMatch(/^GET manifest .*client\/missing2:other: 404 MANIFEST_UNKNOWN: manifest unknown/)
    expect(await client.blobExists(repo('client/missing2'), img.configDigest)).toBe(true)
    expect(await client.blobExists(repo('client/missing2'), sha256Digest(randomBytes(8)))).toBe(false)
  })

  it('uploads blobs in two requests and writes a manifest (round trips as the issue counts)', async () => {
    const cap = capture()
    const client = new RegistryClient({ env, onTrace: cap.onTrace })
    const r = repo('client/write')
    client.expectPush(r)
    const payload = Buffer.from('{"critical":{}}')
    const config = Buffer.from('{"architecture":"","os":""}')
    const pd = sha256Digest(payload)
    const cd = sha256Digest(config)
    await Promise.all([client.uploadBlob(r, pd, payload), client.uploadBlob(r, cd, config)])
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPE_OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: cd, size: config.length },
        layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', digest: pd, size: payload.length }],
      }),
    )
    const put = await client.putManifest(r, 'sha256-abc.sig', manifest, MEDIA_TYPE_OCI_MANIFEST)
    expect(put.digest).toBe(sha256Digest(manifest))
    expect(cap.events.map((e) => `${e.method} ${e.status}`).sort()).toEqual(['POST 202', 'POST 202', 'PUT 201', 'PUT 201', 'PUT 201'].sort())
    expect((await fetchManifest(reg, 'client/write', 'sha256-abc.sig'))?.digest).toBe(put.digest)
    expect((await fetchBlob(reg, 'client/write', pd))?.toString()).toBe(payload.toString())
    // The upload Location's _state is not in the trace.
    const putUrls = cap.events.filter((e) => e.method === 'PUT' && e.url.includes('/blobs/uploads/')).map((e) => e.url)
    expect(putUrls).toHaveLength(2)
    for (const u of putUrls) expect(u).toMatch(/\?_state=REDACTED&digest=sha256%3A[0-9a-f]{64}$/)
    expect(putUrls.some((u) => u.endsWith(`digest=${encodeURIComponent(pd)}`))).toBe(true)
    // getBlob checks digest and size.
    expect(Buffer.from(await client.getBlob(r, pd, { expectedSize: payload.length })).toString()).toBe(payload.toString())
    const tooBig = await client.getBlob(r, pd, { maxBytes: 4 }).catch((e: unknown) => e)
    expect((tooBig as SigilError).code).toBe('TOO_LARGE')
    const wrongSize = await client.getBlob(r, pd, { expectedSize: payload.length + 1 }).catch((e: unknown) => e)
    expect((wrongSize as SigilError).code).toBe('DIGEST_MISMATCH')
    const badUpload = await client.uploadBlob(r, pd, config).catch((e: unknown) => e)
    expect((badUpload as SigilError).code).toBe('DIGEST_MISMATCH')
  })

  it('refuses manifests above the 4 MiB cap, reading and writing', async () => {
    const client = new RegistryClient({ env })
    const big = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE_OCI_MANIFEST, config: {}, layers: [], annotations: { pad: 'x'.repeat(4 * 1024 * 1024) } }))
    const err = await client.putManifest(repo('client/big'), 'big', big, MEDIA_TYPE_OCI_MANIFEST).catch((e: unknown) => e)
    expect((err as SigilError).code).toBe('TOO_LARGE')
    // Distribution refuses such a PUT itself; a front serves one anyway, and the GET stops at the cap.
    const padded = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE_OCI_MANIFEST, annotations: { pad: 'x'.repeat(4 * 1024 * 1024 + 10) } }))
    const front = await startFront(reg.url, (req) =>
      req.url.endsWith('/manifests/padded') ? { kind: 'reply', status: 200, headers: { 'content-type': MEDIA_TYPE_OCI_MANIFEST }, body: padded } : { kind: 'pass' },
    )
    try {
      const got = await client.getManifest({ registry: front.host, repository: 'client/big' }, 'padded').catch((e: unknown) => e)
      expect((got as SigilError).code).toBe('TOO_LARGE')
      expect((got as Error).message).toBe(`GET manifest ${front.host}/client/big:padded: 200; the manifest is ${padded.length} bytes, larger than the 4194304-byte limit`)
      const larger = new RegistryClient({ env, maxManifestBytes: 8 * 1024 * 1024 })
      expect((await larger.getManifest({ registry: front.host, repository: 'client/big' }, 'padded')).digest).toBe(sha256Digest(padded))
    } finally {
      await front.close()
    }
  })

  it('validates what goes into URLs', async () => {
    const client = new RegistryClient({ env })
    await expect(client.getManifest({ registry: reg.host, repository: '../x' }, 'v1')).rejects.toMatchObject({ code: 'INVALID_REFERENCE' })
    await expect(client.getManifest(repo('a'), 'bad/tag')).rejects.toMatchObject({ code: 'INVALID_REFERENCE' })
    await expect(client.getManifest(repo('a'), 'sha512:abcd')).rejects.toMatchObject({ code: 'INVALID_REFERENCE' })
    await expect(client.getManifest({ registry: 'user@evil.example', repository: 'a' }, 'v1')).rejects.toMatchObject({ code: 'INVALID_REFERENCE' })
  })

  it('PUT manifest retries MANIFEST_BLOB_UNKNOWN a few times, then reports it', async () => {
    const client = new RegistryClient({ env })
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPE_OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256Digest(Buffer.from('nope')), size: 4 },
        layers: [],
      }),
    )
    const started = Date.now()
    const err = await client.putManifest(repo('client/unknown-blob'), 't', manifest, MEDIA_TYPE_OCI_MANIFEST).catch((e: unknown) => e)
    expect((err as Error).message).toMatch(/^PUT manifest .*client\/unknown-blob:t: 400 MANIFEST_BLOB_UNKNOWN: blob unknown to registry/)
    expect(Date.now() - started).toBeLessThan(5000)
  })
})
