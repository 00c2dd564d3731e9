/**
 * Faults (issue 6): a fault-injecting loopback proxy (test/helpers/faults.ts) in front of a real registry.
 *
 * - 50 signatures through a front failing one request in eight with 429 + Retry-After, 500, 502, 503, resets
 *   (before the registry sees the request, and after it acted: a lost answer) and answers slower than the client's
 *   timeout: every signing succeeds through retries; afterwards every `.sig`, read straight from the registry,
 *   holds exactly the one signature, verifiable, and references only blobs that exist; no stray tags.
 * - The built CLI under the same faults, each kind of request failing once: it retries and signs.
 * - Faults on every request (and on every write): the CLI fails within its bound with a one-line message and exit
 *   code 1, and no manifest was written.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SIGNATURE_ANNOTATION, signatureTag } from '../../src/cosign/signature-manifest.js'
import { parsePayload } from '../../src/cosign/payload.js'
import { RegistryClient } from '../../src/registry/index.js'
import { signImages } from '../../src/sign.js'
import { verifyImages } from '../../src/verify.js'
import { assertBuilt, pool, runCli, writeTestKey, type TestKey } from '../helpers/cli.js'
import { checkSignatureIntegrity, faultMix, randomFaults, startFaultFront, type Fault, type FaultFront } from '../helpers/faults.js'
import { fetchBlob, listTags, pushRandomImage, startRegistry, type PushedImage, type TestRegistry } from '../helpers/registry.js'

const SEED = 20261124
let reg: TestRegistry
let dir: string
let key: TestKey

beforeAll(async () => {
  assertBuilt()
  reg = await startRegistry()
  dir = await mkdtemp(join(tmpdir(), 'sigil-faults-'))
  key = await writeTestKey(dir, 'faults', 'faults-pw')
})
afterAll(async () => {
  await reg?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** The `.sig` of `img`, read from the registry directly: exactly one layer, by `key`, over `img`, blobs present. */
async function expectOneGoodSignature(img: PushedImage, signer: TestKey, dockerReference: string): Promise<void> {
  const integrity = await checkSignatureIntegrity(reg, img.repository, img.digest)
  expect(integrity.manifest, `${img.reference}: no .sig`).toBeDefined()
  expect(integrity.missing, `${img.reference}: .sig references missing blobs`).toEqual([])
  const layers = integrity.manifest!.layers
  expect(layers).toHaveLength(1)
  const payload = await fetchBlob(reg, img.repository, layers[0]!.digest)
  expect(signer.key.verify(payload!, Buffer.from(layers[0]!.annotations![SIGNATURE_ANNOTATION]!, 'base64'))).toBe(true)
  const claims = parsePayload(payload!)
  expect(claims.manifestDigest).toBe(img.digest)
  expect(claims.dockerReference).toBe(dockerReference)
}

