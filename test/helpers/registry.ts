// Test registries: a real CNCF Distribution (`docker-registry serve`, Debian package 2.8.x) on 127.0.0.1 and a
// free port, with a temporary filesystem storage, optionally behind htpasswd Basic auth, token auth (with the
// token server of test/helpers/token-server.ts) and/or a self-signed TLS certificate. Never the system service
// on :5000. Plus helpers to push small images and indexes over the HTTP API, and to run skopeo against them.
//
// Usage with vitest:
//   let reg: TestRegistry
//   beforeAll(async () => { reg = await startRegistry({ auth: 'htpasswd' }) })
//   afterAll(async () => { await reg?.stop() })
//   const img = await pushRandomImage(reg, 'team/app', { tag: 'v1' })   // img.digest, img.reference
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Agent, request } from 'undici'
import { createSelfSignedCert, type SelfSignedCert } from './tls.js'
import { startTokenServer, type TokenServer } from './token-server.js'

export type RegistryAuthMode = 'none' | 'htpasswd' | 'token'

export interface TestCredentials {
  readonly username: string
  readonly password: string
}

export interface TestRegistryAuth {
  readonly mode: 'htpasswd' | 'token'
  /** Read-write user (push and pull everywhere). */
  readonly username: string
  readonly password: string
  /** A second user: pull-only with token auth; with htpasswd, Distribution has no ACLs so it may also push. */
  readonly reader: TestCredentials
  /** Token auth only: the token server (its `requests` record every token request). */
  readonly tokenServer?: TokenServer
  /** Token auth only: the `service` the registry announces. */
  readonly service?: string
}

export interface TestRegistry {
  /** `127.0.0.1:PORT` */
  readonly host: string
  /** `http://127.0.0.1:PORT` or `https://...` */
  readonly url: string
  readonly scheme: 'http' | 'https'
  readonly storageDir: string
  readonly configPath: string
  readonly auth?: TestRegistryAuth
  /** With `tls: true`: the registry's self-signed certificate. */
  readonly tls?: SelfSignedCert
  /** The registry's stdout and stderr so far (for failure messages). */
  logs(): string
  /** Kills the registry (and token server), waits for it and removes its temporary directory. Idempotent. */
  stop(): Promise<void>
}

export interface StartRegistryOptions {
  readonly auth?: RegistryAuthMode
  readonly tls?: boolean
  /** Token auth: allow anonymous pull tokens (default false). */
  readonly anonymousPull?: boolean
  /** Token auth: JSON field carrying the token (default `token`). */
  readonly tokenField?: 'token' | 'access_token' | 'both'
}

/** Throwaway credentials of the test registries. The htpasswd file holds bcrypt hashes of exactly these. */
export const TEST_USER: TestCredentials = { username: 'sigil-test', password: 'S1gil-test-pa55word!' }
export const TEST_READER: TestCredentials = { username: 'sigil-reader', password: 'S1gil-reader-pa55word!' }
// Made once with `htpasswd -nbB -C 10 <user> <password>` (apache2-utils); distribution accepts only bcrypt.
const HTPASSWD = [
  'sigil-test:$2y$10$N4/7O.FTDEW8JOyv0.WkoeRUnYsdHTU4X0MOBidvFaWqVoAyOWo/q',
  'sigil-reader:$2y$10$3rEMNe3jdW/4j8r7ojR1n.h9C8GTKYpI5fcTqdp/SHXfkiCMZsj8K',
  '',
].join('\n')

const TOKEN_SERVICE = 'sigil-test-registry'
const TOKEN_ISSUER = 'sigil-test-issuer'

/** An undici dispatcher that accepts the self-signed test certificates and ignores proxy variables. */
export const insecureAgent = new Agent({ connect: { rejectUnauthorized: false } })

