/**
 * Registry credentials, first match wins:
 *
 * 1. explicit username and password (cosign's `--registry-username`/`--registry-password`, the action's inputs);
 * 2. the docker config (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`; format:
 *    https://github.com/docker/cli/blob/v27.0.0/cli/config/configfile/file.go): a credential helper from
 *    `credHelpers` for this registry, else `credsStore`, run as `docker-credential-<name> get` with the server URL
 *    on stdin (https://github.com/docker/docker-credential-helpers#development); when the helper has nothing, the
 *    `auths` entry (`auth` = base64 `user:password`, or `username`/`password`, `identitytoken`, `registrytoken`);
 * 3. the containers auth file (`$REGISTRY_AUTH_FILE`, else `$XDG_RUNTIME_DIR/containers/auth.json`;
 *    https://github.com/containers/image/blob/main/docs/containers-auth.json.5.md), host entries only.
 *
 * Registry names match exactly after normalisation (scheme and path of legacy keys dropped, lower case, Docker
 * Hub's aliases `docker.io`, `index.docker.io`, `registry-1.docker.io`, `https://index.docker.io/v1/` made
 * one), never by substring or suffix. Values never reach logs or messages; `source` says where they came from.
 */
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '../log.js'

/** What a registry accepts as proof of identity. */
export interface RegistryCredential {
  readonly username?: string
  readonly password?: string
  /** OAuth2 refresh token (docker config `identitytoken`, or a helper answering with Username `<token>`). */
  readonly identityToken?: string
  /** A bearer token sent as is (docker config `registrytoken`). */
  readonly registryToken?: string
  /** Where it came from, for messages; never the value. */
  readonly source: string
}

/** Explicit credentials (flags or action inputs). */
export interface ExplicitCredentials {
  readonly username: string
  readonly password: string
  /** How messages name them (default `--registry-username/--registry-password`). */
  readonly source?: string
}

export interface CredentialLookup {
  readonly credential?: RegistryCredential
  /** The sources looked at, in order, for messages (paths and helper names, never values). */
  readonly tried: readonly string[]
}

export interface CredentialOptions {
  readonly explicit?: ExplicitCredentials
  readonly env: NodeJS.ProcessEnv
  readonly logger: Logger
  /** Time limit for a credential helper (default 60 s). */
  readonly helperTimeoutMs?: number
}

export const DOCKER_HUB = 'index.docker.io'
/** The server URL docker uses for Docker Hub in config files and with credential helpers. */
export const DOCKER_HUB_SERVER_URL = 'https://index.docker.io/v1/'
const DOCKER_HUB_ALIASES: ReadonlySet<string> = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io'])
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

// A registry name in the form credentials are matched on: lower case, Docker Hub's aliases made one.
export function canonicalRegistry(registry: string): string {
  const r = registry.toLowerCase()
  return DOCKER_HUB_ALIASES.has(r) ? DOCKER_HUB : r
}

/**
 * The registry a config key names, as docker/cli's `ConvertToHostname` reads it: `https://host/v1/` and
 * `host/path` are `host`. Returns the canonical form, or undefined for an empty key.
 */
export function registryOfConfigKey(key: string): string | undefined {
  let k = key.trim()
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(k)
  if (scheme) k = k.slice(scheme[0].length)
  const slash = k.indexOf('/')
  if (slash >= 0) k = k.slice(0, slash)
  return k === '' ? undefined : canonicalRegistry(k)
}

// The server URL given to credential helpers: docker's legacy URL for Docker Hub, else the registry name.
export function helperServerUrl(registry: string): string {
  return canonicalRegistry(registry) === DOCKER_HUB ? DOCKER_HUB_SERVER_URL : registry
}

interface AuthEntry {
  auth?: unknown
  username?: unknown
  password?: unknown
  identitytoken?: unknown
  registrytoken?: unknown
}

