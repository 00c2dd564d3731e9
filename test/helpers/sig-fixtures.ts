/** Reads the signature fixtures in test/fixtures/signatures (containers/image `dir:` storage form). */
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))
export const CI_FIXTURES = join(FIXTURES, 'signatures', 'containers-image')
export const LOOPBACK = join(FIXTURES, 'signatures', 'loopback-registry-run')

export interface DirSignature {
  readonly mimeType: string
  readonly payload: Uint8Array
  readonly annotations: Record<string, string>
}

/** Decodes a containers/image `signature-N` file: 0x00, "sigstore-json", "\n", JSON. */
export function readDirSignature(path: string): DirSignature {
  const raw = readFileSync(path)
  const prefix = Buffer.from('\x00sigstore-json\n', 'latin1')
  if (!raw.subarray(0, prefix.length).equals(prefix)) throw new Error(`${path}: not a sigstore-json signature file`)
  const doc = JSON.parse(raw.subarray(prefix.length).toString('utf8')) as { mimeType: string; payload: string; annotations: Record<string, string> }
  return { mimeType: doc.mimeType, payload: new Uint8Array(Buffer.from(doc.payload, 'base64')), annotations: doc.annotations ?? {} }
}

export interface DirImage {
  readonly name: string
  readonly manifest: Uint8Array | undefined
  readonly signatures: DirSignature[]
}

export function readDirImage(name: string): DirImage {
  const dir = join(CI_FIXTURES, name)
  const manifestPath = join(dir, 'manifest.json')
  const signatures: DirSignature[] = []
  for (let i = 1; existsSync(join(dir, `signature-${i}`)); i++) signatures.push(readDirSignature(join(dir, `signature-${i}`)))
  return { name, manifest: existsSync(manifestPath) ? new Uint8Array(readFileSync(manifestPath)) : undefined, signatures }
}
