// RegistryClient transport against a real registry with fronts: self-signed TLS, redirects to another origin,
// faults (429 with Retry-After, 503, resets, hangs) and their bounds, HTTP(S)_PROXY/NO_PROXY, large headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SigilError } from '../../src/errors.js'
import { RegistryClient, type RegistryClientOptions } from '../../src/registry/index.js'
import { startForwardProxy, startFront, type FrontAction, type FrontRequest } from '../helpers/fronts.js'
import { fetchBlob, pushRandomImage, startRegistry, TEST_USER, type PushedImage, type TestRegistry } from '../helpers/registry.js'
import { capture } from '../helpers/trace.js'

const env = { PATH: process.env.PATH ?? '', HOME: '/nonexistent' }
const fastRetry = { maxAttempts: 5, maxElapsedMs: 10_000, baseDelayMs: 20, maxDelayMs: 100 }

function client(opts: RegistryClientOptions = {}): RegistryClient {
  return new RegistryClient({ env, retry: fastRetry, ...opts })
}

async function errorOf(p: Promise<unknown>): Promise<SigilError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(e instanceof SigilError)) throw new Error(`expected a SigilError, got ${String(e)}`)
  return e
}

describe('TLS with a self-signed certificate', () => {
  let reg: TestRegistry
  let img: PushedImage
  beforeAll(async () => {
    reg = await startRegistry({ tls: true })
    img = await pushRandomImage(reg, 'tls/app', { tag: 'v1' })
  })
  afterAll(async () => {
    await reg?.stop()
  })

  it('is refused by default, with a hint at --allow-insecure-registry', async () => {
    const err = await errorOf(client().getManifest({ registry: reg.host, repository: 'tls/app' }, 'v1'))
    expect(err.code).toBe('INSECURE_TRANSPORT')
    expect(err.message).toBe(
      `GET manifest ${reg.host}/tls/app:v1: TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT); use --allow-insecure-registry to accept it`,
    )
  })

  it('is accepted with allowInsecure; a loopback TLS registry costs one extra exchange, once', async () => {
    const cap = capture()
    const c = client({ allowInsecure: true, onTrace: cap.onTrace, logger: cap.logger })
    expect((await c.getManifest({ registry: reg.host, repository: 'tls/app' }, 'v1')).digest).toBe(img.digest)
    expect(cap.events.map((e) => `${e.url.split(':')[0]} ${e.status}`)).toEqual(['http 400', 'https 200'])
    cap.reset()
    expect(await c.blobExists({ registry: reg.host, repository: 'tls/app' }, img.configDigest)).toBe(true)
    expect(cap.events.map((e) => `${e.url.split(':')[0]} ${e.status}`)).toEqual(['https 200'])
  })
})

