// A fault-injecting reverse proxy on 127.0.0.1 in front of a real test registry, for the fault and bad-input
// tests and the benchmarks. Unlike test/helpers/fronts.ts it knows what happened to each request (forwarded or
// not, the registry's status, the fault injected), can fail a request after the registry has processed it (a lost
// response), can answer slower than a client's timeout, and draws faults at random from a seeded generator.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { request } from 'undici'
import { insecureAgent, registryRequest, type TestRegistry } from './registry.js'

export interface FaultRequest {
  readonly method: string
  /** Path and query, as received. */
  readonly url: string
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

export type Fault =
  /** Forward to the registry and relay its answer. */
  | { readonly kind: 'pass' }
  /** Answer with this status without forwarding (429 with Retry-After, 500, 502, 503...). */
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string | Buffer }
  /** Close the connection without forwarding. */
  | { readonly kind: 'reset' }
  /** Forward (the registry acts on the request), then close the connection: the answer is lost. */
  | { readonly kind: 'reset-after' }
  /** Forward, then hold the answer `delayMs` before sending it (longer than the client's timeout). */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** Never answer. */
  | { readonly kind: 'hang' }
  /** Answer with this status, headers and body (crafted manifests, challenges, blobs), without forwarding. */
  | { readonly kind: 'serve'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: string | Buffer }

export type FaultPolicy = (req: FaultRequest, index: number) => Fault

export interface FaultRecord {
  readonly index: number
  readonly method: string
  readonly url: string
  readonly fault: Fault['kind']
  /** When the front received it (Date.now()). */
  readonly at: number
  /** True when the request reached the registry. */
  readonly forwarded: boolean
  /** The registry's status, when forwarded. */
  upstreamStatus?: number
}

export interface FaultFront {
  /** `127.0.0.1:PORT` */
  readonly host: string
  readonly url: string
  readonly records: FaultRecord[]
  /** Requests that reached the registry with a method other than GET and HEAD. */
  writes(): FaultRecord[]
  /** How many requests got each fault kind. */
  counts(): Record<string, number>
  close(): Promise<void>
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'content-length'])

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