describe('50 signatures through a front failing 1 request in 8', () => {
  const repos = ['faults/a', 'faults/b', 'faults/c', 'faults/d', 'faults/e']
  let images: PushedImage[]
  let front: FaultFront

  beforeAll(async () => {
    images = await pool(
      Array.from({ length: 50 }, (_, i) => i),
      10,
      (i) => pushRandomImage(reg, repos[i % repos.length]!, { tag: `v${i}` }),
    )
    // The client's timeout is 1 s; slow answers come after 1.5 s.
    front = await startFaultFront(reg, randomFaults({ rate: 1 / 8, seed: SEED, faults: faultMix(1500) }))
  })
  afterAll(async () => {
    await front?.close()
  })

  it('all 50 succeed through retries; every .sig holds its one signature and references only existing blobs', async () => {
    const started = Date.now()
    const results = await pool(images, 10, async (img) => {
      // One client per signing, as one CLI process would have; small timeouts and a retry budget that outlasts
      // the fault rate (1/8 per request, at most 10 tries).
      const registry = new RegistryClient({ env: {}, timeoutMs: 1000, retry: { maxAttempts: 10, maxElapsedMs: 30_000, baseDelayMs: 20, maxDelayMs: 200 } })
      try {
        const ref = `${front.host}/${img.repository}:${img.tag}`
        const [signed] = await signImages({ images: [ref], signer: key.key, registry })
        // Right after each signing: the registry behind the front holds a complete .sig.
        await expectOneGoodSignature(img, key, `${front.host}/${img.repository}`)
        return signed!
      } finally {
        await registry.close()
      }
    })
    const elapsed = Date.now() - started
    expect(results.map((r) => r.written)).toEqual(images.map(() => true))
    expect(results.map((r) => r.digest)).toEqual(images.map((i) => i.digest))

    // Every kind of fault was injected, and a fair number of them.
    const counts = front.counts()
    const injected = front.records.filter((r) => r.fault !== 'pass').length
    expect(injected, JSON.stringify(counts)).toBeGreaterThanOrEqual(30)
    for (const kind of ['status', 'reset', 'reset-after', 'slow']) expect(counts[kind], JSON.stringify(counts)).toBeGreaterThan(0)
    const statuses = new Set(front.records.filter((r) => r.fault === 'status').map((r) => r.index))
    expect(statuses.size).toBeGreaterThan(0)

    // No partial state: each repository holds its image tags and one .sig per signed image, nothing else, and each
    // .sig (read directly) is complete; verification through the registry itself passes.
    for (const repo of repos) {
      const mine = images.filter((i) => i.repository === repo)
      expect(await listTags(reg, repo)).toEqual([...mine.map((i) => i.tag!), ...mine.map((i) => signatureTag(i.digest))].sort())
    }
    for (const img of images) await expectOneGoodSignature(img, key, `${front.host}/${img.repository}`)
    const verifier = new RegistryClient({ env: {} })
    const verified = await verifyImages({ images: images.map((i) => `${reg.host}/${i.repository}@${i.digest}`), keys: [key.key], registry: verifier })
    expect(verified.map((v) => v.signatures.length)).toEqual(images.map(() => 1))
    await verifier.close()
    // Bounded: 50 signatures with about 60 injected faults (1 s Retry-After and 1 s timeouts among them).
    expect(elapsed).toBeLessThan(90_000)
    console.log(`faults: 50 signatures in ${(elapsed / 1000).toFixed(1)} s through ${front.records.length} requests, faults injected: ${JSON.stringify(counts)}`)
  })
})