describe('fronts over an htpasswd registry', () => {
  let reg: TestRegistry
  let img: PushedImage
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'htpasswd' })
    img = await pushRandomImage(reg, 'front/app', { tag: 'v1' })
  })
  afterAll(async () => {
    await reg?.stop()
  })

  it('follows a 307 to another origin without sending Authorization there', async () => {
    const storage = await startFront(reg.url, async (req) => {
      const digest = /\/blobs\/(sha256:[0-9a-f]{64})/.exec(req.url)?.[1] ?? ''
      const blob = await fetchBlob(reg, 'front/app', digest)
      return blob ? { kind: 'reply', status: 200, body: blob } : { kind: 'reply', status: 404 }
    })
    const front = await startFront(reg.url, (req) => {
      const m = /^\/v2\/front\/app\/blobs\/(sha256:[0-9a-f]{64})$/.exec(req.url)
      if (req.method === 'GET' && m && req.headers.authorization) {
        return { kind: 'reply', status: 307, headers: { location: `${storage.url}/blobs/${m[1]}?X-Amz-Signature=s3cr3t-signature&X-Amz-Expires=60` } }
      }
      return { kind: 'pass' }
    })
    try {
      const cap = capture()
      const c = client({ credentials: TEST_USER, onTrace: cap.onTrace, logger: cap.logger })
      const repo = { registry: front.host, repository: 'front/app' }
      const blob = await c.getBlob(repo, img.configDigest)
      expect(blob.length).toBeGreaterThan(0)
      expect(front.requests.at(-1)?.headers.authorization).toMatch(/^Basic /)
      expect(storage.requests).toHaveLength(1)
      expect(storage.requests[0]?.headers.authorization).toBeUndefined()
      expect(storage.requests[0]?.url).toContain('X-Amz-Signature=s3cr3t-signature')
      expect(cap.summary()).toEqual([
        `GET /v2/front/app/blobs/${img.configDigest} 401`,
        `GET /v2/front/app/blobs/${img.configDigest} 307`,
        `GET /blobs/${img.configDigest}?X-Amz-Signature=REDACTED&X-Amz-Expires=REDACTED 200`,
      ])
      expect(cap.text()).not.toContain('s3cr3t-signature')
      expect(cap.lines.join('\n')).toContain('(another origin: no Authorization)')
    } finally {
      await front.close()
      await storage.close()
    }
  })

  it('keeps Authorization on a same-origin redirect', async () => {
    const front = await startFront(reg.url, (req) =>
      req.url === '/v2/front/app/manifests/v1' && req.headers.authorization
        ? { kind: 'reply', status: 307, headers: { location: `/v2/front/app/manifests/${img.digest}` } }
        : { kind: 'pass' },
    )
    try {
      const m = await client({ credentials: TEST_USER }).getManifest({ registry: front.host, repository: 'front/app' }, 'v1')
      expect(m.digest).toBe(img.digest)
      expect(front.requests.map((r) => [r.url, r.headers.authorization !== undefined])).toEqual([
        ['/v2/front/app/manifests/v1', false],
        ['/v2/front/app/manifests/v1', true],
        [`/v2/front/app/manifests/${img.digest}`, true],
      ])
    } finally {
      await front.close()
    }
  })

  it('accepts response headers above 16 KiB (24 KiB), and refuses above its 64 KiB limit clearly', async () => {
    const front = await startFront(reg.url, (req) =>
      req.url.endsWith('/manifests/v1') ? { kind: 'pass', addHeaders: { 'x-padding': 'p'.repeat(24 * 1024) } } : { kind: 'pass', addHeaders: { 'x-padding': 'p'.repeat(80 * 1024) } },
    )
    try {
      const c = client({ credentials: TEST_USER })
      expect((await c.getManifest({ registry: front.host, repository: 'front/app' }, 'v1')).digest).toBe(img.digest)
      const err = await errorOf(c.getManifest({ registry: front.host, repository: 'front/app' }, img.digest))
      expect(err.code).toBe('REGISTRY')
      expect(err.message).toMatch(/: response headers too large$/)
    } finally {
      await front.close()
    }
  })
})

