import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import {
  COSIGN_PRIVATE_KEY_PEM_TYPE,
  decodePem,
  decryptEnvelope,
  encodePem,
  encryptEnvelope,
  encryptKeyFile,
  KeyFormatError,
  marshalEnvelope,
  parseEncryptedKeyFile,
  parseEnvelope,
  SIGSTORE_PRIVATE_KEY_PEM_TYPE,
} from '../../../src/cosign/key-file.js'
import type { Kdf } from '../../../src/crypto/kdf.js'
import { scrypt } from '../../../src/crypto/kdf.js'

const FIX = new URL('../../fixtures/keys/', import.meta.url)
const fixture = (path: string) => new Uint8Array(readFileSync(new URL(path, FIX)))
const enc = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8')

interface Vector {
  name: string
  envelope: string
  expected_plaintext_utf8?: string
  expected_error?: string
}
const VECTORS = (JSON.parse(text(fixture('go-securesystemslib/encrypted-test-vectors.json'))) as { vectors: Vector[] }).vectors

/** A fast stand-in for scrypt (property tests): deterministic, password- and salt-dependent. */
const fakeKdf: Kdf = async (password, salt, params, len) =>
  new Uint8Array(createHash('sha256').update(password).update(salt).update(String(params.N)).digest()).subarray(0, len)

function envelopeJson(mutate: (doc: Record<string, unknown>) => void): Uint8Array {
  const doc = JSON.parse(VECTORS[0]?.envelope as string) as Record<string, unknown>
  mutate(doc)
  return enc(JSON.stringify(doc))
}

function problemOf(fn: () => unknown): { code: string; problem: string } {
  try {
    fn()
  } catch (err) {
    if (err instanceof KeyFormatError) return { code: err.code, problem: err.problem }
    throw err
  }
  throw new Error('did not throw')
}

describe('PEM (Go encoding/pem rules)', () => {
  it('encodes at 64 columns with one trailing newline', () => {
    const pem = encodePem('X', new Uint8Array(100).fill(0xff))
    const lines = pem.split('\n')
    expect(lines[0]).toBe('-----BEGIN X-----')
    // 100 bytes = 136 base64 characters = 64 + 64 + 8
    expect(lines.slice(1, 4).map((l) => l.length)).toEqual([64, 64, 8])
    expect(lines[4]).toBe('-----END X-----')
    expect(lines[5]).toBe('')
    expect(lines).toHaveLength(6)
    expect(pem.endsWith('-----\n')).toBe(true)
    expect(encodePem('E', new Uint8Array())).toBe('-----BEGIN E-----\n-----END E-----\n')
  })

  it('round-trips any body', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
        const block = decodePem(encodePem('SOME LABEL', b))
        expect(block?.type).toBe('SOME LABEL')
        expect(block?.bytes).toEqual(b)
      }),
      { seed: 3, numRuns: 200 },
    )
  })

  it('skips junk before BEGIN, ignores data after END, reads CRLF files', () => {
    const pem = encodePem('K', enc('hello'))
    expect(decodePem(`junk line\nmore\n${pem}trailing garbage`)?.bytes).toEqual(enc('hello'))
    expect(decodePem(pem.replace(/\n/g, '\r\n'))?.bytes).toEqual(enc('hello'))
    expect(decodePem(`junk -----BEGIN K-----\n`)).toBeUndefined()
  })

  it('skips a damaged block in favour of a later good one, as pem.Decode does', () => {
    const bad = '-----BEGIN K-----\naGVsbG8*\n-----END K-----\n'
    expect(decodePem(bad)).toBeUndefined()
    expect(decodePem(`${bad}${encodePem('L', enc('ok'))}`)?.type).toBe('L')
  })

  it('collects headers and requires matching END labels', () => {
    const withHeaders = '-----BEGIN K-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: x\n\naGVsbG8=\n-----END K-----\n'
    expect(decodePem(withHeaders)?.headers).toEqual({ 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'x' })
    expect(decodePem('-----BEGIN K-----\naGVsbG8=\n-----END L-----\n')).toBeUndefined()
    expect(decodePem('-----BEGIN K-----\naGVsbG8=\n')).toBeUndefined()
  })

  it('never throws on binary garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        decodePem(b)
      }),
      { seed: 5, numRuns: 300 },
    )
  })
})

