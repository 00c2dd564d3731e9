/** The action's pure helpers: list splitting, public-key splitting, the one-line failure cause, the launcher. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { splitList, splitPublicKeys } from '../../src/action/inputs.js'
import { launcherScript } from '../../src/action/install.js'
import { oneLine } from '../../src/action/main.js'
import { inputEnvName } from '../helpers/action.js'

const PEM = (n: number) => `-----BEGIN PUBLIC KEY-----\nMFkw${n}\n-----END PUBLIC KEY-----`

describe('action inputs', () => {
  it('runner variable names: upper case, spaces to _, hyphens kept', () => {
    expect(inputEnvName('public-key')).toBe('INPUT_PUBLIC-KEY')
    expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT')
  })

  it('images: one per line or comma-separated, blanks dropped', () => {
    expect(splitList(' a/b@sha256:1 ,\n\n c/d:v1\r\n, ')).toEqual(['a/b@sha256:1', 'c/d:v1'])
    expect(splitList('')).toEqual([])
  })

  it('public keys: PEM blocks and references, in any mix', () => {
    expect(splitPublicKeys(`${PEM(1)}\n${PEM(2)}`)).toEqual([`${PEM(1)}\n`, `${PEM(2)}\n`])
    expect(splitPublicKeys(`cosign.pub\n${PEM(1)}\nenv://OTHER`)).toEqual([`${PEM(1)}\n`, 'cosign.pub', 'env://OTHER'])
    expect(() => splitPublicKeys('-----BEGIN PUBLIC KEY-----\nMFkw')).toThrow('input "public-key" (PEM text): a PEM block has no matching END line')
  })

  it('a multi-line failure becomes one line', () => {
    expect(oneLine('no matching signatures for x:\n layer 0 (sha256:a): bad\n layer 1 (sha256:b): worse')).toBe(
      'no matching signatures for x: layer 0 (sha256:a): bad; layer 1 (sha256:b): worse',
    )
    expect(oneLine('simple')).toBe('simple')
  })
})

describe('install launcher', () => {
  it('runs the CLI with the given node, quoting its path; falls back to node on PATH when that one is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigil-launcher-'))
    try {
      mkdirSync(join(dir, 'lib'))
      writeFileSync(join(dir, 'lib', 'index.js'), 'console.log(JSON.stringify(process.argv.slice(2)))\n')
      const odd = join(dir, "it's a node")
      writeFileSync(odd, `#!/bin/sh\necho odd-node; exec '${process.execPath}' "$@"\n`)
      chmodSync(odd, 0o755)
      writeFileSync(join(dir, 'sigil'), launcherScript(odd))
      chmodSync(join(dir, 'sigil'), 0o755)
      expect(execFileSync(join(dir, 'sigil'), ['a b', '$(x)']).toString()).toBe('odd-node\n["a b","$(x)"]\n')
      writeFileSync(join(dir, 'sigil'), launcherScript(join(dir, 'gone')))
      expect(execFileSync(join(dir, 'sigil'), ['v'], { env: { PATH: `${join(process.execPath, '..')}:/usr/bin:/bin` } }).toString()).toBe('["v"]\n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
