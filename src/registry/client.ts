/**
 * A client for the OCI distribution API (https://github.com/opencontainers/distribution-spec/blob/v1.1.0/spec.md):
 * manifests and blobs, with the round trips go-containerregistry makes minus its `/v2/` pings (spec §7).
 *
 * - Scheme: https; loopback registries (localhost, 127.0.0.0/8, ::1) start with plain http and switch to https
 *   once if the server turns out to speak TLS; other registries use http only with `allowHttp` (https tried
 *   first) or `allowInsecure` (which also accepts untrusted certificates). The choice is made once per registry.
 * - Auth: see auth.ts; credentials: see credentials.ts.
 * - Redirects are followed by the client itself for GET and HEAD (up to 5); `Authorization` goes only to the
 *   registry's own origin, and https never turns into http unless plain http is allowed for the target.
 * - Retries (retry.ts): 408, 429, 5xx, resets, refusals and timeouts, for idempotent requests (GET, HEAD, PUT)
 *   and for the blob upload as a unit (POST then PUT), within a count and a time budget.
 * - Every exchange is reported to `onTrace` and as a `logger.debug` line, without secrets.
 */
import { SigilError, type ErrorCode } from '../errors.js'
import type { Logger, TraceSink } from '../log.js'
import { silentLogger } from '../log.js'
import { isSha256Digest, parseDigest, sha256Digest } from '../oci/digest.js'
import { MANIFEST_ACCEPT } from '../oci/media-types.js'
import type { Repository } from '../oci/reference.js'
import { Authenticator, type Actions, type AuthContext, type TokenHttp } from './auth.js'
import { parseWwwAuthenticate } from './challenge.js'
import { lookupCredential, type ExplicitCredentials } from './credentials.js'
import { parseOciErrors, RegistryError, type RegistryErrorDetails } from './errors.js'
import { isLoopbackRegistry } from './hosts.js'
import { Redactor, sanitizeUrl } from './redact.js'
import { DEFAULT_RETRY, formatMs, isRetryableStatus, parseRetryAfter, retryDecision, type RetryOptions } from './retry.js'
import { BodyTooLargeError, header, Transport, TransportError, type ExchangeRequest, type ExchangeResponse } from './transport.js'

export interface RegistryClientOptions {
  /** Explicit credentials for every registry (`--registry-username`/`--registry-password`); they win. */
  readonly credentials?: ExplicitCredentials
  /** Environment for DOCKER_CONFIG, HOME, REGISTRY_AUTH_FILE, XDG_RUNTIME_DIR, proxies, and PATH for credential
   * helpers (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv
  /** Allow plain http to registries that are not loopback (`--allow-http-registry`). */
  readonly allowHttp?: boolean
  /** Accept untrusted TLS certificates, and plain http (`--allow-insecure-registry`). */
  readonly allowInsecure?: boolean
  /** Deadline of one HTTP exchange, body included (default 30 s). */
  readonly timeoutMs?: number
  readonly retry?: Partial<RetryOptions>
  readonly logger?: Logger
  readonly onTrace?: TraceSink
  readonly userAgent?: string
  /** Largest manifest read or written (default 4 MiB, the limit most registries apply). */
  readonly maxManifestBytes?: number
  /** Default cap of getBlob (default 64 MiB). */
  readonly maxBlobBytes?: number
  /** Largest response header block accepted (default 64 KiB). */
  readonly maxHeaderBytes?: number
  /** Time limit of a docker credential helper (default 60 s). */
  readonly credentialHelperTimeoutMs?: number
}

export interface ManifestResponse {
  /** sha256 of `bytes`. */
  readonly digest: string
  readonly mediaType: string
  /** The exact bytes served. */
  readonly bytes: Uint8Array
  readonly size: number
  /** The ETag the registry sent, for a later `ifMatch`. */
  readonly etag?: string
}

export interface ManifestHead {
  readonly digest: string
  readonly mediaType: string
  readonly size: number
}

export interface PutManifestOptions {
  /** Send `If-Match`: a registry that honours it answers 412 (PRECONDITION_FAILED) when the tag moved. */
  readonly ifMatch?: string
}

export interface GetBlobOptions {
  /** Refuse blobs larger than this (default: the client's maxBlobBytes). */
  readonly maxBytes?: number
  /** The size the descriptor states; checked before and after the download. */
  readonly expectedSize?: number
}

