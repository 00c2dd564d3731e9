/**
 * The GitLab CI/CD components (gitlab/templates/sign.yml, verify.yml), run by gitlab-ci-local in shell-executor
 * mode against real registries, included as GitLab includes them (`include: component:` from the mirror tree and
 * `include: local:` with inputs). A sign job, then a verify job and a deploy job that read its dotenv outputs.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { generateKeyPair, REPO_ROOT, runCli, type TestKeyPair } from '../helpers/action.js'
import { createComponentProject, type ComponentProject } from '../helpers/gitlab.js'
import { fetchBlob, fetchManifest, pushRandomImage, startRegistry, TEST_USER, type TestRegistry } from '../helpers/registry.js'

let reg: TestRegistry
let ciReg: TestRegistry
let project: ComponentProject
let keys: TestKeyPair
let attacker: TestKeyPair
let keyDir: string
// GitLab expands $ in variables unless they are marked raw: no $ here (see docs/troubleshooting.md).
const PASSWORD = 'gitlab masked pa55word!'

beforeAll(async () => {
  ;[reg, ciReg, project] = await Promise.all([startRegistry(), startRegistry({ auth: 'htpasswd' }), createComponentProject()])
  keyDir = await mkdtemp(join(tmpdir(), 'sigil-gitlab-keys-'))
  ;[keys, attacker] = await Promise.all([generateKeyPair(keyDir, 'cosign', PASSWORD), generateKeyPair(keyDir, 'attacker', 'attacker')])
})
afterAll(async () => {
  await Promise.all([reg?.stop(), ciReg?.stop(), project?.cleanup()])
  if (keyDir) await rm(keyDir, { recursive: true, force: true })
})

/** A pipeline that signs with the sign component and verifies with verify.yml included locally. */
function signVerifyPipeline(image: string, extraSignInputs: Record<string, string> = {}): string {
  return [
    'stages: [build, sign, verify, deploy]',
    'include:',
    `  - component: ${project.component('sign')}`,
    '    inputs:',
    `      image: ${JSON.stringify(image)}`,
    '      stage: sign',
    `      cli: ${JSON.stringify(project.cli)}`,
    ...Object.entries(extraSignInputs).map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
    '  - local: templates/verify.yml',
    '    inputs:',
    '      image: $SIGIL_IMAGE',
    '      stage: verify',
    `      cli: ${JSON.stringify(project.cli)}`,
    'sigil-verify:',
    '  needs: [sigil-sign]',
    'deploy:',
    '  stage: deploy',
    '  needs: [sigil-sign, sigil-verify]',
    '  script:',
    '    - echo "deploying $SIGIL_IMAGE (digest $SIGIL_DIGEST, signatures in $SIGIL_SIGNATURE_TAG)"',
    '',
  ].join('\n')
}

const secrets = () => ({
  variables: { COSIGN_PASSWORD: PASSWORD, COSIGN_PUBLIC_KEY: keys.pubPem },
  fileVariables: { COSIGN_PRIVATE_KEY: keys.keyPem },
})

describe('the components', () => {
  it('have the shape GitLab requires: spec: inputs, ---, one job; every input used and declared; no password input', async () => {
    for (const name of ['sign', 'verify']) {
      const text = await readFile(join(REPO_ROOT, 'gitlab', 'templates', `${name}.yml`), 'utf8')
      const docs = parseAllDocuments(text)
      expect(docs).toHaveLength(2)
      const header = docs[0]!.toJS() as { spec: { inputs: Record<string, { type?: string; default?: unknown; description?: string }> } }
      expect(Object.keys(header)).toEqual(['spec'])
      const inputs = header.spec.inputs
      const used = new Set([...text.matchAll(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g)].map((m) => m[1]))
      expect([...used].sort()).toEqual(Object.keys(inputs).sort())
      expect(Object.keys(inputs).filter((k) => /password/i.test(k))).toEqual([])
      for (const [k, v] of Object.entries(inputs)) {
        expect(v.description, k).toBeTruthy()
        if (v.type === 'boolean') expect(typeof v.default, k).toBe('boolean')
      }
      expect(inputs.image!.default).toBeUndefined()
      expect(inputs.cli!.default).toBe('npx --yes sigil@0.1.0')
      const jobs = docs[1]!.toJS() as Record<string, { script: string[]; variables: Record<string, string>; artifacts: unknown }>
      expect(Object.keys(jobs)).toEqual(['$[[ inputs.job-name ]]'])
      const job = Object.values(jobs)[0]!
      expect(job.artifacts).toEqual({ reports: { dotenv: 'sigil.env' } })
      // Inputs reach the job as variables only, never the script text.
      expect(job.script.join('\n')).not.toContain('$[[')
      for (const value of Object.values(job.variables)) expect(value).toMatch(/^\$\[\[ inputs\.[\w-]+ \]\]$/)
    }
    const sign = parse((await readFile(join(REPO_ROOT, 'gitlab', 'templates', 'sign.yml'), 'utf8')).split('\n---\n')[0]!) as { spec: { inputs: Record<string, { default?: unknown }> } }
    expect(sign.spec.inputs.key!.default).toBe('$COSIGN_PRIVATE_KEY')
  })

  it('the mirror tree has templates/ at the root, a README, a LICENSE and a release pipeline', async () => {
    for (const f of ['templates/sign.yml', 'templates/verify.yml', 'README.md', 'LICENSE', '.gitlab-ci.yml']) expect(existsSync(join(project.dir, f)), f).toBe(true)
    const ci = parse(await readFile(join(project.dir, '.gitlab-ci.yml'), 'utf8')) as Record<string, { release?: { tag_name?: string } }>
    expect(ci['create-release']!.release!.tag_name).toBe('$CI_COMMIT_TAG')
  })
})

