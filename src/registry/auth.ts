/**
 * Registry authentication without a `/v2/` ping: a request goes out with whatever the client already knows
 * (nothing, Basic for a registry that asked for Basic, or a cached Bearer token); on 401 the challenge says what
 * to do, and the request is retried once.
 *
 * Bearer follows the Docker token spec (https://distribution.github.io/distribution/spec/auth/token/): `GET
 * <realm>?service=..&scope=repository:<repo>:pull` (or `push,pull`) with Basic credentials when there are some,
 * or, with an identity token, the OAuth2 refresh-token grant (https://distribution.github.io/distribution/spec/auth/oauth/)
 * falling back to GET on 404/405. Tokens (`token` or `access_token`) are cached per registry, repository and
 * actions for this client's life (until `expires_in`); a `push,pull` token also serves pulls. Once a registry is
 * known to use Bearer, the token for a new repository is fetched before the first request (one round trip
 * instead of two).
 */
import type { Logger } from '../log.js'
import type { Repository } from '../oci/reference.js'
import type { Challenge } from './challenge.js'
import type { CredentialLookup } from './credentials.js'
import { parseOciErrors, RegistryError } from './errors.js'
import { isLoopbackRegistry } from './hosts.js'
import { sanitizeUrl, type Redactor } from './redact.js'
import type { ExchangeResponse } from './transport.js'

/** The actions a token is asked for. */
export type Actions = 'pull' | 'push,pull'

/** Operation and reference of the request that needs auth, for messages. */
export interface AuthContext {
  readonly operation: string
  readonly reference: string
  /** When the request's retry budget ends (epoch ms); token requests stay within it. */
  readonly deadline?: number
}

/** How the Authenticator sends token requests (the client's HTTP stack: retries, trace, no redirects). */
export type TokenHttp = (req: {
  readonly method: 'GET' | 'POST'
  readonly url: URL
  readonly headers: Record<string, string>
  readonly body?: string
  readonly ctx: AuthContext
}) => Promise<ExchangeResponse>

export interface AuthenticatorOptions {
  readonly lookup: (registry: string) => Promise<CredentialLookup>
  readonly http: TokenHttp
  readonly redactor: Redactor
  readonly logger: Logger
  /** Plain-http token realms on non-loopback hosts are refused unless this is set. */
  readonly allowHttp: boolean
  /** OAuth2 `client_id` for refresh-token grants. */
  readonly clientId: string
}

interface RegistryState {
  kind: 'unknown' | 'basic' | 'bearer'
  realm?: string
  service?: string
}

interface CachedToken {
  readonly value: string
  readonly expiresAt: number
}

const DEFAULT_TOKEN_LIFETIME_S = 60

// True when scope `have` (`type:name:actions`) grants everything scope `want` asks for.
export function scopeCovers(have: string, want: string): boolean {
  const split = (s: string) => {
    const first = s.indexOf(':')
    const last = s.lastIndexOf(':')
    return first < 0 || last === first ? undefined : { resource: s.slice(0, last), actions: s.slice(last + 1).split(',') }
  }
  const h = split(have)
  const w = split(want)
  if (h === undefined || w === undefined) return have === want
  return h.resource === w.resource && w.actions.every((a) => h.actions.includes(a) || h.actions.includes('*'))
}

