/**
 * The GitHub Action, run exactly as the runner runs it (test/helpers/action.ts): dist/action/index.js in a fresh
 * process, INPUT_* variables with action.yml's defaults, the runner's files, against real registries, under this
 * Node and under Node 24 (`runs.using: node24`).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { actionNodes, createRunner, generateKeyPair, runCli, writeDockerConfig, type ActionResult, type Runner, type TestKeyPair } from '../helpers/action.js'
import { fetchBlob, fetchManifest, pushImageIndex, pushRandomImage, startRegistry, TEST_USER, type TestRegistry } from '../helpers/registry.js'

let reg: TestRegistry
let authReg: TestRegistry
let dir: string
let owner: TestKeyPair
let attacker: TestKeyPair
const PASSWORD = 'Corr3ct horse-battery staple!'

beforeAll(async () => {
  ;[reg, authReg] = await Promise.all([startRegistry(), startRegistry({ auth: 'htpasswd' })])
  dir = await mkdtemp(join(tmpdir(), 'sigil-action-test-'))
  ;[owner, attacker] = await Promise.all([generateKeyPair(dir, 'cosign', PASSWORD), generateKeyPair(dir, 'attacker', 'attacker-password')])
})
afterAll(async () => {
  await Promise.all([reg?.stop(), authReg?.stop()])
  if (dir) await rm(dir, { recursive: true, force: true })
})

const sigTag = (host: string, repo: string, digest: string) => `${host}/${repo}:${digest.replace(':', '-')}.sig`
const errorLines = (r: ActionResult) => r.lines.filter((l) => l.startsWith('::error::'))

/** Every line that is not an ::add-mask:: command, in stdout, stderr, outputs and summary. */
function visibleText(r: ActionResult): string {
  return [
    ...r.lines.filter((l) => !l.startsWith('::add-mask::')),
    r.stderr,
    JSON.stringify(r.outputs),
    r.summary,
  ].join('\n')
}

function pemBodyLines(pem: string): string[] {
  return pem.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('-----'))
}

