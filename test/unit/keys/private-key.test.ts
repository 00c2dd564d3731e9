import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { encodePem, encryptKeyFile, SIGSTORE_PRIVATE_KEY_PEM_TYPE } from '../../../src/cosign/key-file.js'
import type { Kdf } from '../../../src/crypto/kdf.js'
import { scrypt } from '../../../src/crypto/kdf.js'
import { InputError } from '../../../src/errors.js'
import {
  decryptSigningKey,
  generateSigningKey,
  loadSigningKey,
  loadVerificationKey,
  signingKeyFromPkcs8,
  verificationKeyFromPem,
} from '../../../src/keys/index.js'

const FIX = new URL('../../fixtures/keys/', import.meta.url)
const fixture = (path: string) => new Uint8Array(readFileSync(new URL(path, FIX)))
const fixturePath = (path: string) => new URL(path, FIX).pathname
const enc = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8')
const pw = (s: string) => async () => enc(s)
const PAYLOAD = enc('{"critical":{"identity":{"docker-reference":"example.com/app"},"image":{"docker-manifest-digest":"sha256:00"},"type":"cosign container image signature"},"optional":null}')

describe('password-known upstream keys', () => {
  it.each([
    ['pemcosignkey', 'ENCRYPTED COSIGN PRIVATE KEY'],
    ['pemsigstorekey', 'ENCRYPTED SIGSTORE PRIVATE KEY'],
  ])('%s decrypts with "hello", has the derived public key, signs and verifies', async (name, label) => {
    const data = fixture(`cosign/keys-from-keys_test.go/${name}.pem`)
    expect(text(data)).toContain(label)
    const key = await decryptSigningKey(data, `key "${name}"`, { password: pw('hello') })
    const derived = text(fixture(`research-generated/derived-public-keys/${name}.pub`))
    expect(key.publicKeyPem).toBe(derived)
    const sig = key.sign(PAYLOAD)
    expect(key.verify(PAYLOAD, sig)).toBe(true)
    expect(verificationKeyFromPem(derived, 'pub').verify(PAYLOAD, sig)).toBe(true)
    expect(key.sign(PAYLOAD)).toEqual(sig)
  })

  it('the KAT key loads and signs with the RFC 6979 key', async () => {
    const key = await loadSigningKey(fixturePath('research-generated/kat/kat-n32768-cosign.key'), { env: {}, password: pw('correct horse') })
    expect(key.publicKeyPem).toBe(text(fixture('research-generated/kat/kat-n32768-cosign.pub')))
    expect(key.exportPkcs8()).toEqual(fixture('research-generated/kat/kat-n32768-cosign.pkcs8.der'))
  })

  it('pemcosigneckey (SEC1 inside the envelope) is refused after decryption, as cosign refuses it', async () => {
    const err = await decryptSigningKey(fixture('cosign/keys-from-keys_test.go/pemcosigneckey.pem'), 'key "pemcosigneckey.pem"', { password: pw('hello') }).catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(InputError)
    expect(err).toMatchObject({ code: 'INVALID_KEY' })
    expect((err as Error).message).toMatch(/^key "pemcosigneckey.pem": the decrypted key is SEC1 \(EC PRIVATE KEY\), not PKCS#8/)
  })

  it('a wrong password gives KEY_DECRYPT_FAILED naming the input and not the password', async () => {
    const err = (await decryptSigningKey(fixture('cosign/keys-from-keys_test.go/pemcosignkey.pem'), '--key "pemcosignkey.pem"', {
      password: pw('hunter2'),
    }).catch((e: unknown) => e)) as InputError
    expect(err.code).toBe('KEY_DECRYPT_FAILED')
    expect(err.message).toBe('--key "pemcosignkey.pem": wrong password or corrupt key')
    expect(err.message).not.toContain('hunter2')
  })

  it('cosign-test.key (password unknown) passes the structure checks and fails to decrypt', async () => {
    await expect(decryptSigningKey(fixture('cosign/other/cosign-test.key'), 'k', { password: pw('') })).rejects.toMatchObject({ code: 'KEY_DECRYPT_FAILED' })
  })
})

describe('checks before the password and the KDF', () => {
  const v = JSON.parse(text(fixture('go-securesystemslib/encrypted-test-vectors.json'))) as { vectors: { name: string; envelope: string }[] }
  const unsupported = encodePem(SIGSTORE_PRIVATE_KEY_PEM_TYPE, enc((v.vectors.find((x) => x.name === 'TestUnsupportedKDFParameters') as { envelope: string }).envelope))

  it('N=99,r=99,p=99: refused with UNSUPPORTED_KDF_PARAMS; neither the password source nor the KDF is called', async () => {
    const kdf = vi.fn<Kdf>(scrypt)
    const password = vi.fn(pw('supersecret'))
    await expect(loadSigningKey(unsupported, { env: {}, password, kdf })).rejects.toMatchObject({
      code: 'UNSUPPORTED_KDF_PARAMS',
      message: '--key (PEM text): unsupported scrypt parameters N=99, r=99, p=99 (cosign reads N=32768, 65536, 131072 with r=8, p=1)',
    })
    expect(password).not.toHaveBeenCalled()
    expect(kdf).not.toHaveBeenCalled()
  })

  it('a missing file is reported without asking for the password', async () => {
    const password = vi.fn(pw('x'))
    await expect(loadSigningKey('/nonexistent/cosign.key', { env: {}, password })).rejects.toMatchObject({
      code: 'IO',
      message: '--key "/nonexistent/cosign.key": no such file',
    })
    expect(password).not.toHaveBeenCalled()
  })

  it('a public key where a private key is expected', async () => {
    const password = vi.fn(pw('x'))
    await expect(loadSigningKey(fixturePath('cosign/other/release-cosign.pub'), { env: {}, password })).rejects.toMatchObject({
      code: 'INVALID_KEY',
      message: expect.stringMatching(/release-cosign.pub": this is a public key; a private key is needed here/),
    })
    expect(password).not.toHaveBeenCalled()
  })

  it('password source errors pass through unchanged', async () => {
    const boom = new InputError('PASSWORD_MISMATCH', 'password', 'passwords do not match')
    await expect(
      loadSigningKey(fixturePath('cosign/keys-from-keys_test.go/pemcosignkey.pem'), { env: {}, password: () => Promise.reject(boom) }),
    ).rejects.toBe(boom)
  })
})

describe('key references', () => {
  it('path, env://NAME and PEM text load the same key', async () => {
    const pem = text(fixture('cosign/keys-from-keys_test.go/pemsigstorekey.pem'))
    const dir = mkdtempSync(join(tmpdir(), 'sigil-keys-'))
    writeFileSync(join(dir, 'my.key'), pem)
    const env = { MY_KEY: pem }
    const keys = await Promise.all([
      loadSigningKey('my.key', { env, cwd: dir, password: pw('hello') }),
      loadSigningKey(join(dir, 'my.key'), { env, password: pw('hello') }),
      loadSigningKey('env://MY_KEY', { env, password: pw('hello') }),
      loadSigningKey(pem, { env, password: pw('hello') }),
    ])
    for (const k of keys) expect(k.publicKeyPem).toBe(keys[0]?.publicKeyPem)
  })

  it('names env:// and PEM inputs in errors, never echoing PEM text', async () => {
    const pem = text(fixture('cosign/keys-from-keys_test.go/pemsigstorekey.pem'))
    await expect(loadSigningKey('env://NOPE', { env: {}, password: pw('') })).rejects.toThrow('--key env://NOPE: environment variable NOPE is not set')
    const err = (await loadSigningKey(pem, { env: {}, password: pw('wrong') }).catch((e: unknown) => e)) as Error
    expect(err.message).toBe('--key (PEM text): wrong password or corrupt key')
    const err2 = (await loadSigningKey(pem, { env: {}, password: pw('x'), flag: 'input "private-key"' }).catch((e: unknown) => e)) as Error
    expect(err2.message).toBe('input "private-key" (PEM text): wrong password or corrupt key')
  })
})

describe('generated keys', () => {
  it('generate, encrypt (both flavours), load, sign, verify with the loaded public key', async () => {
    const key = generateSigningKey()
    for (const format of ['sigstore', 'legacy'] as const) {
      const pem = await encryptKeyFile(key.exportPkcs8(), enc('pw'), format)
      const loaded = await loadSigningKey(pem, { env: {}, password: pw('pw') })
      expect(loaded.publicKeyPem).toBe(key.publicKeyPem)
      const sig = loaded.sign(PAYLOAD)
      expect(sig).toEqual(key.sign(PAYLOAD))
      const pub = await loadVerificationKey(key.publicKeyPem, { env: {} })
      expect(pub.verify(PAYLOAD, sig)).toBe(true)
      expect(pub.verify(enc('other'), sig)).toBe(false)
    }
  })

  it('the public key PEM is the 178-byte PKIX form cosign writes', () => {
    const key = generateSigningKey()
    expect(key.publicKeyPem).toHaveLength(178)
    expect(key.publicKeyPem.startsWith('-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE')).toBe(true)
    expect(key.publicKeyDer).toHaveLength(91)
  })

  it('exports the 138-byte PKCS#8 layout Go emits', () => {
    const der = generateSigningKey().exportPkcs8()
    expect(der).toHaveLength(138)
    expect(Buffer.from(der.subarray(0, 36)).toString('hex')).toMatch(/^308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420$/)
  })

  it('does not show key material when inspected or serialised', async () => {
    const key = generateSigningKey()
    const { inspect } = await import('node:util')
    expect(inspect(key)).toBe('SigningKey(ecdsa-p256-sha256)')
    expect(JSON.stringify(key)).not.toMatch(/"d"|scalar/)
  })

  it('refuses PKCS#8 of other key types, naming the supported type', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'der' })
    expect(() => signingKeyFromPkcs8(new Uint8Array(rsa), 'k')).toThrow('k: an RSA-2048 key; sigil supports ECDSA P-256 keys only for now')
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'der' })
    expect(() => signingKeyFromPkcs8(new Uint8Array(p384), 'k')).toThrow('k: an ECDSA P-384 key; sigil supports ECDSA P-256 keys only for now')
    expect(() => signingKeyFromPkcs8(enc('garbage'), 'k')).toThrow('k: the decrypted data is not a PKCS#8 private key')
  })

  it('refuses a PKCS#8 key whose stored public key does not belong to the scalar', () => {
    const a = generateSigningKey().exportPkcs8()
    const b = generateSigningKey().exportPkcs8()
    const mixed = new Uint8Array(a)
    mixed.set(b.subarray(b.length - 64), a.length - 64) // swap in another key's public point
    expect(() => signingKeyFromPkcs8(mixed, 'k')).toThrow(/does not belong to it/)
  })
})
