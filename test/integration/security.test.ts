/**
 * Security (issue 6), through the built CLI against real registries:
 * - verify rejects a signature over another image's digest, a payload edited by one byte, and a layer whose blob
 *   does not match its digest (the blob rewritten in the registry's storage), with exit code 12 and one reason
 *   line per layer;
 * - Authorization is not sent to another origin when a blob is redirected (htpasswd and token registries);
 * - scrypt parameters outside the allow-list are refused before any key derivation and before any request;
 * - size caps: a manifest above 4 MiB, a payload blob declared or served above 4 MiB, a `.sig` already at
 *   cosign's 1000-layer limit: refused, nothing written;
 * - plain http is refused for a registry that is not on loopback unless --allow-http-registry.
 * Negative fixtures made by cosign and containers/image are in verify-fixtures.test.ts; the redirect at the
 * client level in registry-transport.test.ts; the scrypt spy in test/unit/keys/key-file.test.ts.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPayload } from '../../src/cosign/payload.js'
import { manifestWithLayers, serializeManifest, SIGNATURE_ANNOTATION, SIMPLESIGNING_MEDIA_TYPE, signatureTag } from '../../src/cosign/signature-manifest.js'
import { assertBuilt, runCli, writeTestKey, type RunResult, type TestKey } from '../helpers/cli.js'
import { startFaultFront } from '../helpers/faults.js'
import { startForwardProxy } from '../helpers/fronts.js'
import { putSignatureManifest } from '../helpers/placeholders.js'
import { fetchBlob, fetchManifest, pushRandomImage, sha256, startRegistry, TEST_USER, type PushedImage, type TestRegistry } from '../helpers/registry.js'

let reg: TestRegistry
let dir: string
let key: TestKey
let other: TestKey

beforeAll(async () => {
  assertBuilt()
  reg = await startRegistry()
  dir = await mkdtemp(join(tmpdir(), 'sigil-security-'))
  key = await writeTestKey(dir, 'good', 'good-pw')
  other = await writeTestKey(dir, 'other', 'other-pw')
})
afterAll(async () => {
  await reg?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const verify = (image: string, pub = key.pubPath, extra: { env?: Record<string, string>; args?: string[] } = {}) =>
  runCli(['verify', '--key', pub, ...(extra.args ?? []), image], { ...(extra.env ? { env: extra.env } : {}) })

/** Exit 12; `Error: no matching signatures for <image>:` then exactly one reason line per layer. */
function expectNoMatch(r: RunResult, image: string, reasons: RegExp[]): void {
  expect(r.status, r.stderr).toBe(12)
  expect(r.stdout).toBe('')
  const lines = r.stderr.split('\n').filter((l) => l !== '')
  const at = lines.findIndex((l) => l.startsWith('Error: '))
  expect(lines[at]).toBe(`Error: no matching signatures for ${image}:`)
  const rest = lines.slice(at + 1)
  expect(rest).toHaveLength(reasons.length)
  rest.forEach((line, i) => expect(line).toMatch(reasons[i]!))
  expect(r.stderr).not.toMatch(/^\s+at /m)
}

/** Signs `img` with the core key of `signer`, returning the payload and the base64 signature it stored. */
function signedLayer(signer: TestKey, img: PushedImage, dockerReference = `${reg.host}/${img.repository}`) {
  const payload = buildPayload({ dockerReference, manifestDigest: img.digest })
  return { payload, signature: Buffer.from(signer.key.sign(payload)).toString('base64') }
}