const MiB = 1024 * 1024
const MAX_REDIRECTS = 5
const REDIRECTS = new Set([301, 302, 303, 307, 308])
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/
const SMALL_BODY = 64 * 1024
const BLOB_UNKNOWN_RETRIES = 3

/** A failure that the retry loop may try again. */
class Retryable extends Error {
  readonly code: ErrorCode
  readonly details: RegistryErrorDetails
  readonly retryAfterMs: number | undefined
  constructor(code: ErrorCode, details: RegistryErrorDetails, retryAfterMs?: number) {
    super(details.detail ?? details.operation)
    this.code = code
    this.details = details
    this.retryAfterMs = retryAfterMs
  }
}

interface Call {
  readonly operation: string
  readonly reference: string
  readonly repo: Repository
  readonly actions: Actions
  readonly method: ExchangeRequest['method']
  /** `/v2/...` on the registry, or an absolute URL (upload locations). */
  readonly target: string | URL
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: Uint8Array | string
  readonly maxBodyBytes: number
  readonly followRedirects: boolean
}

interface SchemeState {
  scheme: 'http' | 'https'
  confirmed: boolean
  /** The other scheme was tried once already (and failed too). */
  probed: boolean
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function mediaTypeOf(res: ExchangeResponse, bytes: Uint8Array): string {
  const ct = header(res.headers, 'content-type')?.split(';')[0]?.trim()
  if (ct !== undefined && ct !== '' && ct !== 'application/json' && ct !== 'text/plain' && ct !== 'application/octet-stream') return ct
  try {
    const doc = JSON.parse(Buffer.from(bytes).toString('utf8')) as { mediaType?: unknown }
    if (typeof doc.mediaType === 'string') return doc.mediaType
  } catch {
    // not JSON: keep the header
  }
  return ct ?? ''
}

/** The distribution API client used by sign and verify (one per process). */
export class RegistryClient {
  readonly #transport: Transport
  readonly #auth: Authenticator
  readonly #redactor = new Redactor()
  readonly #logger: Logger
  readonly #retry: RetryOptions
  readonly #timeoutMs: number
  readonly #allowHttp: boolean
  readonly #maxManifestBytes: number
  readonly #maxBlobBytes: number
  readonly #schemes = new Map<string, SchemeState>()
  readonly #pushRepos = new Set<string>()

