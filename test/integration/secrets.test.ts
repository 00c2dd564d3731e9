/**
 * No secret in any output (issue 6). Representative flows run with known secret values, in verbose/debug mode,
 * succeeding and failing: the CLI (generate-key-pair, import-key-pair, public-key, sign, verify, triangulate) on
 * htpasswd and token registries with credentials from flags, environment and a docker config, and the action
 * bundle with INPUT_* (RUNNER_DEBUG=1). Every line written to stdout, stderr, $GITHUB_OUTPUT and
 * $GITHUB_STEP_SUMMARY is captured and scanned for the key password, the private key PEM (whole and each base64
 * line), the imported unencrypted key, the registry password (and its base64 form), and every token the token
 * server issued. Only the action's `::add-mask::` command lines may carry them: that is how the runner learns
 * what to mask.
 */
import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, runAction, runCli, writeTestKey, type RunResult, type TestKey } from '../helpers/cli.js'
import { authField, writeDockerConfig } from '../helpers/credentials.js'
import { startFaultFront } from '../helpers/faults.js'
import { pushRandomImage, startRegistry, TEST_USER, type TestRegistry } from '../helpers/registry.js'

const KEY_PASSWORD = 'K3y-pa55word-for-the-scan-7731'
const IMPORT_PASSWORD = 'Imp0rt-pa55word-for-the-scan-4410'
const WRONG_REGISTRY_PASSWORD = 'Wr0ng-registry-pa55word-9912'

let htp: TestRegistry
let tok: TestRegistry
let dir: string
let key: TestKey
/** An unencrypted P-256 key (what import-key-pair reads): a secret too. */
let plainPem: string
/** Everything the flows printed or wrote, labelled. */
const captured: { label: string; text: string }[] = []

function keep(label: string, r: RunResult & { outputFile?: string; summaryFile?: string }): void {
  captured.push({ label: `${label} (stdout)`, text: r.stdout }, { label: `${label} (stderr)`, text: r.stderr })
  if (r.outputFile !== undefined) captured.push({ label: `${label} ($GITHUB_OUTPUT)`, text: r.outputFile })
  if (r.summaryFile !== undefined) captured.push({ label: `${label} ($GITHUB_STEP_SUMMARY)`, text: r.summaryFile })
}

beforeAll(async () => {
  assertBuilt()
  ;[htp, tok] = await Promise.all([startRegistry({ auth: 'htpasswd' }), startRegistry({ auth: 'token' })])
  dir = await mkdtemp(join(tmpdir(), 'sigil-secrets-'))
  key = await writeTestKey(dir, 'scan', KEY_PASSWORD)
  plainPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  await writeFile(join(dir, 'plain.pem'), plainPem)
})
afterAll(async () => {
  await Promise.all([htp?.stop(), tok?.stop()])
  if (dir) await rm(dir, { recursive: true, force: true })
})

const registryEnv = { SIGIL_REGISTRY_USERNAME: TEST_USER.username, SIGIL_REGISTRY_PASSWORD: TEST_USER.password }