describe('verify rejects forged and damaged signatures', () => {
  it('a good signature passes (the baseline for the cases below)', async () => {
    const img = await pushRandomImage(reg, 'sec/baseline')
    const s = signedLayer(key, img)
    await putSignatureManifest(reg, img.repository, img.digest, [{ mediaType: SIMPLESIGNING_MEDIA_TYPE, payload: s.payload, annotations: { [SIGNATURE_ANNOTATION]: s.signature } }])
    const r = await verify(img.reference)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain(`"docker-manifest-digest":"${img.digest}"`)
  })

  it("a valid signature over another image's digest, copied into this image's .sig", async () => {
    const signed = await pushRandomImage(reg, 'sec/copied')
    const victim = await pushRandomImage(reg, 'sec/copied')
    const s = signedLayer(key, signed)
    await putSignatureManifest(reg, victim.repository, victim.digest, [{ mediaType: SIMPLESIGNING_MEDIA_TYPE, payload: s.payload, annotations: { [SIGNATURE_ANNOTATION]: s.signature } }])
    const r = await verify(victim.reference)
    expectNoMatch(r, victim.reference, [new RegExp(`^ layer 0 \\(sha256:[0-9a-f]{64}\\): invalid or missing digest in claim: ${signed.digest}$`)])
  })

  it('a payload edited by one byte (re-uploaded under its new digest; the signature is of the original)', async () => {
    const img = await pushRandomImage(reg, 'sec/edited')
    const s = signedLayer(key, img)
    // Change one byte of the repository name in docker-reference: still valid JSON, still the right digest claim.
    const edited = Buffer.from(s.payload)
    const at = edited.indexOf('sec/edited')
    edited[at] = 'z'.charCodeAt(0)
    expect(Buffer.compare(edited, Buffer.from(s.payload))).not.toBe(0)
    await putSignatureManifest(reg, img.repository, img.digest, [{ mediaType: SIMPLESIGNING_MEDIA_TYPE, payload: edited, annotations: { [SIGNATURE_ANNOTATION]: s.signature } }])
    expectNoMatch(await verify(img.reference), img.reference, [/^ layer 0 \(sha256:[0-9a-f]{64}\): invalid signature when validating ASN\.1 encoded signature$/])
    // The digest claim was not what failed: the same edit on the digest is caught the same way.
    const img2 = await pushRandomImage(reg, 'sec/edited')
    const s2 = signedLayer(key, img2)
    const edited2 = Buffer.from(s2.payload)
    const d = edited2.indexOf(img2.digest) + 'sha256:'.length
    edited2[d] = edited2[d] === 0x61 ? 0x62 : 0x61
    await putSignatureManifest(reg, img2.repository, img2.digest, [{ mediaType: SIMPLESIGNING_MEDIA_TYPE, payload: edited2, annotations: { [SIGNATURE_ANNOTATION]: s2.signature } }])
    expectNoMatch(await verify(img2.reference), img2.reference, [/: invalid signature when validating ASN\.1 encoded signature$/])
  })

  it('a layer whose blob in the registry does not match its digest (same size, and another size)', async () => {
    const img = await pushRandomImage(reg, 'sec/swapped')
    const s = signedLayer(key, img)
    const digest = await putSignatureManifest(reg, img.repository, img.digest, [
      { mediaType: SIMPLESIGNING_MEDIA_TYPE, payload: s.payload, annotations: { [SIGNATURE_ANNOTATION]: s.signature } },
    ])
    expect(digest).toBeTruthy()
    expect((await verify(img.reference)).status).toBe(0)
    // Rewrite the payload blob's data in the registry's filesystem storage: one byte differs, same length.
    const blobData = (d: string) => join(reg.storageDir, 'docker', 'registry', 'v2', 'blobs', 'sha256', d.slice(7, 9), d.slice(7), 'data')
    const payloadDigest = sha256(s.payload)
    const tampered = Buffer.from(s.payload)
    tampered[tampered.length - 2] = 0x20
    await writeFile(blobData(payloadDigest), tampered)
    expect((await fetchBlob(reg, img.repository, payloadDigest))!.equals(tampered)).toBe(true)
    expectNoMatch(await verify(img.reference), img.reference, [
      new RegExp(`^ layer 0 \\(${payloadDigest}\\): GET blob \\S+@${payloadDigest}: the registry served bytes whose digest is ${sha256(tampered)}$`),
    ])
    // And with a longer blob: the size check says so.
    await writeFile(blobData(payloadDigest), Buffer.concat([Buffer.from(s.payload), Buffer.from(' ')]))
    expectNoMatch(await verify(img.reference), img.reference, [
      new RegExp(`^ layer 0 \\(${payloadDigest}\\): GET blob \\S+@${payloadDigest}: the blob is ${s.payload.length + 1} bytes, not the ${s.payload.length} its descriptor states$`),
    ])
  })

  it('the right image and payload signed by another key, and a signature that is not base64', async () => {
    const img = await pushRandomImage(reg, 'sec/otherkey')
    const s = signedLayer(other, img)
    await putSignatureManifest(reg, img.repository, img.digest, [
      { mediaType: SIMPLESIGNING_MEDIA_TYPE, payload: s.payload, annotations: { [SIGNATURE_ANNOTATION]: s.signature } },
      { mediaType: SIMPLESIGNING_MEDIA_TYPE, payload: s.payload, annotations: { [SIGNATURE_ANNOTATION]: `${s.signature.slice(0, -4)}!!!!` } },
    ])
    expectNoMatch(await verify(img.reference), img.reference, [
      /^ layer 0 \(sha256:[0-9a-f]{64}\): invalid signature when validating ASN\.1 encoded signature$/,
      /^ layer 1 \(sha256:[0-9a-f]{64}\): signature annotation is not valid base64$/,
    ])
    expect((await verify(img.reference, other.pubPath)).status).toBe(0)
  })
})

