import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { encodePem, encryptKeyFile } from '../../../src/cosign/key-file.js'
import { decryptSigningKey, importPrivateKey, loadImportKey } from '../../../src/keys/index.js'

const FIX = new URL('../../fixtures/keys/cosign/keys-from-keys_test.go/', import.meta.url)
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`${name}.pem`, FIX)))
const enc = (s: string) => new TextEncoder().encode(s)

describe('import-key-pair inputs (cosign keys_test.go set)', () => {
  it.each(['validecp256', 'validecpkcs8'])('%s (P-256) is imported, re-encrypted and reloaded (password "hello")', async (name) => {
    const key = importPrivateKey(fixture(name), `--key "${name}.pem"`)
    const pem = await encryptKeyFile(key.exportPkcs8(), enc('hello'), 'sigstore')
    const again = await decryptSigningKey(enc(pem), 'k', { password: async () => enc('hello') })
    expect(again.publicKeyPem).toBe(key.publicKeyPem)
    const sig = again.sign(enc('payload'))
    expect(key.verify(enc('payload'), sig)).toBe(true)
  })

  it('validecp256 and pemcosigneckey hold the same key', async () => {
    const sec1 = importPrivateKey(fixture('validecp256'), 'k')
    // pemcosigneckey is validecp256 as SEC1 inside the envelope: refused, but the same key once imported properly.
    await expect(decryptSigningKey(fixture('pemcosigneckey'), 'k', { password: async () => enc('hello') })).rejects.toThrow(/SEC1/)
    expect(sec1.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
  })

  const refused: [string, string, RegExp][] = [
    ['validecp384', 'UNSUPPORTED_KEY', /an ECDSA P-384 key; cosign accepts it, but sigil supports ECDSA P-256 keys only for now/],
    ['validecp521', 'UNSUPPORTED_KEY', /an ECDSA P-521 key; cosign accepts it/],
    ['validrsa', 'UNSUPPORTED_KEY', /an RSA-2048 key; cosign accepts it, but sigil supports ECDSA P-256/],
    ['validrsapkcs1', 'UNSUPPORTED_KEY', /an RSA-2048 key/],
    ['validrsapkcs8', 'UNSUPPORTED_KEY', /an RSA-2048 key/],
    ['ed25519key', 'UNSUPPORTED_KEY', /an Ed25519 key; cosign accepts it/],
    ['invalidrsasmallkey', 'INVALID_KEY', /RSA key size 1024 is not allowed \(cosign accepts 2048, 3072, 4096/],
    ['invalidrsalargekey', 'INVALID_KEY', /RSA key size 5120 is not allowed/],
    ['invalidecp224', 'INVALID_KEY', /ECDSA curve P-224 is not allowed/],
    ['invalidecunsupported', 'INVALID_KEY', /ECDSA curve secp256k1 is not allowed/],
    ['invalidrsawithpubkey', 'INVALID_KEY', /this is a public key; import-key-pair needs a private key/],
    ['invalidkey', 'INVALID_KEY', /a PGP armoured block \(PGP PRIVATE KEY BLOCK\), not a PEM key/],
    ['pemcosignkey', 'INVALID_KEY', /already an encrypted cosign key/],
  ]
  it.each(refused)('%s is refused: %s', (name, code, message) => {
    let err: unknown
    try {
      importPrivateKey(fixture(name), `--key "${name}.pem"`)
    } catch (e) {
      err = e
    }
    expect(err).toMatchObject({ code })
    expect((err as Error).message.startsWith(`--key "${name}.pem": `)).toBe(true)
    expect((err as Error).message).toMatch(message)
  })

  it.each([
    ['encrypted PKCS#8', encodePem('ENCRYPTED PRIVATE KEY', enc('x')), /an encrypted PKCS#8 key; decrypt it first/],
    ['OpenSSH', encodePem('OPENSSH PRIVATE KEY', enc('x')), /an OpenSSH key/],
    ['damaged DER', encodePem('EC PRIVATE KEY', enc('x')), /EC PRIVATE KEY block does not hold a valid or known private key/],
    ['legacy encrypted PEM', '-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END EC PRIVATE KEY-----\n', /OpenSSL-encrypted PEM/],
    ['garbage', 'garbage', /not a PEM file/],
    ['empty', '', /empty file/],
  ])('refuses %s', (_name, pem, message) => {
    expect(() => importPrivateKey(pem, 'k')).toThrow(message)
  })

  it('reads the key through a key reference', async () => {
    const pem = Buffer.from(fixture('validecpkcs8')).toString('utf8')
    const a = await loadImportKey('env://K', { env: { K: pem } })
    const b = await loadImportKey(pem, { env: {} })
    expect(a.publicKeyPem).toBe(b.publicKeyPem)
  })
})
