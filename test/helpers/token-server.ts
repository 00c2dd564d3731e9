// A small Docker token server (https://distribution.github.io/distribution/spec/auth/token/) for the
// token-auth test registry. It issues ES256 JWTs whose header carries the signing certificate in `x5c`; the
// registry trusts that certificate through `auth.token.rootcertbundle` (distribution 2.8
// registry/auth/token/token.go: x5c chain verified against the root bundle, `aud` a string).
// Supports GET with Basic credentials (the classic flow) and POST with grant_type=password or refresh_token
// (the OAuth2 flow that `identitytoken` in a docker config triggers).
import { randomBytes, sign as cryptoSign } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SelfSignedCert } from './tls.js'

export type Action = 'pull' | 'push' | 'delete' | '*'

export interface TokenUser {
  readonly password: string
  /** Actions granted on every repository. */
  readonly actions: readonly Action[]
}

export interface TokenRequestRecord {
  readonly method: string
  /** Requested scopes, e.g. `repository:a/b:push,pull`. */
  readonly scopes: readonly string[]
  readonly username?: string
  readonly grantType?: string
  readonly status: number
}

export interface TokenServerOptions {
  readonly service: string
  readonly issuer: string
  readonly signer: SelfSignedCert
  readonly users: Readonly<Record<string, TokenUser>>
  /** Grant `pull` to anonymous requests (default false: the registry then answers 401). */
  readonly anonymousPull?: boolean
  /** Which JSON field carries the token (default `token`). */
  readonly tokenField?: 'token' | 'access_token' | 'both'
  /** Token lifetime in seconds (default 300). */
  readonly expiresIn?: number
}

export interface TokenServer {
  readonly url: string
  /** The realm to configure in the registry. */
  readonly realm: string
  readonly requests: TokenRequestRecord[]
  /** Every token and refresh token handed out over HTTP (for secret scans). */
  readonly issued: string[]
  /** A refresh token (what `docker login` stores as `identitytoken`) for `username`. */
  issueRefreshToken(username: string): string
  /** A registry token for `username`, with the given scopes, without HTTP. */
  issueToken(username: string | undefined, scopes: readonly string[]): string
  close(): Promise<void>
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url')
}

/** Starts the token server on 127.0.0.1 and a free port. */
export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const requests: TokenRequestRecord[] = []
  const issued: string[] = []
  const refreshTokens = new Map<string, string>()

  const grant = (username: string | undefined, scopes: readonly string[]) => {
    const allowed: readonly Action[] =
      username !== undefined ? (opts.users[username]?.actions ?? []) : opts.anonymousPull ? ['pull'] : []
    const access: { type: string; name: string; actions: string[] }[] = []
    for (const scope of scopes) {
      for (const one of scope.split(' ')) {
        const first = one.indexOf(':')
        const last = one.lastIndexOf(':')
        if (first < 0 || last === first) continue
        const type = one.slice(0, first)
        const name = one.slice(first + 1, last)
        const wanted = one.slice(last + 1).split(',')
        const actions = wanted.filter((a) => allowed.includes('*') || allowed.includes(a as Action))
        access.push({ type, name, actions })
      }
    }
    return access
  }

  const issueToken = (username: string | undefined, scopes: readonly string[]): string => {
    const now = Math.floor(Date.now() / 1000)
    const header = { typ: 'JWT', alg: 'ES256', x5c: [opts.signer.certDerBase64] }
    const claims = {
      iss: opts.issuer,
      sub: username ?? '',
      aud: opts.service,
      exp: now + (opts.expiresIn ?? 300),
      nbf: now - 5,
      iat: now,
      jti: randomBytes(8).toString('hex'),
      access: grant(username, scopes),
    }
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`
    const signature = cryptoSign('sha256', Buffer.from(signingInput), { key: opts.signer.keyPem, dsaEncoding: 'ieee-p1363' })
    return `${signingInput}.${b64url(signature)}`
  }

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  const tokenBody = (token: string, extra: Record<string, unknown> = {}) => {
    const field = opts.tokenField ?? 'token'
    issued.push(token)
    const body: Record<string, unknown> = { expires_in: opts.expiresIn ?? 300, issued_at: new Date().toISOString(), ...extra }
    if (field === 'token' || field === 'both') body.token = token
    if (field === 'access_token' || field === 'both') body.access_token = token
    return body
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== '/token') return reply(res, 404, { error: 'not found' })
    const record = (r: Omit<TokenRequestRecord, 'method'>) => requests.push({ method: req.method ?? '', ...r })
    if (req.method === 'GET') {
      const scopes = url.searchParams.getAll('scope')
      let username: string | undefined
      const authz = req.headers.authorization
      if (authz !== undefined) {
        const m = /^Basic\s+(\S+)$/i.exec(authz)
        const decoded = m ? Buffer.from(m[1] ?? '', 'base64').toString('utf8') : ''
        const colon = decoded.indexOf(':')
        const user = colon >= 0 ? decoded.slice(0, colon) : ''
        const password = colon >= 0 ? decoded.slice(colon + 1) : ''
        if (opts.users[user] === undefined || opts.users[user]?.password !== password) {
          record({ scopes, username: user, status: 401 })
          return reply(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] })
        }
        username = user
      }
      if (url.searchParams.get('service') !== opts.service) {
        record({ scopes, username, status: 400 })
        return reply(res, 400, { errors: [{ code: 'DENIED', message: 'unknown service' }] })
      }
      record({ scopes, username, status: 200 })
      return reply(res, 200, tokenBody(issueToken(username, scopes)))
    }
    if (req.method === 'POST') {
      const chunks: Buffer[] = []
      for await (const chunk of req) chunks.push(chunk as Buffer)
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      const scopes = (form.get('scope') ?? '').split(' ').filter((s) => s !== '')
      const grantType = form.get('grant_type') ?? ''
      if (form.get('service') !== opts.service) {
        record({ scopes, grantType, status: 400 })
        return reply(res, 400, { error: 'invalid_request' })
      }
      if (grantType === 'refresh_token') {
        const username = refreshTokens.get(form.get('refresh_token') ?? '')
        if (username === undefined) {
          record({ scopes, grantType, status: 401 })
          return reply(res, 401, { error: 'invalid_grant' })
        }
        record({ scopes, grantType, username, status: 200 })
        const token = issueToken(username, scopes)
        issued.push(token)
        return reply(res, 200, { access_token: token, expires_in: opts.expiresIn ?? 300 })
      }
      if (grantType === 'password') {
        const username = form.get('username') ?? ''
        if (opts.users[username]?.password !== form.get('password')) {
          record({ scopes, grantType, username, status: 401 })
          return reply(res, 401, { error: 'invalid_grant' })
        }
        record({ scopes, grantType, username, status: 200 })
        const extra = form.get('access_type') === 'offline' ? { refresh_token: issueRefreshToken(username) } : {}
        const token = issueToken(username, scopes)
        issued.push(token, ...Object.values(extra))
        return reply(res, 200, { access_token: token, expires_in: opts.expiresIn ?? 300, ...extra })
      }
      record({ scopes, grantType, status: 400 })
      return reply(res, 400, { error: 'unsupported_grant_type' })
    }
    return reply(res, 405, { error: 'method not allowed' })
  }

  const issueRefreshToken = (username: string): string => {
    const token = `refresh-${randomBytes(16).toString('hex')}`
    refreshTokens.set(token, username)
    return token
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => reply(res, 500, { error: String(err) }))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    realm: `${url}/token`,
    requests,
    issued,
    issueRefreshToken,
    issueToken,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