// The Authorization header value for Basic.
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`
}

/** Registry auth state: schemes learnt, credentials found, tokens cached. */
export class Authenticator {
  readonly #opts: AuthenticatorOptions
  readonly #registries = new Map<string, RegistryState>()
  readonly #tokens = new Map<string, CachedToken>()
  readonly #inflight = new Map<string, Promise<string>>()
  readonly #credentials = new Map<string, Promise<CredentialLookup>>()

  constructor(opts: AuthenticatorOptions) {
    this.#opts = opts
  }

  // The registry's credential lookup, done once; its secrets are registered with the redactor.
  credentials(registry: string): Promise<CredentialLookup> {
    let p = this.#credentials.get(registry)
    if (p === undefined) {
      p = this.#opts.lookup(registry).then((found) => {
        const c = found.credential
        if (c !== undefined) {
          this.#opts.redactor.add(c.password)
          this.#opts.redactor.add(c.identityToken)
          this.#opts.redactor.add(c.registryToken)
          if (c.username !== undefined && c.password !== undefined) {
            this.#opts.redactor.add(basicAuthorization(c.username, c.password).slice('Basic '.length))
          }
          this.#opts.logger.debug(`registry ${registry}: using credentials from ${c.source}`)
        } else {
          this.#opts.logger.debug(`registry ${registry}: no credentials found (looked in: ${found.tried.join(', ') || 'nothing'})`)
        }
        return found
      })
      this.#credentials.set(registry, p)
    }
    return p
  }

  // The Authorization header to send before any challenge: Basic, a cached token, or a token fetched now.
  async authorization(repo: Repository, actions: Actions, ctx: AuthContext): Promise<string | undefined> {
    const state = this.#registries.get(repo.registry)
    if (state === undefined || state.kind === 'unknown') return undefined
    if (state.kind === 'basic') {
      const { credential } = await this.credentials(repo.registry)
      return credential?.username !== undefined && credential.password !== undefined
        ? basicAuthorization(credential.username, credential.password)
        : undefined
    }
    const cached = this.#cachedToken(repo, actions)
    if (cached !== undefined) return `Bearer ${cached}`
    return `Bearer ${await this.#token(repo, actions, state, undefined, ctx)}`
  }

  /**
   * After a 401: learns the registry's scheme from the challenges and returns the Authorization header to retry
   * with. `sent` is what the rejected request carried.
   *
   * @throws RegistryError REGISTRY_AUTH when there is nothing better to send
   */
  async afterChallenge(
    repo: Repository,
    actions: Actions,
    challenges: readonly Challenge[],
    sent: string | undefined,
    res: ExchangeResponse,
    ctx: AuthContext,
  ): Promise<string> {
    const bearer = challenges.find((c) => c.scheme === 'bearer')
    const basic = challenges.find((c) => c.scheme === 'basic')
    if (bearer !== undefined) {
      const realm = bearer.params.realm
      if (realm === undefined || realm === '') {
        throw await this.failure(repo.registry, res, ctx, 'the registry asked for a Bearer token without naming a realm')
      }
      const state: RegistryState = { kind: 'bearer', realm, ...(bearer.params.service !== undefined ? { service: bearer.params.service } : {}) }
      this.#registries.set(repo.registry, state)
      if (sent?.startsWith('Bearer ')) {
        // The token was refused (expired, revoked, or missing a scope): drop it and ask once more.
        this.#dropTokens(repo, sent.slice('Bearer '.length))
      }
      const extra = bearer.params.scope
      return `Bearer ${await this.#token(repo, actions, state, extra, ctx)}`
    }
    if (basic !== undefined) {
      this.#registries.set(repo.registry, { kind: 'basic' })
      const { credential } = await this.credentials(repo.registry)
      if (credential?.username === undefined || credential.password === undefined) {
        throw await this.failure(repo.registry, res, ctx, '')
      }
      const value = basicAuthorization(credential.username, credential.password)
      if (sent === value) throw await this.failure(repo.registry, res, ctx, 'authentication failed')
      return value
    }
    const schemes = challenges.map((c) => c.scheme).join(', ')
    throw await this.failure(
      repo.registry,
      res,
      ctx,
      schemes === '' ? 'authentication required but the registry sent no usable WWW-Authenticate challenge' : `unsupported authentication scheme (${schemes})`,
    )
  }

  /** A REGISTRY_AUTH error for a 401/403 that says which credential source was tried, never its value. */
  async failure(registry: string, res: ExchangeResponse, ctx: AuthContext, what: string): Promise<RegistryError> {
    const found = await this.credentials(registry)
    const c = found.credential
    const whose =
      c !== undefined
        ? `credentials from ${c.source} were ${res.status === 403 ? 'not allowed this access' : 'rejected'}`
        : `no credentials found for ${registry} (looked in: ${found.tried.join(', ') || 'nothing'})`
    const why = what === '' ? whose : `${what}; ${whose}`
    return new RegistryError('REGISTRY_AUTH', {
      operation: ctx.operation,
      reference: ctx.reference,
      status: res.status,
      ociErrors: parseOciErrors(res.body).map((e) => ({ code: e.code, message: this.#opts.redactor.redact(e.message) })),
      detail: why,
    })
  }

  #key(repo: Repository, actions: Actions): string {
    return `${repo.registry}\n${repo.repository}\n${actions}`
  }

  #cachedToken(repo: Repository, actions: Actions): string | undefined {
    const now = Date.now()
    for (const a of actions === 'pull' ? (['push,pull', 'pull'] as const) : (['push,pull'] as const)) {
      const t = this.#tokens.get(this.#key(repo, a))
      if (t !== undefined && t.expiresAt > now) return t.value
    }
    return undefined
  }

  #dropTokens(repo: Repository, value: string): void {
    for (const a of ['pull', 'push,pull'] as const) {
      const key = this.#key(repo, a)
      if (this.#tokens.get(key)?.value === value) this.#tokens.delete(key)
    }
  }

  // A token for repo/actions: from the cache, from a request already in flight, or from the token server.
  async #token(repo: Repository, actions: Actions, state: RegistryState, extraScope: string | undefined, ctx: AuthContext): Promise<string> {
    const cached = this.#cachedToken(repo, actions)
    if (cached !== undefined) return cached
    const key = this.#key(repo, actions)
    let p = this.#inflight.get(key)
    if (p === undefined) {
      p = this.#fetchToken(repo, actions, state, extraScope, ctx).finally(() => this.#inflight.delete(key))
      this.#inflight.set(key, p)
    }
    return p
  }

  async #fetchToken(repo: Repository, actions: Actions, state: RegistryState, extraScope: string | undefined, ctx: AuthContext): Promise<string> {
    const { credential } = await this.credentials(repo.registry)
    if (credential?.registryToken !== undefined) return credential.registryToken
    const realm = this.#realmUrl(state.realm ?? '', repo.registry, ctx)
    const scopes = [`repository:${repo.repository}:${actions}`]
    for (const s of (extraScope ?? '').split(' ')) if (s !== '' && !scopes.some((have) => scopeCovers(have, s))) scopes.push(s)
    const mayCarryCredentials = realm.protocol === 'https:' || isLoopbackRegistry(realm.host) || this.#opts.allowHttp

    let res: ExchangeResponse | undefined
    if (credential?.identityToken !== undefined && mayCarryCredentials) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credential.identityToken, client_id: this.#opts.clientId })
      if (state.service !== undefined) form.set('service', state.service)
      form.set('scope', scopes.join(' '))
      res = await this.#opts.http({
        method: 'POST',
        url: realm,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        ctx,
      })
      // Not every token server implements OAuth2; the spec's fallback is the GET form.
      if (res.status === 404 || res.status === 405) res = undefined
    }
    if (res === undefined) {
      const url = new URL(realm)
      if (state.service !== undefined) url.searchParams.set('service', state.service)
      for (const s of scopes) url.searchParams.append('scope', s)
      const headers: Record<string, string> = {}
      if (credential?.username !== undefined && credential.password !== undefined && mayCarryCredentials) {
        headers.authorization = basicAuthorization(credential.username, credential.password)
      }
      res = await this.#opts.http({ method: 'GET', url, headers, ctx })
    }
    if (res.status !== 200) {
      const what = `the token server ${sanitizeUrl(realm)} answered ${res.status}`
      if (res.status === 401 || res.status === 403) throw await this.failure(repo.registry, res, ctx, what)
      throw new RegistryError('REGISTRY_AUTH', { operation: ctx.operation, reference: ctx.reference, detail: what })
    }
    let doc: { token?: unknown; access_token?: unknown; expires_in?: unknown }
    try {
      doc = JSON.parse(Buffer.from(res.body).toString('utf8')) as typeof doc
    } catch {
      throw new RegistryError('REGISTRY_AUTH', { operation: ctx.operation, reference: ctx.reference, detail: `the token server ${sanitizeUrl(realm)} answered with something other than JSON` })
    }
    const token = typeof doc.token === 'string' && doc.token !== '' ? doc.token : typeof doc.access_token === 'string' && doc.access_token !== '' ? doc.access_token : undefined
    if (token === undefined) {
      throw new RegistryError('REGISTRY_AUTH', { operation: ctx.operation, reference: ctx.reference, detail: `the token server ${sanitizeUrl(realm)} answered without a token` })
    }
    this.#opts.redactor.add(token)
    const lifetime = typeof doc.expires_in === 'number' && doc.expires_in > 0 ? doc.expires_in : DEFAULT_TOKEN_LIFETIME_S
    // Renew a little early so that a token does not expire in flight.
    const margin = Math.min(10, lifetime / 4)
    this.#tokens.set(this.#key(repo, actions), { value: token, expiresAt: Date.now() + (lifetime - margin) * 1000 })
    this.#opts.logger.debug(`registry ${repo.registry}: token for ${repo.repository} (${actions}), valid ${lifetime} s`)
    return token
  }

  // The realm as a URL; plain http only on loopback or with allowHttp (credentials would travel in clear).
  #realmUrl(realm: string, registry: string, ctx: AuthContext): URL {
    let url: URL
    try {
      url = new URL(realm)
    } catch {
      throw new RegistryError('REGISTRY_AUTH', { operation: ctx.operation, reference: ctx.reference, detail: `registry ${registry} named an invalid token realm` })
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new RegistryError('REGISTRY_AUTH', { operation: ctx.operation, reference: ctx.reference, detail: `registry ${registry} named a token realm that is not http(s)` })
    }
    if (url.protocol === 'http:' && !isLoopbackRegistry(url.host) && !this.#opts.allowHttp) {
      throw new RegistryError('INSECURE_TRANSPORT', {
        operation: ctx.operation,
        reference: ctx.reference,
        detail: `the token realm ${sanitizeUrl(url)} uses plain http; use --allow-http-registry to allow it`,
      })
    }
    return url
  }
}
