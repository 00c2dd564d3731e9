import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { parseEncryptedKeyFile } from '../../../src/cosign/key-file.js'
import { InputError } from '../../../src/errors.js'
import { generateSigningKey, loadSigningKey, writeKeyPair } from '../../../src/keys/index.js'

const enc = (s: string) => new TextEncoder().encode(s)
const tmp = () => mkdtempSync(join(tmpdir(), 'sigil-write-'))
const never = vi.fn(async () => {
  throw new Error('must not be asked')
})

describe('writeKeyPair', () => {
  it('writes <prefix>.key (0600) and <prefix>.pub (0644) and nothing else', async () => {
    const dir = tmp()
    const key = generateSigningKey()
    const old = process.umask(0o022)
    try {
      const written = await writeKeyPair(key, { prefix: 'cosign', cwd: dir, password: async () => enc('pw'), confirmOverwrite: never })
      expect(written).toEqual({ keyPath: 'cosign.key', pubPath: 'cosign.pub' })
    } finally {
      process.umask(old)
    }
    expect(readdirSync(dir).sort()).toEqual(['cosign.key', 'cosign.pub'])
    expect(lstatSync(join(dir, 'cosign.key')).mode & 0o777).toBe(0o600)
    expect(lstatSync(join(dir, 'cosign.pub')).mode & 0o777).toBe(0o644)
    expect(readFileSync(join(dir, 'cosign.pub'), 'utf8')).toBe(key.publicKeyPem)
    const loaded = await loadSigningKey('cosign.key', { env: {}, cwd: dir, password: async () => enc('pw') })
    expect(loaded.publicKeyPem).toBe(key.publicKeyPem)
  })

  it('legacy format: COSIGN label and N=32768', async () => {
    const dir = tmp()
    await writeKeyPair(generateSigningKey(), { prefix: 'old', cwd: dir, format: 'legacy', password: async () => new Uint8Array(), confirmOverwrite: never })
    const file = parseEncryptedKeyFile(readFileSync(join(dir, 'old.key')))
    expect(file.label).toBe('ENCRYPTED COSIGN PRIVATE KEY')
    expect(file.envelope.kdf.params.N).toBe(32768)
  })

  it('checks both targets before asking for the password; a refusal writes nothing', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'cosign.pub'), 'old')
    const password = vi.fn(async () => enc('pw'))
    const confirm = vi.fn(async () => false)
    await expect(writeKeyPair(generateSigningKey(), { prefix: 'cosign', cwd: dir, password, confirmOverwrite: confirm })).rejects.toMatchObject({
      code: 'FILE_EXISTS',
      message: 'file "cosign.pub": already exists, not overwritten',
    })
    expect(confirm).toHaveBeenCalledWith('cosign.pub')
    expect(password).not.toHaveBeenCalled()
    expect(readdirSync(dir)).toEqual(['cosign.pub'])
    expect(readFileSync(join(dir, 'cosign.pub'), 'utf8')).toBe('old')
  })

  it('replaces confirmed files (and gives the key 0600 even if the old file was 0644)', async () => {
    const dir = tmp()
    writeFileSync(join(dir, 'cosign.key'), 'old', { mode: 0o644 })
    writeFileSync(join(dir, 'cosign.pub'), 'old')
    await writeKeyPair(generateSigningKey(), { prefix: 'cosign', cwd: dir, password: async () => enc('pw'), confirmOverwrite: async () => true })
    expect(readFileSync(join(dir, 'cosign.key'), 'utf8')).toMatch(/^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----/)
    expect(lstatSync(join(dir, 'cosign.key')).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir).sort()).toEqual(['cosign.key', 'cosign.pub'])
  })

  it('a password error writes nothing', async () => {
    const dir = tmp()
    const err = new InputError('PASSWORD_MISMATCH', 'password', 'passwords do not match')
    await expect(writeKeyPair(generateSigningKey(), { prefix: 'cosign', cwd: dir, password: () => Promise.reject(err), confirmOverwrite: never })).rejects.toBe(err)
    expect(readdirSync(dir)).toEqual([])
  })

  it('a target that is a directory is refused before anything is written', async () => {
    const dir = tmp()
    mkdirSync(join(dir, 'cosign.pub'))
    await expect(writeKeyPair(generateSigningKey(), { prefix: 'cosign', cwd: dir, password: async () => enc('pw'), confirmOverwrite: async () => true })).rejects.toMatchObject({
      code: 'IO',
      message: 'file "cosign.pub": is a directory',
    })
    expect(readdirSync(dir)).toEqual(['cosign.pub'])
  })

  it('a failure while moving files into place leaves no partial result', async () => {
    const dir = tmp()
    const key = generateSigningKey()
    // cosign.pub appears after the check (a race): link() refuses to replace it, and cosign.key is removed again.
    let calls = 0
    const password = async () => {
      calls++
      writeFileSync(join(dir, 'cosign.pub'), 'raced')
      return enc('pw')
    }
    await expect(writeKeyPair(key, { prefix: 'cosign', cwd: dir, password, confirmOverwrite: never })).rejects.toMatchObject({ code: 'FILE_EXISTS' })
    expect(calls).toBe(1)
    expect(readdirSync(dir)).toEqual(['cosign.pub'])
    expect(readFileSync(join(dir, 'cosign.pub'), 'utf8')).toBe('raced')
  })

  it('an unwritable directory is reported and leaves nothing', async () => {
    if (process.getuid?.() === 0) {
      // root ignores directory permissions; use a missing directory instead.
      const dir = tmp()
      await expect(writeKeyPair(generateSigningKey(), { prefix: 'missing/cosign', cwd: dir, password: async () => enc('pw'), confirmOverwrite: never })).rejects.toMatchObject({
        code: 'IO',
        message: 'file "missing/cosign.key": cannot be created: no such file',
      })
      expect(readdirSync(dir)).toEqual([])
      return
    }
    const dir = tmp()
    chmodSync(dir, 0o500)
    await expect(writeKeyPair(generateSigningKey(), { prefix: 'cosign', cwd: dir, password: async () => enc('pw'), confirmOverwrite: never })).rejects.toMatchObject({ code: 'IO' })
    chmodSync(dir, 0o700)
    expect(readdirSync(dir)).toEqual([])
  })
})