describe('faults in front of an open registry', () => {
  let reg: TestRegistry
  let img: PushedImage
  beforeAll(async () => {
    reg = await startRegistry()
    img = await pushRandomImage(reg, 'fault/app', { tag: 'v1' })
  })
  afterAll(async () => {
    await reg?.stop()
  })

  // A front answering requests that match `when` from a script (then passing through).
  async function scripted(script: FrontAction[], when: (r: FrontRequest) => boolean = () => true) {
    let i = 0
    return startFront(reg.url, (req) => (when(req) && i < script.length ? (script[i++] as FrontAction) : { kind: 'pass' }))
  }

  it('429 (Retry-After: 1), 503 and a reset, then success; the wait honours Retry-After', async () => {
    const front = await scripted([
      { kind: 'reply', status: 429, headers: { 'retry-after': '1' }, body: '{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}' },
      { kind: 'reply', status: 503 },
      { kind: 'reset' },
    ])
    try {
      const cap = capture()
      const started = Date.now()
      const m = await client({ onTrace: cap.onTrace, logger: cap.logger }).getManifest({ registry: front.host, repository: 'fault/app' }, 'v1')
      expect(m.digest).toBe(img.digest)
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
      expect(cap.events.map((e) => [e.attempt, e.status ?? e.error])).toEqual([
        [1, 429],
        [2, 503],
        [3, 'connection reset or closed'],
        [4, 200],
      ])
      expect(cap.lines.join('\n')).toContain('429 TOOMANYREQUESTS: slow down; retrying in 1.0 s')
    } finally {
      await front.close()
    }
  })

  it('retries a blob upload as a unit (POST then PUT) and a manifest PUT', async () => {
    const front = await scripted(
      [{ kind: 'reply', status: 503 }, { kind: 'pass' }, { kind: 'reset' }, { kind: 'pass' }, { kind: 'pass' }, { kind: 'reply', status: 500 }],
      (r) => r.method === 'POST' || r.method === 'PUT',
    )
    try {
      const cap = capture()
      const c = client({ onTrace: cap.onTrace })
      const repo = { registry: front.host, repository: 'fault/write' }
      const data = Buffer.from('unit of upload')
      const { sha256Digest } = await import('../../src/oci/digest.js')
      await c.uploadBlob(repo, sha256Digest(data), data)
      expect(cap.summary().map((s) => s.replace(/\/[0-9a-f-]{36}\?.*? /, '/<id> '))).toEqual([
        'POST /v2/fault/write/blobs/uploads/ 503',
        'POST /v2/fault/write/blobs/uploads/ 202',
        'PUT /v2/fault/write/blobs/uploads/<id> connection reset or closed',
        'POST /v2/fault/write/blobs/uploads/ 202',
        'PUT /v2/fault/write/blobs/uploads/<id> 201',
      ])
      expect((await fetchBlob(reg, 'fault/write', sha256Digest(data)))?.toString()).toBe('unit of upload')
      cap.reset()
      await c.putManifest({ registry: front.host, repository: 'fault/app' }, 'again', img.bytes, img.mediaType)
      expect(cap.events.map((e) => e.status)).toEqual([500, 201])
    } finally {
      await front.close()
    }
  })

  it('when every request fails: a clear error within the time bound', async () => {
    const front = await startFront(reg.url, () => ({ kind: 'reply', status: 503, body: '{"errors":[{"code":"UNAVAILABLE","message":"maintenance"}]}' }))
    try {
      const started = Date.now()
      const err = await errorOf(client({ retry: { ...fastRetry, maxAttempts: 4 } }).getManifest({ registry: front.host, repository: 'fault/app' }, 'v1'))
      expect(err.code).toBe('REGISTRY')
      expect(err.message).toBe(`GET manifest ${front.host}/fault/app:v1: 503 UNAVAILABLE: maintenance; gave up after 4 attempts`)
      expect(Date.now() - started).toBeLessThan(2000)
      expect(front.requests).toHaveLength(4)
    } finally {
      await front.close()
    }
  })

  it('resets and hangs: bounded by attempts and by the time budget', async () => {
    const resets = await startFront(reg.url, () => ({ kind: 'reset' }))
    const hangs = await startFront(reg.url, () => ({ kind: 'hang' }))
    try {
      const err = await errorOf(client({ retry: { ...fastRetry, maxAttempts: 3 } }).getManifest({ registry: resets.host, repository: 'fault/app' }, 'v1'))
      expect(err.code).toBe('REGISTRY_UNREACHABLE')
      expect(err.message).toBe(`GET manifest ${resets.host}/fault/app:v1: connection reset or closed; gave up after 3 attempts`)
      const started = Date.now()
      const err2 = await errorOf(
        client({ timeoutMs: 400, retry: { maxAttempts: 10, maxElapsedMs: 1000, baseDelayMs: 10, maxDelayMs: 20 } }).getManifest({ registry: hangs.host, repository: 'fault/app' }, 'v1'),
      )
      const elapsed = Date.now() - started
      expect(err2.code).toBe('REGISTRY_TIMEOUT')
      expect(err2.message).toMatch(/^GET manifest .*: (no response within \d+ ms; gave up after \d attempts in 1\.\d s|the retry time budget is spent)$/)
      expect(elapsed).toBeGreaterThanOrEqual(950)
      expect(elapsed).toBeLessThan(1600)
    } finally {
      await resets.close()
      await hangs.close()
    }
  })

  it('a Retry-After beyond the budget ends the retries at once', async () => {
    const front = await startFront(reg.url, () => ({ kind: 'reply', status: 429, headers: { 'retry-after': '120' } }))
    try {
      const started = Date.now()
      const err = await errorOf(client().getManifest({ registry: front.host, repository: 'fault/app' }, 'v1'))
      expect(err.message).toBe(`GET manifest ${front.host}/fault/app:v1: 429; the registry asked to retry after 120.0 s, beyond the retry budget (10.0 s left)`)
      expect(Date.now() - started).toBeLessThan(1000)
    } finally {
      await front.close()
    }
  })

  it('connection refused is retried, then reported', async () => {
    const front = await startFront(reg.url)
    const host = front.host
    await front.close()
    const err = await errorOf(client({ retry: { ...fastRetry, maxAttempts: 2 } }).getManifest({ registry: host, repository: 'fault/app' }, 'v1'))
    expect(err.code).toBe('REGISTRY_UNREACHABLE')
    expect(err.message).toBe(`GET manifest ${host}/fault/app:v1: connection refused; gave up after 2 attempts`)
  })
})

