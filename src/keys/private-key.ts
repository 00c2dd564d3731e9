/**
 * Signing keys: cosign's encrypted private key files, decrypted with a password, and freshly generated keys.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { decryptEnvelope, KeyFormatError, parseEncryptedKeyFile, type EncryptedKeyFile } from '../cosign/key-file.js'
import { zeroize } from '../crypto/bytes.js'
import { p256PublicPoint, p256SignDer, P256_SCALAR_LENGTH } from '../crypto/ecdsa.js'
import type { Kdf } from '../crypto/kdf.js'
import { InputError } from '../errors.js'
import { SUPPORTED_KEY_TYPE, unsupportedKeyDescription, verificationKeyFromKeyObject, type VerificationKey } from './public-key.js'
import { readKeyRef, type KeyRefOptions } from './ref.js'

/**
 * Supplies the password when (and only when) it is needed. Called at most once per load; must return a fresh array
 * each time, since the caller overwrites it after use.
 */
export type PasswordSource = () => Promise<Uint8Array>

/** A private key that signs, and (through {@link VerificationKey}) checks signatures against its own public key. */
export interface SigningKey extends VerificationKey {
  /**
   * Signs SHA-256(`payload`) with ECDSA P-256, deterministically (RFC 6979): the same key and payload always give
   * the same bytes.
   *
   * @returns the ASN.1 DER signature, as cosign stores it (base64 in the `dev.cosignproject.cosign/signature`
   *   annotation)
   */
  sign(payload: Uint8Array): Uint8Array
  /** PKCS#8 `PrivateKeyInfo` DER, what an encrypted key file holds. Secret: handle with care. */
  exportPkcs8(): Uint8Array
}

export interface LoadSigningKeyOptions extends KeyRefOptions {
  /** Called after the key file has been read and checked, never before. */
  readonly password: PasswordSource
  /** scrypt implementation; tests inject a spy. */
  readonly kdf?: Kdf
}

class P256SigningKey implements SigningKey {
  readonly algorithm = 'ecdsa-p256-sha256' as const
  readonly publicKeyPem: string
  readonly publicKeyDer: Uint8Array
  readonly #scalar: Uint8Array
  readonly #privateKey: KeyObject
  readonly #verifier: VerificationKey

  constructor(privateKey: KeyObject, scalar: Uint8Array) {
    this.#privateKey = privateKey
    this.#scalar = scalar
    this.#verifier = verificationKeyFromKeyObject(privateKey)
    this.publicKeyPem = this.#verifier.publicKeyPem
    this.publicKeyDer = this.#verifier.publicKeyDer
  }

