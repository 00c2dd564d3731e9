/**
 * Key references, as `--key` takes them: a file path, `env://NAME` (cosign's form: the variable holds the PEM
 * text), or the PEM text itself (for hosts that hand over secrets as strings, like the GitHub Action).
 *
 * Messages name the reference the same way everywhere (`--key "cosign.key"`, `--key env://NAME`,
 * `--key (PEM text)`) and never echo key material.
 */
import { open } from 'node:fs/promises'
import { isAbsolute, resolve } from 'node:path'
import { InputError } from '../errors.js'

/** Largest key file read. cosign's keys are under 1 KiB, RSA-4096 PEMs about 3 KiB; this bounds `/dev/zero`. */
export const MAX_KEY_FILE_BYTES = 1024 * 1024

export interface KeyRefOptions {
  /** Environment for `env://NAME`. The CLI passes its process environment, tests their own. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Directory relative paths are resolved against; default: the process working directory. */
  readonly cwd?: string
  /** How the reference is named in messages, e.g. `--key` (default) or `input "private-key"`. */
  readonly flag?: string
}

export interface ResolvedKeyRef {
  /** Name of the input for messages, e.g. `--key "cosign.key"`; never contains key material. */
  readonly input: string
  readonly source: 'file' | 'env' | 'pem'
  readonly bytes: Uint8Array
}

const ENV_PREFIX = 'env://'

/** True when `ref` is PEM text rather than a path or `env://` reference. */
export function isPemText(ref: string): boolean {
  return ref.includes('-----BEGIN ')
}

/**
 * How a reference is named in messages: `--key "path"`, `--key env://NAME`, `--key (PEM text)`.
 *
 * @param ref - the reference as given
 * @param flag - the flag or input name, default `--key`
 */
export function describeKeyRef(ref: string, flag = '--key'): string {
  if (ref.startsWith(ENV_PREFIX)) return `${flag} ${ref}`
  if (isPemText(ref)) return `${flag} (PEM text)`
  return `${flag} ${JSON.stringify(ref)}`
}

/**
 * Reads the bytes a key reference points to. Touches no process globals besides the file system.
 *
 * @param ref - path, `env://NAME` or PEM text
 * @param options - environment, working directory, flag name for messages
 * @returns the bytes and the input's display name
 * @throws InputError `INVALID_INPUT` for an empty reference or an unset/empty variable, `IO` when the file is
 *   missing, a directory, unreadable or larger than {@link MAX_KEY_FILE_BYTES}
 */
export async function readKeyRef(ref: string, options: KeyRefOptions): Promise<ResolvedKeyRef> {
  const input = describeKeyRef(ref, options.flag)
  if (ref === '') throw new InputError('INVALID_INPUT', options.flag ?? '--key', 'empty key reference')
  if (ref.startsWith(ENV_PREFIX)) {
    const name = ref.slice(ENV_PREFIX.length)
    if (name === '') throw new InputError('INVALID_INPUT', input, 'no variable name after env://')
    const value = options.env[name]
    if (value === undefined) throw new InputError('INVALID_INPUT', input, `environment variable ${name} is not set`)
    if (value === '') throw new InputError('INVALID_INPUT', input, `environment variable ${name} is empty`)
    return { input, source: 'env', bytes: new Uint8Array(Buffer.from(value, 'utf8')) }
  }
  if (isPemText(ref)) return { input, source: 'pem', bytes: new Uint8Array(Buffer.from(ref, 'utf8')) }
  const path = options.cwd && !isAbsolute(ref) ? resolve(options.cwd, ref) : ref
  return { input, source: 'file', bytes: await readBoundedFile(path, input, MAX_KEY_FILE_BYTES) }
}

/**
 * Reads at most `limit` bytes of a file, with messages that name the input. Streams and devices are read up to
 * the limit (so `--key /dev/stdin` or a process substitution work), directories are refused.
 */
export async function readBoundedFile(path: string, input: string, limit: number): Promise<Uint8Array> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (err) {
    throw new InputError('IO', input, fsProblem(err), { cause: err })
  }
  try {
    const stat = await handle.stat()
    if (stat.isDirectory()) throw new InputError('IO', input, 'is a directory, not a key file')
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const buf = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total))
      const { bytesRead } = await handle.read(buf, 0, buf.length, null)
      if (bytesRead === 0) break
      chunks.push(buf.subarray(0, bytesRead))
      total += bytesRead
      if (total > limit) throw new InputError('IO', input, `larger than ${limit} bytes, not a key file`)
    }
    return new Uint8Array(Buffer.concat(chunks))
  } catch (err) {
    if (err instanceof InputError) throw err
    throw new InputError('IO', input, fsProblem(err), { cause: err })
  } finally {
    await handle.close()
  }
}

/** A short description of a file system error, without the path (the input name already says it). */
export function fsProblem(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : ''
  switch (code) {
    case 'ENOENT':
      return 'no such file'
    case 'EISDIR':
      return 'is a directory, not a key file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENOTDIR':
      return 'a parent of the path is not a directory'
    case 'ELOOP':
      return 'too many levels of symbolic links'
    case 'ENAMETOOLONG':
      return 'path too long'
    case 'EEXIST':
      return 'already exists'
    case 'ENOSPC':
      return 'no space left on device'
    case 'EROFS':
      return 'read-only file system'
    default:
      return code ? `cannot be accessed (${code})` : 'cannot be accessed'
  }
}
