// Loopback servers that sit in front of a test registry to make it misbehave on purpose: a scriptable reverse
// proxy (429/503/resets/redirects/huge headers/large bodies), and a forward proxy speaking CONNECT and
// absolute-form HTTP (for HTTPS_PROXY/HTTP_PROXY/NO_PROXY tests).
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net'
import { request } from 'undici'
import { insecureAgent } from './registry.js'

export interface FrontRequest {
  readonly method: string
  /** Path and query. */
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

export type FrontAction =
  /** Forward to the target; optionally add response headers. */
  | { readonly kind: 'pass'; readonly addHeaders?: Readonly<Record<string, string>> }
  | { readonly kind: 'reply'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string | Buffer }
  /** Close the connection without answering. */
  | { readonly kind: 'reset' }
  /** Never answer (until the server closes). */
  | { readonly kind: 'hang' }

export type Decide = (req: FrontRequest, index: number) => FrontAction | Promise<FrontAction>

export interface Front {
  /** `127.0.0.1:PORT` */
  readonly host: string
  readonly url: string
  /** Every request received, in order. */
  readonly requests: FrontRequest[]
  close(): Promise<void>
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'content-length'])

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return (server.address() as AddressInfo).port
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

/**
 * A reverse proxy on 127.0.0.1 in front of `targetUrl` (e.g. a TestRegistry's url). `decide` picks what to do with
 * each request (default: pass). The Host header is passed through, so the registry's absolute Location URLs point
 * back at the front.
 */
export async function startFront(targetUrl: string, decide: Decide = () => ({ kind: 'pass' })): Promise<Front> {
  const requests: FrontRequest[] = []
  const target = new URL(targetUrl)
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readAll(req)
    const fr: FrontRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }
    const index = requests.length
    requests.push(fr)
    const action = await decide(fr, index)
    if (action.kind === 'reset') {
      req.socket.destroy()
      return
    }
    if (action.kind === 'hang') return
    if (action.kind === 'reply') {
      const payload = action.body === undefined ? undefined : Buffer.from(action.body)
      res.writeHead(action.status, { ...(payload ? { 'content-length': String(payload.length) } : {}), ...action.headers })
      res.end(fr.method === 'HEAD' ? undefined : payload)
      return
    }
    const headers: Record<string, string | string[]> = {}
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v
    const upstream = await request(new URL(fr.url, target), {
      method: fr.method as 'GET',
      headers,
      body: body.length > 0 || fr.method === 'PUT' || fr.method === 'POST' ? body : undefined,
      dispatcher: insecureAgent,
    })
    const out: Record<string, string | string[]> = {}
    for (const [k, v] of Object.entries(upstream.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v
    Object.assign(out, action.addHeaders)
    const data = Buffer.from(await upstream.body.arrayBuffer())
    if (fr.method !== 'HEAD') out['content-length'] = String(data.length)
    else if (upstream.headers['content-length'] !== undefined) out['content-length'] = String(upstream.headers['content-length'])
    res.writeHead(upstream.statusCode, out)
    res.end(fr.method === 'HEAD' ? undefined : data)
  }
  const server = createHttpServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502)
      res.end(String(err))
    })
  })
  const port = await listen(server)
  return { host: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}`, requests, close: () => closeServer(server) }
}

export interface ForwardProxy {
  readonly url: string
  /** `host:port` targets of CONNECT requests and absolute-form requests, in order. */
  readonly targets: string[]
  close(): Promise<void>
}

/**
 * A forward proxy on 127.0.0.1: CONNECT tunnels and absolute-form plain-http requests. `hosts` maps names to
 * addresses, so that a test can use a name only the proxy resolves (proof that traffic went through it).
 */
export async function startForwardProxy(hosts: Readonly<Record<string, string>> = {}): Promise<ForwardProxy> {
  const targets: string[] = []
  const sockets = new Set<Socket>()
  const resolveHost = (h: string) => hosts[h.toLowerCase()] ?? h
  const server = createHttpServer((req, res) => {
    // Absolute-form: GET http://host:port/path
    let url: URL
    try {
      url = new URL(req.url ?? '')
    } catch {
      res.writeHead(400)
      res.end('absolute URL expected')
      return
    }
    targets.push(url.host)
    const upstream = netConnect(Number(url.port || 80), resolveHost(url.hostname), () => {
      const headerLines = [`${req.method} ${url.pathname}${url.search} HTTP/1.1`]
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i] ?? ''
        if (/^proxy-/i.test(name) || /^connection$/i.test(name)) continue
        headerLines.push(`${name}: ${req.rawHeaders[i + 1] ?? ''}`)
      }
      headerLines.push('connection: close', '', '')
      upstream.write(headerLines.join('\r\n'))
      req.pipe(upstream)
      upstream.pipe(res.socket as Socket)
    })
    upstream.on('error', () => res.socket?.destroy())
  })
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client)
    const [name = '', port = '443'] = (req.url ?? '').split(/:(?=\d+$)/)
    targets.push(req.url ?? '')
    const upstream = netConnect(Number(port), resolveHost(name.replace(/^\[|\]$/g, '')), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
    client.on('close', () => sockets.delete(client))
    upstream.on('close', () => sockets.delete(upstream))
  })
  const port = await listen(server)
  return {
    url: `http://127.0.0.1:${port}`,
    targets,
    close: async () => {
      for (const s of sockets) s.destroy()
      await closeServer(server)
    },
  }
}
