/**
 * Signing against a real registry, through the core API: cosign's exact bytes, dedupe and re-runs, multi-arch,
 * COSIGN_REPOSITORY, round trips, concurrent signers, and the tamper case.
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SIGNATURE_ANNOTATION, signatureTag } from '../../src/cosign/signature-manifest.js'
import { SigilError } from '../../src/errors.js'
import { generateSigningKey, loadSigningKey, type SigningKey } from '../../src/keys/index.js'
import { RegistryClient } from '../../src/registry/index.js'
import { signImages, type SignOptions } from '../../src/sign.js'
import { verifyImages } from '../../src/verify.js'
import { placeBlob } from '../helpers/placeholders.js'
import { fetchBlob, fetchManifest, pushImageIndex, pushManifest, pushRandomImage, skopeoCopy, startRegistry, type TestRegistry } from '../helpers/registry.js'
import { LOOPBACK } from '../helpers/sig-fixtures.js'
import { capture } from '../helpers/trace.js'
import { startFront } from '../helpers/fronts.js'
import { registryRequest } from '../helpers/registry.js'

let reg: TestRegistry
const keyA = generateSigningKey()
const keyB = generateSigningKey()

beforeAll(async () => {
  reg = await startRegistry()
})
afterAll(async () => {
  await reg?.stop()
})

const client = (extra: Partial<ConstructorParameters<typeof RegistryClient>[0]> = {}) => new RegistryClient({ env: {}, ...extra })
const sign = (opts: Partial<SignOptions> & Pick<SignOptions, 'images'>) => signImages({ signer: keyA, registry: client(), ...opts })

interface SigManifest {
  mediaType: string
  config: { mediaType: string; size: number; digest: string }
  layers: { mediaType: string; size: number; digest: string; annotations: Record<string, string> }[]
}
async function readSig(repository: string, digest: string): Promise<SigManifest | undefined> {
  const m = await fetchManifest(reg, repository, signatureTag(digest))
  return m && (JSON.parse(m.bytes.toString('utf8')) as SigManifest)
}

describe('sign', () => {
  it('writes what cosign writes: byte-identical payload, config and manifest for the loopback-run image and key', async () => {
    const imageManifest = readFileSync(join(LOOPBACK, 'image-manifest.json'))
    const doc = JSON.parse(imageManifest.toString()) as { config: { digest: string }; layers: { digest: string }[] }
    for (const d of [doc.config, ...doc.layers]) await placeBlob(reg, 'test/img', d.digest)
    const digest = await pushManifest(reg, 'test/img', 'v1', imageManifest, 'application/vnd.oci.image.manifest.v1+json')
    expect(digest).toBe('sha256:eb67250fb4c3facbf18596e9793b8a8dd29a695677f13b2d06542482505daf4a')
    const key = await loadSigningKey(join(LOOPBACK, 'k32.key'), { env: {}, password: async () => new Uint8Array(readFileSync(join(LOOPBACK, 'k32.password.txt'))) })
    // The fixture was made against 127.0.0.1:5077; cosign's --sign-container-identity names that repository.
    await sign({ images: [`${reg.host}/test/img@${digest}`], signer: key, containerIdentity: '127.0.0.1:5077/test/img' })

    const fixtureDir = join(LOOPBACK, 'img-sig')
    const expectedManifest = JSON.parse(readFileSync(join(fixtureDir, 'sig-manifest.json'), 'utf8')) as SigManifest
    const got = await fetchManifest(reg, 'test/img', signatureTag(digest))
    const gotManifest = JSON.parse(got!.bytes.toString()) as SigManifest
    const signature = gotManifest.layers[0]!.annotations[SIGNATURE_ANNOTATION]!
    expect(key.verify(await readFile(join(fixtureDir, 'layer-0-payload.json')), Buffer.from(signature, 'base64'))).toBe(true)
    // Apart from the signature value, the manifest bytes are the fixture's.
    expectedManifest.layers[0]!.annotations[SIGNATURE_ANNOTATION] = signature
    expect(got!.bytes.toString()).toBe(JSON.stringify(expectedManifest))
    expect((await fetchBlob(reg, 'test/img', gotManifest.layers[0]!.digest))!.equals(readFileSync(join(fixtureDir, 'layer-0-payload.json')))).toBe(true)
    expect((await fetchBlob(reg, 'test/img', gotManifest.config.digest))!.equals(readFileSync(join(fixtureDir, 'config.json')))).toBe(true)
  })

  it('signs the digest a tag resolves to, warns about the tag, and reports image, digest and signature tag', async () => {
    const img = await pushRandomImage(reg, 'app/tagged', { tag: 'v1' })
    const log = capture()
    const out = await sign({ images: [img.tagReference!], logger: log.logger })
    expect(out).toEqual([{ image: img.reference, digest: img.digest, signatureTag: `${reg.host}/app/tagged:${signatureTag(img.digest)}`, written: true }])
    expect(log.lines.some((l) => l.startsWith(`warn: Image reference ${img.tagReference} uses a tag, not a digest`))).toBe(true)
    expect(log.lines).toContain(`info: Pushing signature to: ${reg.host}/app/tagged`)
    const sig = await readSig('app/tagged', img.digest)
    expect(sig!.mediaType).toBe('application/vnd.oci.image.manifest.v1+json')
    expect(sig!.layers.map((l) => l.mediaType)).toEqual(['application/vnd.dev.cosign.simplesigning.v1+json'])
    const payload = await fetchBlob(reg, 'app/tagged', sig!.layers[0]!.digest)
    expect(payload!.toString()).toBe(
      `{"critical":{"identity":{"docker-reference":"${reg.host}/app/tagged"},"image":{"docker-manifest-digest":"${img.digest}"},"type":"cosign container image signature"},"optional":null}`,
    )
  })

  it('a re-run changes nothing; a second key appends; an equivalent random-k signature by the same key is not duplicated', async () => {
    const img = await pushRandomImage(reg, 'app/dedupe')
    await sign({ images: [img.reference] })
    const first = await fetchManifest(reg, 'app/dedupe', signatureTag(img.digest))
    const again = await sign({ images: [img.reference] })
    expect(again[0]!.written).toBe(false)
    expect((await fetchManifest(reg, 'app/dedupe', signatureTag(img.digest)))!.digest).toBe(first!.digest)
    await sign({ images: [img.reference], signer: keyB })
    const sig = await readSig('app/dedupe', img.digest)
    expect(sig!.layers).toHaveLength(2)
    // Annotations (-a) make a different payload: a new layer.
    await sign({ images: [img.reference], annotations: { build: '42' } })
    expect((await readSig('app/dedupe', img.digest))!.layers).toHaveLength(3)
    await sign({ images: [img.reference], annotations: { build: '42' } })
    expect((await readSig('app/dedupe', img.digest))!.layers).toHaveLength(3)
  })

  it('does not duplicate a signature cosign made with the same key (random k, verified like cosign does)', async () => {
    const img = await pushRandomImage(reg, 'app/cosign-dedupe')
    const dir = await mkdtemp(join(tmpdir(), 'sigil-pysig-'))
    try {
      // An independent ECDSA implementation (Python cryptography, random k) signs the same payload with keyA.
      const { buildPayload } = await import('../../src/cosign/payload.js')
      const payload = buildPayload({ dockerReference: `${reg.host}/app/cosign-dedupe`, manifestDigest: img.digest })
      const pem = Buffer.from(keyA.exportPkcs8()).toString('base64')
      const py = `import sys,base64\nfrom cryptography.hazmat.primitives import hashes, serialization\nfrom cryptography.hazmat.primitives.asymmetric import ec\nk=serialization.load_der_private_key(base64.b64decode(sys.argv[1]),None)\nsys.stdout.write(base64.b64encode(k.sign(sys.stdin.buffer.read(),ec.ECDSA(hashes.SHA256()))).decode())`
      const pySig = execFileSync('python3', ['-c', py, pem], { input: payload }).toString()
      expect(pySig).not.toBe(Buffer.from(keyA.sign(payload)).toString('base64'))
      const { putSignatureManifest } = await import('../helpers/placeholders.js')
      await putSignatureManifest(reg, 'app/cosign-dedupe', img.digest, [
        { mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', payload, annotations: { [SIGNATURE_ANNOTATION]: pySig } },
      ])
      const out = await sign({ images: [img.reference] })
      expect(out[0]!.written).toBe(false)
      expect((await readSig('app/cosign-dedupe', img.digest))!.layers).toHaveLength(1)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('multi-arch: the index alone by default; -r signs the index and both platform images; each verifies', async () => {
    const idx = await pushImageIndex(reg, 'app/multi', { tag: 'v1' })
    const out = await sign({ images: [idx.reference] })
    expect(out.map((o) => o.digest)).toEqual([idx.digest])
    for (const child of idx.images) expect(await readSig('app/multi', child.digest)).toBeUndefined()
    const all = await sign({ images: [idx.reference], recursive: true, signer: keyB })
    expect(all.map((o) => o.digest)).toEqual([idx.digest, ...idx.images.map((i) => i.digest)])
    for (const child of idx.images) {
      const [v] = await verifyImages({ images: [child.reference], keys: [keyB], registry: client() })
      expect(v!.signatures).toHaveLength(1)
      await expect(verifyImages({ images: [child.reference], keys: [keyA], registry: client() })).rejects.toMatchObject({ code: 'NO_MATCHING_SIGNATURES' })
    }
    const [v] = await verifyImages({ images: [idx.tagReference!], keys: [keyA, keyB], registry: client() })
    expect(v!.signatures).toHaveLength(2)
  })

  it('COSIGN_REPOSITORY: signatures go to (and are read from) another repository', async () => {
    const img = await pushRandomImage(reg, 'app/moved')
    const out = await sign({ images: [img.reference], signatureRepository: `${reg.host}/sigs/store` })
    expect(out[0]!.signatureTag).toBe(`${reg.host}/sigs/store:${signatureTag(img.digest)}`)
    expect(await readSig('app/moved', img.digest)).toBeUndefined()
    const moved = await readSig('sigs/store', img.digest)
    const payload = await fetchBlob(reg, 'sigs/store', moved!.layers[0]!.digest)
    expect(payload!.toString()).toContain(`"docker-reference":"${reg.host}/app/moved"`)
    await expect(verifyImages({ images: [img.reference], keys: [keyA], registry: client() })).rejects.toMatchObject({ code: 'NO_SIGNATURES' })
    const [v] = await verifyImages({ images: [img.reference], keys: [keyA], registry: client(), signatureRepository: `${reg.host}/sigs/store` })
    expect(v!.signatures).toHaveLength(1)
  })

  it('annotations: verify -a requires each pair in the payload', async () => {
    const img = await pushRandomImage(reg, 'app/annotated')
    await sign({ images: [img.reference], annotations: { env: 'prod', team: 'a&b' } })
    const ok = await verifyImages({ images: [img.reference], keys: [keyA], registry: client(), annotations: { team: 'a&b' } })
    expect(ok[0]!.checks).toContain('The specified annotations were verified.')
    await expect(verifyImages({ images: [img.reference], keys: [keyA], registry: client(), annotations: { env: 'dev' } })).rejects.toThrow(
      /missing or incorrect annotation: env/,
    )
  })

  it('a fresh signature costs 7 requests to write it plus 2 confirmation reads', async () => {
    const img = await pushRandomImage(reg, 'app/trips', { tag: 'v1' })
    const log = capture()
    await signImages({ images: [img.tagReference!], signer: keyA, registry: client({ onTrace: log.onTrace }) })
    const s = log.summary()
    expect(s).toEqual([
      `GET /v2/app/trips/manifests/v1 200`,
      `GET /v2/app/trips/manifests/${signatureTag(img.digest)} 404`,
      ...s.slice(2, 6),
      `HEAD /v2/app/trips/manifests/${signatureTag(img.digest)} 404`,
      `PUT /v2/app/trips/manifests/${signatureTag(img.digest)} 201`,
      `GET /v2/app/trips/manifests/${signatureTag(img.digest)} 200`,
    ])
    expect(s.slice(2, 6).filter((l) => l.startsWith('POST /v2/app/trips/blobs/uploads/ 202'))).toHaveLength(2)
    expect(s.slice(2, 6).filter((l) => /^PUT \/v2\/app\/trips\/blobs\/uploads\/\S+ 201$/.test(l))).toHaveLength(2)
  })

  it('skopeo (containers/image) copies a sigil-signed image out with the payload and annotations the spec prescribes', async () => {
    const img = await pushRandomImage(reg, 'app/skopeo', { tag: 'v1' })
    await sign({ images: [img.reference], annotations: { origin: 'sigil' } })
    const dir = await mkdtemp(join(tmpdir(), 'sigil-skopeo-'))
    try {
      await skopeoCopy(`docker://${img.tagReference}`, `dir:${dir}/out`)
      const files = (await readdir(join(dir, 'out'))).sort()
      expect(files).toContain('signature-1')
      expect(files).not.toContain('signature-2')
      const { readDirSignature } = await import('../helpers/sig-fixtures.js')
      const s = readDirSignature(join(dir, 'out', 'signature-1'))
      expect(s.mimeType).toBe('application/vnd.dev.cosign.simplesigning.v1+json')
      expect(Object.keys(s.annotations)).toEqual([SIGNATURE_ANNOTATION])
      expect(keyA.verify(s.payload, Buffer.from(s.annotations[SIGNATURE_ANNOTATION]!, 'base64'))).toBe(true)
      expect(Buffer.from(s.payload).toString()).toBe(
        `{"critical":{"identity":{"docker-reference":"${reg.host}/app/skopeo"},"image":{"docker-manifest-digest":"${img.digest}"},"type":"cosign container image signature"},"optional":{"origin":"sigil"}}`,
      )
      // And containers/image writes it back to a registry as a .sig sigil verifies.
      await skopeoCopy(`dir:${dir}/out`, `docker://${reg.host}/app/skopeo-copy:v1`)
      const [v] = await verifyImages({ images: [`${reg.host}/app/skopeo-copy:v1`], keys: [keyA], registry: client() })
      expect(v!.digest).toBe(img.digest)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('the tamper case: new content under the signed tag fails verification', async () => {
    const img = await pushRandomImage(reg, 'app/tamper', { tag: 'v1' })
    await sign({ images: [img.tagReference!] })
    const [ok] = await verifyImages({ images: [img.tagReference!], keys: [keyA], registry: client() })
    expect(ok!.digest).toBe(img.digest)
    const evil = await pushRandomImage(reg, 'app/tamper', { tag: 'v1' })
    expect(evil.digest).not.toBe(img.digest)
    // Unsigned new content: no signatures for its digest.
    await expect(verifyImages({ images: [img.tagReference!], keys: [keyA], registry: client() })).rejects.toMatchObject({ code: 'NO_SIGNATURES' })
    // The attacker signs it with their own key: no matching signatures.
    await sign({ images: [evil.reference], signer: keyB })
    const err = await verifyImages({ images: [img.tagReference!], keys: [keyA], registry: client() }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SigilError)
    expect((err as SigilError).code).toBe('NO_MATCHING_SIGNATURES')
    expect((err as SigilError).message).toMatch(/^no matching signatures/)
  })

  it.each([1, 2, 3])('8 concurrent signers with different keys on one image keep every signature (run %i)', async (run) => {
    const img = await pushRandomImage(reg, `app/concurrent-${run}`)
    const keys: SigningKey[] = Array.from({ length: 8 }, () => generateSigningKey())
    await Promise.all(keys.map((signer) => signImages({ images: [img.reference], signer, registry: client() })))
    const sig = await readSig(`app/concurrent-${run}`, img.digest)
    expect(sig!.layers).toHaveLength(8)
    const [v] = await verifyImages({ images: [img.reference], keys, registry: client() })
    expect(v!.signatures).toHaveLength(8)
    // Every layer verifies with exactly one of the keys, and every key has its layer.
    const payload = await fetchBlob(reg, `app/concurrent-${run}`, sig!.layers[0]!.digest)
    const owners = sig!.layers.map((l) => keys.findIndex((k) => k.verify(payload!, Buffer.from(l.annotations[SIGNATURE_ANNOTATION]!, 'base64'))))
    expect(new Set(owners).size).toBe(8)
  })

  it('uses If-Match where the registry honours it: a 412 makes the signer re-read, merge and keep every signature', async () => {
    const img = await pushRandomImage(reg, 'app/if-match')
    await sign({ images: [img.reference], signer: keyB })
    const keyC = generateSigningKey()
    const tag = signatureTag(img.digest)
    let sneaked = false
    const answered412: string[] = []
    // A registry that honours If-Match on manifest PUTs (Distribution ignores it): a front comparing the header
    // with the tag's current digest. On the first conditional PUT, another writer gets in first.
    const front = await startFront(reg.url, async (req) => {
      const ifMatch = req.headers['if-match']
      if (req.method !== 'PUT' || !req.url.endsWith(`/manifests/${tag}`) || typeof ifMatch !== 'string') return { kind: 'pass' }
      if (!sneaked) {
        sneaked = true
        await signImages({ images: [img.reference], signer: keyC, registry: client() })
      }
      const head = await registryRequest(reg, 'HEAD', `/v2/app/if-match/manifests/${tag}`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } })
      const current = `"${String(head.headers['docker-content-digest'])}"`
      if (current !== ifMatch) {
        answered412.push(ifMatch)
        return { kind: 'reply', status: 412, headers: { 'content-type': 'application/json' }, body: '{"errors":[{"code":"PRECONDITION_FAILED","message":"tag moved"}]}' }
      }
      return { kind: 'pass' }
    })
    try {
      const out = await signImages({ images: [`${front.host}/app/if-match@${img.digest}`], signer: keyA, registry: client() })
      expect(out[0]!.written).toBe(true)
      expect(answered412).toHaveLength(1)
      expect(front.requests.filter((r) => r.method === 'PUT' && typeof r.headers['if-match'] === 'string').length).toBe(2)
      const sig = await readSig('app/if-match', img.digest)
      expect(sig!.layers).toHaveLength(3)
      const [v] = await verifyImages({ images: [img.reference], keys: [keyA, keyB, keyC], registry: client() })
      expect(v!.signatures).toHaveLength(3)
    } finally {
      await front.close()
    }
  })

  it('stops sending If-Match when a registry answers 412 for a tag that did not move', async () => {
    const img = await pushRandomImage(reg, 'app/if-match-odd')
    await sign({ images: [img.reference], signer: keyB })
    // A registry whose ETags are not manifest digests: every conditional PUT fails.
    const front = await startFront(reg.url, (req) =>
      req.method === 'PUT' && typeof req.headers['if-match'] === 'string'
        ? { kind: 'reply', status: 412, headers: { 'content-type': 'application/json' }, body: '{"errors":[{"code":"PRECONDITION_FAILED","message":"etag"}]}' }
        : { kind: 'pass' },
    )
    try {
      const log = capture()
      const out = await signImages({ images: [`${front.host}/app/if-match-odd@${img.digest}`], signer: keyA, registry: client(), logger: log.logger })
      expect(out[0]!.written).toBe(true)
      const puts = front.requests.filter((r) => r.method === 'PUT' && r.url.includes('/manifests/'))
      expect(puts.map((r) => typeof r.headers['if-match'])).toEqual(['string', 'undefined'])
      expect(log.lines.some((l) => l.includes('refused If-Match for an unchanged tag'))).toBe(true)
      expect((await readSig('app/if-match-odd', img.digest))!.layers).toHaveLength(2)
    } finally {
      await front.close()
    }
  })
})
