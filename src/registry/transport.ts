/**
 * One HTTP exchange at a time, on undici (https://undici.nodejs.org): a connection pool with a per-request
 * deadline, response headers up to 64 KiB (Node's default of 16 KiB is too small for Google Artifact Registry),
 * proxies from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` through undici's `EnvHttpProxyAgent` (loopback registries
 * are never proxied, as in Go's `httpproxy`), bodies read up to a cap, and a trace event plus a debug line per
 * exchange. Redirects, retries, schemes and auth are the client's business.
 */
import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici'
import type { Logger, TraceSink } from '../log.js'
import { isLoopbackRegistry } from './hosts.js'
import { sanitizeUrl, type Redactor } from './redact.js'

export type TransportErrorKind =
  | 'timeout'
  | 'reset'
  | 'refused'
  | 'dns'
  | 'dns-temporary'
  | 'tls-untrusted'
  | 'tls-protocol'
  | 'headers-too-large'
  | 'proxy'
  | 'other'

/** No HTTP response arrived (or it could not be read). */
export class TransportError extends Error {
  readonly kind: TransportErrorKind
  constructor(kind: TransportErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'TransportError'
    this.kind = kind
  }
}

/** The response body is larger than the caller accepts. */
export class BodyTooLargeError extends Error {
  readonly limit: number
  readonly declared: number | undefined
  readonly status: number
  constructor(limit: number, declared: number | undefined, status: number) {
    super(`response body larger than ${limit} bytes`)
    this.name = 'BodyTooLargeError'
    this.limit = limit
    this.declared = declared
    this.status = status
  }
}

export interface ExchangeRequest {
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE'
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body?: Uint8Array | string
  /** Cap on the body read; a larger body throws BodyTooLargeError (error statuses are truncated instead). */
  readonly maxBodyBytes: number
  /** 1 for a first try, 2 and up for retries (for the trace). */
  readonly attempt: number
  /** Deadline for the whole exchange, body included. */
  readonly timeoutMs: number
}

export interface ExchangeResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly body: Uint8Array
  readonly url: URL
}

export interface TransportOptions {
  readonly env: NodeJS.ProcessEnv
  readonly allowInsecure: boolean
  readonly maxHeaderBytes: number
  readonly userAgent: string
  readonly logger: Logger
  readonly onTrace?: TraceSink
  readonly redactor: Redactor
}

const TLS_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'INVALID_CA',
])
const ERROR_BODY_LIMIT = 64 * 1024

// Every error in a cause chain (and inside AggregateErrors, which happy-eyeballs connects produce).
function errorChain(err: unknown): { code?: string; message: string; name?: string }[] {
  const out: { code?: string; message: string; name?: string }[] = []
  const seen = new Set<unknown>()
  const visit = (e: unknown, depth: number) => {
    if (e === null || e === undefined || seen.has(e) || depth > 8) return
    seen.add(e)
    if (e instanceof Error) {
      out.push({ code: (e as NodeJS.ErrnoException).code, message: e.message, name: e.name })
      if (e instanceof AggregateError) for (const inner of e.errors) visit(inner, depth + 1)
      visit(e.cause, depth + 1)
    }
  }
  visit(err, 0)
  return out
}

// Classifies a failed exchange into a short, secret-free TransportError.
export function classifyError(err: unknown, timedOut: boolean, timeoutMs: number): TransportError {
  if (timedOut) return new TransportError('timeout', `no response within ${timeoutMs} ms`, { cause: err })
  const chain = errorChain(err)
  const codes = chain.map((e) => e.code ?? '')
  const has = (...c: string[]) => codes.some((code) => c.includes(code))
  const tls = codes.find((c) => TLS_UNTRUSTED.has(c))
  if (tls) return new TransportError('tls-untrusted', `TLS certificate not trusted (${tls})`, { cause: err })
  if (has('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT')) {
    return new TransportError('timeout', `no response within ${timeoutMs} ms`, { cause: err })
  }
  if (has('UND_ERR_HEADERS_OVERFLOW')) return new TransportError('headers-too-large', 'response headers too large', { cause: err })
  if (has('ECONNREFUSED')) return new TransportError('refused', 'connection refused', { cause: err })
  if (has('EAI_AGAIN')) return new TransportError('dns-temporary', 'host name lookup failed for now', { cause: err })
  if (has('ENOTFOUND', 'EAI_NONAME', 'EAI_FAIL')) return new TransportError('dns', 'host name not resolved', { cause: err })
  if (codes.some((c) => c.startsWith('ERR_SSL_') || c === 'EPROTO') || chain.some((e) => /wrong version number|packet length too long/i.test(e.message))) {
    return new TransportError('tls-protocol', 'TLS handshake failed (the server may not speak TLS)', { cause: err })
  }
  if (chain.some((e) => /proxy/i.test(e.message) && /tunnel|proxy response/i.test(e.message))) {
    return new TransportError('proxy', 'the proxy refused the connection', { cause: err })
  }
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN')) {
    return new TransportError('reset', 'connection reset or closed', { cause: err })
  }
  const first = chain[0]
  return new TransportError('other', `request failed (${first?.code ?? first?.name ?? 'error'})`, { cause: err })
}

