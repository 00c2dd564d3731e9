// Credential lookup: exact matching after normalisation, Docker Hub aliases, order of sources, config forms.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src/log.js'
import { canonicalRegistry, helperServerUrl, lookupCredential, registryOfConfigKey } from '../../../src/registry/credentials.js'
import { authField, writeCredentialHelper, writeDockerConfig } from '../../helpers/credentials.js'

let tmp: string
let n = 0
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'sigil-creds-'))
})
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true })
})

async function withConfig(config: unknown, extraEnv: Record<string, string> = {}) {
  const dir = await writeDockerConfig(join(tmp, `c${n++}`), config)
  return { PATH: process.env.PATH ?? '', DOCKER_CONFIG: dir, ...extraEnv }
}

async function userFor(registry: string, config: unknown): Promise<string | undefined> {
  const found = await lookupCredential(registry, { env: await withConfig(config), logger: silentLogger })
  return found.credential?.username
}

const entry = (user: string) => ({ auth: authField(user, 'pw') })

describe('normalisation', () => {
  it.each([
    ['docker.io', 'index.docker.io'],
    ['index.docker.io', 'index.docker.io'],
    ['registry-1.docker.io', 'index.docker.io'],
    ['Docker.IO', 'index.docker.io'],
    ['ghcr.io', 'ghcr.io'],
    ['GHCR.io', 'ghcr.io'],
    ['localhost:5000', 'localhost:5000'],
  ])('canonicalRegistry(%s) = %s', (input, out) => {
    expect(canonicalRegistry(input)).toBe(out)
  })

  it.each([
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['http://ghcr.io', 'ghcr.io'],
    ['ghcr.io/some/path', 'ghcr.io'],
    ['registry-1.docker.io', 'index.docker.io'],
    ['[::1]:5000', '[::1]:5000'],
    ['', undefined],
  ])('registryOfConfigKey(%j) = %j', (key, out) => {
    expect(registryOfConfigKey(key)).toBe(out)
  })

  it('helpers are asked with docker’s server URL for Docker Hub, else the registry name', () => {
    expect(helperServerUrl('index.docker.io')).toBe('https://index.docker.io/v1/')
    expect(helperServerUrl('docker.io')).toBe('https://index.docker.io/v1/')
    expect(helperServerUrl('ghcr.io')).toBe('ghcr.io')
  })
})

describe('Docker Hub aliases', () => {
  it.each(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'https://index.docker.io/v1/'])('a %s entry serves index.docker.io', async (key) => {
    expect(await userFor('index.docker.io', { auths: { [key]: entry('hub') } })).toBe('hub')
  })

  it('an exact key wins over an alias', async () => {
    expect(await userFor('index.docker.io', { auths: { 'https://index.docker.io/v1/': entry('legacy'), 'index.docker.io': entry('exact') } })).toBe('exact')
  })

  it('Docker Hub entries do not serve other registries', async () => {
    expect(await userFor('ghcr.io', { auths: { 'https://index.docker.io/v1/': entry('hub') } })).toBeUndefined()
  })
})

describe('never by substring', () => {
  it.each([
    ['myregistry.io', 'registry.io'],
    ['registry.io', 'myregistry.io'],
    ['registry.io', 'registry.io.evil.com'],
    ['registry.io:5000', 'registry.io'],
    ['registry.io', 'registry.io:5000'],
    ['ghcr.io', 'ghcr.i'],
  ])('%s is not served by a %s entry', async (registry, key) => {
    expect(await userFor(registry, { auths: { [key]: entry('wrong') } })).toBeUndefined()
  })

  it('host case does not matter', async () => {
    expect(await userFor('GHCR.IO', { auths: { 'ghcr.io': entry('me') } })).toBe('me')
  })
})

describe('config forms', () => {
  it('auth, username/password, identitytoken, registrytoken', async () => {
    const env = await withConfig({
      auths: {
        a: { auth: authField('ua', 'pa:with:colons') },
        b: { username: 'ub', password: 'pb' },
        c: { auth: authField('<token>', ''), identitytoken: 'refresh-xyz' },
        d: { registrytoken: 'bearer-xyz' },
        e: {},
      },
    })
    const get = async (r: string) => (await lookupCredential(r, { env, logger: silentLogger })).credential
    expect(await get('a')).toMatchObject({ username: 'ua', password: 'pa:with:colons' })
    expect(await get('b')).toMatchObject({ username: 'ub', password: 'pb' })
    expect(await get('c')).toMatchObject({ identityToken: 'refresh-xyz' })
    expect(await get('d')).toMatchObject({ registryToken: 'bearer-xyz' })
    expect(await get('e')).toBeUndefined()
  })

  it('explicit credentials win without reading any file', async () => {
    const found = await lookupCredential('ghcr.io', {
      explicit: { username: 'x', password: 'y', source: 'input registry-password' },
      env: { DOCKER_CONFIG: '/nonexistent' },
      logger: silentLogger,
    })
    expect(found).toEqual({ credential: { username: 'x', password: 'y', source: 'input registry-password' }, tried: ['input registry-password'] })
  })

  it('an unreadable config is a warning, then the next source', async () => {
    const dir = join(tmp, `bad${n++}`)
    await writeDockerConfig(dir, {})
    await writeFile(join(dir, 'config.json'), '{not json')
    const authFile = join(tmp, `auth${n++}.json`)
    await writeFile(authFile, JSON.stringify({ auths: { 'ghcr.io': entry('podman'), 'quay.io/org': entry('scoped') } }))
    const warnings: string[] = []
    const logger = { ...silentLogger, warn: (m: string) => warnings.push(m) }
    const found = await lookupCredential('ghcr.io', { env: { DOCKER_CONFIG: dir, REGISTRY_AUTH_FILE: authFile }, logger })
    expect(found.credential).toMatchObject({ username: 'podman', source: `containers auth file ${authFile}` })
    expect(found.tried).toEqual([`docker config ${dir}/config.json`, `containers auth file ${authFile}`])
    expect(warnings).toEqual([`ignoring ${dir}/config.json: not valid JSON`])
    // Namespace-scoped auth.json keys are not used for the whole registry.
    expect((await lookupCredential('quay.io', { env: { REGISTRY_AUTH_FILE: authFile }, logger })).credential).toBeUndefined()
  })

  it('credential helper names are plain program names only', async () => {
    const bin = join(tmp, `bin${n++}`)
    await writeCredentialHelper(bin, 'ok', { 'ghcr.io': { Username: 'h', Secret: 's' } }, join(bin, 'log'))
    const warnings: string[] = []
    const logger = { ...silentLogger, warn: (m: string) => warnings.push(m) }
    const env = await withConfig({ credHelpers: { 'ghcr.io': '../../bin/sh', 'quay.io': 'ok' } }, { PATH: bin })
    expect((await lookupCredential('ghcr.io', { env, logger })).credential).toBeUndefined()
    expect(warnings).toEqual(['ignoring credential helper "docker-credential-../../bin/sh": not a plain program name'])
    // credHelpers keys match exactly too.
    expect((await lookupCredential('ghcr.io', { env: await withConfig({ credHelpers: { 'ghcr.io.evil': 'ok' } }, { PATH: bin }), logger })).credential).toBeUndefined()
  })
})