describe('the CLI under faults', () => {
  const env = () => ({ COSIGN_PASSWORD: key.password })

  it('retries each kind of request once failed (status, reset, lost answer) and signs 5 images in one call', async () => {
    const imgs = await pool([0, 1, 2, 3, 4], 5, () => pushRandomImage(reg, 'cli/faulty', { tag: null }))
    // The first occurrence of each request kind (method + path, upload ids ignored) fails, cycling through faults
    // the CLI's 30 s exchange timeout makes practical (no slow answers here).
    const kinds: Fault[] = faultMix(0).filter((f) => f.kind !== 'slow')
    const seen = new Set<string>()
    let n = 0
    const front = await startFaultFront(reg, (req) => {
      const k = `${req.method} ${req.url.replace(/\/uploads\/[^?]+.*$/, '/uploads/<id>')}`
      if (seen.has(k)) return { kind: 'pass' }
      seen.add(k)
      return kinds[n++ % kinds.length] as Fault
    })
    try {
      const r = await runCli(['sign', '--key', key.keyPath, '--output', 'json', ...imgs.map((i) => `${front.host}/cli/faulty@${i.digest}`)], { env: env(), timeoutMs: 90_000 })
      expect(r.status, r.stderr).toBe(0)
      expect(r.stderr).not.toMatch(/^Error/m)
      expect((JSON.parse(r.stdout) as { digest: string }[]).map((s) => s.digest)).toEqual(imgs.map((i) => i.digest))
      expect(front.records.filter((x) => x.fault !== 'pass').length).toBeGreaterThanOrEqual(10)
      for (const img of imgs) await expectOneGoodSignature(img, key, `${front.host}/cli/faulty`)
    } finally {
      await front.close()
    }
  })

  interface Always {
    readonly name: string
    readonly fault: Fault
    /** Which requests fail: all of them, or the writes (POST/PUT/PATCH) only, or manifest PUTs only. */
    readonly scope: 'all' | 'writes' | 'manifest-put'
    readonly timeout?: string
    readonly error: RegExp
    readonly boundMs: number
  }
  const OCI = (code: string, message: string) => JSON.stringify({ errors: [{ code, message }] })
  const cases: Always[] = [
    { name: '503 on every request', scope: 'all', fault: { kind: 'status', status: 503, body: OCI('UNAVAILABLE', 'maintenance') }, error: /^Error: GET manifest \S+: 503 UNAVAILABLE: maintenance; gave up after 5 attempts$/, boundMs: 8000 },
    { name: '500 on every request', scope: 'all', fault: { kind: 'status', status: 500, body: 'oops' }, error: /^Error: GET manifest \S+: 500; gave up after 5 attempts$/, boundMs: 8000 },
    { name: '502 on every request', scope: 'all', fault: { kind: 'status', status: 502, body: '<html>bad gateway</html>' }, error: /^Error: GET manifest \S+: 502; gave up after 5 attempts$/, boundMs: 8000 },
    { name: '429 with Retry-After: 1 on every request', scope: 'all', fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } }, error: /^Error: GET manifest \S+: 429; gave up after 5 attempts$/, boundMs: 9000 },
    { name: '429 with Retry-After: 3600 on every request', scope: 'all', fault: { kind: 'status', status: 429, headers: { 'retry-after': '3600' } }, error: /^Error: GET manifest \S+: 429; the registry asked to retry after 3600\.0 s, beyond the retry budget \(\d+\.\d s left\)$/, boundMs: 8000 },
    { name: 'reset on every request', scope: 'all', fault: { kind: 'reset' }, error: /^Error: GET manifest \S+: connection reset or closed; gave up after 5 attempts$/, boundMs: 8000 },
    { name: 'lost answer on every request', scope: 'all', fault: { kind: 'reset-after' }, error: /^Error: GET manifest \S+: connection reset or closed; gave up after 5 attempts$/, boundMs: 8000 },
    { name: 'no answer to any request (--timeout 2s)', scope: 'all', fault: { kind: 'hang' }, timeout: '2s', error: /^Error: the command did not finish within --timeout 2s$/, boundMs: 8000 },
    { name: 'answers slower than the timeout (--timeout 2s)', scope: 'all', fault: { kind: 'slow', delayMs: 60_000 }, timeout: '2s', error: /^Error: the command did not finish within --timeout 2s$/, boundMs: 8000 },
    { name: '503 on every write', scope: 'writes', fault: { kind: 'status', status: 503, body: OCI('UNAVAILABLE', 'read-only mode') }, error: /^Error: POST blob upload \S+: 503 UNAVAILABLE: read-only mode; gave up after 5 attempts$/, boundMs: 8000 },
    { name: 'reset on every write', scope: 'writes', fault: { kind: 'reset' }, error: /^Error: POST blob upload \S+: connection reset or closed; gave up after 5 attempts$/, boundMs: 8000 },
    { name: '500 on every manifest PUT (blobs go through)', scope: 'manifest-put', fault: { kind: 'status', status: 500, body: OCI('UNKNOWN', 'disk full') }, error: /^Error: PUT manifest \S+\.sig: 500 UNKNOWN: disk full; gave up after 5 attempts$/, boundMs: 8000 },
  ]

  it.concurrent.for(cases)('$name: fails within its bound, one line, exit 1, no manifest written', async (c, { expect }) => {
    const img = await pushRandomImage(reg, 'cli/always', { tag: null })
    const front = await startFaultFront(reg, (req) => {
      const applies =
        c.scope === 'all' ||
        (c.scope === 'writes' && req.method !== 'GET' && req.method !== 'HEAD') ||
        (c.scope === 'manifest-put' && req.method === 'PUT' && req.url.includes('/manifests/'))
      return applies ? c.fault : { kind: 'pass' }
    })
    try {
      const args = ['sign', '--key', key.keyPath, ...(c.timeout ? ['--timeout', c.timeout] : []), `${front.host}/cli/always@${img.digest}`]
      const r = await runCli(args, { env: env(), timeoutMs: 60_000 })
      const ended = Date.now()
      expect(r.status, r.stderr).toBe(1)
      const lines = r.stderr.split('\n').filter((l) => l !== '')
      const errors = lines.filter((l) => l.startsWith('Error: '))
      expect(errors, r.stderr).toHaveLength(1)
      expect(lines[lines.length - 1]).toMatch(c.error)
      expect(r.stderr).not.toMatch(/^\s+at /m)
      expect(r.stdout).toBe('')
      // The bound holds from the command's first request to its exit (Node's start and the key's scrypt, which
      // come before, stretch on a loaded machine); the whole run must stay reasonable too.
      expect(front.records.length).toBeGreaterThan(0)
      expect(ended - front.records[0]!.at).toBeLessThan(c.boundMs)
      expect(r.elapsedMs).toBeLessThan(c.boundMs + 20_000)
      // Nothing reached the registry as a manifest write, and there is no .sig behind the front.
      expect(front.writes().filter((w) => w.url.includes('/manifests/'))).toEqual([])
      expect((await checkSignatureIntegrity(reg, 'cli/always', img.digest)).manifest).toBeUndefined()
    } finally {
      await front.close()
    }
  })
})