describe('HTTPS_PROXY, HTTP_PROXY and NO_PROXY', () => {
  let reg: TestRegistry
  let img: PushedImage
  beforeAll(async () => {
    reg = await startRegistry()
    img = await pushRandomImage(reg, 'proxy/app', { tag: 'v1' })
  })
  afterAll(async () => {
    await reg?.stop()
  })

  it('goes through the proxy (only the proxy can resolve the name), unless NO_PROXY names the host', async () => {
    const proxy = await startForwardProxy({ 'sigil-registry.test': '127.0.0.1' })
    try {
      const port = reg.host.split(':')[1] ?? ''
      const name = `sigil-registry.test:${port}`
      const proxyEnv = { ...env, HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }
      const cap = capture()
      const c = client({ env: proxyEnv, allowHttp: true, onTrace: cap.onTrace, logger: cap.logger })
      expect((await c.getManifest({ registry: name, repository: 'proxy/app' }, 'v1')).digest).toBe(img.digest)
      expect(proxy.targets.length).toBeGreaterThan(0)
      expect(proxy.targets.every((t) => t.includes(`sigil-registry.test:${port}`))).toBe(true)
      // https was tried first (allowHttp keeps https first for non-loopback hosts), then http.
      expect(cap.events.map((e) => `${e.url.split(':')[0]} ${e.status ?? 'error'}`)).toEqual(['https error', 'http 200'])

      const seen = proxy.targets.length
      const direct = client({ env: { ...proxyEnv, NO_PROXY: 'sigil-registry.test' }, allowHttp: true })
      const err = await errorOf(direct.getManifest({ registry: name, repository: 'proxy/app' }, 'v1'))
      expect(err.code).toBe('REGISTRY_UNREACHABLE')
      expect(err.message).toMatch(/host name (not resolved|lookup failed for now)/)
      expect(proxy.targets.length).toBe(seen)
    } finally {
      await proxy.close()
    }
  })

  it('never proxies loopback registries', async () => {
    const c = client({ env: { ...env, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' } })
    expect((await c.getManifest({ registry: reg.host, repository: 'proxy/app' }, 'v1')).digest).toBe(img.digest)
  })
})