describe('gitlab-ci-local runs the components against a real registry', () => {
  it('sign (component include), then verify (local include) and deploy read the dotenv outputs', async () => {
    const img = await pushRandomImage(reg, 'gl/app', { tag: 'v1' })
    const run = await project.runPipeline(signVerifyPipeline(img.tagReference!, { annotations: 'pipeline=42\nteam=platform' }), secrets())
    expect(run.code, run.output).toBe(0)
    expect(run.output).toMatch(/PASS\s+sigil-sign/)
    expect(run.output).toMatch(/PASS\s+sigil-verify/)
    expect(run.output).toMatch(/PASS\s+deploy/)
    const expected = {
      SIGIL_IMAGE: img.reference,
      SIGIL_DIGEST: img.digest,
      SIGIL_SIGNATURE_TAG: `${reg.host}/gl/app:${img.digest.replace(':', '-')}.sig`,
    }
    expect(run.dotenv['sigil-sign']).toEqual(expected)
    expect(run.dotenv['sigil-verify']).toEqual(expected)
    expect(run.logs['sigil-sign']).toContain(`uses a tag, not a digest`)
    // verify got the sign job's outputs: it verified the pinned digest.
    expect(run.logs['sigil-verify']).toContain(`Verification for ${img.reference} --`)
    expect(run.logs['sigil-verify']).toContain('"optional":{"pipeline":"42","team":"platform"}')
    expect(run.logs.deploy).toContain(`deploying ${img.reference} (digest ${img.digest}, signatures in ${expected.SIGIL_SIGNATURE_TAG})`)
    const calls = await project.cliCalls()
    const signCall = calls.find((c) => c.argv[0] === 'sign')!
    // The key came as a File-type variable: a path; the PEM text never reaches argv, nor does the password.
    expect(signCall.argv).toEqual(['sign', '--output', 'json', '--key', expect.stringMatching(/^\/.+COSIGN_PRIVATE_KEY$/), '-a', 'pipeline=42', '-a', 'team=platform', img.tagReference])
    const verifyCall = calls.find((c) => c.argv[0] === 'verify')!
    expect(verifyCall.argv).toEqual(['verify', '--output', 'json', '--key', 'env://SIGIL_INPUT_PUBLIC_KEY', img.reference])
    for (const c of calls) {
      expect(c.argv.join(' ')).not.toContain(PASSWORD)
      expect(c.argv.join(' ')).not.toContain('BEGIN')
      expect(c.env).toEqual(['COSIGN_PASSWORD'])
    }
    expect(Object.values(run.logs).join('\n')).not.toContain(PASSWORD)
  })

  it('a key given as PEM text in a variable is passed as env://; the verify job fails on a tampered image', async () => {
    const img = await pushRandomImage(reg, 'gl/tamper', { tag: 'v1' })
    const ok = await project.runPipeline(signVerifyPipeline(`${reg.host}/gl/tamper@${img.digest}`, { key: '$MY_SIGNING_KEY' }), {
      variables: { COSIGN_PASSWORD: PASSWORD, COSIGN_PUBLIC_KEY: keys.pubPem, MY_SIGNING_KEY: keys.keyPem },
    })
    expect(ok.code, ok.output).toBe(0)
    expect((await project.cliCalls()).at(-3)!.argv).toContain('env://SIGIL_INPUT_KEY')
    // Someone pushes other content under v1 and signs it with their own key.
    const evil = await pushRandomImage(reg, 'gl/tamper', { tag: 'v1' })
    expect((await runCli(['sign', '--key', attacker.keyPath, evil.reference], { COSIGN_PASSWORD: 'attacker' })).code).toBe(0)
    const verifyOnly = [
      'include:',
      '  - local: templates/verify.yml',
      '    inputs:',
      `      image: ${img.tagReference}`,
      '      stage: test',
      `      cli: ${JSON.stringify(project.cli)}`,
      '',
    ].join('\n')
    const bad = await project.runPipeline(verifyOnly, secrets())
    expect(bad.code).not.toBe(0)
    expect(bad.output).toMatch(/FAIL\s+sigil-verify/)
    expect(bad.logs['sigil-verify']).toContain(`Error: no matching signatures for ${img.tagReference}:`)
    expect(bad.logs['sigil-verify']).toContain('invalid signature when validating ASN.1 encoded signature')
    expect(bad.dotenv['sigil-verify']).toBeUndefined()
  })

  it('logs in to CI_REGISTRY with CI_REGISTRY_USER/CI_REGISTRY_PASSWORD through the environment, and only there', async () => {
    const img = await pushRandomImage(ciReg, 'group/project/app', { tag: 'v1' })
    const ciVariables = { CI_REGISTRY: ciReg.host, CI_REGISTRY_USER: TEST_USER.username, CI_REGISTRY_PASSWORD: TEST_USER.password }
    const before = (await project.cliCalls()).length
    const run = await project.runPipeline(signVerifyPipeline(img.reference), { ...secrets(), variables: { ...secrets().variables, ...ciVariables } })
    expect(run.code, run.output).toBe(0)
    expect(run.dotenv['sigil-verify']!.SIGIL_DIGEST).toBe(img.digest)
    expect(await fetchManifest(ciReg, 'group/project/app', `${img.digest.replace(':', '-')}.sig`)).toBeDefined()
    const calls = (await project.cliCalls()).slice(before)
    expect(calls.map((c) => c.argv[0])).toEqual(['sign', 'triangulate', 'verify'])
    for (const c of calls) {
      expect(c.env).toEqual(['COSIGN_PASSWORD', 'SIGIL_REGISTRY_PASSWORD', 'SIGIL_REGISTRY_USERNAME'])
      expect(c.argv.join(' ')).not.toContain(TEST_USER.password)
    }
    expect(Object.values(run.logs).join('\n')).not.toContain(TEST_USER.password)

    // An image elsewhere gets no CI_REGISTRY credentials.
    const other = await pushRandomImage(reg, 'gl/elsewhere')
    const mark = (await project.cliCalls()).length
    const run2 = await project.runPipeline(signVerifyPipeline(other.reference), { ...secrets(), variables: { ...secrets().variables, ...ciVariables } })
    expect(run2.code, run2.output).toBe(0)
    for (const c of (await project.cliCalls()).slice(mark)) expect(c.env).toEqual(['COSIGN_PASSWORD'])
  })

  it('no input reaches a shell unquoted: an image name or annotations cannot run a command', async () => {
    const canary = join(project.dir, '..', 'pwned')
    const img = await pushRandomImage(reg, 'gl/inject')
    const nasty = [`$(touch ${canary}-1)`, `\`touch ${canary}-2\``, `"; touch ${canary}-3; echo "`, `'; touch ${canary}-4; echo '`, `x\ntouch ${canary}-5`]
    // Through annotations the values are signed literally.
    const literal = [nasty[0]!, nasty[1]!, nasty[3]!]
    const run = await project.runPipeline(signVerifyPipeline(img.reference, { annotations: literal.map((v, i) => `k${i}=${v}`).join('\n') }), secrets())
    expect(run.code, run.output).toBe(0)
    const sig = await fetchManifest(reg, 'gl/inject', `${img.digest.replace(':', '-')}.sig`)
    const layer = (JSON.parse(sig!.bytes.toString()) as { layers: { digest: string }[] }).layers[0]!
    const payload = JSON.parse((await fetchBlob(reg, 'gl/inject', layer.digest))!.toString()) as { optional: Record<string, string> }
    expect(payload.optional).toEqual({ k0: literal[0], k1: literal[1], k2: literal[2] })
    // A bare double quote is refused by sigil's parsing of -a (cosign's CSV rules), as a one-line error.
    const quoted = await project.runPipeline(signVerifyPipeline(img.reference, { annotations: `k=${nasty[2]}` }), secrets())
    expect(quoted.code).not.toBe(0)
    expect(quoted.logs['sigil-sign']).toContain('Error: -a/--annotations "k=')
    // Through the image name the job fails on the reference, and nothing ran.
    for (const [i, v] of nasty.entries()) {
      const bad = await project.runPipeline(signVerifyPipeline(`${img.reference}${v}`), secrets())
      expect(bad.code, `case ${i}`).not.toBe(0)
      expect(bad.logs['sigil-sign'], `case ${i}`).toMatch(/Error: (input|image reference)/)
    }
    for (let i = 1; i <= 5; i++) expect(existsSync(`${canary}-${i}`), `canary ${i}`).toBe(false)
  })
})
