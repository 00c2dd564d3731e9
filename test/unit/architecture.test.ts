/**
 * The module boundaries of docs/architecture.md, checked on the sources: the core never imports @actions/*; only
 * src/action does. Only src/cli touches argv, stdin, stdout, stderr and exit codes.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../../src/', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : []
  })
}

const files = sources(SRC).map((path) => ({ path: relative(SRC, path), code: readFileSync(path, 'utf8') }))
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')

describe('module boundaries', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(30)
  })

  it('only src/action imports @actions/*', () => {
    const offenders = files.filter((f) => !f.path.startsWith('action') && /from '@actions\//.test(code(f.code))).map((f) => f.path)
    expect(offenders).toEqual([])
  })

  it('only src/cli touches argv, stdin, stdout, stderr and exit codes', () => {
    const offenders = files
      .filter((f) => !f.path.startsWith('cli/') && f.path !== 'cli.ts')
      .filter((f) => /process\.(argv|stdin|stdout|stderr|exit|exitCode)\b|console\.(log|error|warn|info)\(/.test(code(f.code)))
      .map((f) => f.path)
    expect(offenders).toEqual([])
  })

  it('src/action does not import src/cli, and the core imports neither front', () => {
    for (const f of files) {
      const c = code(f.code)
      if (f.path.startsWith('action')) expect(c, f.path).not.toMatch(/from '\.\.\/cli\//)
      if (!f.path.startsWith('action') && !f.path.startsWith('cli') && f.path !== 'action.ts') {
        expect(c, f.path).not.toMatch(/from '\.\.?\/(action|cli)\//)
      }
    }
  })

  it('only src/crypto imports the crypto libraries', () => {
    const offenders = files
      .filter((f) => !f.path.startsWith('crypto/'))
      .filter((f) => /from '(@noble\/curves[^']*|tweetnacl|scrypt-js)'/.test(code(f.code)))
      .map((f) => f.path)
    expect(offenders).toEqual([])
  })
})