  sign(payload: Uint8Array): Uint8Array {
    return p256SignDer(this.#scalar, payload)
  }

  verify(payload: Uint8Array, signature: Uint8Array): boolean {
    return this.#verifier.verify(payload, signature)
  }

  exportPkcs8(): Uint8Array {
    return new Uint8Array(this.#privateKey.export({ type: 'pkcs8', format: 'der' }))
  }

  // Keep the scalar out of console.log / util.inspect output.
  toJSON(): object {
    return { algorithm: this.algorithm, publicKeyPem: this.publicKeyPem }
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SigningKey(${this.algorithm})`
  }
}

/**
 * Builds a signing key from a P-256 key object, checking that the public key stored with the scalar (PKCS#8 and
 * SEC1 carry both) is the one the scalar gives: otherwise sigil would sign with one key and publish another.
 */
function fromKeyObject(key: KeyObject, input: string): SigningKey {
  const unsupported = unsupportedKeyDescription(key)
  if (unsupported) throw new InputError('UNSUPPORTED_KEY', input, `${unsupported}; sigil supports ${SUPPORTED_KEY_TYPE} keys only for now`)
  const jwk = key.export({ format: 'jwk' })
  if (!jwk.d || !jwk.x || !jwk.y) throw new InputError('INVALID_KEY', input, 'EC private key without its components')
  const scalar = new Uint8Array(Buffer.from(jwk.d, 'base64url'))
  let point: Uint8Array
  try {
    if (scalar.length !== P256_SCALAR_LENGTH) throw new Error('bad scalar length')
    point = p256PublicPoint(scalar)
  } catch (err) {
    throw new InputError('INVALID_KEY', input, 'invalid P-256 private scalar', { cause: err })
  }
  const stored = Buffer.concat([Buffer.of(4), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')])
  if (!stored.equals(point)) throw new InputError('INVALID_KEY', input, 'the public key stored in the private key does not belong to it')
  return new P256SigningKey(key, scalar)
}

/**
 * A signing key from PKCS#8 DER, the plaintext of a cosign key file. Other encodings are refused as cosign's
 * `LoadPrivateKey` refuses them (`x509.ParsePKCS8PrivateKey` only): notably a SEC1 `EC PRIVATE KEY` inside the
 * envelope (cosign's `pemcosigneckey` test), which some hand-made key files contain.
 *
 * @param der - PKCS#8 DER
 * @param input - the input's name for messages
 * @throws InputError `INVALID_KEY` (not PKCS#8, damaged, mismatched public key), `UNSUPPORTED_KEY` (valid but not
 *   P-256)
 */
export function signingKeyFromPkcs8(der: Uint8Array, input: string): SigningKey {
  let key: KeyObject
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })
  } catch (err) {
    throw new InputError('INVALID_KEY', input, describeNonPkcs8(der), { cause: err })
  }
  return fromKeyObject(key, input)
}

/** @internal For import: a key object already parsed from an unencrypted PEM. */
export function signingKeyFromKeyObject(key: KeyObject, input: string): SigningKey {
  return fromKeyObject(key, input)
}

function describeNonPkcs8(der: Uint8Array): string {
  for (const type of ['sec1', 'pkcs1'] as const) {
    try {
      // Node's SEC1 decoder also accepts PKCS#8, but that was just ruled out.
      createPrivateKey({ key: Buffer.from(der), format: 'der', type })
      return `the decrypted key is ${type === 'sec1' ? 'SEC1 (EC PRIVATE KEY)' : 'PKCS#1 (RSA PRIVATE KEY)'}, not PKCS#8; cosign refuses it too (re-import the unencrypted key with "sigil import-key-pair")`
    } catch {
      // try the next
    }
  }
  return 'the decrypted data is not a PKCS#8 private key'
}

/** A new random ECDSA P-256 key (Node's CSPRNG), what `cosign generate-key-pair` makes. */
export function generateSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return fromKeyObject(privateKey, 'generated key')
}

/**
 * Reads an encrypted key file's structure without decrypting it (no password, no scrypt).
 *
 * @throws InputError `INVALID_KEY` / `UNSUPPORTED_KDF_PARAMS` naming `input`
 */
export function parseEncryptedKey(data: Uint8Array | string, input: string): EncryptedKeyFile {
  try {
    return parseEncryptedKeyFile(data)
  } catch (err) {
    throw asInputError(err, input)
  }
}

/**
 * Decrypts cosign key file contents into a signing key. Everything that can be checked without the password is
 * checked first; only then is `password` called.
 *
 * @param data - the key file's bytes (or text)
 * @param input - the input's name for messages
 * @param options - password source, optional KDF
 * @throws InputError `INVALID_KEY`, `UNSUPPORTED_KDF_PARAMS`, `KEY_DECRYPT_FAILED` (wrong password or damaged
 *   ciphertext), `UNSUPPORTED_KEY`; errors thrown by `password` pass through
 */
export async function decryptSigningKey(
  data: Uint8Array | string,
  input: string,
  options: { password: PasswordSource; kdf?: Kdf },
): Promise<SigningKey> {
  const file = parseEncryptedKey(data, input)
  const password = await options.password()
  let plaintext: Uint8Array
  try {
    plaintext = await decryptEnvelope(file.envelope, password, options.kdf)
  } catch (err) {
    throw asInputError(err, input)
  } finally {
    zeroize(password)
  }
  try {
    return signingKeyFromPkcs8(plaintext, input)
  } finally {
    zeroize(plaintext)
  }
}

/**
 * Loads a signing key from a path, `env://NAME` or PEM text: reads and checks the file, then asks for the password,
 * then decrypts. This is what `sign --key` and `public-key --key` use.
 *
 * @throws InputError from `readKeyRef` and {@link decryptSigningKey}
 */
export async function loadSigningKey(ref: string, options: LoadSigningKeyOptions): Promise<SigningKey> {
  const { input, bytes } = await readKeyRef(ref, options)
  return decryptSigningKey(bytes, input, options)
}

function asInputError(err: unknown, input: string): unknown {
  if (err instanceof KeyFormatError) return new InputError(err.code, input, err.problem, { cause: err })
  return err
}
