/**
 * Verification keys: PKIX `PUBLIC KEY` PEM (cosign.pub) for ECDSA P-256, read as cosign's
 * `cryptoutils.UnmarshalPEMToPublicKey` reads it (first PEM block, Go `pem.Decode` rules).
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import { decodePem, describeMissingPem, encodePem, PUBLIC_KEY_PEM_TYPE } from '../cosign/key-file.js'
import { p256Verify } from '../crypto/ecdsa.js'
import { InputError } from '../errors.js'
import { readKeyRef, type KeyRefOptions } from './ref.js'

/** The signature scheme of every key sigil handles today. */
export type KeyAlgorithm = 'ecdsa-p256-sha256'

/** What a human is told is supported, in refusals. */
export const SUPPORTED_KEY_TYPE = 'ECDSA P-256'

/** A public key that checks signatures. */
export interface VerificationKey {
  readonly algorithm: KeyAlgorithm
  /** PKIX `PUBLIC KEY` PEM, byte-identical to cosign's `.pub` files (64 columns, one trailing newline). */
  readonly publicKeyPem: string
  /** PKIX `SubjectPublicKeyInfo` DER. */
  readonly publicKeyDer: Uint8Array
  /**
   * Whether `signature` (DER or raw `r‖s`, high-S accepted) is a valid ECDSA P-256 signature over
   * SHA-256(`payload`). Never throws for malformed signatures.
   */
  verify(payload: Uint8Array, signature: Uint8Array): boolean
}

/** @internal Builds the verification half from a P-256 key object (public or private). */
export function verificationKeyFromKeyObject(key: KeyObject): VerificationKey {
  const publicKey = key.type === 'public' ? key : createPublicKey(key)
  const publicKeyDer = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }))
  const publicKeyPem = encodePem(PUBLIC_KEY_PEM_TYPE, publicKeyDer)
  return {
    algorithm: 'ecdsa-p256-sha256',
    publicKeyPem,
    publicKeyDer,
    verify: (payload, signature) => p256Verify(publicKey, payload, signature),
  }
}

/**
 * A human description of a key object that is not P-256, for `UNSUPPORTED_KEY` messages; `undefined` when it is
 * P-256.
 */
export function unsupportedKeyDescription(key: KeyObject): string | undefined {
  const type = key.asymmetricKeyType
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve
    if (curve === 'prime256v1') return undefined
    return `an ECDSA ${curveName(curve)} key`
  }
  if (type === 'rsa' || type === 'rsa-pss') return `an RSA-${key.asymmetricKeyDetails?.modulusLength ?? '?'} key`
  if (type === 'ed25519') return 'an Ed25519 key'
  return `a ${type ?? 'unknown'} key`
}

/** Go/NIST names for the OpenSSL curve names Node reports. */
export function curveName(curve: string | undefined): string {
  switch (curve) {
    case 'prime256v1':
      return 'P-256'
    case 'secp384r1':
      return 'P-384'
    case 'secp521r1':
      return 'P-521'
    case 'secp224r1':
      return 'P-224'
    default:
      return curve ?? 'unknown-curve'
  }
}

/**
 * Parses a verification key from PEM text.
 *
 * @param data - file contents
 * @param input - the input's name for messages
 * @throws InputError `INVALID_KEY` (no PEM, a private key, a certificate, damaged DER), `UNSUPPORTED_KEY` (a valid
 *   public key of another type: RSA, P-384, P-521, Ed25519)
 */
export function verificationKeyFromPem(data: Uint8Array | string, input: string): VerificationKey {
  const block = decodePem(data)
  if (!block) throw new InputError('INVALID_KEY', input, describeMissingPem(data))
  switch (block.type) {
    case PUBLIC_KEY_PEM_TYPE:
      return verificationKeyFromSpki(block.bytes, input)
    case 'RSA PUBLIC KEY':
      throw new InputError('UNSUPPORTED_KEY', input, `an RSA public key; sigil supports ${SUPPORTED_KEY_TYPE} keys only for now`)
    case 'CERTIFICATE':
      throw new InputError('INVALID_KEY', input, 'a certificate; a PUBLIC KEY PEM is needed here')
    default:
      if (/PRIVATE KEY$/.test(block.type)) {
        throw new InputError('INVALID_KEY', input, 'this is a private key; verification needs the public key (e.g. cosign.pub, or "sigil public-key --key cosign.key")')
      }
      throw new InputError('INVALID_KEY', input, `PEM type "${block.type}" is not a public key (expected PUBLIC KEY)`)
  }
}

/**
 * Parses a verification key from PKIX `SubjectPublicKeyInfo` DER.
 *
 * @throws InputError as {@link verificationKeyFromPem}
 */
export function verificationKeyFromSpki(der: Uint8Array, input: string): VerificationKey {
  let key: KeyObject
  try {
    key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' })
  } catch (err) {
    throw new InputError('INVALID_KEY', input, 'PUBLIC KEY block is not a valid PKIX public key', { cause: err })
  }
  const unsupported = unsupportedKeyDescription(key)
  if (unsupported) throw new InputError('UNSUPPORTED_KEY', input, `${unsupported}; sigil supports ${SUPPORTED_KEY_TYPE} keys only for now`)
  return verificationKeyFromKeyObject(key)
}

/**
 * Loads a verification key from a path, `env://NAME` or PEM text (see `readKeyRef`).
 *
 * @throws InputError from `readKeyRef` and {@link verificationKeyFromPem}
 */
export async function loadVerificationKey(ref: string, options: KeyRefOptions): Promise<VerificationKey> {
  const { input, bytes } = await readKeyRef(ref, options)
  return verificationKeyFromPem(bytes, input)
}
