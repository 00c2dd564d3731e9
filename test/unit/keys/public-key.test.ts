import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { encodePem } from '../../../src/cosign/key-file.js'
import { loadVerificationKey, verificationKeyFromPem } from '../../../src/keys/index.js'

const FIX = new URL('../../fixtures/keys/', import.meta.url)
const fixture = (path: string) => new Uint8Array(readFileSync(new URL(path, FIX)))
const fixturePath = (path: string) => new URL(path, FIX).pathname
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8')

describe('verification keys', () => {
  it.each([
    'cosign/other/release-cosign.pub',
    'cosign/other/cosign-test.pub',
    'research-generated/derived-public-keys/pemcosignkey.pub',
    'research-generated/kat/kat-n32768-cosign.pub',
  ])('loads %s and re-encodes it byte for byte', async (path) => {
    const key = await loadVerificationKey(fixturePath(path), { env: {} })
    expect(key.algorithm).toBe('ecdsa-p256-sha256')
    expect(key.publicKeyPem).toBe(text(fixture(path)))
  })

  it('accepts junk before the PEM block (Go pem.Decode)', () => {
    const pem = text(fixture('cosign/other/release-cosign.pub'))
    expect(verificationKeyFromPem(`# comment\n${pem}`, 'k').publicKeyPem).toBe(pem)
  })

  const rsaPub = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey
  const p384Pub = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey
  const edPub = generateKeyPairSync('ed25519').publicKey
  const cases: [string, string, string, RegExp][] = [
    ['a private key (encrypted)', text(fixture('cosign/keys-from-keys_test.go/pemcosignkey.pem')), 'INVALID_KEY', /this is a private key; verification needs the public key/],
    ['a private key (plain)', text(fixture('cosign/keys-from-keys_test.go/validecp256.pem')), 'INVALID_KEY', /this is a private key/],
    ['RSA PKIX', rsaPub.export({ type: 'spki', format: 'pem' }) as string, 'UNSUPPORTED_KEY', /an RSA-2048 key; sigil supports ECDSA P-256 keys only for now/],
    ['RSA PKCS#1', rsaPub.export({ type: 'pkcs1', format: 'pem' }) as string, 'UNSUPPORTED_KEY', /an RSA public key; sigil supports ECDSA P-256/],
    ['P-384', p384Pub.export({ type: 'spki', format: 'pem' }) as string, 'UNSUPPORTED_KEY', /an ECDSA P-384 key/],
    ['Ed25519', edPub.export({ type: 'spki', format: 'pem' }) as string, 'UNSUPPORTED_KEY', /an Ed25519 key/],
    ['damaged DER', encodePem('PUBLIC KEY', new Uint8Array([1, 2, 3])), 'INVALID_KEY', /not a valid PKIX public key/],
    ['empty', '', 'INVALID_KEY', /empty file/],
    ['garbage', 'hello', 'INVALID_KEY', /not a PEM file/],
    ['other label', encodePem('SOMETHING', new Uint8Array([1])), 'INVALID_KEY', /PEM type "SOMETHING" is not a public key/],
  ]
  it.each(cases)('refuses %s', (_name, pem, code, message) => {
    let err: unknown
    try {
      verificationKeyFromPem(pem, '--key "x.pub"')
    } catch (e) {
      err = e
    }
    expect(err).toMatchObject({ code })
    expect((err as Error).message).toMatch(/^--key "x.pub": /)
    expect((err as Error).message).toMatch(message)
  })

  it('refuses a certificate (by its label, as cosign does)', () => {
    expect(() => verificationKeyFromPem(encodePem('CERTIFICATE', new Uint8Array([0x30, 0])), 'k')).toThrow('k: a certificate; a PUBLIC KEY PEM is needed here')
  })
})
