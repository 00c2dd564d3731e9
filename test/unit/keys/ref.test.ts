import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeKeyRef, MAX_KEY_FILE_BYTES, readKeyRef } from '../../../src/keys/index.js'

const PEM = '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'

describe('key references', () => {
  it.each([
    ['cosign.key', '--key "cosign.key"'],
    ['env://COSIGN_KEY', '--key env://COSIGN_KEY'],
    [PEM, '--key (PEM text)'],
    ['dir with "quotes"/k', '--key "dir with \\"quotes\\"/k"'],
  ])('names %j as %s', (ref, name) => {
    expect(describeKeyRef(ref)).toBe(name)
  })

  it('reads env:// as the PEM text itself, and PEM text as is', async () => {
    expect(Buffer.from((await readKeyRef('env://K', { env: { K: PEM } })).bytes).toString()).toBe(PEM)
    expect((await readKeyRef(PEM, { env: {} })).source).toBe('pem')
  })

  it('reads files relative to cwd', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigil-ref-'))
    writeFileSync(join(dir, 'k.pem'), PEM)
    const r = await readKeyRef('k.pem', { env: {}, cwd: dir })
    expect(r).toMatchObject({ input: '--key "k.pem"', source: 'file' })
    expect(Buffer.from(r.bytes).toString()).toBe(PEM)
  })

  it.each([
    ['env://UNSET', {}, 'INVALID_INPUT', '--key env://UNSET: environment variable UNSET is not set'],
    ['env://EMPTY', { EMPTY: '' }, 'INVALID_INPUT', '--key env://EMPTY: environment variable EMPTY is empty'],
    ['env://', {}, 'INVALID_INPUT', '--key env://: no variable name after env://'],
    ['', {}, 'INVALID_INPUT', '--key: empty key reference'],
    ['/nonexistent/k', {}, 'IO', '--key "/nonexistent/k": no such file'],
    ['/etc/passwd/x', {}, 'IO', '--key "/etc/passwd/x": a parent of the path is not a directory'],
  ])('refuses %j', async (ref, env, code, message) => {
    await expect(readKeyRef(ref, { env })).rejects.toMatchObject({ code, message })
  })

  it('refuses a directory and an oversized file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigil-ref-'))
    mkdirSync(join(dir, 'd'))
    await expect(readKeyRef('d', { env: {}, cwd: dir })).rejects.toMatchObject({ code: 'IO', message: '--key "d": is a directory, not a key file' })
    writeFileSync(join(dir, 'big'), Buffer.alloc(MAX_KEY_FILE_BYTES + 1))
    await expect(readKeyRef('big', { env: {}, cwd: dir })).rejects.toMatchObject({ code: 'IO', message: `--key "big": larger than ${MAX_KEY_FILE_BYTES} bytes, not a key file` })
    await expect(readKeyRef('/dev/zero', { env: {} })).rejects.toMatchObject({ code: 'IO' })
  })

  it('uses the given flag name', async () => {
    await expect(readKeyRef('env://X', { env: {}, flag: 'input "private-key"' })).rejects.toThrow('input "private-key" env://X: environment variable X is not set')
  })
})