/** Starts a fault front before `reg` (or any URL). The default policy passes everything. */
export async function startFaultFront(target: TestRegistry | string, policy: FaultPolicy = () => ({ kind: 'pass' })): Promise<FaultFront> {
  const targetUrl = new URL(typeof target === 'string' ? target : target.url)
  const records: FaultRecord[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t)
        resolve()
      }, ms)
      timers.add(t)
    })

  const forward = async (fr: FaultRequest, req: IncomingMessage) => {
    const headers: Record<string, string | string[]> = {}
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v
    const upstream = await request(new URL(fr.url, targetUrl), {
      method: fr.method as 'GET',
      headers,
      body: fr.body.length > 0 || fr.method === 'PUT' || fr.method === 'POST' || fr.method === 'PATCH' ? fr.body : undefined,
      dispatcher: insecureAgent,
    })
    const out: Record<string, string | string[]> = {}
    for (const [k, v] of Object.entries(upstream.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v
    const data = Buffer.from(await upstream.body.arrayBuffer())
    if (fr.method !== 'HEAD') out['content-length'] = String(data.length)
    else if (upstream.headers['content-length'] !== undefined) out['content-length'] = String(upstream.headers['content-length'])
    return { status: upstream.statusCode, headers: out, data }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readAll(req)
    const fr: FaultRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }
    const index = records.length
    const fault = policy(fr, index)
    const forwarded = fault.kind === 'pass' || fault.kind === 'reset-after' || fault.kind === 'slow'
    const record: FaultRecord = { index, method: fr.method, url: fr.url, fault: fault.kind, at: Date.now(), forwarded }
    records.push(record)
    switch (fault.kind) {
      case 'reset':
        req.socket.destroy()
        return
      case 'hang':
        return
      case 'status':
      case 'serve': {
        const payload = fault.body === undefined ? undefined : Buffer.from(fault.body)
        res.writeHead(fault.status, { ...(payload ? { 'content-length': String(payload.length) } : { 'content-length': '0' }), ...fault.headers })
        res.end(fr.method === 'HEAD' ? undefined : payload)
        return
      }
      default:
        break
    }
    const up = await forward(fr, req)
    record.upstreamStatus = up.status
    if (fault.kind === 'reset-after') {
      req.socket.destroy()
      return
    }
    if (fault.kind === 'slow') {
      await wait(fault.delayMs)
      if (req.socket.destroyed) return
    }
    res.writeHead(up.status, up.headers)
    res.end(fr.method === 'HEAD' ? undefined : up.data)
  }

  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502)
      res.end(String(err))
    })
  })
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    records,
    writes: () => records.filter((r) => r.forwarded && r.method !== 'GET' && r.method !== 'HEAD'),
    counts: () => {
      const c: Record<string, number> = {}
      for (const r of records) c[r.fault] = (c[r.fault] ?? 0) + 1
      return c
    },
    close: async () => {
      for (const t of timers) clearTimeout(t)
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** mulberry32: a small seeded PRNG, so that a fault mix is the same for a seed (up to request interleaving). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const OCI_BODY = (code: string, message: string) => JSON.stringify({ errors: [{ code, message }] })

/** The faults of the issue: 429 with Retry-After, 500, 502, 503, resets (before and after the registry acted),
 * and answers slower than the client's timeout. */
export function faultMix(slowMs: number): Fault[] {
  return [
    { kind: 'status', status: 429, headers: { 'retry-after': '1', 'content-type': 'application/json' }, body: OCI_BODY('TOOMANYREQUESTS', 'slow down') },
    { kind: 'status', status: 500, body: 'internal server error' },
    { kind: 'status', status: 502, body: '<html>bad gateway</html>' },
    { kind: 'status', status: 503, headers: { 'content-type': 'application/json' }, body: OCI_BODY('UNAVAILABLE', 'maintenance') },
    { kind: 'reset' },
    { kind: 'reset-after' },
    { kind: 'slow', delayMs: slowMs },
  ]
}

/**
 * A policy failing a `rate` share of the requests `applies` selects (default: all), each with a fault drawn from
 * `faults`, from a generator seeded with `seed`.
 */
export function randomFaults(opts: { rate: number; seed: number; faults: readonly Fault[]; applies?: (req: FaultRequest) => boolean }): FaultPolicy {
  const random = seededRandom(opts.seed)
  return (req) => {
    if (opts.applies && !opts.applies(req)) return { kind: 'pass' }
    if (random() >= opts.rate) return { kind: 'pass' }
    return opts.faults[Math.floor(random() * opts.faults.length)] as Fault
  }
}

export interface SigIntegrity {
  /** The `.sig` manifest, undefined when there is none. */
  readonly manifest?: { config: { digest: string; size: number }; layers: { digest: string; size: number; mediaType: string; annotations?: Record<string, string> }[] }
  /** Blobs the manifest names that the registry does not have (or has with another size). */
  readonly missing: string[]
}

/**
 * Reads the `.sig` of `imageDigest` straight from the registry (not through any front) and checks that the config
 * and every layer it references exist in the repository with the stated size.
 */
export async function checkSignatureIntegrity(reg: TestRegistry, repository: string, imageDigest: string): Promise<SigIntegrity> {
  const tag = `sha256-${imageDigest.replace(/^sha256:/, '')}.sig`
  const res = await registryRequest(reg, 'GET', `/v2/${repository}/manifests/${tag}`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } })
  if (res.status === 404) return { missing: [] }
  if (res.status !== 200) throw new Error(`GET ${repository}:${tag}: ${res.status}`)
  const manifest = JSON.parse(res.body.toString('utf8')) as NonNullable<SigIntegrity['manifest']>
  const missing: string[] = []
  for (const d of [manifest.config, ...manifest.layers]) {
    const head = await registryRequest(reg, 'HEAD', `/v2/${repository}/blobs/${d.digest}`)
    if (head.status !== 200 || Number(head.headers['content-length']) !== d.size) missing.push(d.digest)
  }
  return { manifest, missing }
}
