/**
 * Key handling for signing and verification. Signing code needs only:
 *
 * ```ts
 * const key = await loadSigningKey(ref, { env, password })   // ref: path | PEM text | env://NAME
 * const sig = key.sign(payload)                              // DER, deterministic (RFC 6979)
 * key.verify(payload, existingSig)                           // does a stored signature belong to this key?
 * const pub = await loadVerificationKey(ref, { env })
 * pub.verify(payload, sig)                                   // DER or raw r‖s, high-S accepted
 * ```
 */
export { describeKeyRef, isPemText, readKeyRef, MAX_KEY_FILE_BYTES, type KeyRefOptions, type ResolvedKeyRef } from './ref.js'
export {
  loadVerificationKey,
  verificationKeyFromPem,
  verificationKeyFromSpki,
  SUPPORTED_KEY_TYPE,
  type KeyAlgorithm,
  type VerificationKey,
} from './public-key.js'
export {
  decryptSigningKey,
  generateSigningKey,
  loadSigningKey,
  parseEncryptedKey,
  signingKeyFromPkcs8,
  type LoadSigningKeyOptions,
  type PasswordSource,
  type SigningKey,
} from './private-key.js'
export { importPrivateKey, loadImportKey } from './import.js'
export { checkTargets, writeAll, writeKeyPair, type ConfirmOverwrite, type OutputFile, type WriteKeyPairOptions, type WriteOptions, type WrittenKeyPair } from './write.js'
export type { KeyFileFormat } from '../cosign/key-file.js'
