// The test-registry helper itself: start/stop, the three auth set-ups, TLS, pushes, and skopeo copies.
import { existsSync } from 'node:fs'
import { request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  fetchBlob,
  fetchManifest,
  insecureAgent,
  listTags,
  pushImageIndex,
  pushRandomImage,
  registryRequest,
  skopeoCopy,
  startRegistry,
  TEST_USER,
  type TestRegistry,
} from '../helpers/registry.js'

describe('startRegistry (open)', () => {
  let reg: TestRegistry
  beforeAll(async () => {
    reg = await startRegistry()
  })
  afterAll(async () => {
    await reg?.stop()
  })

  it('answers /v2/ on 127.0.0.1 with a free port, not :5000', async () => {
    expect(reg.host).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(reg.host).not.toBe('127.0.0.1:5000')
    const res = await registryRequest(reg, 'GET', '/v2/')
    expect(res.status).toBe(200)
  })

  it('pushes a random image that reads back byte for byte', async () => {
    const img = await pushRandomImage(reg, 'helper/one', { tag: 'v1' })
    expect(img.reference).toBe(`${reg.host}/helper/one@${img.digest}`)
    expect(img.tagReference).toBe(`${reg.host}/helper/one:v1`)
    const got = await fetchManifest(reg, 'helper/one', 'v1')
    expect(got?.digest).toBe(img.digest)
    expect(got?.mediaType).toBe('application/vnd.oci.image.manifest.v1+json')
    expect(await fetchBlob(reg, 'helper/one', img.configDigest)).toBeDefined()
    const other = await pushRandomImage(reg, 'helper/one', { tag: 'v2', format: 'docker' })
    expect(other.digest).not.toBe(img.digest)
    expect(other.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json')
    expect(await listTags(reg, 'helper/one')).toEqual(['v1', 'v2'])
  })

  it('pushes an index of two platform images', async () => {
    const idx = await pushImageIndex(reg, 'helper/multi', { tag: 'multi' })
    expect(idx.images.map((i) => i.platform.architecture)).toEqual(['amd64', 'arm64'])
    const got = await fetchManifest(reg, 'helper/multi', 'multi')
    expect(got?.digest).toBe(idx.digest)
    for (const img of idx.images) expect((await fetchManifest(reg, 'helper/multi', img.digest))?.digest).toBe(img.digest)
  })

  it('copies with skopeo between repositories', async () => {
    const img = await pushRandomImage(reg, 'helper/src', { tag: 'x' })
    await skopeoCopy(img.tagReference ?? '', `${reg.host}/helper/dst:y`)
    expect((await fetchManifest(reg, 'helper/dst', 'y'))?.digest).toBe(img.digest)
  })

  it('copies many images concurrently (retries DIGEST_INVALID / MANIFEST_BLOB_UNKNOWN)', async () => {
    const pushed = await Promise.all(Array.from({ length: 8 }, (_, i) => pushRandomImage(reg, 'helper/busy', { tag: `t${i}` })))
    expect(new Set(pushed.map((p) => p.digest)).size).toBe(8)
  })
})

describe('startRegistry (auth and TLS)', () => {
  it('htpasswd: 401 anonymously, pushes with the test user', async () => {
    const reg = await startRegistry({ auth: 'htpasswd' })
    try {
      expect(reg.auth?.username).toBe(TEST_USER.username)
      const anon = await registryRequest(reg, 'GET', '/v2/', { credentials: null })
      expect(anon.status).toBe(401)
      expect(String(anon.headers['www-authenticate'])).toMatch(/^Basic realm=/)
      const img = await pushRandomImage(reg, 'auth/basic')
      expect((await fetchManifest(reg, 'auth/basic', 'latest'))?.digest).toBe(img.digest)
      await skopeoCopy(img.reference, `${reg.host}/auth/basic-copy:c`, { srcCreds: TEST_USER, destCreds: TEST_USER })
      expect((await fetchManifest(reg, 'auth/basic-copy', 'c'))?.digest).toBe(img.digest)
    } finally {
      await reg.stop()
    }
  })

  it('token: the registry trusts the token server, anonymous gets a Bearer challenge', async () => {
    const reg = await startRegistry({ auth: 'token' })
    try {
      const anon = await registryRequest(reg, 'GET', '/v2/helper/x/manifests/latest', { credentials: null })
      expect(anon.status).toBe(401)
      expect(String(anon.headers['www-authenticate'])).toContain(`Bearer realm="${reg.auth?.tokenServer?.realm}"`)
      const img = await pushRandomImage(reg, 'auth/token', { tag: 't' })
      expect((await fetchManifest(reg, 'auth/token', 't'))?.digest).toBe(img.digest)
      // A pull-only user cannot push.
      const denied = await registryRequest(reg, 'POST', '/v2/auth/token/blobs/uploads/', { credentials: reg.auth?.reader })
      expect(denied.status).toBe(401)
      // skopeo goes through the token server for real.
      await skopeoCopy(img.reference, `${reg.host}/auth/token-copy:c`, { srcCreds: TEST_USER, destCreds: TEST_USER })
      expect((await fetchManifest(reg, 'auth/token-copy', 'c'))?.digest).toBe(img.digest)
      expect(reg.auth?.tokenServer?.requests.some((r) => r.username === TEST_USER.username && r.status === 200)).toBe(true)
    } finally {
      await reg.stop()
    }
  })

  it('tls: https with a self-signed certificate; stop() removes the storage', async () => {
    const reg = await startRegistry({ tls: true })
    expect(reg.url).toBe(`https://${reg.host}`)
    expect(reg.tls?.certPem).toContain('BEGIN CERTIFICATE')
    const res = await request(`${reg.url}/v2/`, { dispatcher: insecureAgent })
    await res.body.dump()
    expect(res.statusCode).toBe(200)
    await pushRandomImage(reg, 'tls/img')
    expect(existsSync(reg.storageDir)).toBe(true)
    await reg.stop()
    await reg.stop()
    expect(existsSync(reg.storageDir)).toBe(false)
  })
})
