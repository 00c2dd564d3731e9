/**
 * scrypt key derivation, as used by the encrypted key files of cosign (`go-securesystemslib/encrypted`, and
 * `go-tuf/encrypted` before cosign 2.2): `scrypt(password, salt, N, r, p, 32)`.
 *
 * Node's built-in `crypto.scrypt` (OpenSSL) is used rather than the pure-JavaScript `scrypt-js`: measured on this
 * project's machine it is about 4x faster (see docs/keys.md and `npm run bench -- keys`), and it runs on the
 * libuv thread pool, so it does not block the event loop.
 */
import { scrypt as nodeScrypt } from 'node:crypto'

/** scrypt cost parameters: CPU/memory cost `N` (a power of two), block size `r`, parallelism `p`. */
export interface ScryptParams {
  readonly N: number
  readonly r: number
  readonly p: number
}

/**
 * A key derivation function with the signature of {@link scrypt}. Format code takes one as an optional
 * dependency so tests can prove when it is (not) called.
 */
export type Kdf = (password: Uint8Array, salt: Uint8Array, params: ScryptParams, keyLength: number) => Promise<Uint8Array>

/** Slack over the strict scrypt working-set size, for OpenSSL's own bookkeeping. */
const MAXMEM_SLACK = 1024 * 1024

/**
 * Derives `keyLength` bytes with scrypt.
 *
 * The password is used as raw bytes: no normalisation, trimming or terminator, exactly as Go's
 * `golang.org/x/crypto/scrypt.Key` takes it. An empty password is a valid input.
 *
 * Node refuses to run scrypt when its working set exceeds `maxmem` (32 MiB by default, less than N=65536 needs),
 * so `maxmem` is set from the parameters: OpenSSL needs `128·r·(N + 2)` bytes for V plus `128·r·p` for B.
 * Callers must bound `N`, `r` and `p` before calling (key files allow-list them), since this function would
 * otherwise happily allocate what it is told to.
 *
 * @param password - password bytes
 * @param salt - salt bytes
 * @param params - cost parameters
 * @param keyLength - output length in bytes
 * @returns the derived key
 * @throws Error from Node when the parameters are invalid (N not a power of two, too much memory)
 */
export const scrypt: Kdf = (password, salt, params, keyLength) => {
  const { N, r, p } = params
  const maxmem = 128 * r * (N + 2) + 128 * r * p + MAXMEM_SLACK
  return new Promise((resolve, reject) => {
    nodeScrypt(password, salt, keyLength, { N, r, p, maxmem }, (err, key) => {
      if (err) reject(err)
      else resolve(new Uint8Array(key.buffer, key.byteOffset, key.byteLength))
    })
  })
}