  constructor(opts: RegistryClientOptions = {}) {
    const env = opts.env ?? process.env
    this.#logger = opts.logger ?? silentLogger
    this.#retry = { ...DEFAULT_RETRY, ...opts.retry }
    this.#timeoutMs = opts.timeoutMs ?? 30_000
    this.#allowHttp = opts.allowHttp === true || opts.allowInsecure === true
    this.#maxManifestBytes = opts.maxManifestBytes ?? 4 * MiB
    this.#maxBlobBytes = opts.maxBlobBytes ?? 64 * MiB
    if (opts.credentials) {
      this.#redactor.add(opts.credentials.password)
    }
    this.#transport = new Transport({
      env,
      allowInsecure: opts.allowInsecure === true,
      maxHeaderBytes: opts.maxHeaderBytes ?? 64 * 1024,
      userAgent: opts.userAgent ?? 'sigil',
      logger: this.#logger,
      ...(opts.onTrace ? { onTrace: opts.onTrace } : {}),
      redactor: this.#redactor,
    })
    const explicit = opts.credentials
    this.#auth = new Authenticator({
      lookup: (registry) =>
        lookupCredential(registry, {
          ...(explicit ? { explicit } : {}),
          env,
          logger: this.#logger,
          ...(opts.credentialHelperTimeoutMs !== undefined ? { helperTimeoutMs: opts.credentialHelperTimeoutMs } : {}),
        }),
      http: (req) => this.#tokenRequest(req),
      redactor: this.#redactor,
      logger: this.#logger,
      allowHttp: this.#allowHttp,
      clientId: 'sigil',
    })
  }

  /** Later token requests for `repo` ask for `push,pull` at once (saves a second token round trip when signing). */
  expectPush(repo: Repository): void {
    this.#pushRepos.add(`${repo.registry}/${repo.repository}`)
  }

  /**
   * GETs a manifest by tag or digest. The digest is the sha256 of the exact bytes; fetched by digest, the bytes
   * must match it.
   *
   * @throws RegistryError NOT_FOUND on 404, TOO_LARGE above maxManifestBytes, DIGEST_MISMATCH
   */
  async getManifest(repo: Repository, tagOrDigest: string): Promise<ManifestResponse> {
    const reference = this.#checkTarget(repo, tagOrDigest)
    const call: Call = {
      operation: 'GET manifest',
      reference,
      repo,
      actions: this.#actions(repo, 'pull'),
      method: 'GET',
      target: `/v2/${repo.repository}/manifests/${tagOrDigest}`,
      headers: { accept: MANIFEST_ACCEPT },
      maxBodyBytes: this.#maxManifestBytes,
      followRedirects: true,
    }
    const res = await this.#send(call)
    if (res.status !== 200) throw this.#statusError(call, res)
    const digest = sha256Digest(res.body)
    if (isSha256Digest(tagOrDigest) && digest !== tagOrDigest) {
      throw new RegistryError('DIGEST_MISMATCH', { operation: call.operation, reference, detail: `the registry served a manifest whose digest is ${digest}` })
    }
    const etag = header(res.headers, 'etag')
    return { digest, mediaType: mediaTypeOf(res, res.body), bytes: res.body, size: res.body.length, ...(etag ? { etag } : {}) }
  }

  /** HEADs a manifest; undefined on 404. Falls back to a GET when the registry omits Docker-Content-Digest. */
  async headManifest(repo: Repository, tagOrDigest: string): Promise<ManifestHead | undefined> {
    const reference = this.#checkTarget(repo, tagOrDigest)
    const call: Call = {
      operation: 'HEAD manifest',
      reference,
      repo,
      actions: this.#actions(repo, 'pull'),
      method: 'HEAD',
      target: `/v2/${repo.repository}/manifests/${tagOrDigest}`,
      headers: { accept: MANIFEST_ACCEPT },
      maxBodyBytes: 0,
      followRedirects: true,
    }
    const res = await this.#send(call)
    if (res.status === 404) return undefined
    if (res.status !== 200) throw this.#statusError(call, res)
    const digest = header(res.headers, 'docker-content-digest')
    const size = Number(header(res.headers, 'content-length'))
    const mediaType = header(res.headers, 'content-type')?.split(';')[0]?.trim()
    if (digest === undefined || !isSha256Digest(digest) || !Number.isSafeInteger(size) || !mediaType) {
      this.#logger.debug(`${call.operation} ${reference}: incomplete headers, falling back to GET`)
      try {
        const m = await this.getManifest(repo, tagOrDigest)
        return { digest: m.digest, mediaType: m.mediaType, size: m.size }
      } catch (err) {
        if (err instanceof SigilError && err.code === 'NOT_FOUND') return undefined
        throw err
      }
    }
    if (isSha256Digest(tagOrDigest) && digest !== tagOrDigest) {
      throw new RegistryError('DIGEST_MISMATCH', { operation: call.operation, reference, detail: `the registry reported digest ${digest}` })
    }
    return { digest, mediaType, size }
  }

  /**
   * PUTs a manifest under a tag or its digest, with its own media type as Content-Type. MANIFEST_BLOB_UNKNOWN
   * (a registry that has not caught up with an upload yet) is retried a few times.
   *
   * @throws RegistryError PRECONDITION_FAILED on 412 (with `ifMatch`), TOO_LARGE above maxManifestBytes
   */
  async putManifest(repo: Repository, tagOrDigest: string, bytes: Uint8Array, mediaType: string, opts: PutManifestOptions = {}): Promise<{ digest: string }> {
    const reference = this.#checkTarget(repo, tagOrDigest)
    const digest = sha256Digest(bytes)
    if (bytes.length > this.#maxManifestBytes) {
      throw new RegistryError('TOO_LARGE', { operation: 'PUT manifest', reference, detail: `the manifest is ${bytes.length} bytes, above the ${this.#maxManifestBytes}-byte limit` })
    }
    if (isSha256Digest(tagOrDigest) && tagOrDigest !== digest) {
      throw new RegistryError('DIGEST_MISMATCH', { operation: 'PUT manifest', reference, detail: `the manifest's digest is ${digest}` })
    }
    const call: Call = {
      operation: 'PUT manifest',
      reference,
      repo,
      actions: 'push,pull',
      method: 'PUT',
      target: `/v2/${repo.repository}/manifests/${tagOrDigest}`,
      headers: { 'content-type': mediaType, ...(opts.ifMatch !== undefined ? { 'if-match': opts.ifMatch } : {}) },
      body: bytes,
      maxBodyBytes: SMALL_BODY,
      followRedirects: false,
    }
    for (let tries = 1; ; tries++) {
      const res = await this.#send(call)
      if (res.status === 200 || res.status === 201 || res.status === 202) {
        const served = header(res.headers, 'docker-content-digest')
        if (served !== undefined && isSha256Digest(served) && served !== digest) {
          this.#logger.warn(`${call.operation} ${reference}: the registry reports digest ${served}, not ${digest}`)
        }
        return { digest }
      }
      if (res.status === 412) throw this.#statusError(call, res, 'PRECONDITION_FAILED', 'the tag changed since it was read')
      const codes = parseOciErrors(res.body).map((e) => e.code)
      if (tries < BLOB_UNKNOWN_RETRIES && (codes.includes('MANIFEST_BLOB_UNKNOWN') || codes.includes('BLOB_UNKNOWN'))) {
        const delay = 100 * 2 ** (tries - 1) + Math.floor(Math.random() * 50)
        this.#logger.debug(`${call.operation} ${reference}: ${codes.join(', ')}; retrying in ${delay} ms`)
        await sleep(delay)
        continue
      }
      throw this.#statusError(call, res)
    }
  }

  /**
   * Uploads a blob monolithically: POST an upload session, then PUT the bytes with `?digest=` (2 requests, no
   * HEAD). The pair is retried as a unit, also on DIGEST_INVALID and BLOB_UPLOAD_UNKNOWN.
   *
   * @throws RegistryError DIGEST_MISMATCH when `digest` is not the bytes' sha256
   */
  async uploadBlob(repo: Repository, digest: string, bytes: Uint8Array): Promise<void> {
    parseDigest(digest)
    const reference = this.#checkTarget(repo, digest)
    if (sha256Digest(bytes) !== digest) {
      throw new RegistryError('DIGEST_MISMATCH', { operation: 'upload blob', reference, detail: `the bytes given hash to ${sha256Digest(bytes)}` })
    }
    await this.#retrying({ operation: 'upload blob', reference }, async (attempt, deadline) => {
      const post: Call = {
        operation: 'POST blob upload',
        reference,
        repo,
        actions: 'push,pull',
        method: 'POST',
        target: `/v2/${repo.repository}/blobs/uploads/`,
        body: '',
        maxBodyBytes: SMALL_BODY,
        followRedirects: false,
      }
      const started = await this.#sendOnce(post, attempt, deadline)
      if (started.status !== 202) throw this.#statusError(post, started)
      const location = header(started.headers, 'location')
      if (location === undefined || location === '') {
        throw new RegistryError('REGISTRY', { operation: post.operation, reference, status: started.status, detail: 'the registry sent no upload Location' })
      }
      const base = new URL(location, started.url).href
      const url = new URL(`${base}${base.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`)
      const put: Call = {
        operation: 'PUT blob upload',
        reference,
        repo,
        actions: 'push,pull',
        method: 'PUT',
        target: url,
        headers: { 'content-type': 'application/octet-stream' },
        body: bytes,
        maxBodyBytes: SMALL_BODY,
        followRedirects: false,
      }
      const done = await this.#sendOnce(put, attempt, deadline)
      if (done.status === 201 || done.status === 204) return
      const errs = parseOciErrors(done.body)
      if (errs.some((e) => e.code === 'DIGEST_INVALID' || e.code === 'BLOB_UPLOAD_UNKNOWN' || e.code === 'BLOB_UPLOAD_INVALID')) {
        throw new Retryable('REGISTRY', { operation: put.operation, reference, status: done.status, ociErrors: errs })
      }
      throw this.#statusError(put, done)
    })
  }

  /** HEADs a blob: true on 200, false on 404. */
  async blobExists(repo: Repository, digest: string): Promise<boolean> {
    parseDigest(digest)
    const reference = this.#checkTarget(repo, digest)
    const call: Call = {
      operation: 'HEAD blob',
      reference,
      repo,
      actions: this.#actions(repo, 'pull'),
      method: 'HEAD',
      target: `/v2/${repo.repository}/blobs/${digest}`,
      maxBodyBytes: 0,
      followRedirects: true,
    }
    const res = await this.#send(call)
    if (res.status === 200) return true
    if (res.status === 404) return false
    throw this.#statusError(call, res)
  }

  /**
   * GETs a blob, following redirects (Authorization only to the registry's origin), and checks its size and
   * digest.
   *
   * @throws RegistryError NOT_FOUND, TOO_LARGE, DIGEST_MISMATCH
   */
  async getBlob(repo: Repository, digest: string, opts: GetBlobOptions = {}): Promise<Uint8Array> {
    parseDigest(digest)
    const reference = this.#checkTarget(repo, digest)
    const limit = opts.maxBytes ?? this.#maxBlobBytes
    if (opts.expectedSize !== undefined && opts.expectedSize > limit) {
      throw new RegistryError('TOO_LARGE', { operation: 'GET blob', reference, detail: `the blob is ${opts.expectedSize} bytes, above the ${limit}-byte limit` })
    }
    const call: Call = {
      operation: 'GET blob',
      reference,
      repo,
      actions: this.#actions(repo, 'pull'),
      method: 'GET',
      target: `/v2/${repo.repository}/blobs/${digest}`,
      maxBodyBytes: limit,
      followRedirects: true,
    }
    const res = await this.#send(call)
    if (res.status !== 200) throw this.#statusError(call, res)
    if (opts.expectedSize !== undefined && res.body.length !== opts.expectedSize) {
      throw new RegistryError('DIGEST_MISMATCH', { operation: call.operation, reference, detail: `the blob is ${res.body.length} bytes, not the ${opts.expectedSize} its descriptor states` })
    }
    const got = sha256Digest(res.body)
    if (got !== digest) throw new RegistryError('DIGEST_MISMATCH', { operation: call.operation, reference, detail: `the registry served bytes whose digest is ${got}` })
    return res.body
  }

  /** Closes idle connections (the process can also just exit). */
  async close(): Promise<void> {
    await this.#transport.close()
  }

  // ---------------------------------------------------------------------------------------------------------

  #actions(repo: Repository, need: Actions): Actions {
    return need === 'push,pull' || this.#pushRepos.has(`${repo.registry}/${repo.repository}`) ? 'push,pull' : 'pull'
  }

  // Validates what goes into the URL and returns the reference for messages (`registry/repo:tag` or `@digest`).
  #checkTarget(repo: Repository, tagOrDigest: string): string {
    const ref = `${repo.registry}/${repo.repository}${tagOrDigest.includes(':') ? '@' : ':'}${tagOrDigest}`
    let host: string
    try {
      const u = new URL(`https://${repo.registry}/`)
      host = u.username === '' && u.password === '' && u.pathname === '/' ? u.host : ''
    } catch {
      host = ''
    }
    if (host === '' || host !== repo.registry.toLowerCase().replace(/:443$/, '')) {
      throw new SigilError('INVALID_REFERENCE', `${ref}: "${repo.registry}" is not a registry host name`)
    }
    if (!REPOSITORY.test(repo.repository) || repo.repository.length > 255) {
      throw new SigilError('INVALID_REFERENCE', `${ref}: "${repo.repository}" is not a valid repository name`)
    }
    if (tagOrDigest.includes(':')) parseDigest(tagOrDigest, ref)
    else if (!TAG.test(tagOrDigest)) throw new SigilError('INVALID_REFERENCE', `${ref}: "${tagOrDigest}" is not a valid tag`)
    return ref
  }

  #schemeState(registry: string): SchemeState {
    let s = this.#schemes.get(registry)
    if (s === undefined) {
      s = { scheme: isLoopbackRegistry(registry) ? 'http' : 'https', confirmed: false, probed: false }
      this.#schemes.set(registry, s)
    }
    return s
  }

  // Sends a call with retries (idempotent methods only).
  #send(call: Call): Promise<ExchangeResponse> {
    if (call.method === 'POST') throw new Error('internal: POST is not retried blindly')
    return this.#retrying(call, (attempt, deadline) => this.#sendOnce(call, attempt, deadline))
  }

  // Runs `fn` until it succeeds, throws something other than Retryable, or the budget is spent.
  async #retrying<T>(ctx: { operation: string; reference: string; deadline?: number }, fn: (attempt: number, deadline: number) => Promise<T>): Promise<T> {
    const start = Date.now()
    const deadline = Math.min(start + this.#retry.maxElapsedMs, ctx.deadline ?? Infinity)
    const budget: RetryOptions = { ...this.#retry, maxElapsedMs: deadline - start }
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(attempt, deadline)
      } catch (err) {
        if (!(err instanceof Retryable)) throw err
        const decision = retryDecision(attempt, Date.now() - start, err.retryAfterMs, budget)
        if (!decision.retry) {
          const detail = err.details.detail ? `${err.details.detail}; ${decision.reason}` : decision.reason
          throw new RegistryError(err.code, { ...err.details, detail })
        }
        this.#logger.debug(`${err.details.operation} ${err.details.reference}: ${new RegistryError(err.code, err.details).message}; retrying in ${formatMs(decision.delayMs)}`)
        await sleep(decision.delayMs)
      }
    }
  }

  // One try of a call: auth (one challenge round), redirects, scheme choice. Retryable failures throw Retryable.
  async #sendOnce(call: Call, attempt: number, deadline: number): Promise<ExchangeResponse> {
    const ctx: AuthContext = { operation: call.operation, reference: call.reference, deadline }
    let authz = await this.#auth.authorization(call.repo, call.actions, ctx)
    let res = await this.#fetch(call, authz, attempt, deadline)
    // Auth is the registry's business; a 401/403 from elsewhere (object storage after a redirect) is just an error.
    const fromRegistry = (r: ExchangeResponse) => r.url.origin === new URL(`${this.#schemeState(call.repo.registry).scheme}://${call.repo.registry}/`).origin
    if (res.status === 401 && fromRegistry(res)) {
      const challenges = parseWwwAuthenticate(header(res.headers, 'www-authenticate'))
      authz = await this.#auth.afterChallenge(call.repo, call.actions, challenges, authz, res, ctx)
      res = await this.#fetch(call, authz, attempt, deadline)
      if (res.status === 401) {
        const again = parseWwwAuthenticate(header(res.headers, 'www-authenticate')).find((c) => c.scheme === 'bearer')
        const what = again?.params.error === 'insufficient_scope' ? `the token does not grant ${call.actions} on ${call.repo.repository}` : 'authentication failed'
        throw await this.#auth.failure(call.repo.registry, res, ctx, what)
      }
    }
    if (res.status === 403 && fromRegistry(res)) throw await this.#auth.failure(call.repo.registry, res, ctx, 'access denied')
    if (isRetryableStatus(res.status)) {
      const details = this.#details(call, res)
      throw new Retryable('REGISTRY', details, parseRetryAfter(header(res.headers, 'retry-after')))
    }
    return res
  }

  // Sends a call's request and follows redirects; Authorization goes only to the registry's origin.
  async #fetch(call: Call, authz: string | undefined, attempt: number, deadline: number): Promise<ExchangeResponse> {
    const scheme = this.#schemeState(call.repo.registry)
    const onRegistry = typeof call.target === 'string'
    let url = onRegistry ? new URL(`${scheme.scheme}://${call.repo.registry}${call.target as string}`) : (call.target as URL)
    let method = call.method
    let body = call.body
    for (let hop = 0; ; hop++) {
      const registryOrigin = new URL(`${scheme.scheme}://${call.repo.registry}/`).origin
      const headers: Record<string, string> = { ...call.headers }
      if (authz !== undefined && url.origin === registryOrigin) headers.authorization = authz
      const res =
        hop === 0 && onRegistry && !scheme.confirmed
          ? await this.#firstExchange(call, scheme, url, method, headers, body, attempt, deadline)
          : await this.#exchange(call, { method, url, headers, ...(body !== undefined ? { body } : {}), maxBodyBytes: call.maxBodyBytes, attempt, timeoutMs: 0 }, deadline)
      // The first exchange may have settled on the other scheme.
      url = res.url
      if (!call.followRedirects || !REDIRECTS.has(res.status)) return res
      const location = header(res.headers, 'location')
      if (location === undefined || location === '') return res
      if (hop >= MAX_REDIRECTS) {
        throw new RegistryError('REGISTRY', { operation: call.operation, reference: call.reference, status: res.status, detail: `more than ${MAX_REDIRECTS} redirects` })
      }
      let next: URL
      try {
        next = new URL(location, res.url)
      } catch {
        throw new RegistryError('REGISTRY', { operation: call.operation, reference: call.reference, status: res.status, detail: 'redirected to an invalid URL' })
      }
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        throw new RegistryError('REGISTRY', { operation: call.operation, reference: call.reference, status: res.status, detail: `redirected to a ${next.protocol} URL` })
      }
      if (next.protocol === 'http:' && url.protocol === 'https:' && !isLoopbackRegistry(next.host) && !this.#allowHttp) {
        throw new RegistryError('INSECURE_TRANSPORT', {
          operation: call.operation,
          reference: call.reference,
          status: res.status,
          detail: `redirected from https to plain http (${sanitizeUrl(next)}); use --allow-http-registry to allow it`,
        })
      }
      if (res.status === 303 && method !== 'HEAD') {
        method = 'GET'
        body = undefined
      }
      this.#logger.debug(
        `${call.operation} ${call.reference}: redirected to ${sanitizeUrl(next)}${next.origin === registryOrigin ? '' : ' (another origin: no Authorization)'}`,
      )
      url = next
    }
  }

  // The first exchange with a registry whose scheme is not settled yet: falls back to the other scheme once.
  async #firstExchange(
    call: Call,
    scheme: SchemeState,
    url: URL,
    method: ExchangeRequest['method'],
    headers: Record<string, string>,
    body: Uint8Array | string | undefined,
    attempt: number,
    deadline: number,
  ): Promise<ExchangeResponse> {
    const registry = call.repo.registry
    const loopback = isLoopbackRegistry(registry)
    const req = (u: URL): ExchangeRequest => ({ method, url: u, headers, ...(body !== undefined ? { body } : {}), maxBodyBytes: call.maxBodyBytes, attempt, timeoutMs: 0 })
    const other = (u: URL): URL => {
      const o = new URL(u.href)
      o.protocol = scheme.scheme === 'http' ? 'https:' : 'http:'
      return o
    }
    const switchTo = (u: URL) => {
      scheme.scheme = u.protocol === 'https:' ? 'https' : 'http'
      scheme.confirmed = true
      this.#logger.debug(`registry ${registry}: using ${scheme.scheme}`)
    }
    let res: ExchangeResponse
    try {
      res = await this.#exchange(call, req(url), deadline, true)
    } catch (err) {
      if (!(err instanceof TransportError)) throw err
      const fallback =
        !scheme.probed &&
        ((loopback && scheme.scheme === 'http' && err.kind === 'reset') ||
          (!loopback && scheme.scheme === 'https' && this.#allowHttp && (err.kind === 'tls-protocol' || err.kind === 'refused' || err.kind === 'reset')))
      if (!fallback) throw this.#transportFailure(call, err)
      scheme.probed = true
      const alt = other(url)
      this.#logger.debug(`registry ${registry}: ${scheme.scheme} failed (${err.message}); trying ${alt.protocol.slice(0, -1)}`)
      let r: ExchangeResponse
      try {
        r = await this.#exchange(call, req(alt), deadline, true)
      } catch (altErr) {
        // Neither scheme answered: report the first failure (an untrusted certificate is worth saying, though).
        if (altErr instanceof TransportError && altErr.kind === 'tls-untrusted') throw this.#transportFailure(call, altErr)
        throw this.#transportFailure(call, err)
      }
      switchTo(alt)
      return r
    }
    // A TLS server on a loopback port answers plain http with 400 ("Client sent an HTTP request to an HTTPS server").
    if (loopback && scheme.scheme === 'http' && res.status === 400 && !scheme.probed) {
      scheme.probed = true
      const alt = other(url)
      let r: ExchangeResponse | undefined
      try {
        r = await this.#exchange(call, req(alt), deadline, true)
      } catch (altErr) {
        if (altErr instanceof TransportError && altErr.kind === 'tls-untrusted') throw this.#transportFailure(call, altErr)
        // not TLS either: keep the http answer
      }
      if (r !== undefined) {
        switchTo(alt)
        return r
      }
    }
    scheme.confirmed = true
    return res
  }

  // One exchange within the deadline; transport failures become Retryable or RegistryError (unless `raw`).
  async #exchange(call: Call, req: ExchangeRequest, deadline: number, raw = false): Promise<ExchangeResponse> {
    const remaining = deadline - Date.now()
    if (remaining <= 0) {
      throw new RegistryError('REGISTRY_TIMEOUT', { operation: call.operation, reference: call.reference, detail: 'the retry time budget is spent' })
    }
    try {
      return await this.#transport.exchange({ ...req, timeoutMs: Math.min(this.#timeoutMs, remaining) })
    } catch (err) {
      if (err instanceof BodyTooLargeError) {
        const what = call.operation.includes('manifest') ? 'manifest' : call.operation.includes('blob') ? 'blob' : 'response'
        throw new RegistryError('TOO_LARGE', {
          operation: call.operation,
          reference: call.reference,
          status: err.status,
          detail: `the ${what} is ${err.declared !== undefined ? `${err.declared} bytes, ` : ''}larger than the ${err.limit}-byte limit`,
        })
      }
      if (err instanceof TransportError) {
        if (raw) throw err
        throw this.#transportFailure(call, err)
      }
      throw err
    }
  }

  // Maps a TransportError to Retryable (resets, refusals, timeouts) or a final RegistryError.
  #transportFailure(call: Call, err: TransportError): Error {
    const base = { operation: call.operation, reference: call.reference, cause: err }
    switch (err.kind) {
      case 'tls-untrusted':
        return new RegistryError('INSECURE_TRANSPORT', { ...base, detail: `${err.message}; use --allow-insecure-registry to accept it` })
      case 'tls-protocol':
        return new RegistryError('INSECURE_TRANSPORT', {
          ...base,
          detail: `${err.message}${this.#allowHttp ? '' : '; if the registry only speaks plain http, use --allow-http-registry'}`,
        })
      case 'headers-too-large':
        return new RegistryError('REGISTRY', { ...base, detail: err.message })
      case 'dns':
        return new RegistryError('REGISTRY_UNREACHABLE', { ...base, detail: `${err.message} (${call.repo.registry})` })
      case 'timeout':
        return new Retryable('REGISTRY_TIMEOUT', { ...base, detail: err.message })
      default:
        return new Retryable('REGISTRY_UNREACHABLE', { ...base, detail: err.message })
    }
  }

  // Token server requests, through the same transport, with retries within the caller's deadline.
  async #tokenRequest(req: Parameters<TokenHttp>[0]): Promise<ExchangeResponse> {
    const ctx = { operation: `${req.method} token`, reference: sanitizeUrl(req.url), ...(req.ctx.deadline !== undefined ? { deadline: req.ctx.deadline } : {}) }
    const call: Call = {
      operation: ctx.operation,
      reference: `${req.ctx.operation} ${req.ctx.reference}`,
      repo: { registry: req.url.host, repository: '' },
      actions: 'pull',
      method: req.method,
      target: req.url,
      headers: req.headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      maxBodyBytes: SMALL_BODY * 4,
      followRedirects: false,
    }
    return this.#retrying(ctx, async (attempt, deadline) => {
      const res = await this.#exchange(call, { method: req.method, url: req.url, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}), maxBodyBytes: SMALL_BODY * 4, attempt, timeoutMs: 0 }, deadline)
      if (isRetryableStatus(res.status)) {
        throw new Retryable('REGISTRY_AUTH', { operation: req.ctx.operation, reference: req.ctx.reference, status: res.status, detail: `the token server ${sanitizeUrl(req.url)} is unavailable` }, parseRetryAfter(header(res.headers, 'retry-after')))
      }
      return res
    })
  }

  #details(call: Call, res: ExchangeResponse): RegistryErrorDetails {
    const ociErrors = parseOciErrors(res.body).map((e) => ({ code: e.code, message: this.#redactor.redact(e.message) }))
    return { operation: call.operation, reference: call.reference, status: res.status, ociErrors }
  }

  // The error for an unexpected status: NOT_FOUND for 404, else REGISTRY (or `code`).
  #statusError(call: Call, res: ExchangeResponse, code?: ErrorCode, detail?: string): RegistryError {
    const c: ErrorCode = code ?? (res.status === 404 ? 'NOT_FOUND' : 'REGISTRY')
    return new RegistryError(c, { ...this.#details(call, res), ...(detail !== undefined ? { detail } : {}) })
  }
}
