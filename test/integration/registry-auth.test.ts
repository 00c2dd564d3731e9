// RegistryClient auth against real registries: htpasswd Basic and token auth (JWTs from the test token server),
// credential sources (explicit, docker config, credential helpers, containers auth file), round trips, and a
// scan of traces, logs and errors for secrets.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SigilError } from '../../src/errors.js'
import { sha256Digest } from '../../src/oci/digest.js'
import { MEDIA_TYPE_OCI_MANIFEST } from '../../src/oci/media-types.js'
import { RegistryClient, type RegistryClientOptions } from '../../src/registry/index.js'
import { authField, writeCredentialHelper, writeDockerConfig } from '../helpers/credentials.js'
import { pushRandomImage, startRegistry, TEST_READER, TEST_USER, type TestRegistry } from '../helpers/registry.js'
import { capture, type Capture } from '../helpers/trace.js'

let tmp: string
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'sigil-auth-test-'))
})
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true })
})

let dirCount = 0
async function freshDir(): Promise<string> {
  return mkdtemp(join(tmp, `d${dirCount++}-`))
}

// An environment with no credentials anywhere unless the test adds them.
async function emptyEnv(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const home = await freshDir()
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...extra }
}

function client(env: NodeJS.ProcessEnv, cap?: Capture, opts: RegistryClientOptions = {}): RegistryClient {
  return new RegistryClient({ env, ...(cap ? { onTrace: cap.onTrace, logger: cap.logger } : {}), retry: { maxAttempts: 2, baseDelayMs: 10 }, ...opts })
}

async function errorOf(p: Promise<unknown>): Promise<SigilError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  if (!(e instanceof SigilError)) throw new Error(`expected a SigilError, got ${String(e)}`)
  return e
}