describe('go-securesystemslib envelope vectors (passphrase "supersecret")', () => {
  const decryptable = VECTORS.filter((v) => v.expected_plaintext_utf8 !== undefined)

  it('has the three N values and TestDecrypt', () => {
    expect(decryptable.map((v) => JSON.parse(v.envelope).kdf.params.N)).toEqual([32768, 65536, 131072, 32768])
  })

  it.each(decryptable)('$name decrypts to the expected plaintext', async (v) => {
    const envelope = parseEnvelope(enc(v.envelope))
    expect(text(await decryptEnvelope(envelope, enc('supersecret')))).toBe(v.expected_plaintext_utf8)
    // Re-marshalling the parsed envelope gives back the exact Go bytes.
    expect(marshalEnvelope(envelope)).toBe(v.envelope)
  })

  it.each(decryptable.slice(0, 1))('$name fails with a wrong password: KEY_DECRYPT_FAILED', async (v) => {
    const envelope = parseEnvelope(enc(v.envelope))
    await expect(decryptEnvelope(envelope, enc('supersecreT'))).rejects.toMatchObject({
      code: 'KEY_DECRYPT_FAILED',
      problem: 'wrong password or corrupt key',
    })
  })

  it('refuses N=99,r=99,p=99 before any KDF work', async () => {
    const v = VECTORS.find((x) => x.name === 'TestUnsupportedKDFParameters') as Vector
    expect(v.expected_error).toBe('unsupported scrypt parameters')
    const kdf = vi.fn<Kdf>()
    await expect(async () => decryptEnvelope(parseEnvelope(enc(v.envelope)), enc('supersecret'), kdf)).rejects.toMatchObject({
      code: 'UNSUPPORTED_KDF_PARAMS',
      message: expect.stringContaining('unsupported scrypt parameters N=99, r=99, p=99'),
    })
    expect(kdf).not.toHaveBeenCalled()
  })
})

