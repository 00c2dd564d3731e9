import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { base64Encode } from '../../../src/crypto/bytes.js'
import { encryptKeyFile } from '../../../src/cosign/key-file.js'
import { generateSigningKey, loadVerificationKey, type SigningKey } from '../../../src/keys/index.js'

// An independent implementation (Python `cryptography` on OpenSSL, a pure-Python secretbox, hashlib.scrypt)
// checks what sigil writes and signs, and makes signatures (random k, high-S) that sigil must accept.

interface Result {
  sigil_signature_verifies: boolean
  pkcs8_public_matches: boolean
  pkcs8_reencoded_identical: boolean
  spki_reencoded_pem: string
  deterministic?: string
  deterministic_error?: string
  python_high_s: string
  python_low_s: string
  python_high_s_raw: string
  encode_check: boolean
  key_file: { label: string; params: { N: number; r: number; p: number }; envelope: string; plaintext_is_pkcs8: boolean }
}

const SCRIPT = fileURLToPath(new URL('./crosscheck.py', import.meta.url))
const payload = new TextEncoder().encode('{"critical":{"identity":{"docker-reference":"registry.example/app"},"image":{"docker-manifest-digest":"sha256:abc"},"type":"cosign container image signature"},"optional":null}')
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'))

describe('cross-check with Python cryptography', () => {
  let key: SigningKey
  let result: Result
  let keyFile: string

  beforeAll(async () => {
    key = generateSigningKey()
    keyFile = await encryptKeyFile(key.exportPkcs8(), new TextEncoder().encode('pässword'), 'sigstore')
    const request = {
      payload: base64Encode(payload),
      spki: base64Encode(key.publicKeyDer),
      pkcs8: base64Encode(key.exportPkcs8()),
      signature: base64Encode(key.sign(payload)),
      key_file: keyFile,
      password: 'pässword',
    }
    const run = spawnSync('python3', [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', timeout: 60_000 })
    if (run.status !== 0) throw new Error(`python3 crosscheck failed: ${run.stderr || run.error?.message}`)
    result = JSON.parse(run.stdout) as Result
  }, 60_000)

  it('Python verifies sigil signatures', () => {
    expect(result.sigil_signature_verifies).toBe(true)
  })

  it('Python reads sigil PKCS#8 and SPKI, and re-encodes them identically', () => {
    expect(result.pkcs8_public_matches).toBe(true)
    expect(result.pkcs8_reencoded_identical).toBe(true)
    expect(result.spki_reencoded_pem).toBe(key.publicKeyPem)
  })

  it('OpenSSL deterministic ECDSA (RFC 6979) gives the same bytes as sigil', () => {
    if (result.deterministic === undefined) {
      // OpenSSL < 3.2 has no deterministic ECDSA; the RFC 6979 vectors in crypto.test.ts still apply.
      expect(result.deterministic_error).toBeDefined()
      return
    }
    expect(result.deterministic).toBe(base64Encode(key.sign(payload)))
  })

  it('sigil verifies Python random-k signatures, low-S and high-S, DER and raw', async () => {
    const pub = await loadVerificationKey(key.publicKeyPem, { env: {} })
    expect(result.encode_check).toBe(true)
    expect(pub.verify(payload, b64(result.python_low_s))).toBe(true)
    expect(pub.verify(payload, b64(result.python_high_s))).toBe(true)
    expect(pub.verify(payload, b64(result.python_high_s_raw))).toBe(true)
    expect(key.verify(payload, b64(result.python_high_s))).toBe(true)
    const flipped = b64(result.python_high_s)
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1
    expect(pub.verify(payload, flipped)).toBe(false)
  })

  it('an independent secretbox + scrypt decrypts the key file sigil wrote (N=65536, SIGSTORE label)', () => {
    expect(result.key_file.label).toBe('ENCRYPTED SIGSTORE PRIVATE KEY')
    expect(result.key_file.params).toEqual({ N: 65536, r: 8, p: 1 })
    expect(result.key_file.plaintext_is_pkcs8).toBe(true)
    expect(Object.keys(JSON.parse(result.key_file.envelope) as object)).toEqual(['kdf', 'cipher', 'ciphertext'])
  })
})