describe('htpasswd Basic auth', () => {
  let reg: TestRegistry
  let digest: string
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'htpasswd' })
    digest = (await pushRandomImage(reg, 'basic/app', { tag: 'v1' })).digest
  })
  afterAll(async () => {
    await reg?.stop()
  })
  const repo = () => ({ registry: reg.host, repository: 'basic/app' })

  it('without credentials: 401 names the places looked in', async () => {
    const env = await emptyEnv({ XDG_RUNTIME_DIR: '/run/sigil-none' })
    const err = await errorOf(client(env).getManifest(repo(), 'v1'))
    expect(err.code).toBe('REGISTRY_AUTH')
    expect(err.message).toBe(
      `GET manifest ${reg.host}/basic/app:v1: 401 UNAUTHORIZED: authentication required; no credentials found for ${reg.host} ` +
        `(looked in: docker config ${env.HOME}/.docker/config.json, containers auth file /run/sigil-none/containers/auth.json)`,
    )
  })

  it('explicit credentials: 2 round trips for the first request, then Basic is sent at once', async () => {
    const cap = capture()
    const c = client(await emptyEnv(), cap, { credentials: TEST_USER })
    expect((await c.getManifest(repo(), 'v1')).digest).toBe(digest)
    expect(cap.summary()).toEqual(['GET /v2/basic/app/manifests/v1 401', 'GET /v2/basic/app/manifests/v1 200'])
    cap.reset()
    expect((await c.getManifest(repo(), digest)).digest).toBe(digest)
    expect(await c.headManifest({ registry: reg.host, repository: 'basic/other' }, 'v1')).toBeUndefined()
    expect(cap.summary()).toEqual([`GET /v2/basic/app/manifests/${digest} 200`, 'HEAD /v2/basic/other/manifests/v1 404'])
  })

  it('a wrong password is rejected, and the error names the source but not the value', async () => {
    const err = await errorOf(client(await emptyEnv(), undefined, { credentials: { username: TEST_USER.username, password: 'wrong-password-123' } }).getManifest(repo(), 'v1'))
    expect(err.code).toBe('REGISTRY_AUTH')
    expect(err.message).toContain('credentials from --registry-username/--registry-password were rejected')
    expect(err.message).not.toContain('wrong-password-123')
  })

  it('docker config: auths with `auth`, and with username/password (DOCKER_CONFIG)', async () => {
    const dir = await writeDockerConfig(await freshDir(), { auths: { [reg.host]: { auth: authField(TEST_USER.username, TEST_USER.password) } } })
    const cap = capture()
    expect((await client(await emptyEnv({ DOCKER_CONFIG: dir }), cap).getManifest(repo(), 'v1')).digest).toBe(digest)
    expect(cap.lines).toContain(`debug: registry ${reg.host}: using credentials from docker config ${dir}/config.json (auths)`)
    const dir2 = await writeDockerConfig(await freshDir(), { auths: { [`http://${reg.host}/v1/`]: { username: TEST_USER.username, password: TEST_USER.password } } })
    expect((await client(await emptyEnv({ DOCKER_CONFIG: dir2 })).getManifest(repo(), 'v1')).digest).toBe(digest)
  })

  it('docker config in ~/.docker/config.json when DOCKER_CONFIG is unset', async () => {
    const env = await emptyEnv()
    await writeDockerConfig(join(env.HOME ?? '', '.docker'), { auths: { [reg.host]: { auth: authField(TEST_USER.username, TEST_USER.password) } } })
    expect((await client(env).getManifest(repo(), 'v1')).digest).toBe(digest)
  })

  it('never matches a registry by substring', async () => {
    const [, port] = reg.host.split(':')
    const dir = await writeDockerConfig(await freshDir(), {
      auths: {
        [`27.0.0.1:${port}`]: { auth: authField(TEST_USER.username, TEST_USER.password) },
        [`127.0.0.1:${port}0`]: { auth: authField(TEST_USER.username, TEST_USER.password) },
        [`x127.0.0.1:${port}`]: { auth: authField(TEST_USER.username, TEST_USER.password) },
      },
    })
    const err = await errorOf(client(await emptyEnv({ DOCKER_CONFIG: dir })).getManifest(repo(), 'v1'))
    expect(err.message).toContain(`no credentials found for ${reg.host}`)
  })

  it('credHelpers: runs docker-credential-<name> get with the registry on stdin', async () => {
    const bin = await freshDir()
    const log = join(bin, 'helper.log')
    await writeCredentialHelper(bin, 'sigiltest', { [reg.host]: { Username: TEST_USER.username, Secret: TEST_USER.password } }, log)
    const dir = await writeDockerConfig(await freshDir(), { credHelpers: { [reg.host]: 'sigiltest' }, auths: { [reg.host]: {} } })
    const cap = capture()
    const env = await emptyEnv({ DOCKER_CONFIG: dir, PATH: `${bin}:${process.env.PATH ?? ''}` })
    expect((await client(env, cap).getManifest(repo(), 'v1')).digest).toBe(digest)
    expect((await readFile(log, 'utf8')).trim()).toBe(reg.host)
    expect(cap.lines.join('\n')).toContain(`using credentials from credential helper docker-credential-sigiltest (from ${dir}/config.json)`)
  })

  it('credsStore, falling back to auths when the store has nothing', async () => {
    const bin = await freshDir()
    const log = join(bin, 'helper.log')
    await writeCredentialHelper(bin, 'store', { [reg.host]: { Username: TEST_USER.username, Secret: TEST_USER.password } }, log)
    const env = await emptyEnv({ DOCKER_CONFIG: await writeDockerConfig(await freshDir(), { credsStore: 'store' }), PATH: `${bin}:${process.env.PATH ?? ''}` })
    expect((await client(env).getManifest(repo(), 'v1')).digest).toBe(digest)
    // A store without an entry for this registry: the auths entry is used.
    await writeCredentialHelper(bin, 'emptystore', {}, log)
    const dir = await writeDockerConfig(await freshDir(), { credsStore: 'emptystore', auths: { [reg.host]: { auth: authField(TEST_USER.username, TEST_USER.password) } } })
    const cap = capture()
    expect((await client({ ...env, DOCKER_CONFIG: dir }, cap).getManifest(repo(), 'v1')).digest).toBe(digest)
    expect(cap.lines.join('\n')).toContain('(auths)')
    // A missing helper: a warning, then the next source.
    const dir2 = await writeDockerConfig(await freshDir(), { credsStore: 'does-not-exist' })
    const cap2 = capture()
    const err = await errorOf(client({ ...env, DOCKER_CONFIG: dir2 }, cap2).getManifest(repo(), 'v1'))
    expect(err.message).toContain('credential helper docker-credential-does-not-exist')
    expect(cap2.lines).toContain('warn: credential helper docker-credential-does-not-exist: not found on PATH')
  })

  it('containers auth file: REGISTRY_AUTH_FILE and $XDG_RUNTIME_DIR/containers/auth.json', async () => {
    const dir = await freshDir()
    const file = join(dir, 'auth.json')
    await writeDockerConfig(dir, {})
    await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify({ auths: { [reg.host]: { auth: authField(TEST_USER.username, TEST_USER.password) } } })))
    expect((await client(await emptyEnv({ REGISTRY_AUTH_FILE: file })).getManifest(repo(), 'v1')).digest).toBe(digest)
    const runtime = await freshDir()
    await writeDockerConfig(join(runtime, 'containers'), {})
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(join(runtime, 'containers', 'auth.json'), JSON.stringify({ auths: { [reg.host]: { auth: authField(TEST_USER.username, TEST_USER.password) } } })),
    )
    const cap = capture()
    expect((await client(await emptyEnv({ XDG_RUNTIME_DIR: runtime }), cap).getManifest(repo(), 'v1')).digest).toBe(digest)
    expect(cap.lines.join('\n')).toContain(`using credentials from containers auth file ${runtime}/containers/auth.json`)
  })

  it('first match wins: explicit over docker config over auth.json', async () => {
    const bad = { auths: { [reg.host]: { auth: authField(TEST_USER.username, 'not-the-password') } } }
    const dockerDir = await writeDockerConfig(await freshDir(), bad)
    const authDir = await freshDir()
    const authFile = join(authDir, 'auth.json')
    await import('node:fs/promises').then((fs) => fs.writeFile(authFile, JSON.stringify({ auths: { [reg.host]: { auth: authField(TEST_USER.username, TEST_USER.password) } } })))
    const env = await emptyEnv({ DOCKER_CONFIG: dockerDir, REGISTRY_AUTH_FILE: authFile })
    // Explicit (right) beats the docker config (wrong).
    expect((await client(env, undefined, { credentials: TEST_USER }).getManifest(repo(), 'v1')).digest).toBe(digest)
    // The docker config (wrong) beats auth.json (right): rejected, and the message names the docker config.
    const err = await errorOf(client(env).getManifest(repo(), 'v1'))
    expect(err.message).toContain(`credentials from docker config ${dockerDir}/config.json (auths) were rejected`)
    expect(err.message).not.toContain('not-the-password')
  })
})

