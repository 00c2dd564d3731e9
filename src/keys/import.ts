/**
 * `import-key-pair`: reading an unencrypted PEM private key, as cosign's `ImportKeyPair` does
 * (`cosign/pkg/cosign/keys.go`): first PEM block, label `RSA PRIVATE KEY` (PKCS#1), `EC PRIVATE KEY` (SEC1) or
 * `PRIVATE KEY` (PKCS#8), key checked with sigstore's `goodkey` rules (RSA 2048/3072/4096, ECDSA P-256/P-384/P-521,
 * Ed25519). sigil signs with P-256 only for now, so keys cosign would accept but sigil cannot use are refused with
 * `UNSUPPORTED_KEY`; keys cosign refuses too are `INVALID_KEY` with cosign's reason.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto'
import { COSIGN_PRIVATE_KEY_PEM_TYPE, decodePem, describeMissingPem, SIGSTORE_PRIVATE_KEY_PEM_TYPE } from '../cosign/key-file.js'
import { InputError } from '../errors.js'
import { signingKeyFromKeyObject, type SigningKey } from './private-key.js'
import { curveName, SUPPORTED_KEY_TYPE } from './public-key.js'
import { readKeyRef, type KeyRefOptions } from './ref.js'

const DER_TYPE_BY_LABEL: Record<string, 'pkcs1' | 'sec1' | 'pkcs8'> = {
  'RSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
  'PRIVATE KEY': 'pkcs8',
}

const RSA_SIZES = [2048, 3072, 4096]
const COSIGN_CURVES = ['prime256v1', 'secp384r1', 'secp521r1']

/**
 * Parses an unencrypted PEM private key for import.
 *
 * @param data - PEM text (first block counts, Go `pem.Decode` rules)
 * @param input - the input's name for messages
 * @returns a P-256 signing key
 * @throws InputError `INVALID_KEY` for what cosign refuses too (no PEM, PGP armour, public key, encrypted PKCS#8,
 *   P-224, secp256k1, RSA of a size other than 2048/3072/4096, damaged DER), `UNSUPPORTED_KEY` for keys cosign
 *   imports but sigil cannot sign with yet (RSA, P-384, P-521, Ed25519)
 */
export function importPrivateKey(data: Uint8Array | string, input: string): SigningKey {
  const block = decodePem(data)
  if (!block) throw new InputError('INVALID_KEY', input, describeMissingPem(data))
  const derType = DER_TYPE_BY_LABEL[block.type]
  if (!derType) throw new InputError('INVALID_KEY', input, describeUnimportable(block.type))
  if (block.headers['Proc-Type']?.includes('ENCRYPTED')) {
    throw new InputError('INVALID_KEY', input, 'an OpenSSL-encrypted PEM (Proc-Type: 4,ENCRYPTED); decrypt it first, e.g. with "openssl pkey"')
  }
  let key: KeyObject
  try {
    key = createPrivateKey({ key: Buffer.from(block.bytes), format: 'der', type: derType })
  } catch (err) {
    throw new InputError('INVALID_KEY', input, `${block.type} block does not hold a valid or known private key`, { cause: err })
  }
  checkCosignAcceptsKey(key, input)
  return signingKeyFromKeyObject(key, input)
}

/** sigstore `goodkey` rules (`cryptoutils.ValidatePubKey`), then sigil's own P-256 restriction. */
function checkCosignAcceptsKey(key: KeyObject, input: string): void {
  const type = key.asymmetricKeyType
  const notYet = (what: string) =>
    new InputError('UNSUPPORTED_KEY', input, `${what}; cosign accepts it, but sigil supports ${SUPPORTED_KEY_TYPE} keys only for now`)
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve
    if (curve === 'prime256v1') return
    if (curve && COSIGN_CURVES.includes(curve)) throw notYet(`an ECDSA ${curveName(curve)} key`)
    throw new InputError('INVALID_KEY', input, `ECDSA curve ${curveName(curve)} is not allowed (cosign accepts P-256, P-384, P-521; sigil signs with P-256)`)
  }
  if (type === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
    if (!RSA_SIZES.includes(bits)) {
      throw new InputError('INVALID_KEY', input, `RSA key size ${bits} is not allowed (cosign accepts 2048, 3072, 4096; sigil signs with ${SUPPORTED_KEY_TYPE})`)
    }
    throw notYet(`an RSA-${bits} key`)
  }
  if (type === 'ed25519') throw notYet('an Ed25519 key')
  throw new InputError('INVALID_KEY', input, `a ${type ?? 'unknown'} key, which cosign does not accept (sigil signs with ${SUPPORTED_KEY_TYPE})`)
}

function describeUnimportable(type: string): string {
  if (type === 'PUBLIC KEY' || type === 'RSA PUBLIC KEY') return 'this is a public key; import-key-pair needs a private key'
  if (type === 'ENCRYPTED PRIVATE KEY') return 'an encrypted PKCS#8 key; decrypt it first, e.g. with "openssl pkcs8"'
  if (type === SIGSTORE_PRIVATE_KEY_PEM_TYPE || type === COSIGN_PRIVATE_KEY_PEM_TYPE) {
    return 'already an encrypted cosign key; use it as it is (import-key-pair takes an unencrypted PEM key)'
  }
  if (type === 'OPENSSH PRIVATE KEY') return 'an OpenSSH key, which cosign does not import (convert it to PKCS#8 PEM first)'
  return `PEM type "${type}" is not a supported private key (expected PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)`
}

/**
 * Reads and parses the key to import from a path, `env://NAME` or PEM text.
 *
 * @throws InputError from `readKeyRef` and {@link importPrivateKey}
 */
export async function loadImportKey(ref: string, options: KeyRefOptions): Promise<SigningKey> {
  const { input, bytes } = await readKeyRef(ref, options)
  return importPrivateKey(bytes, input)
}