interface DockerConfig {
  auths?: Record<string, AuthEntry>
  credHelpers?: Record<string, unknown>
  credsStore?: unknown
}

// Reads a JSON config file; undefined when it does not exist; a warning (no content) when it cannot be parsed.
async function readJson(path: string, logger: Logger): Promise<DockerConfig | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'ENOENT' && code !== 'ENOTDIR') logger.warn(`cannot read ${path}: ${code ?? 'error'}`)
    return undefined
  }
  try {
    const doc = JSON.parse(text) as unknown
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not an object')
    return doc as DockerConfig
  } catch {
    logger.warn(`ignoring ${path}: not valid JSON`)
    return undefined
  }
}

// The entry of `map` whose key names `registry` exactly (after normalisation).
function findEntry<T>(map: Record<string, T> | undefined, registry: string, keyFilter?: (key: string) => boolean): T | undefined {
  if (map === undefined || map === null || typeof map !== 'object') return undefined
  const want = canonicalRegistry(registry)
  // An exact key wins over a normalised one (e.g. both `docker.io` and `https://index.docker.io/v1/` present).
  const direct = Object.prototype.hasOwnProperty.call(map, registry) ? map[registry] : undefined
  if (direct !== undefined && (keyFilter?.(registry) ?? true)) return direct
  for (const [key, value] of Object.entries(map)) {
    if (keyFilter && !keyFilter(key)) continue
    if (registryOfConfigKey(key) === want) return value
  }
  return undefined
}

// Turns an `auths` entry into a credential; undefined when it holds nothing usable (e.g. `{}` next to a store).
function fromAuthEntry(entry: AuthEntry | undefined, source: string): RegistryCredential | undefined {
  if (entry === undefined || entry === null || typeof entry !== 'object') return undefined
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined)
  let username = str(entry.username)
  let password = str(entry.password)
  const auth = str(entry.auth)
  if (auth !== undefined) {
    const decoded = Buffer.from(auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) {
      username = decoded.slice(0, colon)
      password = decoded.slice(colon + 1)
    }
  }
  const identityToken = str(entry.identitytoken)
  const registryToken = str(entry.registrytoken)
  if (username === undefined && identityToken === undefined && registryToken === undefined) return undefined
  return {
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(identityToken !== undefined ? { identityToken } : {}),
    ...(registryToken !== undefined ? { registryToken } : {}),
    source,
  }
}

/**
 * Runs `docker-credential-<name> get` with the server URL on stdin and reads `{ServerURL, Username, Secret}`.
 * Undefined when the helper knows no credentials for it; a missing or failing helper is logged as a warning.
 */
export async function runCredentialHelper(
  name: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  timeoutMs = 60_000,
): Promise<{ username?: string; secret: string } | undefined> {
  const program = `docker-credential-${name}`
  if (!HELPER_NAME.test(name)) {
    logger.warn(`ignoring credential helper "${program}": not a plain program name`)
    return undefined
  }
  const result = await new Promise<{ code: number | null; stdout: string; error?: string }>((resolve) => {
    let stdout = ''
    let settled = false
    const child = spawn(program, ['get'], { env, stdio: ['pipe', 'pipe', 'ignore'] })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      if (!settled) {
        settled = true
        resolve({ code: null, stdout: '', error: `timed out after ${timeoutMs} ms` })
      }
    }, timeoutMs)
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length < 1024 * 1024) stdout += chunk
    })
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      if (!settled) {
        settled = true
        resolve({ code: null, stdout: '', error: err.code === 'ENOENT' ? 'not found on PATH' : (err.code ?? 'failed to start') })
      }
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      if (!settled) {
        settled = true
        resolve({ code, stdout })
      }
    })
    child.stdin.on('error', () => {})
    child.stdin.end(serverUrl)
  })
  if (result.error !== undefined) {
    logger.warn(`credential helper ${program}: ${result.error}`)
    return undefined
  }
  if (result.code !== 0) {
    // The protocol's "credentials not found in native keychain" is the normal miss; anything else is worth a word.
    if (!/credentials not found/i.test(result.stdout)) logger.warn(`credential helper ${program} exited with ${result.code}`)
    else logger.debug(`credential helper ${program}: no credentials for ${serverUrl}`)
    return undefined
  }
  try {
    const doc = JSON.parse(result.stdout) as { Username?: unknown; Secret?: unknown }
    if (typeof doc.Secret !== 'string' || doc.Secret === '') return undefined
    return { ...(typeof doc.Username === 'string' ? { username: doc.Username } : {}), secret: doc.Secret }
  } catch {
    logger.warn(`credential helper ${program} answered with something other than JSON`)
    return undefined
  }
}

