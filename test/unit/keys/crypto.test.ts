import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import fc from 'fast-check'
import { p256 } from '@noble/curves/nist.js'
import { scrypt as scryptJs } from 'scrypt-js'
import { describe, expect, it } from 'vitest'
import { base64DecodeStrict, base64Encode, constantTimeEqual, fromHex, toHex } from '../../../src/crypto/bytes.js'
import { p256PublicPoint, p256SignatureToRaw, p256SignDer, p256SignNode, p256Verify } from '../../../src/crypto/ecdsa.js'
import { scrypt } from '../../../src/crypto/kdf.js'
import { secretboxOpen, secretboxSeal } from '../../../src/crypto/secretbox.js'

const enc = (s: string) => new TextEncoder().encode(s)

// RFC 6979 appendix A.2.5: the P-256 key, and the SHA-256 signatures of "sample" and "test".
const RFC6979_D = fromHex('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721')
const RFC6979_UX = '60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6'
const RFC6979_UY = '7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299'
const RFC6979 = [
  {
    msg: 'sample',
    r: 'efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716',
    s: 'f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8',
  },
  {
    msg: 'test',
    r: 'f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367',
    s: '019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083',
  },
]
const N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551')

function publicKeyObject(point: Uint8Array) {
  const x = Buffer.from(point.subarray(1, 33)).toString('base64url')
  const y = Buffer.from(point.subarray(33)).toString('base64url')
  return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' })
}

describe('bytes', () => {
  it.each([
    ['', new Uint8Array()],
    ['AA==', Uint8Array.of(0)],
    ['AAE=', Uint8Array.of(0, 1)],
    ['AAEC', Uint8Array.of(0, 1, 2)],
    ['AA\r\nEC', Uint8Array.of(0, 1, 2)],
  ])('decodes %j', (text, bytes) => {
    expect(base64DecodeStrict(text)).toEqual(bytes)
  })

  it.each(['A', 'AA', 'AA=', 'AAA', 'A===', 'AA==AA==', 'AA AA', 'AA-_', '@@@@', 'AAE=\u0000'])('refuses %j', (text) => {
    expect(base64DecodeStrict(text)).toBeUndefined()
  })

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(base64DecodeStrict(base64Encode(b))).toEqual(b)
      }),
      { seed: 7, numRuns: 300 },
    )
  })

  it('hex and constant-time comparison', () => {
    expect(toHex(fromHex('00ff10'))).toBe('00ff10')
    expect(() => fromHex('0')).toThrow(RangeError)
    expect(() => fromHex('zz')).toThrow(RangeError)
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true)
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false)
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1))).toBe(false)
  })
})

describe('scrypt', () => {
  it('matches RFC 7914 section 12 vectors', async () => {
    expect(toHex(await scrypt(enc(''), enc(''), { N: 16, r: 1, p: 1 }, 64))).toBe(
      '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906',
    )
    expect(toHex(await scrypt(enc('password'), enc('NaCl'), { N: 1024, r: 8, p: 16 }, 64))).toBe(
      'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
    )
  })

  it('agrees with scrypt-js (independent implementation) at the cosign parameters', async () => {
    const password = enc('hello')
    const salt = Uint8Array.from({ length: 32 }, (_, i) => i)
    const params = { N: 32768, r: 8, p: 1 }
    expect(await scrypt(password, salt, params, 32)).toEqual(await scryptJs(password, salt, params.N, params.r, params.p, 32))
  })

  it('takes an empty password as a normal input', async () => {
    const a = await scrypt(new Uint8Array(), enc('salt'), { N: 1024, r: 8, p: 1 }, 32)
    expect(a).toHaveLength(32)
    expect(a).toEqual(await scryptJs(new Uint8Array(), enc('salt'), 1024, 8, 1, 32))
  })

  it('runs N=131072 (needs maxmem above Node default)', async () => {
    expect(await scrypt(enc('x'), enc('y'), { N: 131072, r: 8, p: 1 }, 32)).toHaveLength(32)
  })
})