describe('token auth', () => {
  let reg: TestRegistry
  let digest: string
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'token' })
    digest = (await pushRandomImage(reg, 'token/app', { tag: 'v1' })).digest
    await pushRandomImage(reg, 'token/other', { tag: 'v1' })
  })
  afterAll(async () => {
    await reg?.stop()
  })
  const repo = (r = 'token/app') => ({ registry: reg.host, repository: r })
  const tokenRequests = () => reg.auth?.tokenServer?.requests ?? []

  it('401, token, retry; then cached; a new repository costs one token request', async () => {
    const cap = capture()
    const c = client(await emptyEnv(), cap, { credentials: TEST_USER })
    const before = tokenRequests().length
    expect((await c.getManifest(repo(), 'v1')).digest).toBe(digest)
    expect(cap.summary()).toEqual([
      'GET /v2/token/app/manifests/v1 401',
      'GET /token?service=sigil-test-registry&scope=repository%3Atoken%2Fapp%3Apull 200',
      'GET /v2/token/app/manifests/v1 200',
    ])
    expect(tokenRequests().slice(before).map((r) => [r.method, r.username, r.scopes])).toEqual([['GET', TEST_USER.username, ['repository:token/app:pull']]])
    cap.reset()
    await c.getManifest(repo(), digest)
    expect(await c.blobExists(repo(), sha256Digest(Buffer.from('x')))).toBe(false)
    expect(cap.summary()).toHaveLength(2)
    cap.reset()
    await c.getManifest(repo('token/other'), 'v1')
    expect(cap.summary()).toEqual([
      'GET /token?service=sigil-test-registry&scope=repository%3Atoken%2Fother%3Apull 200',
      'GET /v2/token/other/manifests/v1 200',
    ])
  })

  it('expectPush asks push,pull once; a signing flow needs no second token', async () => {
    const cap = capture()
    const c = client(await emptyEnv(), cap, { credentials: TEST_USER })
    const r = repo('token/app')
    c.expectPush(r)
    const image = await c.getManifest(r, 'v1')
    const sigTag = `${image.digest.replace(':', '-')}.sig`
    expect(await c.getManifest(r, sigTag).catch((e: SigilError) => e.code)).toBe('NOT_FOUND')
    const payload = Buffer.from(`{"critical":{"image":{"docker-manifest-digest":"${image.digest}"}}}`)
    const config = Buffer.from('{"architecture":"","os":""}')
    await Promise.all([c.uploadBlob(r, sha256Digest(payload), payload), c.uploadBlob(r, sha256Digest(config), config)])
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPE_OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: config.length, digest: sha256Digest(config) },
        layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', size: payload.length, digest: sha256Digest(payload) }],
      }),
    )
    await c.putManifest(r, sigTag, manifest, MEDIA_TYPE_OCI_MANIFEST)
    const tokens = cap.summary().filter((s) => s.startsWith('GET /token'))
    expect(tokens).toEqual(['GET /token?service=sigil-test-registry&scope=repository%3Atoken%2Fapp%3Apush%2Cpull 200'])
    // resolve 1 + .sig 1 + 2 blobs x 2 + manifest 1, plus the 401 and the token request.
    expect(cap.events).toHaveLength(7 + 2)
    expect((await c.getManifest(r, sigTag)).digest).toBe(sha256Digest(manifest))
  })

  it('a pull-only user cannot push: the error says the token lacks the scope', async () => {
    const c = client(await emptyEnv(), undefined, { credentials: TEST_READER })
    expect((await c.getManifest(repo(), 'v1')).digest).toBe(digest)
    const err = await errorOf(c.uploadBlob(repo(), sha256Digest(Buffer.from('blob')), Buffer.from('blob')))
    expect(err.code).toBe('REGISTRY_AUTH')
    expect(err.message).toMatch(/^POST blob upload .*: 401 UNAUTHORIZED: authentication required; the token does not grant push,pull on token\/app; credentials from --registry-username\/--registry-password were rejected$/)
  })

  it('no credentials: the token server refuses, and the error says where we looked', async () => {
    const err = await errorOf(client(await emptyEnv()).getManifest(repo(), 'v1'))
    expect(err.code).toBe('REGISTRY_AUTH')
    expect(err.message).toContain('no credentials found for')
  })

  it('identity token (docker config identitytoken): OAuth2 refresh-token grant', async () => {
    const refresh = reg.auth?.tokenServer?.issueRefreshToken(TEST_USER.username) ?? ''
    const dir = await writeDockerConfig(await freshDir(), { auths: { [reg.host]: { auth: authField('00000000-0000-0000-0000-000000000000', ''), identitytoken: refresh } } })
    const cap = capture()
    const before = tokenRequests().length
    expect((await client(await emptyEnv({ DOCKER_CONFIG: dir }), cap).getManifest(repo(), 'v1')).digest).toBe(digest)
    expect(tokenRequests().slice(before).map((r) => [r.method, r.grantType, r.username])).toEqual([['POST', 'refresh_token', TEST_USER.username]])
    expect(cap.text()).not.toContain(refresh)
  })

  it('a credential helper answering <token> gives an identity token', async () => {
    const refresh = reg.auth?.tokenServer?.issueRefreshToken(TEST_USER.username) ?? ''
    const bin = await freshDir()
    await writeCredentialHelper(bin, 'oauth', { [reg.host]: { Username: '<token>', Secret: refresh } }, join(bin, 'log'))
    const env = await emptyEnv({ DOCKER_CONFIG: await writeDockerConfig(await freshDir(), { credHelpers: { [reg.host]: 'oauth' } }), PATH: `${bin}:${process.env.PATH ?? ''}` })
    const before = tokenRequests().length
    expect((await client(env).getManifest(repo(), 'v1')).digest).toBe(digest)
    expect(tokenRequests().slice(before)[0]?.grantType).toBe('refresh_token')
  })

  it('traces, debug logs and errors of authenticated sessions carry no password or token', async () => {
    const cap = capture()
    const before = reg.auth?.tokenServer?.issued.length ?? 0
    const c = client(await emptyEnv(), cap, { credentials: TEST_USER })
    c.expectPush(repo())
    await c.getManifest(repo(), 'v1')
    await c.uploadBlob(repo(), sha256Digest(Buffer.from('scan')), Buffer.from('scan'))
    const errors: string[] = []
    errors.push((await errorOf(c.getManifest(repo(), 'missing'))).message)
    const bad = client(await emptyEnv(), cap, { credentials: { username: TEST_USER.username, password: 'Wr0ng-Pa55word-xyz' } })
    errors.push((await errorOf(bad.getManifest(repo(), 'v1'))).message)
    const issued = (reg.auth?.tokenServer?.issued ?? []).slice(before)
    expect(issued.length).toBeGreaterThan(0)
    const text = [cap.text(), ...errors].join('\n')
    const secrets = [TEST_USER.password, 'Wr0ng-Pa55word-xyz', authField(TEST_USER.username, TEST_USER.password), ...issued, ...issued.map((t) => t.split('.')[2] ?? '')]
    for (const s of secrets) expect(text).not.toContain(s)
    expect(cap.events.length).toBeGreaterThan(4)
  })
})

describe('token auth: access_token field and anonymous pull', () => {
  let reg: TestRegistry
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'token', tokenField: 'access_token', anonymousPull: true })
    await pushRandomImage(reg, 'anon/app', { tag: 'v1' })
  })
  afterAll(async () => {
    await reg?.stop()
  })

  it('reads access_token, and asks for tokens anonymously without credentials', async () => {
    const before = reg.auth?.tokenServer?.requests.length ?? 0
    const m = await client(await emptyEnv()).getManifest({ registry: reg.host, repository: 'anon/app' }, 'v1')
    expect(m.mediaType).toBe(MEDIA_TYPE_OCI_MANIFEST)
    expect((reg.auth?.tokenServer?.requests ?? []).slice(before).map((r) => r.username)).toEqual([undefined])
  })
})