// The docker config path: $DOCKER_CONFIG/config.json when DOCKER_CONFIG is set, else ~/.docker/config.json.
export function dockerConfigPath(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DOCKER_CONFIG) return join(env.DOCKER_CONFIG, 'config.json')
  if (env.HOME) return join(env.HOME, '.docker', 'config.json')
  return undefined
}

// The containers auth file: $REGISTRY_AUTH_FILE, else $XDG_RUNTIME_DIR/containers/auth.json.
export function containersAuthPath(env: NodeJS.ProcessEnv): string | undefined {
  if (env.REGISTRY_AUTH_FILE) return env.REGISTRY_AUTH_FILE
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json')
  return undefined
}

/** Finds the credential for `registry` (first match wins, see the module comment). */
export async function lookupCredential(registry: string, opts: CredentialOptions): Promise<CredentialLookup> {
  const tried: string[] = []
  if (opts.explicit) {
    const source = opts.explicit.source ?? '--registry-username/--registry-password'
    return { credential: { username: opts.explicit.username, password: opts.explicit.password, source }, tried: [source] }
  }

  const dockerPath = dockerConfigPath(opts.env)
  if (dockerPath !== undefined) {
    tried.push(`docker config ${dockerPath}`)
    const config = await readJson(dockerPath, opts.logger)
    if (config !== undefined) {
      const helperEntry = findEntry(config.credHelpers, registry)
      const helper = typeof helperEntry === 'string' && helperEntry !== '' ? helperEntry : typeof config.credsStore === 'string' && config.credsStore !== '' ? config.credsStore : undefined
      if (helper !== undefined) {
        const program = `docker-credential-${helper}`
        tried.push(`credential helper ${program}`)
        const got = await runCredentialHelper(helper, helperServerUrl(registry), opts.env, opts.logger, opts.helperTimeoutMs)
        if (got !== undefined) {
          const source = `credential helper ${program} (from ${dockerPath})`
          // Docker's convention: Username `<token>` means the Secret is an identity (refresh) token.
          const credential: RegistryCredential =
            got.username === '<token>' ? { identityToken: got.secret, source } : { ...(got.username !== undefined ? { username: got.username } : {}), password: got.secret, source }
          return { credential, tried }
        }
      }
      const fromAuths = fromAuthEntry(findEntry(config.auths, registry), `docker config ${dockerPath} (auths)`)
      if (fromAuths !== undefined) return { credential: fromAuths, tried }
    }
  }

  const containersPath = containersAuthPath(opts.env)
  if (containersPath !== undefined) {
    tried.push(`containers auth file ${containersPath}`)
    const config = await readJson(containersPath, opts.logger)
    // Namespace-scoped keys (`quay.io/org`) are not supported: only host keys and legacy URLs match.
    const hostKeysOnly = (key: string) => !key.includes('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(key)
    const entry = config !== undefined ? findEntry(config.auths, registry, hostKeysOnly) : undefined
    const fromAuths = fromAuthEntry(entry, `containers auth file ${containersPath}`)
    if (fromAuths !== undefined) return { credential: fromAuths, tried }
  }
  return { tried }
}