describe('flows with known secrets', () => {
  it('CLI key commands', async () => {
    const cwd = dir
    keep('generate-key-pair', await runCli(['generate-key-pair', '--output-key-prefix', 'gen', '--verbose'], { cwd, env: { COSIGN_PASSWORD: KEY_PASSWORD } }))
    keep('generate-key-pair (exists)', await runCli(['generate-key-pair', '--output-key-prefix', 'gen'], { cwd, env: { COSIGN_PASSWORD: KEY_PASSWORD } }))
    keep('import-key-pair', await runCli(['import-key-pair', '--key', 'plain.pem', '-o', 'imp', '--verbose'], { cwd, env: { COSIGN_PASSWORD: IMPORT_PASSWORD } }))
    keep('import-key-pair (PEM text on the command line)', await runCli(['import-key-pair', '--key', plainPem, '-o', 'imp2'], { cwd, env: { COSIGN_PASSWORD: IMPORT_PASSWORD } }))
    keep('public-key (path)', await runCli(['public-key', '--key', key.keyPath, '--verbose'], { cwd, env: { COSIGN_PASSWORD: KEY_PASSWORD } }))
    keep('public-key (PEM text, wrong password)', await runCli(['public-key', '--key', key.pem], { cwd, env: { COSIGN_PASSWORD: `${KEY_PASSWORD}x` } }))
    keep('public-key (env://, password on stdin)', await runCli(['public-key', '--key', 'env://SCAN_KEY'], { cwd, env: { SCAN_KEY: key.pem }, input: KEY_PASSWORD }))
    keep('public-key (unencrypted key given)', await runCli(['public-key', '--key', 'plain.pem'], { cwd }))
    keep('import-key-pair (encrypted key given)', await runCli(['import-key-pair', '--key', key.keyPath, '-o', 'imp3'], { cwd, env: { COSIGN_PASSWORD: IMPORT_PASSWORD } }))
    const generated = await readFile(join(dir, 'gen.key'), 'utf8')
    const imported = await readFile(join(dir, 'imp.key'), 'utf8')
    extraSecrets.push(generated, imported)
  })

  it('CLI sign and verify on an htpasswd registry: flags, environment, docker config; and failures', async () => {
    const img = await pushRandomImage(htp, 'scan/app', { tag: 'v1' })
    const ref = `${htp.host}/scan/app@${img.digest}`
    const env = { COSIGN_PASSWORD: KEY_PASSWORD }
    keep('sign (flags)', await runCli(['sign', '--verbose', '--key', key.keyPath, '--registry-username', TEST_USER.username, '--registry-password', TEST_USER.password, img.tagReference!], { env }))
    keep('sign (env, key as PEM text)', await runCli(['sign', '--verbose', '--key', key.pem, '-a', 'run=2', ref], { env: { ...env, ...registryEnv } }))
    const configDir = await writeDockerConfig(join(dir, 'docker'), { auths: { [htp.host]: { auth: authField(TEST_USER.username, TEST_USER.password) } } })
    keep('sign (docker config, env://)', await runCli(['sign', '--verbose', '--key', 'env://SCAN_KEY', '-a', 'run=3', ref], { env: { ...env, SCAN_KEY: key.pem, DOCKER_CONFIG: configDir } }))
    keep('verify', await runCli(['verify', '--verbose', '--key', key.pubPath, ref], { env: registryEnv }))
    keep('verify -o text', await runCli(['verify', '-d', '-o', 'text', '--key', key.pubPath, ref], { env: { DOCKER_CONFIG: configDir } }))
    keep('triangulate', await runCli(['triangulate', '--verbose', img.tagReference!], { env: registryEnv }))
    // Failures.
    const wrong = await runCli(['sign', '--verbose', '--key', key.keyPath, ref], { env: { ...env, SIGIL_REGISTRY_USERNAME: TEST_USER.username, SIGIL_REGISTRY_PASSWORD: WRONG_REGISTRY_PASSWORD } })
    expect(wrong.status).toBe(1)
    keep('sign (wrong registry password)', wrong)
    const wrongKey = await runCli(['sign', '--verbose', '--key', key.pem, ref], { env: { COSIGN_PASSWORD: 'not-the-password', ...registryEnv } })
    expect(wrongKey.status).toBe(1)
    keep('sign (wrong key password)', wrongKey)
    keep('verify (no credentials)', await runCli(['verify', '--verbose', '--key', key.pubPath, ref]))
    keep('verify (no signature)', await runCli(['verify', '--verbose', '--key', key.pubPath, `${htp.host}/scan/app@${(await pushRandomImage(htp, 'scan/app', { tag: null })).digest}`], { env: registryEnv }))
    // A registry that echoes the Authorization header and the password back in its error messages.
    const echo = await startFaultFront(htp, (req) =>
      req.headers.authorization && req.method === 'PUT' && req.url.includes('/manifests/')
        ? {
            kind: 'serve',
            status: 400,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ errors: [{ code: 'DENIED', message: `you sent ${req.headers.authorization} (${TEST_USER.password})` }] }),
          }
        : { kind: 'pass' },
    )
    try {
      const echoed = await runCli(['sign', '--verbose', '--key', key.keyPath, `${echo.host}/scan/app@${img.digest}`, '-a', 'run=echo'], { env: { ...env, ...registryEnv } })
      expect(echoed.status).toBe(1)
      expect(echoed.stderr).toContain('DENIED: you sent')
      keep('sign (registry echoing credentials)', echoed)
    } finally {
      await echo.close()
    }
  })

  it('CLI sign and verify on a token registry; and failures', async () => {
    const img = await pushRandomImage(tok, 'scan/tok', { tag: 'v1' })
    const env = { COSIGN_PASSWORD: KEY_PASSWORD, ...registryEnv }
    keep('token sign', await runCli(['sign', '--verbose', '--key', key.keyPath, img.tagReference!], { env }))
    keep('token verify', await runCli(['verify', '--verbose', '--key', key.pubPath, img.reference], { env: registryEnv }))
    keep('token verify (reader)', await runCli(['verify', '--verbose', '--key', key.pubPath, img.reference], { env: { SIGIL_REGISTRY_USERNAME: TEST_USER.username, SIGIL_REGISTRY_PASSWORD: TEST_USER.password } }))
    const denied = await runCli(['sign', '--verbose', '--key', key.keyPath, '-a', 'x=y', img.reference], {
      env: { COSIGN_PASSWORD: KEY_PASSWORD, SIGIL_REGISTRY_USERNAME: tok.auth!.reader.username, SIGIL_REGISTRY_PASSWORD: tok.auth!.reader.password },
    })
    expect(denied.status).toBe(1)
    keep('token sign (pull-only user)', denied)
    extraSecrets.push(tok.auth!.reader.password)
    keep('token verify (wrong password)', await runCli(['verify', '--verbose', '--key', key.pubPath, img.reference], { env: { SIGIL_REGISTRY_USERNAME: TEST_USER.username, SIGIL_REGISTRY_PASSWORD: WRONG_REGISTRY_PASSWORD } }))
    expect(tok.auth!.tokenServer!.issued.length).toBeGreaterThan(2)
  })

  it('the action bundle: sign and verify with PEM text and passwords as inputs, debug on; and failures', async () => {
    const img = await pushRandomImage(tok, 'scan/action', { tag: 'v1' })
    const env = { RUNNER_DEBUG: '1' }
    const common = { images: img.reference, 'registry-username': TEST_USER.username, 'registry-password': TEST_USER.password }
    const signed = await runAction({ ...common, mode: 'sign', key: key.pem, password: KEY_PASSWORD, annotations: 'ci=action' }, { env })
    expect(signed.status, signed.stdout).toBe(0)
    keep('action sign', signed)
    const verified = await runAction({ ...common, mode: 'verify', 'public-key': key.key.publicKeyPem }, { env })
    expect(verified.status, verified.stdout).toBe(0)
    expect(verified.summaryFile).toContain(img.digest)
    keep('action verify', verified)
    keep('action sign (env:// key, COSIGN_PASSWORD)', await runAction({ ...common, mode: 'sign', key: 'env://SCAN_KEY' }, { env: { ...env, SCAN_KEY: key.pem, COSIGN_PASSWORD: KEY_PASSWORD } }))
    const wrong = await runAction({ ...common, mode: 'sign', key: key.pem, password: 'not-the-password' }, { env })
    expect(wrong.status).toBe(1)
    keep('action sign (wrong key password)', wrong)
    keep('action sign (wrong registry password)', await runAction({ ...common, mode: 'sign', key: key.pem, password: KEY_PASSWORD, 'registry-password': WRONG_REGISTRY_PASSWORD }, { env }))
    keep('action verify (bad input)', await runAction({ ...common, mode: 'verify', 'public-key': key.pem, recursive: 'maybe' }, { env }))
  })
})