describe.each(actionNodes())('the action under %s', (_label, node) => {
  let runner: Runner
  beforeAll(async () => {
    runner = await createRunner()
  })
  afterAll(async () => {
    await runner?.cleanup()
  })
  const action = (inputs: Record<string, string>, env: Record<string, string> = {}) => runner.runAction(inputs, { node, env })

  it('sign by digest: outputs digest, signature-tag and signatures; job summary table; no tag warning', async () => {
    const img = await pushRandomImage(reg, 'gh/by-digest')
    const r = await action({ images: img.reference, key: owner.keyPem, password: PASSWORD, annotations: 'run=42\nrepo=acme/app' })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.outputs.digest).toBe(img.digest)
    expect(r.outputs['signature-tag']).toBe(sigTag(reg.host, 'gh/by-digest', img.digest))
    expect(JSON.parse(r.outputs.signatures!)).toEqual([{ image: img.reference, digest: img.digest, signatureTag: sigTag(reg.host, 'gh/by-digest', img.digest) }])
    expect(r.stdout).not.toMatch(/uses a tag/)
    expect(r.summary).toContain('sigil: images signed')
    expect(r.summary).toMatch(/<table>.*Image.*Digest.*Signature tag/s)
    expect(r.summary).toContain(`<code>${img.digest}</code>`)
    expect(r.summary).toContain('<code>run=42</code>')
    // What was pushed verifies with the public key through the CLI, annotations included.
    const v = await runCli(['verify', '--key', owner.pubPath, '-a', 'run=42', '-a', 'repo=acme/app', img.reference])
    expect(v.code, v.stderr).toBe(0)
  })

  it('sign by tag, two images comma-separated: each tag is resolved and warned about; a re-run changes nothing', async () => {
    const a = await pushRandomImage(reg, 'gh/tag-a', { tag: 'v1' })
    const b = await pushRandomImage(reg, 'gh/tag-b', { tag: 'v2' })
    const r = await action({ images: `${a.tagReference}, ${b.tagReference}`, key: owner.keyPath, password: PASSWORD })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.lines.filter((l) => l.startsWith('::warning::Image reference ') && l.includes('uses a tag, not a digest'))).toHaveLength(2)
    expect(r.outputs.digest).toBe(a.digest)
    expect(JSON.parse(r.outputs.signatures!)).toEqual([
      { image: a.reference, digest: a.digest, signatureTag: sigTag(reg.host, 'gh/tag-a', a.digest) },
      { image: b.reference, digest: b.digest, signatureTag: sigTag(reg.host, 'gh/tag-b', b.digest) },
    ])
    const before = await fetchManifest(reg, 'gh/tag-a', `${a.digest.replace(':', '-')}.sig`)
    const again = await action({ images: a.reference, key: owner.keyPath }, { COSIGN_PASSWORD: PASSWORD })
    expect(again.code, again.stdout).toBe(0)
    expect(again.summary).toContain('already signed')
    expect((await fetchManifest(reg, 'gh/tag-a', `${a.digest.replace(':', '-')}.sig`))!.digest).toBe(before!.digest)
  })

  it('recursive: signs an index and each platform manifest; signatures lists all three', async () => {
    const idx = await pushImageIndex(reg, 'gh/multi', { tag: 'v1' })
    const r = await action({ images: idx.reference, key: `env://MY_KEY`, recursive: 'true' }, { MY_KEY: owner.keyPem, COSIGN_PASSWORD: PASSWORD })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect((JSON.parse(r.outputs.signatures!) as { digest: string }[]).map((s) => s.digest)).toEqual([idx.digest, ...idx.images.map((i) => i.digest)])
    expect(r.outputs.digest).toBe(idx.digest)
  })

  it('verify: passes for the signed digest; outputs and a summary of what was checked', async () => {
    const img = await pushRandomImage(reg, 'gh/verify', { tag: 'v1' })
    expect((await action({ images: img.reference, key: owner.keyPem, password: PASSWORD, annotations: 'env=prod' })).code).toBe(0)
    // Three keys: two PEM texts (the attacker's, the owner's) and a path; any may match.
    const r = await action({ mode: 'verify', images: img.tagReference!, 'public-key': `${attacker.pubPem}\n${owner.pubPem}\n${attacker.pubPath}`, annotations: 'env=prod' })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    expect(r.outputs.digest).toBe(img.digest)
    expect(r.outputs['signature-tag']).toBe(sigTag(reg.host, 'gh/verify', img.digest))
    expect(JSON.parse(r.outputs.signatures!)).toEqual([{ image: img.reference, digest: img.digest, signatureTag: sigTag(reg.host, 'gh/verify', img.digest) }])
    expect(r.stdout).toMatch(/::warning::Image reference .* uses a tag, not a digest/)
    expect(r.summary).toContain('sigil: signatures verified')
    expect(r.summary).toContain('The cosign claims were validated')
    expect(r.summary).toContain('The signatures were verified against the specified public key')
    expect(r.summary).toContain('The specified annotations were verified.')
    expect(r.summary).toContain('Public keys accepted: 3')
    // A path works too, and a missing annotation fails.
    const bad = await action({ mode: 'verify', images: img.reference, 'public-key': owner.pubPath, annotations: 'env=dev' })
    expect(bad.code).toBe(1)
    expect(errorLines(bad)).toEqual([expect.stringMatching(/^::error::no matching signatures for .*missing or incorrect annotation: env$/)])
  })

  it('verify fails on a tampered image: new content under the tag, unsigned (no signatures) then signed by an attacker (no matching signatures)', async () => {
    const img = await pushRandomImage(reg, 'gh/tamper', { tag: 'v1' })
    expect((await action({ images: img.reference, key: owner.keyPem, password: PASSWORD })).code).toBe(0)
    expect((await action({ mode: 'verify', images: img.tagReference!, 'public-key': owner.pubPem })).code).toBe(0)

    const evil = await pushRandomImage(reg, 'gh/tamper', { tag: 'v1' })
    const unsigned = await action({ mode: 'verify', images: img.tagReference!, 'public-key': owner.pubPem })
    expect(unsigned.code).toBe(1)
    expect(errorLines(unsigned)).toEqual([`::error::no signatures found for ${img.tagReference} (${sigTag(reg.host, 'gh/tamper', evil.digest)})`])
    expect(unsigned.outputs).toEqual({})

    const s = await runCli(['sign', '--key', attacker.keyPath, evil.reference], { COSIGN_PASSWORD: 'attacker-password' })
    expect(s.code, s.stderr).toBe(0)
    const forged = await action({ mode: 'verify', images: img.tagReference!, 'public-key': owner.pubPem })
    expect(forged.code).toBe(1)
    const errs = errorLines(forged)
    expect(errs).toHaveLength(1)
    expect(errs[0]).toMatch(/^::error::no matching signatures for .* layer 0 \(sha256:[0-9a-f]{64}\): invalid signature when validating ASN\.1 encoded signature$/)
    expect(forged.summary).toContain('sigil: verification failed')
    expect(forged.summary).toContain('no matching signatures')
    // The original digest still verifies.
    expect((await action({ mode: 'verify', images: img.reference, 'public-key': owner.pubPem })).code).toBe(0)
  })

  it('mode install: the bundled CLI goes to the tool cache and PATH; a later run: step calls sigil verify', async () => {
    const img = await pushRandomImage(reg, 'gh/install')
    expect((await action({ images: img.reference, key: owner.keyPem, password: PASSWORD })).code).toBe(0)
    const r = await action({ mode: 'install' })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const expectedDir = join(runner.toolCache, 'sigil', '0.1.0', 'x64')
    expect(r.pathAdded).toEqual([expectedDir])
    expect(r.outputs.path).toBe(expectedDir)
    expect(r.lines).toContain('0.1.0')
    const version = await runner.runStep('sigil', ['version'])
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' })
    const v = await runner.runStep('sigil', ['verify', '--key', owner.pubPath, img.reference])
    expect(v.code, v.stderr).toBe(0)
    expect(JSON.parse(v.stdout)).toEqual([expect.objectContaining({ critical: expect.objectContaining({ image: { 'docker-manifest-digest': img.digest } }) })])
    // A second install in the same job finds the cached copy.
    const again = await action({ mode: 'install' })
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('found in the tool cache')
  })

  it('masks every secret before any other line, and no secret shows anywhere else', async () => {
    const img = await pushRandomImage(authReg, 'gh/masked')
    const registryPassword = TEST_USER.password
    const r = await action({
      images: img.reference,
      key: owner.keyPem,
      password: PASSWORD,
      'registry-username': TEST_USER.username,
      'registry-password': registryPassword,
    })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const firstOther = r.lines.findIndex((l) => l !== '' && !l.startsWith('::add-mask::'))
    const masks = r.lines.filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length))
    expect(r.lines.slice(0, firstOther).every((l) => l.startsWith('::add-mask::'))).toBe(true)
    expect(r.lines.slice(firstOther).some((l) => l.startsWith('::add-mask::'))).toBe(false)
    expect(masks).toContain(PASSWORD)
    expect(masks).toContain(registryPassword)
    for (const line of pemBodyLines(owner.keyPem)) expect(masks).toContain(line)
    const visible = visibleText(r)
    for (const secret of [PASSWORD, registryPassword, Buffer.from(`${TEST_USER.username}:${registryPassword}`).toString('base64'), ...pemBodyLines(owner.keyPem)]) {
      expect(visible).not.toContain(secret)
    }
  })

  it('masks a key given as env://NAME and COSIGN_PASSWORD from the environment; a wrong password is a one-line error', async () => {
    const img = await pushRandomImage(reg, 'gh/masked-env')
    const r = await action({ images: img.reference, key: 'env://SIGNING_KEY' }, { SIGNING_KEY: owner.keyPem, COSIGN_PASSWORD: 'not-the-password' })
    expect(r.code).toBe(1)
    const masks = r.lines.filter((l) => l.startsWith('::add-mask::'))
    expect(masks).toContain('::add-mask::not-the-password')
    for (const line of pemBodyLines(owner.keyPem)) expect(masks).toContain(`::add-mask::${line}`)
    expect(errorLines(r)).toEqual(['::error::input "key" env://SIGNING_KEY: wrong password or corrupt key'])
    expect(visibleText(r)).not.toContain('not-the-password')
  })

  it('validates strictly: misspelt booleans and modes, missing or misplaced inputs, bad references', async () => {
    const img = await pushRandomImage(reg, 'gh/strict')
    const cases: [Record<string, string>, string][] = [
      [{ images: img.reference, key: owner.keyPath, recursive: 'ture' }, 'input "recursive": "ture" is not a boolean; use true or false'],
      [{ mode: 'sing', images: img.reference }, 'input "mode": "sing" is not one of sign, verify, install'],
      [{ images: img.reference, key: owner.keyPath, 'allow-http-registry': 'yes' }, 'input "allow-http-registry": "yes" is not a boolean; use true or false'],
      [{ images: '', key: owner.keyPath }, 'input "images": is required in sign mode'],
      [{ images: img.reference }, 'input "key": is required in sign mode (the encrypted private key: PEM text, a path or env://NAME)'],
      [{ mode: 'verify', images: img.reference, key: owner.keyPath }, 'input "public-key": is required in verify mode ("key" is the private key, for sign mode)'],
      [{ mode: 'verify', images: img.reference, 'public-key': owner.pubPath, recursive: 'true' }, 'input "recursive": applies to sign mode only (verify each manifest by its own reference)'],
      [{ images: 'Reg/App:v1', key: owner.keyPath }, 'input "images": "Reg/App:v1": repository "Reg/App" must be lower case'],
      [{ images: img.reference, key: owner.keyPath, annotations: 'novalue' }, 'input "annotations" "novalue": expected key=value (a value may not contain "=")'],
      [{ images: img.reference, key: owner.keyPath, 'registry-username': 'u' }, 'inputs "registry-username" and "registry-password": give both or neither'],
    ]
    for (const [inputs, message] of cases) {
      const r = await action(inputs, { COSIGN_PASSWORD: PASSWORD })
      expect(r.code, JSON.stringify(inputs)).toBe(1)
      expect(errorLines(r), JSON.stringify(inputs)).toEqual([`::error::${message}`])
      expect(r.outputs).toEqual({})
    }
    // Nothing was written for the image.
    expect(await fetchManifest(reg, 'gh/strict', `${img.digest.replace(':', '-')}.sig`)).toBeUndefined()
  })

  it('registry credentials from the docker config docker/login-action writes (DOCKER_CONFIG), else a one-line auth error', async () => {
    const img = await pushRandomImage(authReg, 'gh/dockercfg', { tag: 'v1' })
    const cfg = await writeDockerConfig(join(runner.root, 'docker'), authReg.host, TEST_USER.username, TEST_USER.password)
    const noCreds = await action({ images: img.reference, key: owner.keyPem, password: PASSWORD })
    expect(noCreds.code).toBe(1)
    expect(errorLines(noCreds)).toHaveLength(1)
    expect(errorLines(noCreds)[0]).toMatch(/^::error::.*401/)
    const signed = await action({ images: img.reference, key: owner.keyPem, password: PASSWORD }, { DOCKER_CONFIG: cfg })
    expect(signed.code, signed.stdout + signed.stderr).toBe(0)
    expect(signed.outputs['signature-tag']).toBe(sigTag(authReg.host, 'gh/dockercfg', img.digest))
    const verified = await action({ mode: 'verify', images: img.tagReference!, 'public-key': owner.pubPem }, { DOCKER_CONFIG: cfg })
    expect(verified.code, verified.stdout).toBe(0)
    expect(visibleText(signed) + visibleText(verified)).not.toContain(Buffer.from(`${TEST_USER.username}:${TEST_USER.password}`).toString('base64'))
  })

  it('explicit registry-username and registry-password inputs win over the docker config', async () => {
    const img = await pushRandomImage(authReg, 'gh/explicit')
    const wrong = await writeDockerConfig(join(runner.root, 'docker-wrong'), authReg.host, TEST_USER.username, 'wrong-password')
    const creds = { 'registry-username': TEST_USER.username, 'registry-password': TEST_USER.password }
    const r = await action({ images: img.reference, key: owner.keyPem, password: PASSWORD, ...creds }, { DOCKER_CONFIG: wrong })
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const v = await action({ mode: 'verify', images: img.reference, 'public-key': owner.pubPem, ...creds }, { DOCKER_CONFIG: wrong })
    expect(v.code, v.stdout).toBe(0)
    const sig = await fetchManifest(authReg, 'gh/explicit', `${img.digest.replace(':', '-')}.sig`)
    const layer = (JSON.parse(sig!.bytes.toString()) as { layers: { digest: string }[] }).layers[0]!
    expect((await fetchBlob(authReg, 'gh/explicit', layer.digest))!.toString()).toContain(img.digest)
    const bad = await action({ images: img.reference, key: owner.keyPem, password: PASSWORD, 'registry-username': TEST_USER.username, 'registry-password': 'nope-nope' })
    expect(bad.code).toBe(1)
    expect(errorLines(bad)[0]).toContain('registry-username and registry-password inputs')
    expect(visibleText(bad)).not.toContain('nope-nope')
  })
})

