/**
 * Writing key pairs (`generate-key-pair`, `import-key-pair`) and public keys (`public-key --outfile`) without ever
 * leaving a partial result: every target is checked before anything is written, the contents go to temporary
 * files in the target directory first, and they are moved into place only when all of them are complete. Targets
 * that did not exist are created with `link()`, which fails if a file appeared meanwhile, so a file is only
 * replaced after `confirmOverwrite` said yes for it.
 */
import { randomBytes } from 'node:crypto'
import { link, lstat, open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { encryptKeyFile, type EncryptOptions, type KeyFileFormat } from '../cosign/key-file.js'
import { zeroize } from '../crypto/bytes.js'
import { InputError, SigilError } from '../errors.js'
import type { PasswordSource, SigningKey } from './private-key.js'
import { fsProblem } from './ref.js'

/** Decides whether an existing file may be replaced. Return false (or throw) to stop; nothing is written then. */
export type ConfirmOverwrite = (path: string) => Promise<boolean>

export interface OutputFile {
  /** Path as given (relative paths are resolved against `cwd`); used in messages. */
  readonly path: string
  readonly contents: string
  /** Creation mode; the process umask applies, as with cosign's `os.WriteFile`. */
  readonly mode: number
}

export interface WriteOptions {
  /** Directory relative paths are resolved against; default: the process working directory. */
  readonly cwd?: string
  readonly confirmOverwrite: ConfirmOverwrite
}

/**
 * Checks that each target may be written: not a directory, and either absent or confirmed for overwrite.
 *
 * @returns for each path, whether it exists (and so will be replaced)
 * @throws InputError `FILE_EXISTS` when a file exists and `confirmOverwrite` declines, `IO` for a directory
 */
export async function checkTargets(paths: readonly string[], options: WriteOptions): Promise<boolean[]> {
  const exists: boolean[] = []
  for (const path of paths) {
    const full = absolute(path, options.cwd)
    let stat
    try {
      stat = await lstat(full)
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') {
        exists.push(false)
        continue
      }
      throw new InputError('IO', `file ${JSON.stringify(path)}`, fsProblem(err), { cause: err })
    }
    if (stat.isDirectory()) throw new InputError('IO', `file ${JSON.stringify(path)}`, 'is a directory')
    if (!(await options.confirmOverwrite(path))) throw new InputError('FILE_EXISTS', `file ${JSON.stringify(path)}`, 'already exists, not overwritten')
    exists.push(true)
  }
  return exists
}

/**
 * Writes all `files` or none of them. Call {@link checkTargets} first (this function re-checks only that absent
 * targets are still absent).
 *
 * @param files - what to write
 * @param replace - per file, whether an existing file may be replaced (from {@link checkTargets})
 * @throws InputError `IO` / `FILE_EXISTS`; on error every temporary file is removed and every file this call
 *   created is removed again
 */
export async function writeAll(files: readonly OutputFile[], replace: readonly boolean[], cwd?: string): Promise<void> {
  const temps: string[] = []
  const created: string[] = []
  try {
    for (const file of files) {
      const full = absolute(file.path, cwd)
      const temp = join(dirname(full), `.${basename(full)}.${randomBytes(6).toString('hex')}.tmp`)
      let handle
      try {
        handle = await open(temp, 'wx', file.mode)
      } catch (err) {
        throw new InputError('IO', `file ${JSON.stringify(file.path)}`, `cannot be created: ${fsProblem(err)}`, { cause: err })
      }
      temps.push(temp)
      try {
        await handle.writeFile(file.contents)
        await handle.sync()
      } finally {
        await handle.close()
      }
    }
    for (const [i, file] of files.entries()) {
      const full = absolute(file.path, cwd)
      const temp = temps[i] as string
      try {
        if (replace[i]) {
          await rename(temp, full)
        } else {
          await link(temp, full)
          created.push(full)
          await unlink(temp)
        }
      } catch (err) {
        throw new InputError((err as { code?: string }).code === 'EEXIST' ? 'FILE_EXISTS' : 'IO', `file ${JSON.stringify(file.path)}`, fsProblem(err), {
          cause: err,
        })
      }
    }
  } catch (err) {
    await Promise.all([...temps, ...created].map((p) => unlink(p).catch(() => undefined)))
    throw err
  }
}

export interface WriteKeyPairOptions extends WriteOptions {
  /** Output prefix: writes `<prefix>.key` and `<prefix>.pub`. */
  readonly prefix: string
  /** Password for the new key file; asked after the targets were checked, before anything is written. */
  readonly password: PasswordSource
  /** `sigstore` (default, cosign >= 2.2) or `legacy` (COSIGN label, N = 32768, for cosign <= 2.1 and skopeo). */
  readonly format?: KeyFileFormat
  /** Salt, nonce and KDF injection for known-answer tests. */
  readonly encrypt?: Omit<EncryptOptions, 'N'>
}

export interface WrittenKeyPair {
  /** `<prefix>.key`, as given (for "Private key written to …"). */
  readonly keyPath: string
  readonly pubPath: string
}

/**
 * Encrypts `key` and writes `<prefix>.key` (mode 0600) and `<prefix>.pub` (mode 0644), as `cosign
 * generate-key-pair` / `import-key-pair` do. Both targets are checked before the password is asked for; on any
 * error nothing is left behind.
 *
 * @throws InputError `FILE_EXISTS`, `IO`; `SigilError`s from `password` pass through
 */
export async function writeKeyPair(key: SigningKey, options: WriteKeyPairOptions): Promise<WrittenKeyPair> {
  if (options.prefix === '') throw new SigilError('INVALID_INPUT', 'output key prefix must not be empty')
  const keyPath = `${options.prefix}.key`
  const pubPath = `${options.prefix}.pub`
  const replace = await checkTargets([keyPath, pubPath], options)
  const password = await options.password()
  const pkcs8 = key.exportPkcs8()
  let pem: string
  try {
    pem = await encryptKeyFile(pkcs8, password, options.format ?? 'sigstore', options.encrypt)
  } finally {
    zeroize(pkcs8)
    zeroize(password)
  }
  await writeAll(
    [
      { path: keyPath, contents: pem, mode: 0o600 },
      { path: pubPath, contents: key.publicKeyPem, mode: 0o644 },
    ],
    replace,
    options.cwd,
  )
  return { keyPath, pubPath }
}

function absolute(path: string, cwd: string | undefined): string {
  return cwd && !isAbsolute(path) ? resolve(cwd, path) : path
}