describe('Authorization never crosses to another origin on a redirect (CLI)', () => {
  for (const mode of ['htpasswd', 'token'] as const) {
    it(`${mode}: the payload blob redirected to object storage gets no credentials; verify passes`, async () => {
      const authReg = await startRegistry({ auth: mode })
      const seen: IncomingHttpHeaders[] = []
      // "Object storage": another origin that serves blobs it fetches itself.
      const storage = createServer((req, res) => {
        seen.push(req.headers)
        const d = /\/objects\/(sha256:[0-9a-f]{64})/.exec(req.url ?? '')?.[1] ?? ''
        fetchBlob(authReg, 'sec/redirect', d)
          .then((b) => {
            res.writeHead(b ? 200 : 404, { 'content-length': String(b?.length ?? 0) })
            res.end(b)
          })
          .catch(() => res.destroy())
      })
      await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve))
      const storageUrl = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`
      const front = await startFaultFront(authReg, (req) => {
        const m = /^\/v2\/sec\/redirect\/blobs\/(sha256:[0-9a-f]{64})$/.exec(req.url)
        return req.method === 'GET' && m && req.headers.authorization
          ? { kind: 'serve', status: 307, headers: { location: `${storageUrl}/objects/${m[1]}?X-Amz-Signature=very-secret-sig` } }
          : { kind: 'pass' }
      })
      try {
        const img = await pushRandomImage(authReg, 'sec/redirect', { tag: 'v1' })
        const env = { COSIGN_PASSWORD: key.password, SIGIL_REGISTRY_USERNAME: TEST_USER.username, SIGIL_REGISTRY_PASSWORD: TEST_USER.password }
        const signed = await runCli(['sign', '--key', key.keyPath, `${front.host}/sec/redirect@${img.digest}`], { env })
        expect(signed.status, signed.stderr).toBe(0)
        const r = await verify(`${front.host}/sec/redirect@${img.digest}`, key.pubPath, { env, args: ['--verbose'] })
        expect(r.status, r.stderr).toBe(0)
        expect(seen.length).toBeGreaterThan(0)
        for (const h of seen) expect(h.authorization).toBeUndefined()
        expect(r.stderr).toContain('(another origin: no Authorization)')
        expect(r.stderr).not.toContain('very-secret-sig')
        expect(r.stderr).not.toContain(TEST_USER.password)
      } finally {
        await front.close()
        await new Promise<void>((resolve) => storage.close(() => resolve()))
        await authReg.stop()
      }
    })
  }
})

describe('scrypt parameters outside the allow-list are refused before any work', () => {
  it.each([
    [2 ** 20, 8, 1],
    [2 ** 24, 8, 1],
    [65536, 16, 1],
    [65536, 8, 4],
    [16384, 8, 1],
  ])('N=%i r=%i p=%i: refused at once, before the password and before any request', async (N, r, p) => {
    const envelope = {
      kdf: { name: 'scrypt', params: { N, r, p }, salt: Buffer.alloc(32, 1).toString('base64') },
      cipher: { name: 'nacl/secretbox', nonce: Buffer.alloc(24, 2).toString('base64') },
      ciphertext: Buffer.alloc(154, 3).toString('base64'),
    }
    const body = Buffer.from(JSON.stringify(envelope)).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')
    const path = join(dir, `kdf-${N}-${r}-${p}.key`)
    await writeFile(path, `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${body}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n`)
    const front = await startFaultFront(reg)
    try {
      // No COSIGN_PASSWORD and a standard input that stays open and silent: reading the password would block
      // until the process is killed (status null), so exit code 1 means it was refused before the password.
      const res = await runCli(['sign', '--key', path, `${front.host}/sec/kdf:v1`], { input: null, timeoutMs: 15_000 })
      expect(res.status, res.stderr).toBe(1)
      expect(res.stderr).toBe(`Error: --key ${JSON.stringify(path)}: unsupported scrypt parameters N=${N}, r=${r}, p=${p} (cosign reads N=32768, 65536, 131072 with r=8, p=1)\n`)
      expect(res.elapsedMs).toBeLessThan(5000)
      expect(front.records).toEqual([])
    } finally {
      await front.close()
    }
  })
})

describe('size caps', () => {
  it('a manifest above 4 MiB is refused without being read whole; nothing is written', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 0x20)
    const front = await startFaultFront(reg, (req) =>
      req.url.includes('/manifests/') ? { kind: 'serve', status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: big } : { kind: 'pass' },
    )
    try {
      const r = await runCli(['sign', '--key', key.keyPath, `${front.host}/sec/big:v1`], { env: { COSIGN_PASSWORD: key.password } })
      expect(r.status).toBe(1)
      expect(r.stderr.split('\n').filter((l) => l.startsWith('Error'))).toEqual([
        `Error: GET manifest ${front.host}/sec/big:v1: 200; the manifest is 5242880 bytes, larger than the 4194304-byte limit`,
      ])
      expect(front.writes()).toEqual([])
    } finally {
      await front.close()
    }
  })

  it('a payload blob declared above 4 MiB is not fetched; one served above its declared size is cut off', async () => {
    const img = await pushRandomImage(reg, 'sec/bigblob')
    const s = signedLayer(key, img)
    const payloadDigest = sha256(s.payload)
    // A .sig whose single layer claims 5 MiB.
    const { manifest, config } = manifestWithLayers(undefined, [
      { mediaType: SIMPLESIGNING_MEDIA_TYPE, size: 5 * 1024 * 1024, digest: payloadDigest, annotations: { [SIGNATURE_ANNOTATION]: s.signature } },
    ])
    const sigBytes = Buffer.from(serializeManifest(manifest))
    const front = await startFaultFront(reg, (req) => {
      if (req.url.endsWith(`/manifests/${signatureTag(img.digest)}`)) {
        return { kind: 'serve', status: 200, headers: { 'content-type': manifest.mediaType }, body: sigBytes }
      }
      return { kind: 'pass' }
    })
    try {
      const ref = `${front.host}/sec/bigblob@${img.digest}`
      expectNoMatch(await verify(ref), ref, [/^ layer 0 \(sha256:[0-9a-f]{64}\): \S+\.sig: layer 0 payload is 5242880 bytes, over the 4194304-byte limit$/])
      expect(front.records.filter((x) => x.url.includes('/blobs/'))).toEqual([])
      expect(config.length).toBeGreaterThan(0)
    } finally {
      await front.close()
    }
    // The descriptor says the right size, the server sends 5 MiB more: refused at the cap.
    const huge = Buffer.concat([Buffer.from(s.payload), Buffer.alloc(5 * 1024 * 1024, 0x20)])
    const { manifest: m2 } = manifestWithLayers(undefined, [
      { mediaType: SIMPLESIGNING_MEDIA_TYPE, size: s.payload.length, digest: payloadDigest, annotations: { [SIGNATURE_ANNOTATION]: s.signature } },
    ])
    const front2 = await startFaultFront(reg, (req) => {
      if (req.url.endsWith(`/manifests/${signatureTag(img.digest)}`)) return { kind: 'serve', status: 200, headers: { 'content-type': m2.mediaType }, body: Buffer.from(serializeManifest(m2)) }
      if (req.url.includes('/blobs/')) return { kind: 'serve', status: 200, headers: { 'content-type': 'application/octet-stream' }, body: huge }
      return { kind: 'pass' }
    })
    try {
      const ref = `${front2.host}/sec/bigblob@${img.digest}`
      expectNoMatch(await verify(ref), ref, [/^ layer 0 \(sha256:[0-9a-f]{64}\): GET blob \S+: 200; the blob is 5243\d+ bytes, larger than the 4194304-byte limit$/])
    } finally {
      await front2.close()
    }
  })

  it("a .sig already holding cosign's limit of 1000 signatures: sign refuses to add one, nothing is written", async () => {
    const img = await pushRandomImage(reg, 'sec/full')
    const layers = Array.from({ length: 1000 }, (_, i) => ({
      mediaType: SIMPLESIGNING_MEDIA_TYPE,
      size: 100 + i,
      digest: sha256(`layer ${i}`),
      annotations: { [SIGNATURE_ANNOTATION]: 'MEUCIQ==' },
    }))
    const { manifest } = manifestWithLayers(undefined, layers)
    const front = await startFaultFront(reg, (req) =>
      req.url.endsWith(`/manifests/${signatureTag(img.digest)}`)
        ? { kind: 'serve', status: 200, headers: { 'content-type': manifest.mediaType }, body: Buffer.from(serializeManifest(manifest)) }
        : { kind: 'pass' },
    )
    try {
      const r = await runCli(['sign', '--key', key.keyPath, `${front.host}/sec/full@${img.digest}`], { env: { COSIGN_PASSWORD: key.password } })
      expect(r.status).toBe(1)
      expect(r.stderr.split('\n').filter((l) => l.startsWith('Error'))).toEqual([
        `Error: ${front.host}/sec/full:${signatureTag(img.digest)}: would hold 1001 signatures, more than cosign's limit of 1000`,
      ])
      expect(front.writes()).toEqual([])
      expect(await fetchManifest(reg, 'sec/full', signatureTag(img.digest))).toBeUndefined()
    } finally {
      await front.close()
    }
  })
})