const extraSecrets: string[] = []

describe('the scan', () => {
  it('no secret appears in any captured line outside ::add-mask:: commands', () => {
    expect(captured.length).toBeGreaterThan(60)
    const issued = [...(tok.auth!.tokenServer!.issued ?? [])]
    expect(issued.length).toBeGreaterThan(3)
    const pemLines = (pem: string) => pem.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----'))
    const secrets: { what: string; value: string }[] = [
      { what: 'key password', value: KEY_PASSWORD },
      { what: 'import password', value: IMPORT_PASSWORD },
      { what: 'registry password', value: TEST_USER.password },
      { what: 'reader password', value: tok.auth!.reader.password },
      { what: 'wrong registry password', value: WRONG_REGISTRY_PASSWORD },
      { what: 'basic credentials', value: authField(TEST_USER.username, TEST_USER.password) },
      { what: 'wrong basic credentials', value: authField(TEST_USER.username, WRONG_REGISTRY_PASSWORD) },
      ...pemLines(key.pem).map((value, i) => ({ what: `key PEM line ${i + 1}`, value })),
      ...pemLines(plainPem).map((value, i) => ({ what: `unencrypted key PEM line ${i + 1}`, value })),
      ...extraSecrets.flatMap((s, j) => (s.includes('-----BEGIN') ? pemLines(s).map((value, i) => ({ what: `written key ${j} line ${i + 1}`, value })) : [{ what: `secret ${j}`, value: s }])),
      ...issued.flatMap((t, i) => [
        { what: `token ${i}`, value: t },
        ...(t.split('.')[2] ? [{ what: `token ${i} signature`, value: t.split('.')[2] as string }] : []),
      ]),
    ]
    let lines = 0
    const leaks: string[] = []
    for (const { label, text } of captured) {
      for (const line of text.split('\n')) {
        lines++
        if (line.startsWith('::add-mask::')) continue
        for (const s of secrets) if (line.includes(s.value)) leaks.push(`${label}: ${s.what} in "${line.slice(0, 120)}"`)
      }
    }
    expect(leaks).toEqual([])
    // The scan looked at real output: debug lines, traces, errors, outputs and summaries.
    const all = captured.map((c) => c.text).join('\n')
    expect(all).toContain('::debug::')
    expect(all).toMatch(/GET .*\/v2\/scan\/tok\/manifests\//)
    expect(all).toContain('::add-mask::')
    expect(lines).toBeGreaterThan(300)
  })
})
