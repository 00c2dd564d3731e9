/**
 * NaCl secretbox (XSalsa20-Poly1305), the cipher of cosign's encrypted key files (`"cipher":{"name":
 * "nacl/secretbox"}`, `go-securesystemslib/encrypted`, which calls `golang.org/x/crypto/nacl/secretbox`).
 *
 * Go's `secretbox.Seal` output is the 16-byte Poly1305 tag followed by the ciphertext, the same layout as
 * libsodium's `crypto_secretbox_easy` and tweetnacl's `secretbox`, so tweetnacl produces identical bytes.
 * Node's OpenSSL has no XSalsa20, hence the dependency.
 */
import nacl from 'tweetnacl'

/** Key length in bytes (the scrypt output length cosign uses). */
export const SECRETBOX_KEY_LENGTH = 32
/** Nonce length in bytes; go-securesystemslib refuses any other (`encrypted: incorrect nonce size`). */
export const SECRETBOX_NONCE_LENGTH = 24
/** Bytes the box adds to the plaintext (the Poly1305 tag). */
export const SECRETBOX_OVERHEAD = 16

/**
 * Encrypts and authenticates `plaintext`.
 *
 * @param plaintext - bytes to seal
 * @param nonce - 24 bytes, never reused with the same key (cosign draws a fresh random nonce per file)
 * @param key - 32 bytes
 * @returns tag ‖ ciphertext, `plaintext.length + 16` bytes
 * @throws RangeError when the nonce or key length is wrong
 */
export function secretboxSeal(plaintext: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array {
  checkLengths(nonce, key)
  return nacl.secretbox(plaintext, nonce, key)
}

/**
 * Authenticates and decrypts a box made by {@link secretboxSeal} (or Go's `secretbox.Seal`).
 *
 * @param box - tag ‖ ciphertext
 * @param nonce - 24 bytes
 * @param key - 32 bytes
 * @returns the plaintext, or `undefined` when authentication fails (wrong key, i.e. wrong password, or tampering)
 * @throws RangeError when the nonce or key length is wrong
 */
export function secretboxOpen(box: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | undefined {
  checkLengths(nonce, key)
  return nacl.secretbox.open(box, nonce, key) ?? undefined
}

function checkLengths(nonce: Uint8Array, key: Uint8Array): void {
  if (nonce.length !== SECRETBOX_NONCE_LENGTH) throw new RangeError(`secretbox nonce must be ${SECRETBOX_NONCE_LENGTH} bytes, got ${nonce.length}`)
  if (key.length !== SECRETBOX_KEY_LENGTH) throw new RangeError(`secretbox key must be ${SECRETBOX_KEY_LENGTH} bytes, got ${key.length}`)
}