async function freePort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (srv.address() as AddressInfo).port
  await new Promise<void>((resolve) => srv.close(() => resolve()))
  return port
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Starts a registry and waits until `/v2/` answers (200 or 401). */
export async function startRegistry(opts: StartRegistryOptions = {}): Promise<TestRegistry> {
  const mode = opts.auth ?? 'none'
  const root = await mkdtemp(join(tmpdir(), 'sigil-registry-'))
  const storageDir = join(root, 'storage')
  await mkdir(storageDir)
  let tokenServer: TokenServer | undefined
  try {
    const tls = opts.tls ? await createSelfSignedCert(root, 'tls') : undefined
    const authConfig: Record<string, unknown> = {}
    if (mode === 'htpasswd') {
      const path = join(root, 'htpasswd')
      await writeFile(path, HTPASSWD)
      authConfig.htpasswd = { realm: 'sigil-test-realm', path }
    } else if (mode === 'token') {
      const signer = await createSelfSignedCert(root, 'token-signer', 'sigil test token signer')
      tokenServer = await startTokenServer({
        service: TOKEN_SERVICE,
        issuer: TOKEN_ISSUER,
        signer,
        users: {
          [TEST_USER.username]: { password: TEST_USER.password, actions: ['pull', 'push', 'delete'] },
          [TEST_READER.username]: { password: TEST_READER.password, actions: ['pull'] },
        },
        anonymousPull: opts.anonymousPull ?? false,
        tokenField: opts.tokenField ?? 'token',
      })
      authConfig.token = {
        realm: tokenServer.realm,
        service: TOKEN_SERVICE,
        issuer: TOKEN_ISSUER,
        rootcertbundle: signer.certPath,
      }
    }
    const scheme = tls ? 'https' : 'http'
    const configPath = join(root, 'config.json')
    // Two registries may race for the same free port; a few attempts make that harmless.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort()
      // JSON is YAML, which is what distribution's configuration parser reads.
      const config = {
        version: '0.1',
        log: { level: 'info', formatter: 'text', accesslog: { disabled: true } },
        storage: {
          filesystem: { rootdirectory: storageDir },
          delete: { enabled: true },
          maintenance: { uploadpurging: { enabled: false } },
        },
        http: {
          addr: `127.0.0.1:${port}`,
          secret: randomBytes(16).toString('hex'),
          ...(tls ? { tls: { certificate: tls.certPath, key: tls.keyPath } } : {}),
        },
        ...(mode === 'none' ? {} : { auth: authConfig }),
      }
      await writeFile(configPath, JSON.stringify(config, null, 2))
      const started = await launch(configPath, `${scheme}://127.0.0.1:${port}`)
      if (started.ok) {
        const { child, logs } = started
        const host = `127.0.0.1:${port}`
        const registryAuth: TestRegistryAuth | undefined =
          mode === 'none'
            ? undefined
            : {
                mode,
                username: TEST_USER.username,
                password: TEST_USER.password,
                reader: TEST_READER,
                ...(tokenServer ? { tokenServer, service: TOKEN_SERVICE } : {}),
              }
        let stopped: Promise<void> | undefined
        const ts = tokenServer
        return {
          host,
          url: `${scheme}://${host}`,
          scheme,
          storageDir,
          configPath,
          ...(registryAuth ? { auth: registryAuth } : {}),
          ...(tls ? { tls } : {}),
          logs: () => logs.join(''),
          stop: () => {
            stopped ??= (async () => {
              await killAndWait(child)
              await ts?.close()
              await rm(root, { recursive: true, force: true })
            })()
            return stopped
          },
        }
      }
      if (!started.portInUse || attempt >= 5) {
        throw new Error(`docker-registry did not start: ${started.logs.join('').slice(-4000)}`)
      }
    }
  } catch (err) {
    await tokenServer?.close()
    await rm(root, { recursive: true, force: true })
    throw err
  }
}

type Launch = { ok: true; child: ChildProcess; logs: string[] } | { ok: false; portInUse: boolean; logs: string[] }

async function launch(configPath: string, url: string): Promise<Launch> {
  const logs: string[] = []
  let size = 0
  const keep = (chunk: Buffer) => {
    logs.push(chunk.toString('utf8'))
    size += chunk.length
    while (size > 256 * 1024 && logs.length > 1) size -= Buffer.byteLength(logs.shift() ?? '')
  }
  // A clean environment: REGISTRY_* variables of the caller would override the configuration.
  const child = spawn('docker-registry', ['serve', configPath], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir() },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let exited = false
  child.once('exit', () => {
    exited = true
  })
  child.once('error', (err) => {
    exited = true
    logs.push(String(err))
  })
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (exited) {
      const text = logs.join('')
      return { ok: false, portInUse: /address already in use/.test(text), logs }
    }
    try {
      const res = await request(`${url}/v2/`, {
        dispatcher: insecureAgent,
        headersTimeout: 1000,
        bodyTimeout: 1000,
      })
      await res.body.dump()
      if (res.statusCode === 200 || res.statusCode === 401) return { ok: true, child, logs }
    } catch {
      // not listening yet
    }
    await sleep(50)
  }
  await killAndWait(child)
  return { ok: false, portInUse: false, logs: [...logs, '\n(timed out waiting for /v2/)'] }
}

