/**
 * cosign's encrypted private key file, byte for byte (spec §1.1 to §1.4):
 *
 * ```
 * -----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----        (or ENCRYPTED COSIGN PRIVATE KEY)
 * base64 of {"kdf":{"name":"scrypt","params":{"N":65536,"r":8,"p":1},"salt":"…"},
 *            "cipher":{"name":"nacl/secretbox","nonce":"…"},"ciphertext":"…"}
 * -----END ENCRYPTED SIGSTORE PRIVATE KEY-----
 * ```
 *
 * The envelope is `go-securesystemslib/encrypted` (cosign >= 2.2; `go-tuf/encrypted` before, same format with N
 * fixed at 32768); the plaintext is PKCS#8 DER (`cosign/pkg/cosign/keys.go`). This module handles the PEM armour
 * and the envelope; what the plaintext means is `src/keys/`'s business.
 *
 * Every structural check happens in {@link parseEncryptedKeyFile}, before any password is asked for and before
 * scrypt runs, so a damaged file is reported at once and a hostile one cannot make sigil burn CPU or memory.
 */
import { randomBytes } from 'node:crypto'
import { base64DecodeStrict, base64Encode, zeroize } from '../crypto/bytes.js'
import { scrypt, type Kdf, type ScryptParams } from '../crypto/kdf.js'
import { SECRETBOX_KEY_LENGTH, SECRETBOX_NONCE_LENGTH, SECRETBOX_OVERHEAD, secretboxOpen, secretboxSeal } from '../crypto/secretbox.js'
import { SigilError, type ErrorCode } from '../errors.js'

/** PEM type written by cosign <= 2.0.0 and containers/image (`CosignPrivateKeyPemType`); read by everyone. */
export const COSIGN_PRIVATE_KEY_PEM_TYPE = 'ENCRYPTED COSIGN PRIVATE KEY'
/** PEM type written by cosign >= 2.0.1 (`SigstorePrivateKeyPemType`); unreadable by cosign <= 2.0.0, skopeo <= 1.12. */
export const SIGSTORE_PRIVATE_KEY_PEM_TYPE = 'ENCRYPTED SIGSTORE PRIVATE KEY'
/** PEM type of a PKIX `SubjectPublicKeyInfo` (`cryptoutils.MarshalPublicKeyToPEM`). */
export const PUBLIC_KEY_PEM_TYPE = 'PUBLIC KEY'

/** The only KDF name go-securesystemslib knows. */
export const KDF_NAME = 'scrypt'
/** The only cipher name go-securesystemslib knows. */
export const CIPHER_NAME = 'nacl/secretbox'
/** `N` written by cosign >= 2.2 (go-securesystemslib "Standard"). */
export const SCRYPT_N_STANDARD = 65536
/** `N` written by cosign <= 2.1 and skopeo (go-tuf), the only one those versions read. */
export const SCRYPT_N_LEGACY = 32768
/**
 * `N` values a reader accepts, with `r = 8`, `p = 1`: go-securesystemslib's whitelist (Legacy, Standard, OWASP).
 * Allow-listing (rather than bounding) matches what cosign reads, and it is what keeps a crafted file from
 * requesting gigabytes of scrypt memory: the check runs before scrypt does.
 */
export const ALLOWED_SCRYPT_N: readonly number[] = [32768, 65536, 131072]
const SCRYPT_R = 8
const SCRYPT_P = 1
/** Salt length written by go-securesystemslib (any non-empty salt is read). */
export const SALT_LENGTH = 32

/** The two key file flavours sigil writes. */
export type KeyFileFormat =
  /** What cosign >= 2.2 writes: SIGSTORE label, N = 65536. */
  | 'sigstore'
  /** What cosign <= 2.1 and skopeo <= 1.13 can read: COSIGN label, N = 32768. */
  | 'legacy'

/**
 * A format problem found in a key file. `problem` says what is wrong without naming the input; `src/keys/` turns
 * it into an `InputError` that names the file, variable or flag. Never carries key material.
 */
export class KeyFormatError extends SigilError {
  readonly problem: string

  constructor(code: ErrorCode, problem: string) {
    super(code, problem)
    this.problem = problem
  }
}

// ---------------------------------------------------------------------------------------------------------------
// PEM

/** One PEM block, as Go's `encoding/pem.Block`. */
export interface PemBlock {
  readonly type: string
  readonly headers: Readonly<Record<string, string>>
  readonly bytes: Uint8Array
}

