/**
 * sign, verify and triangulate through the built CLI, as a user swapping cosign for sigil runs them: flags,
 * environment variables, output on stdout and stderr, and cosign's exit codes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encryptKeyFile } from '../../src/cosign/key-file.js'
import { generateSigningKey } from '../../src/keys/index.js'
import { pushRandomImage, startRegistry, type TestRegistry } from '../helpers/registry.js'
import { writeDockerConfig } from '../helpers/credentials.js'
import { runCli } from '../helpers/cli.js'
import { NODE24 } from '../helpers/action.js'

const PASSWORD = 'correct horse'
let reg: TestRegistry
let authReg: TestRegistry
let dir: string
const key = generateSigningKey()
const other = generateSigningKey()

beforeAll(async () => {
  ;[reg, authReg] = await Promise.all([startRegistry(), startRegistry({ auth: 'token' })])
  dir = mkdtempSync(join(tmpdir(), 'sigil-cli-sv-'))
  writeFileSync(join(dir, 'cosign.key'), await encryptKeyFile(key.exportPkcs8(), new TextEncoder().encode(PASSWORD), 'legacy'))
  writeFileSync(join(dir, 'cosign.pub'), key.publicKeyPem)
  writeFileSync(join(dir, 'other.key'), await encryptKeyFile(other.exportPkcs8(), new TextEncoder().encode('x'), 'legacy'))
  writeFileSync(join(dir, 'other.pub'), other.publicKeyPem)
})
afterAll(async () => {
  await Promise.all([reg?.stop(), authReg?.stop()])
})

const env = (extra: Record<string, string> = {}) => ({ HOME: dir, COSIGN_PASSWORD: PASSWORD, ...extra })

// The CLI runs wherever Node 20.19+ runs; the action's runner uses Node 24. Both run the whole file.
describe.each([
  ['Node 20', process.execPath],
  ['Node 24', NODE24],
])('sigil sign / verify / triangulate on %s', (_name, node) => {
  const sigil = (args: string[], extra: Record<string, string> = {}, input?: string) =>
    runCli(args, { node, cwd: dir, env: env(extra), ...(input !== undefined ? { input } : {}) })
  const runCliOn = (args: string[], options: Parameters<typeof runCli>[1]) => runCli(args, { node, ...options })

  it('runs on the expected Node', async () => {
    const { execFileSync } = await import('node:child_process')
    expect(execFileSync(node, ['--version']).toString()).toMatch(_name === 'Node 24' ? /^v24\./ : /^v20\./)
  })

  it('signs by digest silently, verifies with cosign-shaped output, exit 0', async () => {
    const img = await pushRandomImage(reg, 'cli/app', { tag: 'v1' })
    const s = await sigil(['sign', '--key', 'cosign.key', '--tlog-upload=false', '-y', img.reference])
    expect(s.status).toBe(0)
    expect(s.stdout).toBe('')
    expect(s.stderr).toBe(`Pushing signature to: ${reg.host}/cli/app\n`)

    const v = await sigil(['verify', '--key', 'cosign.pub', '--insecure-ignore-tlog', img.tagReference!])
    expect(v.status).toBe(0)
    expect(v.stderr).toContain(`\nVerification for ${img.tagReference} --\nThe following checks were performed on each of these signatures:\n  - The cosign claims were validated\n  - The signatures were verified against the specified public key\n`)
    expect(v.stderr).toContain('WARNING: Skipping tlog verification is an insecure practice')
    expect(v.stdout.startsWith('\n[')).toBe(true)
    const payloads = JSON.parse(v.stdout) as { critical: { image: { 'docker-manifest-digest': string }; identity: { 'docker-reference': string } }; optional: unknown }[]
    expect(payloads).toEqual([
      {
        critical: { identity: { 'docker-reference': `${reg.host}/cli/app` }, image: { 'docker-manifest-digest': img.digest }, type: 'cosign container image signature' },
        optional: null,
      },
    ])

    const text = await sigil(['verify', '--key', 'cosign.pub', '-o', 'text', img.reference])
    expect(text.status).toBe(0)
    expect(text.stdout).toBe(`{"critical":{"identity":{"docker-reference":"${reg.host}/cli/app"},"image":{"docker-manifest-digest":"${img.digest}"},"type":"cosign container image signature"},"optional":null}\n`)

    const t = await sigil(['triangulate', img.tagReference!])
    expect(t.stdout).toBe(`${reg.host}/cli/app:sha256-${img.digest.slice(7)}.sig\n`)
  })

  it('--output json lists every signed manifest; -a pairs are signed and can be required', async () => {
    const a = await pushRandomImage(reg, 'cli/batch', { tag: 'a' })
    const b = await pushRandomImage(reg, 'cli/batch', { tag: 'b' })
    const s = await sigil(['sign', '--key', 'cosign.key', '-a', 'build=7,env=prod', '-a', 'team=x', '--output', 'json', a.tagReference!, b.reference])
    expect(s.status).toBe(0)
    expect(s.stderr).toContain(`WARNING: Image reference ${a.tagReference} uses a tag, not a digest`)
    expect(JSON.parse(s.stdout)).toEqual([
      { image: a.reference, digest: a.digest, signatureTag: `${reg.host}/cli/batch:sha256-${a.digest.slice(7)}.sig` },
      { image: b.reference, digest: b.digest, signatureTag: `${reg.host}/cli/batch:sha256-${b.digest.slice(7)}.sig` },
    ])
    const ok = await sigil(['verify', '--key', 'cosign.pub', '-a', 'env=prod', a.reference, b.reference])
    expect(ok.status).toBe(0)
    expect(ok.stderr).toContain('  - The specified annotations were verified.\n')
    // One JSON array per image, each after a blank line, as cosign prints them.
    const arrays = ok.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { critical: { image: { 'docker-manifest-digest': string } } }[])
    expect(arrays.map((a) => a[0]!.critical.image['docker-manifest-digest'])).toEqual([a.digest, b.digest])
    const bad = await sigil(['verify', '--key', 'cosign.pub', '-a', 'env=dev', a.reference])
    expect(bad.status).toBe(12)
    expect(bad.stderr).toMatch(/Error: no matching signatures for .*:\n layer 0 \(sha256:[0-9a-f]{64}\): missing or incorrect annotation: env\n$/)
  })

  it('exit codes: 10 no signatures, 11 image not found, 12 no matching signatures; any of several keys passes', async () => {
    const img = await pushRandomImage(reg, 'cli/codes', { tag: 'v1' })
    const none = await sigil(['verify', '--key', 'cosign.pub', img.tagReference!])
    expect(none.status).toBe(10)
    expect(none.stderr).toMatch(/^Error: no signatures found/m)
    const missing = await sigil(['verify', '--key', 'cosign.pub', `${reg.host}/cli/codes:nope`])
    expect(missing.status).toBe(11)
    expect(missing.stderr).toMatch(/^Error: image tag not found: /m)
    expect((await sigil(['sign', '--key', 'other.key', img.reference], { COSIGN_PASSWORD: 'x' })).status).toBe(0)
    const wrongKey = await sigil(['verify', '--key', 'cosign.pub', img.tagReference!])
    expect(wrongKey.status).toBe(12)
    expect(wrongKey.stderr).toContain('invalid signature when validating ASN.1 encoded signature')
    const either = await sigil(['verify', '--key', 'cosign.pub', '--key', 'other.pub', img.tagReference!])
    expect(either.status).toBe(0)
    expect(either.stderr.split('\n').filter((l) => l.startsWith('Error'))).toEqual([])
  })

  it('passwords as cosign reads them: COSIGN_PASSWORD, else all of piped stdin (untrimmed)', async () => {
    const img = await pushRandomImage(reg, 'cli/password')
    const piped = await runCliOn(['sign', '--key', 'cosign.key', img.reference], { cwd: dir, env: { HOME: dir }, input: PASSWORD })
    expect(piped.status).toBe(0)
    const newline = await runCliOn(['sign', '--key', 'cosign.key', img.reference], { cwd: dir, env: { HOME: dir }, input: `${PASSWORD}\n` })
    expect(newline.status).toBe(1)
    expect(newline.stderr).toBe('Error: --key "cosign.key": wrong password or corrupt key\n')
    const empty = await sigil(['sign', '--key', 'cosign.key', img.reference], { COSIGN_PASSWORD: '' }, PASSWORD)
    expect(empty.status).toBe(1)
  })

  it('env:// and PEM-text keys, for sign and verify', async () => {
    const img = await pushRandomImage(reg, 'cli/env-key')
    const { readFileSync } = await import('node:fs')
    const pem = readFileSync(join(dir, 'cosign.key'), 'utf8')
    expect((await sigil(['sign', '--key', 'env://SIGNING_KEY', img.reference], { SIGNING_KEY: pem })).status).toBe(0)
    expect((await sigil(['verify', '--key', key.publicKeyPem, img.reference])).status).toBe(0)
    expect((await sigil(['verify', '--key', 'env://PUB', img.reference], { PUB: key.publicKeyPem })).status).toBe(0)
  })

  it('-r signs an index and its platform images; COSIGN_REPOSITORY moves signatures', async () => {
    const { pushImageIndex } = await import('../helpers/registry.js')
    const idx = await pushImageIndex(reg, 'cli/multi', { tag: 'v1' })
    const s = await sigil(['sign', '--key', 'cosign.key', '-r', '--output', 'json', idx.tagReference!], { COSIGN_REPOSITORY: `${reg.host}/cli/sigs` })
    expect(s.status).toBe(0)
    expect(s.stderr).toContain('Pushing signature to: cli/sigs\n')
    const out = JSON.parse(s.stdout) as { digest: string; signatureTag: string }[]
    expect(out.map((o) => o.digest)).toEqual([idx.digest, ...idx.images.map((i) => i.digest)])
    expect(out.every((o) => o.signatureTag.startsWith(`${reg.host}/cli/sigs:sha256-`))).toBe(true)
    for (const image of idx.images) {
      expect((await sigil(['verify', '--key', 'cosign.pub', image.reference], { COSIGN_REPOSITORY: `${reg.host}/cli/sigs` })).status).toBe(0)
      expect((await sigil(['verify', '--key', 'cosign.pub', image.reference])).status).toBe(10)
    }
    expect((await sigil(['triangulate', idx.tagReference!], { COSIGN_REPOSITORY: `${reg.host}/cli/sigs` })).stdout).toBe(`${reg.host}/cli/sigs:sha256-${idx.digest.slice(7)}.sig\n`)
  })

  it('token auth with credentials from the docker config; --verbose traces every request without secrets', async () => {
    const img = await pushRandomImage(authReg, 'cli/auth', { tag: 'v1' })
    const configDir = join(dir, 'docker')
    await writeDockerConfig(configDir, { auths: { [authReg.host]: { auth: Buffer.from(`${authReg.auth!.username}:${authReg.auth!.password}`).toString('base64') } } })
    const s = await sigil(['sign', '--key', 'cosign.key', '--verbose', img.reference], { DOCKER_CONFIG: configDir })
    expect(s.status).toBe(0)
    const requests = s.stderr.split('\n').filter((l) => /\b(GET|HEAD|PUT|POST)\b/.test(l))
    expect(requests.length).toBeGreaterThanOrEqual(9)
    expect(s.stderr).not.toContain(authReg.auth!.password)
    for (const t of authReg.auth!.tokenServer!.issued) expect(s.stderr).not.toContain(t)
    const anonymous = await sigil(['verify', '--key', 'cosign.pub', img.reference])
    expect(anonymous.status).toBe(1)
    expect(anonymous.stderr).toMatch(/^Error: .*401/m)
    const v = await sigil(['verify', '--key', 'cosign.pub', img.reference], { SIGIL_REGISTRY_USERNAME: authReg.auth!.reader.username, SIGIL_REGISTRY_PASSWORD: authReg.auth!.reader.password })
    expect(v.status).toBe(0)
  })

  it('usage errors exit 2 with one line and a hint; cosign flags sigil cannot honour are refused clearly', async () => {
    for (const args of [['sign', 'x'], ['verify', 'x'], ['sign', '--key', 'cosign.key'], ['sign', '--bogus', 'x'], ['frobnicate']]) {
      const r = await sigil(args)
      expect(r.status, args.join(' ')).toBe(2)
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(2)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
    const tlog = await sigil(['sign', '--key', 'cosign.key', '--tlog-upload=true', `${reg.host}/cli/app:v1`])
    expect(tlog.status).toBe(1)
    expect(tlog.stderr).toBe('Error: --tlog-upload=true: sigil does not upload to a transparency log yet; pass --tlog-upload=false\n')
  })
})