async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

// ---------------------------------------------------------------------------------------------------------
// A minimal HTTP client for the helpers (independent of src/registry, which these helpers are used to test).

export interface HelperResponse {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: Buffer
}

export interface HelperRequestOptions {
  readonly body?: Uint8Array | string
  readonly headers?: Record<string, string>
  /** Repository for the token scope (token auth); defaults to the path's repository. */
  readonly repository?: string
  /** Credentials to use instead of the registry's read-write user; `null` for anonymous. */
  readonly credentials?: TestCredentials | null
}

function repositoryOfPath(path: string): string | undefined {
  const m = /^\/v2\/(.+?)\/(manifests|blobs|tags)\//.exec(path)
  return m?.[1]
}

function authorizationFor(reg: TestRegistry, path: string, opts: HelperRequestOptions): string | undefined {
  if (!reg.auth || opts.credentials === null) return undefined
  const creds = opts.credentials ?? { username: reg.auth.username, password: reg.auth.password }
  if (reg.auth.mode === 'htpasswd') {
    return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`
  }
  const repository = opts.repository ?? repositoryOfPath(path)
  const scopes = repository ? [`repository:${repository}:pull,push,delete`] : []
  // Minted without HTTP so that tests counting token requests only see the client under test.
  return `Bearer ${reg.auth.tokenServer?.issueToken(creds.username, scopes) ?? ''}`
}

/** One request to the registry with the registry's read-write credentials; `pathOrUrl` is `/v2/...` or absolute. */
export async function registryRequest(
  reg: TestRegistry,
  method: string,
  pathOrUrl: string,
  opts: HelperRequestOptions = {},
): Promise<HelperResponse> {
  const url = new URL(pathOrUrl, reg.url)
  const headers: Record<string, string> = { ...opts.headers }
  const authz = authorizationFor(reg, url.pathname, opts)
  if (authz) headers.authorization = authz
  const res = await request(url, {
    method: method as 'GET',
    headers,
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : Buffer.from(opts.body),
    dispatcher: insecureAgent,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  })
  const body = Buffer.from(await res.body.arrayBuffer())
  return { status: res.statusCode, headers: res.headers, body }
}

function errorCodes(body: Buffer): string[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: { code?: string }[] }
    return (parsed.errors ?? []).map((e) => e.code ?? '')
  } catch {
    return []
  }
}

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h
}

/**
 * Uploads a blob with POST then PUT `?digest=` (the Debian registry refuses single-POST uploads).
 * DIGEST_INVALID and BLOB_UPLOAD_UNKNOWN, which this registry sometimes answers under concurrent writers,
 * restart the upload.
 */
export async function pushBlob(reg: TestRegistry, repository: string, bytes: Uint8Array): Promise<string> {
  const digest = sha256(bytes)
  for (let attempt = 1; ; attempt++) {
    const post = await registryRequest(reg, 'POST', `/v2/${repository}/blobs/uploads/`, { repository })
    if (post.status !== 202) throw new Error(`POST blob upload ${repository}: ${post.status} ${post.body.toString()}`)
    const location = new URL(headerValue(post.headers.location) ?? '', reg.url)
    location.searchParams.set('digest', digest)
    const put = await registryRequest(reg, 'PUT', location.toString(), {
      repository,
      body: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    })
    if (put.status === 201) return digest
    const codes = errorCodes(put.body)
    if (attempt < 5 && (codes.includes('DIGEST_INVALID') || codes.includes('BLOB_UPLOAD_UNKNOWN'))) {
      await sleep(50 * attempt)
      continue
    }
    throw new Error(`PUT blob ${repository}@${digest}: ${put.status} ${put.body.toString()}`)
  }
}

/** PUTs a manifest by tag or digest; MANIFEST_BLOB_UNKNOWN (eventual consistency) is retried. Returns its digest. */
export async function pushManifest(
  reg: TestRegistry,
  repository: string,
  reference: string,
  bytes: Uint8Array,
  mediaType: string,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const res = await registryRequest(reg, 'PUT', `/v2/${repository}/manifests/${reference}`, {
      body: bytes,
      headers: { 'content-type': mediaType },
    })
    if (res.status === 201 || res.status === 200) return sha256(bytes)
    const codes = errorCodes(res.body)
    if (attempt < 5 && (codes.includes('MANIFEST_BLOB_UNKNOWN') || codes.includes('BLOB_UNKNOWN'))) {
      await sleep(100 * attempt)
      continue
    }
    throw new Error(`PUT manifest ${repository}:${reference}: ${res.status} ${res.body.toString()}`)
  }
}

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(',')

export interface FetchedManifest {
  readonly digest: string
  readonly mediaType: string
  readonly bytes: Buffer
}

/** GETs a manifest by tag or digest; undefined on 404. */
export async function fetchManifest(
  reg: TestRegistry,
  repository: string,
  reference: string,
): Promise<FetchedManifest | undefined> {
  const res = await registryRequest(reg, 'GET', `/v2/${repository}/manifests/${reference}`, {
    headers: { accept: MANIFEST_ACCEPT },
  })
  if (res.status === 404) return undefined
  if (res.status !== 200) throw new Error(`GET manifest ${repository}:${reference}: ${res.status} ${res.body.toString()}`)
  return { digest: sha256(res.body), mediaType: headerValue(res.headers['content-type']) ?? '', bytes: res.body }
}

/** GETs a blob; undefined on 404. */
export async function fetchBlob(reg: TestRegistry, repository: string, digest: string): Promise<Buffer | undefined> {
  const res = await registryRequest(reg, 'GET', `/v2/${repository}/blobs/${digest}`)
  if (res.status === 404) return undefined
  if (res.status !== 200) throw new Error(`GET blob ${repository}@${digest}: ${res.status}`)
  return res.body
}

/** The repository's tags (empty when the repository does not exist). */
export async function listTags(reg: TestRegistry, repository: string): Promise<string[]> {
  const res = await registryRequest(reg, 'GET', `/v2/${repository}/tags/list`)
  if (res.status === 404) return []
  if (res.status !== 200) throw new Error(`GET tags ${repository}: ${res.status} ${res.body.toString()}`)
  return ((JSON.parse(res.body.toString('utf8')) as { tags?: string[] | null }).tags ?? []).slice().sort()
}

/** Deletes a manifest by digest (storage.delete is enabled). */
export async function deleteManifest(reg: TestRegistry, repository: string, digest: string): Promise<void> {
  const res = await registryRequest(reg, 'DELETE', `/v2/${repository}/manifests/${digest}`)
  if (res.status !== 202 && res.status !== 404) throw new Error(`DELETE manifest ${repository}@${digest}: ${res.status}`)
}

// ---------------------------------------------------------------------------------------------------------
// Images

export interface Platform {
  readonly os: string
  readonly architecture: string
  readonly variant?: string
}

export interface PushedImage {
  readonly repository: string
  readonly digest: string
  readonly mediaType: string
  /** The manifest's exact bytes. */
  readonly bytes: Buffer
  readonly size: number
  /** `host/repository@digest` */
  readonly reference: string
  readonly tag?: string
  /** `host/repository:tag` when tagged. */
  readonly tagReference?: string
  readonly configDigest: string
  readonly layerDigests: readonly string[]
  readonly platform: Platform
}

export interface PushedIndex {
  readonly repository: string
  readonly digest: string
  readonly mediaType: string
  readonly bytes: Buffer
  readonly size: number
  readonly reference: string
  readonly tag?: string
  readonly tagReference?: string
  /** The platform images, in index order (linux/amd64, linux/arm64). */
  readonly images: readonly PushedImage[]
}

export interface PushImageOptions {
  /** Tag to push the manifest under (default `latest`); `null` pushes by digest only. */
  readonly tag?: string | null
  /** Size of the random file inside the single layer (default 256 bytes). */
  readonly layerSize?: number
  /** OCI (default) or Docker schema 2 media types. */
  readonly format?: 'oci' | 'docker'
  readonly platform?: Platform
}

const TYPES = {
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
} as const

/** A one-file POSIX tar archive (ustar), so that the layers are real (skopeo may inspect them). */
function tarOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512)
  const put = (offset: number, length: number, value: string) => header.write(value, offset, length, 'ascii')
  const octal = (n: number, width: number) => n.toString(8).padStart(width - 1, '0') + '\0'
  put(0, 100, name)
  put(100, 8, octal(0o644, 8))
  put(108, 8, octal(0, 8))
  put(116, 8, octal(0, 8))
  put(124, 12, octal(content.length, 12))
  put(136, 12, octal(0, 12))
  put(148, 8, '        ')
  put(156, 1, '0')
  put(257, 6, 'ustar\0')
  put(263, 2, '00')
  let sum = 0
  for (const b of header) sum += b
  put(148, 8, sum.toString(8).padStart(6, '0') + '\0 ')
  const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512)
  content.copy(padded)
  return Buffer.concat([header, padded, Buffer.alloc(1024)])
}

/** Pushes a random image (config + one gzip layer + manifest); each call produces a different digest. */
export async function pushRandomImage(
  reg: TestRegistry,
  repository: string,
  opts: PushImageOptions = {},
): Promise<PushedImage> {
  const types = TYPES[opts.format ?? 'oci']
  const platform = opts.platform ?? { os: 'linux', architecture: 'amd64' }
  const tar = tarOneFile('random.bin', randomBytes(opts.layerSize ?? 256))
  const layer = gzipSync(tar)
  const config = Buffer.from(
    JSON.stringify({
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      config: {},
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
    }),
  )
  const [configDigest, layerDigest] = await Promise.all([
    pushBlob(reg, repository, config),
    pushBlob(reg, repository, layer),
  ])
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: types.manifest,
      config: { mediaType: types.config, digest: configDigest, size: config.length },
      layers: [{ mediaType: types.layer, digest: layerDigest, size: layer.length }],
    }),
  )
  const tag = opts.tag === undefined ? 'latest' : (opts.tag ?? undefined)
  const digest = await pushManifest(reg, repository, tag ?? sha256(manifest), manifest, types.manifest)
  return {
    repository,
    digest,
    mediaType: types.manifest,
    bytes: manifest,
    size: manifest.length,
    reference: `${reg.host}/${repository}@${digest}`,
    ...(tag ? { tag, tagReference: `${reg.host}/${repository}:${tag}` } : {}),
    configDigest,
    layerDigests: [layerDigest],
    platform,
  }
}

/** Pushes two platform images (linux/amd64, linux/arm64, by digest) and an index naming them, under `tag`. */
export async function pushImageIndex(
  reg: TestRegistry,
  repository: string,
  opts: Omit<PushImageOptions, 'platform'> = {},
): Promise<PushedIndex> {
  const types = TYPES[opts.format ?? 'oci']
  const platforms: Platform[] = [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
  ]
  const images: PushedImage[] = []
  for (const platform of platforms) {
    images.push(await pushRandomImage(reg, repository, { ...opts, tag: null, platform }))
  }
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: types.index,
      manifests: images.map((img) => ({
        mediaType: img.mediaType,
        digest: img.digest,
        size: img.size,
        platform: img.platform,
      })),
    }),
  )
  const tag = opts.tag === undefined ? 'latest' : (opts.tag ?? undefined)
  const digest = await pushManifest(reg, repository, tag ?? sha256(index), index, types.index)
  return {
    repository,
    digest,
    mediaType: types.index,
    bytes: index,
    size: index.length,
    reference: `${reg.host}/${repository}@${digest}`,
    ...(tag ? { tag, tagReference: `${reg.host}/${repository}:${tag}` } : {}),
    images,
  }
}

// ---------------------------------------------------------------------------------------------------------
// skopeo (containers/image): the second implementation the signing tests compare with.

export interface SkopeoOptions {
  /** Registries (`host:port`) whose signatures live in sigstore attachments (`.sig` tags); default: those named
   * by `docker://` arguments. */
  readonly sigstoreRegistries?: readonly string[]
  /** Contents of policy.json (default: insecureAcceptAnything). */
  readonly policy?: unknown
  /** Extra environment (HOME and XDG_RUNTIME_DIR point to a temporary directory unless given here). */
  readonly env?: Readonly<Record<string, string>>
  readonly timeoutMs?: number
}

export interface SkopeoCopyOptions extends SkopeoOptions {
  /** Throwaway test credentials only: they go on argv (`--src-creds user:password`). */
  readonly srcCreds?: TestCredentials
  readonly destCreds?: TestCredentials
  /** `--sign-by-sigstore-private-key PATH` (a cosign encrypted key file). */
  readonly signBySigstoreKey?: string
  /** `--sign-passphrase-file PATH`. */
  readonly signPassphraseFile?: string
  /** `--all` for image indexes. */
  readonly all?: boolean
  /** `--remove-signatures`. */
  readonly removeSignatures?: boolean
  readonly extraArgs?: readonly string[]
}

export interface SkopeoResult {
  readonly stdout: string
  readonly stderr: string
}

function withTransport(ref: string): string {
  return /^[a-z-]+:/.test(ref) && !/^[^/]+:\d+\//.test(ref) && !ref.startsWith('localhost:') ? ref : `docker://${ref}`
}

function registriesOf(refs: readonly string[]): string[] {
  const hosts = new Set<string>()
  for (const ref of refs) {
    const m = /^docker:\/\/([^/]+)\//.exec(ref)
    if (m?.[1]) hosts.add(m[1])
  }
  return [...hosts]
}

/** Runs `skopeo <args>` with a temporary registries.d (sigstore attachments on) and policy.json. */
export async function runSkopeo(args: readonly string[], opts: SkopeoOptions = {}): Promise<SkopeoResult> {
  const dir = await mkdtemp(join(tmpdir(), 'sigil-skopeo-'))
  try {
    const registriesD = join(dir, 'registries.d')
    await mkdir(registriesD)
    const hosts = opts.sigstoreRegistries ?? registriesOf(args.filter((a) => a.startsWith('docker://')))
    const yaml = ['docker:', ...hosts.flatMap((h) => [`  ${h}:`, '    use-sigstore-attachments: true']), ''].join('\n')
    await writeFile(join(registriesD, 'sigil-test.yaml'), hosts.length > 0 ? yaml : 'docker: {}\n')
    const policyPath = join(dir, 'policy.json')
    await writeFile(policyPath, JSON.stringify(opts.policy ?? { default: [{ type: 'insecureAcceptAnything' }] }))
    const runtimeDir = join(dir, 'run')
    await mkdir(runtimeDir)
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, XDG_RUNTIME_DIR: runtimeDir, ...opts.env }
    const argv = ['--registries.d', registriesD, '--policy', policyPath, '--tmpdir', dir, ...args]
    return await new Promise<SkopeoResult>((resolve, reject) => {
      execFile('skopeo', argv, { env, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`skopeo ${args.join(' ')} failed: ${stderr || err.message}`))
        else resolve({ stdout, stderr })
      })
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** `skopeo copy SRC DST` with TLS verification off for both sides; refs without a transport get `docker://`. */
export async function skopeoCopy(src: string, dst: string, opts: SkopeoCopyOptions = {}): Promise<SkopeoResult> {
  const s = withTransport(src)
  const d = withTransport(dst)
  const args = ['copy', '--src-tls-verify=false', '--dest-tls-verify=false']
  if (opts.srcCreds) args.push('--src-creds', `${opts.srcCreds.username}:${opts.srcCreds.password}`)
  if (opts.destCreds) args.push('--dest-creds', `${opts.destCreds.username}:${opts.destCreds.password}`)
  if (opts.signBySigstoreKey) args.push('--sign-by-sigstore-private-key', opts.signBySigstoreKey)
  if (opts.signPassphraseFile) args.push('--sign-passphrase-file', opts.signPassphraseFile)
  if (opts.all) args.push('--all')
  if (opts.removeSignatures) args.push('--remove-signatures')
  args.push(...(opts.extraArgs ?? []), s, d)
  return runSkopeo(args, { ...opts, sigstoreRegistries: opts.sigstoreRegistries ?? registriesOf([s, d]) })
}