describe('envelope structure checks (all before the KDF)', () => {
  const cases: [string, Uint8Array, string, RegExp][] = [
    ['not JSON', enc('{"kdf":'), 'INVALID_KEY', /not a JSON envelope/],
    ['invalid UTF-8', Uint8Array.of(0x7b, 0xff, 0x7d), 'INVALID_KEY', /not a JSON envelope/],
    ['JSON array', enc('[]'), 'INVALID_KEY', /not a JSON object/],
    ['missing kdf', envelopeJson((d) => delete d.kdf), 'INVALID_KEY', /missing field "kdf"/],
    ['missing ciphertext', envelopeJson((d) => delete d.ciphertext), 'INVALID_KEY', /missing field "ciphertext"/],
    ['missing salt', envelopeJson((d) => delete (d.kdf as Record<string, unknown>).salt), 'INVALID_KEY', /missing field "kdf.salt"/],
    ['missing nonce', envelopeJson((d) => delete (d.cipher as Record<string, unknown>).nonce), 'INVALID_KEY', /missing field "cipher.nonce"/],
    ['unknown top field', envelopeJson((d) => (d.extra = 1)), 'INVALID_KEY', /unknown field "extra"/],
    ['unknown nested field', envelopeJson((d) => ((d.kdf as Record<string, unknown>).rounds = 1)), 'INVALID_KEY', /unknown field "kdf.rounds"/],
    ['case-changed field', envelopeJson((d) => ((d.KDF = d.kdf), delete d.kdf)), 'INVALID_KEY', /unknown field "KDF"/],
    ['unknown kdf', envelopeJson((d) => ((d.kdf as Record<string, unknown>).name = 'argon2id')), 'UNSUPPORTED_KDF_PARAMS', /unknown key derivation function "argon2id"/],
    ['unknown cipher', envelopeJson((d) => ((d.cipher as Record<string, unknown>).name = 'aes-gcm')), 'INVALID_KEY', /unknown cipher "aes-gcm"/],
    ['absurd N', envelopeJson((d) => (((d.kdf as Record<string, unknown>).params as Record<string, unknown>).N = 2 ** 40)), 'UNSUPPORTED_KDF_PARAMS', /N=1099511627776/],
    ['float N', envelopeJson((d) => (((d.kdf as Record<string, unknown>).params as Record<string, unknown>).N = 32768.5)), 'UNSUPPORTED_KDF_PARAMS', /"N" is not an integer/],
    ['string N', envelopeJson((d) => (((d.kdf as Record<string, unknown>).params as Record<string, unknown>).N = '32768')), 'UNSUPPORTED_KDF_PARAMS', /"N" is not an integer/],
    ['r=16', envelopeJson((d) => (((d.kdf as Record<string, unknown>).params as Record<string, unknown>).r = 16)), 'UNSUPPORTED_KDF_PARAMS', /r=16/],
    ['missing p', envelopeJson((d) => delete ((d.kdf as Record<string, unknown>).params as Record<string, unknown>).p), 'UNSUPPORTED_KDF_PARAMS', /missing scrypt parameter "p"/],
    ['empty salt', envelopeJson((d) => ((d.kdf as Record<string, unknown>).salt = '')), 'INVALID_KEY', /empty salt/],
    ['salt not base64', envelopeJson((d) => ((d.kdf as Record<string, unknown>).salt = 'not base64!')), 'INVALID_KEY', /"kdf.salt" is not valid base64/],
    ['12-byte nonce', envelopeJson((d) => ((d.cipher as Record<string, unknown>).nonce = Buffer.alloc(12).toString('base64'))), 'INVALID_KEY', /nonce is 12 bytes, expected 24/],
    ['truncated ciphertext base64', envelopeJson((d) => (d.ciphertext = String(d.ciphertext).slice(0, 10))), 'INVALID_KEY', /"ciphertext" is not valid base64/],
    ['short ciphertext', envelopeJson((d) => (d.ciphertext = 'AAAA')), 'INVALID_KEY', /shorter than the 16-byte tag/],
    ['number salt', envelopeJson((d) => ((d.kdf as Record<string, unknown>).salt = 5)), 'INVALID_KEY', /"kdf.salt" is not a string/],
  ]
  it.each(cases)('%s', (_name, json, code, message) => {
    const { code: got, problem } = problemOf(() => parseEnvelope(json))
    expect(got).toBe(code)
    expect(problem).toMatch(message)
  })
})