describe('secretbox', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i)
  const nonce = Uint8Array.from({ length: 24 }, (_, i) => 100 + i)

  it('seals to tag + ciphertext and opens again', () => {
    const box = secretboxSeal(enc('reallyimportant'), nonce, key)
    expect(box).toHaveLength(15 + 16)
    expect(secretboxOpen(box, nonce, key)).toEqual(enc('reallyimportant'))
  })

  it('fails to open with a wrong key, nonce or a flipped bit', () => {
    const box = secretboxSeal(enc('x'), nonce, key)
    expect(secretboxOpen(box, nonce, key.map((b, i) => (i === 0 ? b ^ 1 : b)))).toBeUndefined()
    expect(secretboxOpen(box, nonce.map((b, i) => (i === 0 ? b ^ 1 : b)), key)).toBeUndefined()
    for (let i = 0; i < box.length; i++) {
      expect(secretboxOpen(box.map((b, j) => (j === i ? b ^ 0x80 : b)), nonce, key)).toBeUndefined()
    }
  })

  it('refuses wrong lengths loudly', () => {
    expect(() => secretboxSeal(enc('x'), new Uint8Array(12), key)).toThrow(RangeError)
    expect(() => secretboxOpen(new Uint8Array(16), nonce, new Uint8Array(16))).toThrow(RangeError)
  })
})

describe('ECDSA P-256', () => {
  it('derives the RFC 6979 A.2.5 public key', () => {
    expect(toHex(p256PublicPoint(RFC6979_D))).toBe(`04${RFC6979_UX}${RFC6979_UY}`)
  })

  it.each(RFC6979)('reproduces the RFC 6979 A.2.5 SHA-256 signature of "$msg" (DER)', ({ msg, r, s }) => {
    const der = p256SignDer(RFC6979_D, enc(msg))
    expect(der[0]).toBe(0x30)
    expect(toHex(p256SignatureToRaw(der) as Uint8Array)).toBe(r + s)
    expect(p256Verify(publicKeyObject(p256PublicPoint(RFC6979_D)), enc(msg), der)).toBe(true)
  })

  it('is deterministic and verifies for random keys and messages', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 48, maxLength: 48 }), fc.uint8Array({ maxLength: 300 }), (seed, msg) => {
        const d = p256.utils.randomSecretKey(seed)
        const sig = p256SignDer(d, msg)
        expect(p256SignDer(d, msg)).toEqual(sig)
        expect(p256Verify(publicKeyObject(p256PublicPoint(d)), msg, sig)).toBe(true)
      }),
      { seed: 11, numRuns: 40 },
    )
  })

  it('verifies raw r||s and high-S forms, and OpenSSL signatures; rejects tampering', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const msg = enc('payload')
    const der = p256SignNode(privateKey, msg)
    expect(p256Verify(publicKey, msg, der)).toBe(true)
    const raw = p256SignatureToRaw(der) as Uint8Array
    expect(p256Verify(publicKey, msg, raw)).toBe(true)
    // The other S (n - s) is just as valid for ECDSA; one of the two is high.
    const sig = p256.Signature.fromBytes(raw, 'compact')
    const flipped = new p256.Signature(sig.r, N - sig.s)
    expect(flipped.hasHighS() !== sig.hasHighS()).toBe(true)
    expect(p256Verify(publicKey, msg, flipped.toBytes('der'))).toBe(true)
    expect(p256Verify(publicKey, msg, flipped.toBytes('compact'))).toBe(true)
    for (const bad of [der, raw]) {
      for (let i = 0; i < bad.length; i++) {
        expect(p256Verify(publicKey, msg, bad.map((b, j) => (j === i ? b ^ 0x01 : b)))).toBe(false)
      }
    }
    expect(p256Verify(publicKey, enc('other'), der)).toBe(false)
  })

  it.each([
    ['empty', new Uint8Array()],
    ['odd length', new Uint8Array(63)],
    ['too long', new Uint8Array(134)],
    ['DER with trailing byte', Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00)],
    ['zeros', new Uint8Array(64)],
  ])('treats a malformed signature (%s) as invalid, without throwing', (_name, sig) => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    expect(p256Verify(publicKey, enc('x'), sig)).toBe(false)
  })

  it('reads raw signatures with leading zero padding as Go big.Int.SetBytes does', () => {
    const raw = p256SignDer(RFC6979_D, enc('sample'))
    const rs = p256SignatureToRaw(raw) as Uint8Array
    const padded = new Uint8Array(66)
    padded.set(rs.subarray(0, 32), 1)
    padded.set(rs.subarray(32), 34)
    expect(p256SignatureToRaw(padded)).toEqual(rs)
    expect(p256Verify(publicKeyObject(p256PublicPoint(RFC6979_D)), enc('sample'), padded)).toBe(true)
  })
})