/**
 * Encodes a PEM block as Go's `pem.EncodeToMemory` without headers: base64 body in 64-character lines and one
 * trailing newline.
 *
 * @param type - the label, e.g. `PUBLIC KEY`
 * @param bytes - the DER (or other) body
 */
export function encodePem(type: string, bytes: Uint8Array): string {
  const b64 = base64Encode(bytes)
  const lines: string[] = []
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64))
  return `-----BEGIN ${type}-----\n${lines.length ? `${lines.join('\n')}\n` : ''}-----END ${type}-----\n`
}

const PEM_START = '\n-----BEGIN '
const PEM_END = '\n-----END '
const PEM_END_OF_LINE = '-----'

/**
 * Decodes the first valid PEM block of `data`, a port of Go's `encoding/pem.Decode` (go1.22 `pem.go`) so that sigil
 * reads the same block cosign reads: junk before `-----BEGIN` is skipped, a block whose END line or base64 body is
 * damaged is skipped in favour of a later one, data after the block is ignored, `Key: value` header lines are
 * collected, spaces, tabs and line breaks inside the body are ignored.
 *
 * @param data - file contents (bytes are treated as Latin-1, so binary garbage cannot throw)
 * @returns the block, or `undefined` when there is none
 */
export function decodePem(data: Uint8Array | string): PemBlock | undefined {
  let rest = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1')
  for (;;) {
    if (rest.startsWith(PEM_START.slice(1))) {
      rest = rest.slice(PEM_START.length - 1)
    } else {
      const i = rest.indexOf(PEM_START)
      if (i < 0) return undefined
      rest = rest.slice(i + PEM_START.length)
    }
    let typeLine: string
    ;[typeLine, rest] = getLine(rest)
    if (!typeLine.endsWith(PEM_END_OF_LINE)) continue
    const type = typeLine.slice(0, -PEM_END_OF_LINE.length)

    const headers: Record<string, string> = {}
    let truncated = false
    for (;;) {
      if (rest.length === 0) {
        truncated = true
        break
      }
      const [line, next] = getLine(rest)
      const colon = line.indexOf(':')
      if (colon < 0) break
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim()
      rest = next
    }
    if (truncated) return undefined

    let endIndex: number
    let endTrailerIndex: number
    if (Object.keys(headers).length === 0 && rest.startsWith(PEM_END.slice(1))) {
      endIndex = 0
      endTrailerIndex = PEM_END.length - 1
    } else {
      endIndex = rest.indexOf(PEM_END)
      endTrailerIndex = endIndex + PEM_END.length
    }
    if (endIndex < 0) continue

    const endTrailerLen = type.length + PEM_END_OF_LINE.length
    const afterEnd = rest.slice(endTrailerIndex)
    if (afterEnd.length < endTrailerLen) continue
    const endTrailer = afterEnd.slice(0, endTrailerLen)
    if (!endTrailer.startsWith(type) || !endTrailer.endsWith(PEM_END_OF_LINE)) continue
    if (getLine(afterEnd.slice(endTrailerLen))[0].length !== 0) continue

    const bytes = base64DecodeStrict(rest.slice(0, endIndex).replace(/[ \t]/g, ''))
    if (!bytes) continue
    return { type, headers, bytes }
  }
}

/** Go's `getLine`: up to the first `\n`, with trailing spaces, tabs and `\r` removed. */
function getLine(data: string): [line: string, rest: string] {
  const i = data.indexOf('\n')
  const [line, rest] = i < 0 ? [data, ''] : [data.slice(0, i), data.slice(i + 1)]
  return [line.replace(/[ \t\r]+$/, ''), rest]
}

/**
 * The label of the first `-----BEGIN <label>-----` line in `data`, valid block or not. Used only to word error
 * messages (a PGP armour, a truncated body), never to decide what to load.
 */
