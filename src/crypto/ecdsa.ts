/**
 * ECDSA over NIST P-256 with SHA-256, the only signature scheme sigil uses (cosign's default and the only key type
 * `cosign generate-key-pair` makes; `sigstore/pkg/signature/ecdsa.go`).
 *
 * Signing uses `@noble/curves` because it is deterministic (RFC 6979): the same key and payload always give the
 * same signature, which makes signing reproducible and testable (and lets `sign` recognise its own earlier
 * signature). Node's OpenSSL signs with a random nonce and does not expose OpenSSL 3.2's deterministic mode. noble
 * costs about 0.4 ms per signature, once per image: negligible next to scrypt and the registry.
 *
 * Verification uses `node:crypto` (OpenSSL): about 30 times faster than noble's pure-JavaScript verify (0.05 ms vs
 * 1.5 ms, docs/keys.md), and verification runs once per signature layer found in a registry.
 */
import { sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto'
import { DER } from '@noble/curves/abstract/der.js'
import { p256 } from '@noble/curves/nist.js'

/** Byte length of a P-256 scalar and of each half of a raw `r‖s` signature. */
export const P256_SCALAR_LENGTH = 32

/**
 * Signs `message` with the P-256 private scalar `scalar`: SHA-256 of the message, RFC 6979 deterministic nonce,
 * ASN.1 DER `SEQUENCE { r INTEGER, s INTEGER }` output, as Go's `ecdsa.SignASN1` and therefore cosign emit.
 *
 * noble defaults overridden or pinned here, and why:
 * - `prehash: true`: noble hashes the message with SHA-256 itself; cosign signs SHA-256(payload).
 * - `format: 'der'`: noble's default is the 64-byte compact form; every cosign verifier accepts DER, only
 *   cosign >= 2.2.4 also accepts raw `r‖s` (spec §1.9), so DER is the only safe output.
 * - `lowS: false`: noble's default normalises s to the lower half of the order (a Bitcoin rule). Go and OpenSSL do
 *   not, and without normalisation the output is exactly RFC 6979's (A.2.5 test vectors). Either form verifies
 *   everywhere: Go's `ecdsa.Verify` accepts both.
 * - `extraEntropy` left unset: no hedging, so signatures stay deterministic.
 *
 * @param scalar - the 32-byte private scalar d, big-endian
 * @param message - the bytes to sign (not a digest)
 * @returns the DER-encoded signature (typically 70 to 72 bytes)
 * @throws Error when `scalar` is not a valid P-256 private key
 */
export function p256SignDer(scalar: Uint8Array, message: Uint8Array): Uint8Array {
  return p256.sign(message, scalar, { prehash: true, format: 'der', lowS: false })
}

/**
 * The uncompressed public point `04 ‖ X ‖ Y` (65 bytes) of a P-256 private scalar, computed independently of any
 * public key stored next to the scalar (a PKCS#8 key carries both, and nothing forces them to agree).
 *
 * @throws Error when `scalar` is not in 1..n-1
 */
export function p256PublicPoint(scalar: Uint8Array): Uint8Array {
  return p256.getPublicKey(scalar, false)
}

/**
 * Converts a signature to the raw IEEE P1363 form `r‖s` (32 + 32 bytes), deciding its encoding the way
 * sigstore's `ECDSAVerifier.VerifySignature` does (`sigstore@v1.8.3:pkg/signature/ecdsa.go`, used by cosign >=
 * 2.2.4): bytes that parse as an ASN.1 `SEQUENCE` of two `INTEGER`s are DER; anything else is taken as raw
 * `r‖s` when its length is even and at most 132 bytes, split into two equal halves.
 *
 * The DER parser is noble's, which is strict (minimal lengths and integers, no trailing bytes), as Go's
 * `cryptobyte`-based `ecdsa.VerifyASN1` is.
 *
 * @param signature - DER or raw signature bytes
 * @returns the 64-byte `r‖s`, or `undefined` when no P-256 signature can be read from the bytes (then it cannot
 *   verify)
 */
export function p256SignatureToRaw(signature: Uint8Array): Uint8Array | undefined {
  let der: { r: bigint; s: bigint } | undefined
  try {
    der = DER.toSig(signature)
  } catch {
    der = undefined
  }
  if (der) {
    const r = bigintTo32(der.r)
    const s = bigintTo32(der.s)
    if (!r || !s) return undefined
    const out = new Uint8Array(2 * P256_SCALAR_LENGTH)
    out.set(r, 0)
    out.set(s, P256_SCALAR_LENGTH)
    return out
  }
  if (signature.length === 0 || signature.length > 132 || signature.length % 2 !== 0) return undefined
  const half = signature.length / 2
  const r = trimTo32(signature.subarray(0, half))
  const s = trimTo32(signature.subarray(half))
  if (!r || !s) return undefined
  const out = new Uint8Array(2 * P256_SCALAR_LENGTH)
  out.set(r, P256_SCALAR_LENGTH - r.length)
  out.set(s, 2 * P256_SCALAR_LENGTH - s.length)
  return out
}

/**
 * Verifies a P-256/SHA-256 signature over `message` with OpenSSL (`node:crypto`).
 *
 * Accepts DER and raw `r‖s` (see {@link p256SignatureToRaw}) and high-S signatures (Go produces them half of the
 * time; Go's verifier accepts them, so refusing them would reject genuine cosign signatures).
 *
 * @param publicKey - a P-256 public (or private) key object; the caller checks its curve
 * @param message - the signed bytes (not a digest)
 * @param signature - DER or raw signature
 * @returns whether the signature is valid; never throws for malformed signatures (they are simply invalid)
 */
export function p256Verify(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  const raw = p256SignatureToRaw(signature)
  if (!raw) return false
  try {
    return nodeVerify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)
  } catch {
    return false
  }
}

/**
 * Signs with OpenSSL (random nonce, DER). Not used by sigil's signing path (which must be deterministic); kept as
 * the benchmark baseline and as an independent signer in tests.
 */
export function p256SignNode(privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return new Uint8Array(nodeSign('sha256', message, { key: privateKey, dsaEncoding: 'der' }))
}

function bigintTo32(n: bigint): Uint8Array | undefined {
  if (n < 0n || n >= 1n << 256n) return undefined
  return new Uint8Array(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'))
}

// Go's big.Int.SetBytes ignores leading zero bytes; a half may be longer than 32 bytes only through them.
function trimTo32(bytes: Uint8Array): Uint8Array | undefined {
  let start = 0
  while (start < bytes.length && bytes[start] === 0) start++
  const trimmed = bytes.subarray(start)
  return trimmed.length <= P256_SCALAR_LENGTH ? trimmed : undefined
}
