/**
 * The Tekton Tasks (tekton/sigil-sign.yaml, tekton/sigil-verify.yaml): the YAML has the shape Tekton's v1 API
 * requires, and each step's script, with params, workspaces and results substituted as Tekton does, runs in a
 * shell against a real registry and writes the results (test/helpers/tekton.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { createRecordingCli, generateKeyPair, REPO_ROOT, runCli, writeDockerConfig, type RecordingCli, type TestKeyPair } from '../helpers/action.js'
import { pushRandomImage, startRegistry, TEST_USER, type TestRegistry } from '../helpers/registry.js'
import { loadTask, runTaskLocally, validateTask, type Task } from '../helpers/tekton.js'

const SIGN = join(REPO_ROOT, 'tekton', 'sigil-sign.yaml')
const VERIFY = join(REPO_ROOT, 'tekton', 'sigil-verify.yaml')

let reg: TestRegistry
let authReg: TestRegistry
let dir: string
let keys: TestKeyPair
let attacker: TestKeyPair
let cli: RecordingCli
let secrets: string
let pubOnly: string
// Byte for byte, as cosign reads cosign.password: the trailing space and newline are part of the password.
const PASSWORD = 'tekton password \n'

beforeAll(async () => {
  ;[reg, authReg] = await Promise.all([startRegistry(), startRegistry({ auth: 'htpasswd' })])
  dir = await mkdtemp(join(tmpdir(), 'sigil-tekton-'))
  ;[keys, attacker] = await Promise.all([generateKeyPair(dir, 'cosign', PASSWORD), generateKeyPair(dir, 'attacker', 'attacker')])
  cli = await createRecordingCli(dir)
  // The signing Secret as `cosign generate-key-pair k8s://ns/signing-secrets` lays it out, mounted as a workspace.
  secrets = join(dir, 'signing-secrets')
  await mkdir(secrets)
  await Promise.all([
    writeFile(join(secrets, 'cosign.key'), keys.keyPem),
    writeFile(join(secrets, 'cosign.pub'), keys.pubPem),
    writeFile(join(secrets, 'cosign.password'), PASSWORD),
  ])
  // For verification: the same Secret with only cosign.pub projected.
  pubOnly = join(dir, 'public-key')
  await mkdir(pubOnly)
  await writeFile(join(pubOnly, 'cosign.pub'), keys.pubPem)
})
afterAll(async () => {
  await Promise.all([reg?.stop(), authReg?.stop()])
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('the Tasks have the shape Tekton requires', () => {
  it('sigil-sign and sigil-verify: valid tekton.dev/v1 Tasks with IMAGE, IMAGE_DIGEST, SIGNATURE_TAG and the two workspaces', () => {
    for (const path of [SIGN, VERIFY]) {
      const task = loadTask(path)
      expect(validateTask(task), path).toEqual([])
      expect(task.spec.params!.find((p) => p.name === 'IMAGE')).toMatchObject({ type: 'string' })
      expect(task.spec.params!.find((p) => p.name === 'IMAGE')!.default).toBeUndefined()
      expect(task.spec.params!.find((p) => p.name === 'SIGIL_CLI')!.default).toBe('npx --yes sigil@0.1.0')
      expect(task.spec.results!.map((r) => r.name)).toEqual(['IMAGE_DIGEST', 'SIGNATURE_TAG'])
      expect(task.spec.workspaces).toEqual([
        expect.objectContaining({ name: 'signing-secrets', readOnly: true }),
        expect.objectContaining({ name: 'dockerconfig', optional: true, readOnly: true }),
      ])
      // Params reach scripts only through env: never substituted into the script text (injection).
      for (const step of task.spec.steps) {
        expect(step.script).not.toMatch(/\$\(params\./)
        expect(step.script!.startsWith('#!/bin/sh\n')).toBe(true)
      }
      expect(parseAllDocuments(readFileSync(path, 'utf8'))).toHaveLength(1)
    }
  })

  it('the check is not a no-op: undeclared params, bad result names, script with command, bad step names are reported', () => {
    const task = loadTask(SIGN)
    const broken = structuredClone(task) as Task
    broken.spec.results!.push({ name: 'bad name!' })
    broken.spec.steps[0]!.script += '\necho $(params.NOPE) > $(results.MISSING.path)\n'
    broken.spec.steps[0]!.command = ['sh']
    broken.spec.steps.push({ ...structuredClone(task.spec.steps[0]!), name: 'Sign_Again' })
    ;(broken.spec as Record<string, unknown>).resources = {}
    const problems = validateTask(broken).join('\n')
    expect(problems).toContain('"bad name!" does not match')
    expect(problems).toContain('$(params.NOPE) names no declared param')
    expect(problems).toContain('$(results.MISSING.path) names no declared result path')
    expect(problems).toContain('script cannot be used with command')
    expect(problems).toContain('"Sign_Again" is not a DNS label')
    expect(problems).toContain('spec: unknown field "resources"')
  })
})

describe('the steps run against a real registry', () => {
  it('sign then verify: results IMAGE_DIGEST and SIGNATURE_TAG; the password goes on stdin, byte for byte', async () => {
    const img = await pushRandomImage(reg, 'tekton/app', { tag: 'v1' })
    const signed = await runTaskLocally(loadTask(SIGN), {
      params: { IMAGE: img.tagReference!, SIGIL_CLI: cli.command, ANNOTATIONS: 'pipelinerun=build-42\ntask=sign' },
      workspaces: { 'signing-secrets': secrets },
    })
    expect(signed.code, signed.steps.map((s) => s.stderr).join('\n')).toBe(0)
    const sigTag = `${reg.host}/tekton/app:${img.digest.replace(':', '-')}.sig`
    expect(signed.results).toEqual({ IMAGE_DIGEST: img.digest, SIGNATURE_TAG: sigTag })
    expect(signed.steps[0]!.stderr).toContain('uses a tag, not a digest')

    const verified = await runTaskLocally(loadTask(VERIFY), {
      params: { IMAGE: `${reg.host}/tekton/app@${signed.results.IMAGE_DIGEST}`, SIGIL_CLI: cli.command, ANNOTATIONS: 'task=sign' },
      workspaces: { 'signing-secrets': pubOnly },
    })
    expect(verified.code, verified.steps.map((s) => s.stderr).join('\n')).toBe(0)
    expect(verified.results).toEqual({ IMAGE_DIGEST: img.digest, SIGNATURE_TAG: sigTag })
    expect(verified.steps[0]!.stdout).toContain('"optional":{"pipelinerun":"build-42","task":"sign"}')

    const calls = await cli.calls()
    expect(calls.map((c) => c.argv[0])).toEqual(['sign', 'triangulate', 'verify'])
    expect(calls[0]!.argv).toEqual(['sign', '--output', 'json', '--key', join(secrets, 'cosign.key'), '-a', 'pipelinerun=build-42', '-a', 'task=sign', img.tagReference])
    for (const c of calls) {
      expect(c.env).toEqual([])
      expect(c.argv.join(' ')).not.toContain('tekton password')
    }
  })

  it('verify fails on a tampered image, with cosign exit codes: 10 unsigned, 12 signed by another key', async () => {
    const img = await pushRandomImage(reg, 'tekton/tamper', { tag: 'v1' })
    expect((await runTaskLocally(loadTask(SIGN), { params: { IMAGE: img.reference, SIGIL_CLI: cli.command }, workspaces: { 'signing-secrets': secrets } })).code).toBe(0)
    const verify = () => runTaskLocally(loadTask(VERIFY), { params: { IMAGE: img.tagReference!, SIGIL_CLI: cli.command }, workspaces: { 'signing-secrets': pubOnly } })
    expect((await verify()).code).toBe(0)
    const evil = await pushRandomImage(reg, 'tekton/tamper', { tag: 'v1' })
    const unsigned = await verify()
    expect(unsigned.code).toBe(10)
    expect(unsigned.steps[0]!.stderr).toContain(`Error: no signatures found for ${img.tagReference}`)
    expect(unsigned.results).toEqual({})
    expect((await runCli(['sign', '--key', attacker.keyPath, evil.reference], { COSIGN_PASSWORD: 'attacker' })).code).toBe(0)
    const forged = await verify()
    expect(forged.code).toBe(12)
    expect(forged.steps[0]!.stderr).toContain(`Error: no matching signatures for ${img.tagReference}:`)
    expect(forged.results).toEqual({})
  })

  it('registry credentials from the dockerconfig workspace: config.json, or a kubernetes.io/dockerconfigjson Secret', async () => {
    const img = await pushRandomImage(authReg, 'tekton/private')
    const denied = await runTaskLocally(loadTask(SIGN), { params: { IMAGE: img.reference, SIGIL_CLI: cli.command }, workspaces: { 'signing-secrets': secrets } })
    expect(denied.code).toBe(1)
    expect(denied.steps[0]!.stderr).toMatch(/Error: .*401/)

    const plain = await writeDockerConfig(join(dir, 'dockerconfig'), authReg.host, TEST_USER.username, TEST_USER.password)
    const signed = await runTaskLocally(loadTask(SIGN), { params: { IMAGE: img.reference, SIGIL_CLI: cli.command }, workspaces: { 'signing-secrets': secrets, dockerconfig: plain } })
    expect(signed.code, signed.steps[0]!.stderr).toBe(0)
    expect(signed.results.IMAGE_DIGEST).toBe(img.digest)

    const k8s = join(dir, 'dockerconfigjson')
    await mkdir(k8s)
    await symlink(join(plain, 'config.json'), join(k8s, '.dockerconfigjson'))
    const verified = await runTaskLocally(loadTask(VERIFY), { params: { IMAGE: img.reference, SIGIL_CLI: cli.command }, workspaces: { 'signing-secrets': pubOnly, dockerconfig: k8s } })
    expect(verified.code, verified.steps[0]!.stderr).toBe(0)
    expect(verified.results.IMAGE_DIGEST).toBe(img.digest)
    const all = [...denied.steps, ...signed.steps, ...verified.steps].map((s) => s.stdout + s.stderr).join('\n')
    expect(all).not.toContain(TEST_USER.password)
    expect(await readFile(join(k8s, '.dockerconfigjson'), 'utf8')).toContain('auths')
  })

  it('bad params fail with one line naming the param; an image name cannot inject a command', async () => {
    const img = await pushRandomImage(reg, 'tekton/strict')
    const bad = await runTaskLocally(loadTask(SIGN), { params: { IMAGE: img.reference, SIGIL_CLI: cli.command, RECURSIVE: 'ture' }, workspaces: { 'signing-secrets': secrets } })
    expect(bad.code).toBe(2)
    expect(bad.steps[0]!.stderr).toBe('sigil-sign: param RECURSIVE: "ture" is not a boolean; use true or false\n')
    const canary = join(dir, 'pwned')
    const injected = await runTaskLocally(loadTask(SIGN), {
      params: { IMAGE: `${img.reference}$(touch ${canary})\`touch ${canary}\`; touch ${canary}`, SIGIL_CLI: cli.command },
      workspaces: { 'signing-secrets': secrets },
    })
    expect(injected.code).toBe(1)
    expect(injected.steps[0]!.stderr).toMatch(/^Error: image reference /m)
    expect(existsSync(canary)).toBe(false)
  })
})