describe('encrypted key files', () => {
  it('reproduces kat-n32768-cosign.key byte for byte from scalar, salt, nonce and password', async () => {
    const pkcs8 = fixture('research-generated/kat/kat-n32768-cosign.pkcs8.der')
    const salt = Uint8Array.from({ length: 32 }, (_, i) => i)
    const nonce = Uint8Array.from({ length: 24 }, (_, i) => 0x20 + i)
    const pem = await encryptKeyFile(pkcs8, enc('correct horse'), 'legacy', { salt, nonce })
    expect(pem).toBe(text(fixture('research-generated/kat/kat-n32768-cosign.key')))
  })

  it('decrypts the KAT file back to its PKCS#8 plaintext', async () => {
    const file = parseEncryptedKeyFile(fixture('research-generated/kat/kat-n32768-cosign.key'))
    expect(file.label).toBe(COSIGN_PRIVATE_KEY_PEM_TYPE)
    expect(await decryptEnvelope(file.envelope, enc('correct horse'))).toEqual(fixture('research-generated/kat/kat-n32768-cosign.pkcs8.der'))
  })

  it.each([
    ['sigstore', SIGSTORE_PRIVATE_KEY_PEM_TYPE, 65536],
    ['legacy', COSIGN_PRIVATE_KEY_PEM_TYPE, 32768],
  ] as const)('writes the %s flavour: label %s, N=%i, fresh salt and nonce', async (format, label, N) => {
    const kdf = vi.fn(fakeKdf)
    const a = parseEncryptedKeyFile(await encryptKeyFile(enc('plaintext'), enc('pw'), format, { kdf }))
    const b = parseEncryptedKeyFile(await encryptKeyFile(enc('plaintext'), enc('pw'), format, { kdf }))
    expect(a.label).toBe(label)
    expect(a.envelope.kdf.params).toEqual({ N, r: 8, p: 1 })
    expect(a.envelope.kdf.salt).toHaveLength(32)
    expect(a.envelope.cipher.nonce).toHaveLength(24)
    expect(a.envelope.kdf.salt).not.toEqual(b.envelope.kdf.salt)
    expect(a.envelope.cipher.nonce).not.toEqual(b.envelope.cipher.nonce)
    expect(await decryptEnvelope(a.envelope, enc('pw'), kdf)).toEqual(enc('plaintext'))
  })

  it('decrypt(encrypt(x, pw), pw) == x for any plaintext and password (fake KDF)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 40 }), async (plain, pw) => {
        const pem = await encryptKeyFile(plain, pw, 'sigstore', { kdf: fakeKdf })
        expect(await decryptEnvelope(parseEncryptedKeyFile(pem).envelope, pw, fakeKdf)).toEqual(plain)
      }),
      { seed: 9, numRuns: 100 },
    )
  })

  it('writes the exact Go JSON field order', async () => {
    const env = await encryptEnvelope(enc('x'), enc('pw'), { N: 32768, kdf: fakeKdf, salt: new Uint8Array(32), nonce: new Uint8Array(24) })
    expect(marshalEnvelope(env)).toMatch(
      /^\{"kdf":\{"name":"scrypt","params":\{"N":32768,"r":8,"p":1\},"salt":"A{43}="\},"cipher":\{"name":"nacl\/secretbox","nonce":"A{32}"\},"ciphertext":"[A-Za-z0-9+/]+={0,2}"\}$/,
    )
  })

  it('refuses to write N outside the allow-list', async () => {
    await expect(encryptEnvelope(enc('x'), enc('pw'), { N: 1024, kdf: fakeKdf })).rejects.toThrow(RangeError)
  })

  it.each([
    ['empty file', '', /empty file/],
    ['no PEM', 'hello world', /not a PEM file/],
    ['truncated base64', '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnsibmFtZSI6InNjcnlwdC\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n', /malformed PEM block "ENCRYPTED SIGSTORE PRIVATE KEY"/],
    ['missing END', '-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\neyJr\n', /malformed PEM block/],
    ['public key', encodePem('PUBLIC KEY', enc('x')), /this is a public key/],
    ['plain PKCS#8', encodePem('PRIVATE KEY', enc('x')), /unencrypted PRIVATE KEY/],
    ['other label', encodePem('FOO', enc('x')), /PEM type "FOO" is not an encrypted cosign private key/],
    ['PGP', text(fixture('cosign/keys-from-keys_test.go/invalidkey.pem')), /PGP armoured block/],
    ['body not JSON', encodePem(SIGSTORE_PRIVATE_KEY_PEM_TYPE, enc('not json')), /not a JSON envelope/],
  ])('refuses a key file: %s', (_name, data, message) => {
    const { code, problem } = problemOf(() => parseEncryptedKeyFile(data))
    expect(code).toBe('INVALID_KEY')
    expect(problem).toMatch(message)
  })

  it('parses every upstream encrypted key file without a password', () => {
    for (const f of ['cosign/keys-from-keys_test.go/pemcosignkey.pem', 'cosign/keys-from-keys_test.go/pemsigstorekey.pem', 'cosign/keys-from-keys_test.go/pemcosigneckey.pem', 'cosign/other/cosign-test.key']) {
      const file = parseEncryptedKeyFile(fixture(f))
      expect([SIGSTORE_PRIVATE_KEY_PEM_TYPE, COSIGN_PRIVATE_KEY_PEM_TYPE]).toContain(file.label)
    }
  })

  it('real scrypt round trip at N=32768', async () => {
    const pem = await encryptKeyFile(enc('secret'), new Uint8Array(), 'legacy')
    expect(await decryptEnvelope(parseEncryptedKeyFile(pem).envelope, new Uint8Array(), scrypt)).toEqual(enc('secret'))
  })
})
