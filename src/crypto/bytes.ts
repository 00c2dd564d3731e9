/**
 * Byte helpers shared by the crypto and format layers: strict standard base64 (Go's `base64.StdEncoding`),
 * UTF-8, constant-time comparison and best-effort zeroing.
 */
import { timingSafeEqual } from 'node:crypto'

const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Encodes bytes as standard, padded base64, as Go's `encoding/json` does for `[]byte` and `encoding/pem` for
 * block bodies.
 *
 * @param bytes - the bytes to encode
 * @returns the base64 text, without line breaks
 */
export function base64Encode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/**
 * Decodes standard, padded base64 strictly, like Go's `base64.StdEncoding.Decode`: `\r` and `\n` are ignored (Go
 * skips them), anything else outside the alphabet, missing padding or bits after the padding point make it fail.
 * Node's `Buffer.from(s, 'base64')` is lenient (it skips junk and truncates), which would let a damaged key file
 * through to the decryption step with a less helpful message.
 *
 * @param text - base64 text
 * @returns the decoded bytes, or `undefined` when `text` is not valid standard base64
 */
export function base64DecodeStrict(text: string): Uint8Array | undefined {
  const compact = text.replace(/[\r\n]/g, '')
  if (!STD_BASE64.test(compact)) return undefined
  return new Uint8Array(Buffer.from(compact, 'base64'))
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/**
 * Parses hex (either case) into bytes.
 *
 * @throws RangeError when `hex` has odd length or a non-hex character
 */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new RangeError('invalid hex string')
  return new Uint8Array(Buffer.from(hex, 'hex'))
}

/**
 * Compares two byte arrays in time that depends only on their lengths (for MACs and secrets).
 *
 * @returns true when both have the same length and content
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Overwrites a buffer with zeros. Best effort only: JavaScript engines may have copied the bytes elsewhere
 * (strings, garbage-collected buffers), so this narrows the window in which a secret sits in memory, nothing more.
 */
export function zeroize(bytes: Uint8Array): void {
  bytes.fill(0)
}