export function firstPemLabel(data: Uint8Array | string): string | undefined {
  const text = typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1')
  const m = /(?:^|\n)-----BEGIN ([^\r\n]*?)-----[ \t\r]*(?:\n|$)/.exec(text)
  return m ? m[1] : undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Envelope

/** The decoded JSON envelope (`go-securesystemslib/encrypted.data`). */
export interface EncryptedKeyEnvelope {
  readonly kdf: { readonly name: typeof KDF_NAME; readonly params: ScryptParams; readonly salt: Uint8Array }
  readonly cipher: { readonly name: typeof CIPHER_NAME; readonly nonce: Uint8Array }
  readonly ciphertext: Uint8Array
}

/** A parsed, checked encrypted key file: ready for {@link decryptEnvelope}. */
export interface EncryptedKeyFile {
  /** `ENCRYPTED SIGSTORE PRIVATE KEY` or `ENCRYPTED COSIGN PRIVATE KEY`. */
  readonly label: string
  readonly envelope: EncryptedKeyEnvelope
}

/**
 * Serialises an envelope exactly as Go's `json.Marshal` does for go-securesystemslib's structs: compact, fields in
 * declaration order (`kdf`, `cipher`, `ciphertext`; `name`, `params`, `salt`; `N`, `r`, `p`; `name`, `nonce`),
 * byte slices as padded standard base64. `JSON.stringify` keeps insertion order and needs no escaping here (names
 * are fixed ASCII, base64 has no characters Go would escape), so the output is identical.
 */
export function marshalEnvelope(envelope: EncryptedKeyEnvelope): string {
  const { kdf, cipher, ciphertext } = envelope
  return JSON.stringify({
    kdf: { name: kdf.name, params: { N: kdf.params.N, r: kdf.params.r, p: kdf.params.p }, salt: base64Encode(kdf.salt) },
    cipher: { name: cipher.name, nonce: base64Encode(cipher.nonce) },
    ciphertext: base64Encode(ciphertext),
  })
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Parses and checks the JSON envelope. Checks, in order, and why:
 * - valid UTF-8 JSON object with exactly the fields go-securesystemslib writes. Go ignores unknown fields; sigil
 *   refuses them (no writer adds any, and a file with extra fields is more likely damaged or not a cosign key);
 * - `kdf.name == "scrypt"` and `cipher.name == "nacl/secretbox"` (`encrypted: unknown kdf name` / `cipher name`);
 * - `N, r, p` in the allow-list ({@link ALLOWED_SCRYPT_N}, r = 8, p = 1; `unsupported scrypt parameters`);
 * - salt non-empty (Go would run scrypt with an empty salt; no writer produces one);
 * - nonce exactly 24 bytes (`encrypted: incorrect nonce size`; Go checks it after scrypt, sigil before);
 * - ciphertext at least the 16-byte tag.
 *
 * @param json - the PEM body
 * @returns the typed envelope
 * @throws KeyFormatError `INVALID_KEY` for structural problems, `UNSUPPORTED_KDF_PARAMS` for an unknown KDF or
 *   parameters outside the allow-list
 */
export function parseEnvelope(json: Uint8Array): EncryptedKeyEnvelope {
  let doc: Json
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)) as Json
  } catch {
    throw new KeyFormatError('INVALID_KEY', 'encrypted key body is not a JSON envelope')
  }
  if (!isObject(doc)) throw new KeyFormatError('INVALID_KEY', 'encrypted key body is not a JSON object')
  const obj = (v: Json | undefined, path: string, fields: string[]): { [k: string]: Json } => {
    if (v === undefined) throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: missing field "${path}"`)
    if (!isObject(v)) throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: field "${path}" is not an object`)
    for (const k of Object.keys(v)) {
      if (!fields.includes(k)) throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: unknown field "${path ? `${path}.` : ''}${k}"`)
    }
    return v
  }
  const str = (v: Json | undefined, path: string): string => {
    if (v === undefined) throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: missing field "${path}"`)
    if (typeof v !== 'string') throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: field "${path}" is not a string`)
    return v
  }
  const int = (v: Json | undefined, path: string): number => {
    if (v === undefined) throw new KeyFormatError('UNSUPPORTED_KDF_PARAMS', `encrypted key envelope: missing scrypt parameter "${path}"`)
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw new KeyFormatError('UNSUPPORTED_KDF_PARAMS', `encrypted key envelope: scrypt parameter "${path}" is not an integer`)
    }
    return v
  }
  const b64 = (v: Json | undefined, path: string): Uint8Array => {
    const bytes = base64DecodeStrict(str(v, path))
    if (!bytes) throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: field "${path}" is not valid base64`)
    return bytes
  }

  const top = obj(doc, '', ['kdf', 'cipher', 'ciphertext'])
  const kdf = obj(top.kdf, 'kdf', ['name', 'params', 'salt'])
  const cipher = obj(top.cipher, 'cipher', ['name', 'nonce'])

  const kdfName = str(kdf.name, 'kdf.name')
  if (kdfName !== KDF_NAME) {
    throw new KeyFormatError('UNSUPPORTED_KDF_PARAMS', `unknown key derivation function ${JSON.stringify(kdfName)} (cosign key files use scrypt)`)
  }
  const cipherName = str(cipher.name, 'cipher.name')
  if (cipherName !== CIPHER_NAME) {
    throw new KeyFormatError('INVALID_KEY', `unknown cipher ${JSON.stringify(cipherName)} (cosign key files use nacl/secretbox)`)
  }
  const params = obj(kdf.params, 'kdf.params', ['N', 'r', 'p'])
  const N = int(params.N, 'N')
  const r = int(params.r, 'r')
  const p = int(params.p, 'p')
  if (!ALLOWED_SCRYPT_N.includes(N) || r !== SCRYPT_R || p !== SCRYPT_P) {
    throw new KeyFormatError(
      'UNSUPPORTED_KDF_PARAMS',
      `unsupported scrypt parameters N=${N}, r=${r}, p=${p} (cosign reads N=${ALLOWED_SCRYPT_N.join(', ')} with r=8, p=1)`,
    )
  }
  const salt = b64(kdf.salt, 'kdf.salt')
  if (salt.length === 0) throw new KeyFormatError('INVALID_KEY', 'encrypted key envelope: empty salt')
  const nonce = b64(cipher.nonce, 'cipher.nonce')
  if (nonce.length !== SECRETBOX_NONCE_LENGTH) {
    throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: nonce is ${nonce.length} bytes, expected ${SECRETBOX_NONCE_LENGTH}`)
  }
  const ciphertext = b64(top.ciphertext, 'ciphertext')
  if (ciphertext.length < SECRETBOX_OVERHEAD) {
    throw new KeyFormatError('INVALID_KEY', `encrypted key envelope: ciphertext is ${ciphertext.length} bytes, shorter than the ${SECRETBOX_OVERHEAD}-byte tag`)
  }
  return { kdf: { name: KDF_NAME, params: { N, r, p }, salt }, cipher: { name: CIPHER_NAME, nonce }, ciphertext }
}

/**
 * Reads an encrypted cosign key file: the first PEM block (Go `pem.Decode` rules), its label (both cosign labels
 * are accepted, as cosign >= 2.0.1 does), and the envelope ({@link parseEnvelope}). Runs no KDF.
 *
 * @param data - file contents
 * @throws KeyFormatError `INVALID_KEY` when there is no PEM block or the label is not an encrypted cosign key (the
 *   message says what the label is, e.g. a public key), `INVALID_KEY`/`UNSUPPORTED_KDF_PARAMS` from
 *   {@link parseEnvelope}
 */
export function parseEncryptedKeyFile(data: Uint8Array | string): EncryptedKeyFile {
  const block = decodePem(data)
  if (!block) throw new KeyFormatError('INVALID_KEY', describeMissingPem(data))
  if (block.type !== SIGSTORE_PRIVATE_KEY_PEM_TYPE && block.type !== COSIGN_PRIVATE_KEY_PEM_TYPE) {
    throw new KeyFormatError('INVALID_KEY', describeWrongPrivateLabel(block.type))
  }
  return { label: block.type, envelope: parseEnvelope(block.bytes) }
}

/** Why `decodePem` found nothing, in words. */
export function describeMissingPem(data: Uint8Array | string): string {
  if (data.length === 0) return 'empty file'
  const label = firstPemLabel(data)
  if (label === undefined) return 'not a PEM file (no -----BEGIN line)'
  if (label.startsWith('PGP ')) return `a PGP armoured block (${label}), not a PEM key`
  return `malformed PEM block "${label}" (damaged base64 body or missing END line)`
}

function describeWrongPrivateLabel(type: string): string {
  if (type === PUBLIC_KEY_PEM_TYPE || type === 'RSA PUBLIC KEY') return 'this is a public key; a private key is needed here (e.g. cosign.key, not cosign.pub)'
  if (type === 'PRIVATE KEY' || type === 'EC PRIVATE KEY' || type === 'RSA PRIVATE KEY') {
    return `an unencrypted ${type}; encrypt it first with "sigil import-key-pair"`
  }
  if (type === 'CERTIFICATE') return 'a certificate, not an encrypted private key'
  return `PEM type "${type}" is not an encrypted cosign private key (expected ${SIGSTORE_PRIVATE_KEY_PEM_TYPE} or ${COSIGN_PRIVATE_KEY_PEM_TYPE})`
}

/**
 * Decrypts a checked envelope: `key = scrypt(password, salt, N, r, p, 32)`, then NaCl `secretbox.Open`.
 *
 * @param envelope - from {@link parseEnvelope} (parameters already allow-listed)
 * @param password - raw password bytes (empty is allowed)
 * @param kdf - the KDF to use; tests inject a spy
 * @returns the plaintext (for a cosign key: PKCS#8 DER)
 * @throws KeyFormatError `KEY_DECRYPT_FAILED` when authentication fails: a wrong password and a damaged ciphertext
 *   are indistinguishable by design of the cipher
 */
export async function decryptEnvelope(envelope: EncryptedKeyEnvelope, password: Uint8Array, kdf: Kdf = scrypt): Promise<Uint8Array> {
  const key = await kdf(password, envelope.kdf.salt, envelope.kdf.params, SECRETBOX_KEY_LENGTH)
  try {
    const plaintext = secretboxOpen(envelope.ciphertext, envelope.cipher.nonce, key)
    if (!plaintext) throw new KeyFormatError('KEY_DECRYPT_FAILED', 'wrong password or corrupt key')
    return plaintext
  } finally {
    zeroize(key)
  }
}

/** Options of {@link encryptEnvelope} and {@link encryptKeyFile}. Salt and nonce are for known-answer tests only. */
export interface EncryptOptions {
  /** scrypt N; default {@link SCRYPT_N_STANDARD}. Must be in {@link ALLOWED_SCRYPT_N}. */
  readonly N?: number
  /** Default: 32 random bytes. */
  readonly salt?: Uint8Array
  /** Default: 24 random bytes. */
  readonly nonce?: Uint8Array
  readonly kdf?: Kdf
}

/**
 * Encrypts `plaintext` into an envelope as go-securesystemslib's `EncryptWithCustomKDFParameters` does: fresh
 * 32-byte salt, scrypt to a 32-byte key, fresh 24-byte nonce, `secretbox.Seal`.
 *
 * @throws RangeError when N is not in the allow-list (sigil never writes a file it would refuse to read)
 */
export async function encryptEnvelope(plaintext: Uint8Array, password: Uint8Array, options: EncryptOptions = {}): Promise<EncryptedKeyEnvelope> {
  const N = options.N ?? SCRYPT_N_STANDARD
  if (!ALLOWED_SCRYPT_N.includes(N)) throw new RangeError(`scrypt N must be one of ${ALLOWED_SCRYPT_N.join(', ')}`)
  const salt = options.salt ?? new Uint8Array(randomBytes(SALT_LENGTH))
  const nonce = options.nonce ?? new Uint8Array(randomBytes(SECRETBOX_NONCE_LENGTH))
  const params: ScryptParams = { N, r: SCRYPT_R, p: SCRYPT_P }
  const key = await (options.kdf ?? scrypt)(password, salt, params, SECRETBOX_KEY_LENGTH)
  try {
    const ciphertext = secretboxSeal(plaintext, nonce, key)
    return { kdf: { name: KDF_NAME, params, salt }, cipher: { name: CIPHER_NAME, nonce }, ciphertext }
  } finally {
    zeroize(key)
  }
}

/**
 * Writes a complete encrypted key file (`cosign.key`) for PKCS#8 DER `pkcs8`.
 *
 * - `sigstore` (default, cosign >= 2.2): label `ENCRYPTED SIGSTORE PRIVATE KEY`, N = 65536.
 * - `legacy`: label `ENCRYPTED COSIGN PRIVATE KEY`, N = 32768, which cosign <= 2.1, containers/image <= 5.27 and
 *   skopeo <= 1.13 require (they read only that label and only that N; spec §10 items 1 and 2).
 *
 * @param pkcs8 - PKCS#8 `PrivateKeyInfo` DER
 * @param password - raw password bytes
 * @param format - which flavour to write
 * @param options - salt/nonce/kdf injection for tests (N comes from `format`)
 * @returns the PEM text, 64-column body, single trailing newline
 */
export async function encryptKeyFile(
  pkcs8: Uint8Array,
  password: Uint8Array,
  format: KeyFileFormat = 'sigstore',
  options: Omit<EncryptOptions, 'N'> = {},
): Promise<string> {
  const N = format === 'legacy' ? SCRYPT_N_LEGACY : SCRYPT_N_STANDARD
  const label = format === 'legacy' ? COSIGN_PRIVATE_KEY_PEM_TYPE : SIGSTORE_PRIVATE_KEY_PEM_TYPE
  const envelope = await encryptEnvelope(pkcs8, password, { ...options, N })
  return encodePem(label, new TextEncoder().encode(marshalEnvelope(envelope)))
}
