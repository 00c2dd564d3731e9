/**
 * Every signature made by real cosign and containers/image among the fixtures is put into a real registry as the
 * `.sig` of its image and verified by sigil, by tag and by digest; every negative fixture is rejected with the
 * right reason and exit code.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SigilError } from '../../src/errors.js'
import { loadVerificationKey } from '../../src/keys/index.js'
import { RegistryClient } from '../../src/registry/index.js'
import { verifyImages } from '../../src/verify.js'
import { startRegistry, type TestRegistry } from '../helpers/registry.js'
import { putFixtureManifest, putSignatureManifest } from '../helpers/placeholders.js'
import { CI_FIXTURES, readDirImage, readDirSignature } from '../helpers/sig-fixtures.js'

let reg: TestRegistry
let client: RegistryClient
const keys: Record<string, Awaited<ReturnType<typeof loadVerificationKey>>> = {}

beforeAll(async () => {
  reg = await startRegistry()
  client = new RegistryClient({ env: {} })
  for (const name of ['cosign.pub', 'cosign2.pub']) keys[name] = await loadVerificationKey(join(CI_FIXTURES, name), { env: {} })
})
afterAll(async () => {
  await reg?.stop()
})

/** Pushes the fixture image under `repo:tag` with its signatures as the .sig, returns the digest. */
async function setUp(fixture: string, repo: string, extra: { signatureFile?: string } = {}): Promise<string> {
  const img = readDirImage(fixture)
  const digest = await putFixtureManifest(reg, repo, 'v1', img.manifest!)
  const sigs = extra.signatureFile ? [readDirSignature(join(CI_FIXTURES, extra.signatureFile))] : img.signatures
  await putSignatureManifest(reg, repo, digest, sigs.map((s) => ({ mediaType: s.mimeType, payload: s.payload, annotations: s.annotations })))
  return digest
}

async function outcome(image: string, keyNames: string[]): Promise<{ code: string; message: string; payloads?: string[] }> {
  try {
    const [v] = await verifyImages({ images: [image], keys: keyNames.map((k) => keys[k]!), registry: client })
    return { code: 'OK', message: '', payloads: v!.signatures.map((s) => s.json) }
  } catch (err) {
    if (err instanceof SigilError) return { code: err.code, message: err.message }
    throw err
  }
}

describe('cosign- and containers/image-made signatures verify', () => {
  it.each([
    ['dir-img-cosign-valid', 'cosign.pub'],
    ['dir-img-cosign-valid-with-tag', 'cosign.pub'],
    ['dir-img-cosign-key-rekor-valid', 'cosign2.pub'],
  ])('%s with %s, by tag and by digest', async (fixture, key) => {
    const repo = `fixtures/${fixture}`
    const digest = await setUp(fixture, repo)
    const byTag = await outcome(`${reg.host}/${repo}:v1`, [key])
    expect(byTag.code).toBe('OK')
    const byDigest = await outcome(`${reg.host}/${repo}@${digest}`, [key])
    expect(byDigest).toEqual(byTag)
    // The printed payload names the digest; the other key alone does not verify it.
    expect(byTag.payloads![0]).toContain(`"docker-manifest-digest":"${digest}"`)
    const other = key === 'cosign.pub' ? 'cosign2.pub' : 'cosign.pub'
    expect((await outcome(`${reg.host}/${repo}@${digest}`, [other])).code).toBe('NO_MATCHING_SIGNATURES')
    // Any one of several keys is enough.
    expect((await outcome(`${reg.host}/${repo}@${digest}`, [other, key])).code).toBe('OK')
  })
})

describe('negative fixtures are rejected with the right reason', () => {
  it('modified manifest: the claim names another digest', async () => {
    await setUp('dir-img-cosign-modified-manifest', 'neg/modified')
    const r = await outcome(`${reg.host}/neg/modified:v1`, ['cosign.pub'])
    expect(r.code).toBe('NO_MATCHING_SIGNATURES')
    expect(r.message).toContain('invalid or missing digest in claim: sha256:634a8f35')
  })

  it('manifest digest error: a good signature next to a manifest of another digest', async () => {
    // The registry refuses schema1 manifests, so the signature is attached to the dir-img-cosign-valid manifest
    // pushed with one byte appended: a different digest, as in the fixture.
    const manifest = readFileSync(join(CI_FIXTURES, 'dir-img-cosign-valid', 'manifest.json'))
    const digest = await putFixtureManifest(reg, 'neg/digest-error', 'v1', Buffer.concat([manifest, Buffer.from('\n')]))
    const sig = readDirImage('dir-img-cosign-manifest-digest-error').signatures[0]!
    await putSignatureManifest(reg, 'neg/digest-error', digest, [{ mediaType: sig.mimeType, payload: sig.payload, annotations: sig.annotations }])
    const r = await outcome(`${reg.host}/neg/digest-error:v1`, ['cosign.pub'])
    expect(r.code).toBe('NO_MATCHING_SIGNATURES')
    expect(r.message).toContain('invalid or missing digest in claim')
  })

  it('unknown key: the signature verifies with neither key', async () => {
    await setUp('dir-img-cosign-valid', 'neg/unknown-key', { signatureFile: 'unknown-cosign-key.signature' })
    const r = await outcome(`${reg.host}/neg/unknown-key:v1`, ['cosign.pub', 'cosign2.pub'])
    expect(r.code).toBe('NO_MATCHING_SIGNATURES')
    expect(r.message).toContain('invalid signature when validating ASN.1 encoded signature')
  })

  it('other attachment: a text/plain layer is not a signature', async () => {
    await setUp('dir-img-cosign-other-attachment', 'neg/other-attachment')
    const r = await outcome(`${reg.host}/neg/other-attachment:v1`, ['cosign.pub'])
    expect(r.code).toBe('NO_SIGNATURES')
    expect(r.message).toContain('text/plain')
  })

  it('keyless and certificate signatures do not verify with a public key', async () => {
    await setUp('dir-img-cosign-fulcio-rekor-valid', 'neg/keyless')
    const r = await outcome(`${reg.host}/neg/keyless:v1`, ['cosign.pub', 'cosign2.pub'])
    expect(r.code).toBe('NO_MATCHING_SIGNATURES')
  })

  it('a valid signature next to an other attachment still passes (other layers are skipped)', async () => {
    const valid = readDirImage('dir-img-cosign-valid').signatures[0]!
    const other = readDirImage('dir-img-cosign-other-attachment').signatures[0]!
    const digest = await putFixtureManifest(reg, 'mixed/app', 'v1', readDirImage('dir-img-cosign-valid').manifest!)
    await putSignatureManifest(reg, 'mixed/app', digest, [other, valid].map((s) => ({ mediaType: s.mimeType, payload: s.payload, annotations: s.annotations })))
    const r = await outcome(`${reg.host}/mixed/app:v1`, ['cosign.pub'])
    expect(r.code).toBe('OK')
    expect(r.payloads).toHaveLength(1)
  })

  it('image not found and no .sig at all', async () => {
    expect((await outcome(`${reg.host}/nothing/here:v1`, ['cosign.pub'])).code).toBe('IMAGE_NOT_FOUND')
    await putFixtureManifest(reg, 'unsigned/app', 'v1', readDirImage('dir-img-cosign-valid').manifest!)
    const r = await outcome(`${reg.host}/unsigned/app:v1`, ['cosign.pub'])
    expect(r.code).toBe('NO_SIGNATURES')
  })
})