// Reads a header that may have been sent more than once, as a single string.
export function header(headers: ExchangeResponse['headers'], name: string): string | undefined {
  const v = headers[name.toLowerCase()]
  return Array.isArray(v) ? v.join(', ') : v
}

/** The HTTP layer of RegistryClient. */
export class Transport {
  readonly #direct: Agent
  readonly #proxied: Dispatcher | undefined
  readonly #opts: TransportOptions

  constructor(opts: TransportOptions) {
    this.#opts = opts
    const tls = { rejectUnauthorized: !opts.allowInsecure }
    const base = {
      maxHeaderSize: opts.maxHeaderBytes,
      connect: tls,
      // Our own deadline (an AbortSignal) governs; these are backstops far beyond it.
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: 4_000,
    }
    this.#direct = new Agent(base)
    const env = opts.env
    const httpProxy = env.http_proxy ?? env.HTTP_PROXY ?? ''
    const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY ?? ''
    if (httpProxy !== '' || httpsProxy !== '') {
      // Passing every value explicitly keeps undici from reading process.env behind the caller's `env`.
      this.#proxied = new EnvHttpProxyAgent({
        ...base,
        httpProxy,
        httpsProxy,
        noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
        requestTls: tls,
      })
    }
  }

  /** Sends one request and reads the response; throws TransportError or BodyTooLargeError. */
  async exchange(req: ExchangeRequest): Promise<ExchangeResponse> {
    const started = performance.now()
    const controller = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, Math.max(1, req.timeoutMs))
    let status: number | undefined
    let failure: string | undefined
    try {
      const dispatcher = isLoopbackRegistry(req.url.host) || this.#proxied === undefined ? this.#direct : this.#proxied
      const headers: Record<string, string> = { 'user-agent': this.#opts.userAgent, ...req.headers }
      const body = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength)
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body))
      let res: Dispatcher.ResponseData
      try {
        res = await request(req.url, { method: req.method, headers, body, dispatcher, signal: controller.signal })
      } catch (err) {
        const e = classifyError(err, timedOut, req.timeoutMs)
        failure = e.message
        throw e
      }
      status = res.statusCode
      let bytes: Uint8Array
      try {
        bytes = await readBody(res, req.method === 'HEAD' ? 0 : req.maxBodyBytes, status)
      } catch (err) {
        if (err instanceof BodyTooLargeError) {
          failure = err.message
          throw err
        }
        const e = classifyError(err, timedOut, req.timeoutMs)
        failure = `${e.message} while reading the body`
        throw new TransportError(e.kind, failure, { cause: err })
      }
      return { status, headers: res.headers, body: bytes, url: req.url }
    } finally {
      clearTimeout(timer)
      const durationMs = Math.round(performance.now() - started)
      const url = this.#opts.redactor.redact(sanitizeUrl(req.url))
      this.#opts.onTrace?.({
        method: req.method,
        url,
        status,
        durationMs,
        attempt: req.attempt,
        ...(failure !== undefined && status === undefined ? { error: failure } : {}),
      })
      const outcome = status !== undefined ? String(status) : `failed: ${failure ?? 'unknown error'}`
      const retry = req.attempt > 1 ? ` (attempt ${req.attempt})` : ''
      this.#opts.logger.debug(`HTTP ${req.method} ${url} -> ${outcome} in ${durationMs} ms${retry}`)
    }
  }

  // Closes idle connections.
  async close(): Promise<void> {
    await Promise.all([this.#direct.close(), this.#proxied?.close()])
  }
}

// Drops a body mid-way; undici reports that as an abort error, which nobody needs to hear.
function discard(res: Dispatcher.ResponseData): void {
  res.body.on('error', () => {})
  res.body.destroy()
}

// Reads a response body up to `limit` bytes. Error responses are truncated rather than refused.
async function readBody(res: Dispatcher.ResponseData, limit: number, status: number): Promise<Uint8Array> {
  const isError = status >= 300
  const cap = isError ? Math.min(limit, ERROR_BODY_LIMIT) : limit
  const declaredText = res.headers['content-length']
  const declared = typeof declaredText === 'string' && /^[0-9]+$/.test(declaredText) ? Number(declaredText) : undefined
  if (cap === 0) {
    await res.body.dump()
    return new Uint8Array(0)
  }
  if (!isError && declared !== undefined && declared > cap) {
    discard(res)
    throw new BodyTooLargeError(cap, declared, status)
  }
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > cap) {
      if (isError) {
        chunks.push(chunk.subarray(0, chunk.length - (total - cap)))
        discard(res)
        break
      }
      discard(res)
      throw new BodyTooLargeError(cap, declared, status)
    }
    chunks.push(chunk)
  }
  const out = Buffer.concat(chunks)
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
}