describe('plain http only for loopback, unless --allow-http-registry', () => {
  it('a registry that is not on loopback (a name only a proxy resolves) is refused over http; allowed with the flag', async () => {
    const img = await pushRandomImage(reg, 'sec/http', { tag: 'v1' })
    const s = signedLayer(key, img, `sigil-registry.test:${reg.host.split(':')[1]}/sec/http`)
    await putSignatureManifest(reg, img.repository, img.digest, [{ mediaType: SIMPLESIGNING_MEDIA_TYPE, payload: s.payload, annotations: { [SIGNATURE_ANNOTATION]: s.signature } }])
    const proxy = await startForwardProxy({ 'sigil-registry.test': '127.0.0.1' })
    try {
      const ref = `sigil-registry.test:${reg.host.split(':')[1]}/sec/http:v1`
      const env = { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url }
      const refused = await verify(ref, key.pubPath, { env })
      expect(refused.status).toBe(1)
      const errors = refused.stderr.split('\n').filter((l) => l.startsWith('Error'))
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(new RegExp(`^Error: GET manifest ${ref.replace(/[.]/g, '\\.')}: .*use --allow-http-registry`))
      // Only TLS was attempted: CONNECT tunnels, never a plain-http request through the proxy.
      expect(proxy.targets.every((t) => !t.startsWith('http'))).toBe(true)
      const allowed = await verify(ref, key.pubPath, { env, args: ['--allow-http-registry'] })
      expect(allowed.status, allowed.stderr).toBe(0)
      expect(allowed.stdout).toContain(img.digest)
    } finally {
      await proxy.close()
    }
  })
})
