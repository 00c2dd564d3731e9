/**
 * Round trips per operation against the real registry (CNCF Distribution), counted from the request trace
 * (RegistryClient onTrace: one event per HTTP exchange, token requests included), beside cosign v2's sequence
 * from shared/spec/cosign-format.md section 7.
 */
import { generateSigningKey } from '../src/keys/index.js'
import type { TraceEvent } from '../src/log.js'
import { RegistryClient } from '../src/registry/index.js'
import { signImages } from '../src/sign.js'
import { verifyImages } from '../src/verify.js'
import { pushRandomImage, startRegistry, TEST_USER, type TestRegistry } from '../test/helpers/registry.js'
import type { Bench, BenchRow } from './lib.js'

interface Count {
  readonly total: number
  /** `METHOD status` of each exchange, in order, for the notes. */
  readonly sequence: string[]
}

function counter() {
  const events: TraceEvent[] = []
  return {
    onTrace: (e: TraceEvent) => events.push(e),
    count(): Count {
      return {
        total: events.length,
        sequence: events.map((e) => {
          const u = new URL(e.url)
          const what = u.pathname.startsWith('/token')
            ? 'token'
            : u.pathname.includes('/manifests/sha256-')
              ? '.sig'
              : u.pathname.includes('/manifests/')
                ? 'manifest'
                : u.pathname.includes('/blobs/uploads/')
                  ? 'upload'
                  : u.pathname.includes('/blobs/')
                    ? 'blob'
                    : u.pathname
          return `${e.method} ${what} ${e.status ?? e.error ?? ''}`.trim()
        }),
      }
    },
  }
}

const client = (onTrace: (e: TraceEvent) => void, reg: TestRegistry) =>
  new RegistryClient({ env: {}, onTrace, ...(reg.auth ? { credentials: { username: TEST_USER.username, password: TEST_USER.password } } : {}) })

/** One process's worth of work: a fresh client, the operation, the count. */
async function measure(reg: TestRegistry, op: (c: RegistryClient) => Promise<unknown>): Promise<Count> {
  const t = counter()
  const c = client(t.onTrace, reg)
  try {
    await op(c)
  } finally {
    await c.close()
  }
  return t.count()
}

// cosign v2 (go-containerregistry v0.20), spec section 7: pings and tokens per transport, HEAD before each blob
// upload, POST + PATCH + PUT per blob, HEAD before the manifest PUT, no read-back.
const COSIGN = {
  signFresh: { open: 14, token: 16, text: 'ping, GET manifest, GET .sig (404), ping (writer), HEAD .sig, 2 x (HEAD, POST, PATCH, PUT blob), PUT .sig' },
  append: { open: 16, token: 18, text: 'as a fresh signature, plus GET config blob and HEAD of the existing layer' },
  verify: (n: number) => ({ open: 3 + n, token: 4 + n, text: 'ping, GET manifest, GET .sig, GET blob per layer' }),
}

export const bench: Bench = async () => {
  const rows: BenchRow[] = []
  const notes: string[] = []
  const open = await startRegistry()
  const token = await startRegistry({ auth: 'token' })
  const htp = await startRegistry({ auth: 'htpasswd' })
  try {
    const keyA = generateSigningKey()
    const keyB = generateSigningKey()
    const keyC = generateSigningKey()
    const results: Record<string, Record<string, Count>> = {}
    for (const [mode, reg] of [
      ['open', open],
      ['token', token],
      ['htpasswd', htp],
    ] as const) {
      const img = await pushRandomImage(reg, 'bench/trips', { tag: 'v1' })
      const r: Record<string, Count> = {}
      r.signFresh = await measure(reg, (c) => signImages({ images: [img.tagReference!], signer: keyA, registry: c }))
      r.append = await measure(reg, (c) => signImages({ images: [img.tagReference!], signer: keyB, registry: c }))
      r.again = await measure(reg, (c) => signImages({ images: [img.tagReference!], signer: keyB, registry: c }))
      await measure(reg, (c) => signImages({ images: [img.tagReference!], signer: keyC, registry: c }))
      r.verify3 = await measure(reg, (c) => verifyImages({ images: [img.tagReference!], keys: [keyA], registry: c }))
      const one = await pushRandomImage(reg, 'bench/trips', { tag: 'one' })
      await signImages({ images: [one.reference], signer: keyA, registry: client(() => {}, reg) })
      r.verify1 = await measure(reg, (c) => verifyImages({ images: [one.tagReference!], keys: [keyA], registry: c }))
      // Two repositories in one process: what auth costs per repository.
      const other = await pushRandomImage(reg, 'bench/trips-other', { tag: 'v1' })
      const fresh2 = await pushRandomImage(reg, 'bench/trips', { tag: 'two' })
      r.twoRepos = await measure(reg, (c) => signImages({ images: [fresh2.tagReference!, other.tagReference!], signer: keyA, registry: c }))
      results[mode] = r
    }
    const o = results.open!
    const t = results.token!
    const h = results.htpasswd!
    // The HEAD of the .sig just before its PUT, and the reads of the .sig after the PUT.
    const confirmations = (c: Count) => {
      const put = c.sequence.findIndex((x) => x.startsWith('PUT .sig'))
      return c.sequence.filter((x, i) => x.startsWith('HEAD .sig') || (put >= 0 && i > put && x.startsWith('GET .sig'))).length
    }

    const fresh = o.signFresh!
    rows.push({
      name: 'sign, fresh signature, open registry: requests (cosign v2: 14)',
      value: `${fresh.total} = ${fresh.total - confirmations(fresh)} + ${confirmations(fresh)} confirmation reads (HEAD .sig before the PUT, read-back after it)`,
      target: '<= 7 + 2',
      ok: fresh.total - confirmations(fresh) <= 7 && confirmations(fresh) <= 2,
    })
    const append = o.append!
    rows.push({
      name: 'sign, appending to an existing .sig, open registry (cosign v2: 16)',
      value: `${append.total} = ${append.total - confirmations(append)} + ${confirmations(append)} confirmation reads`,
      target: '<= 7 + 2',
      ok: append.total - confirmations(append) <= 7 && confirmations(append) <= 2,
    })
    rows.push({ name: 'sign, equivalent signature already present (nothing written)', value: `${o.again!.total} (${o.again!.sequence.join(', ')})` })
    rows.push({
      name: 'verify, 1 signature, open registry (cosign v2: 4)',
      value: String(o.verify1!.total),
      target: '<= 2 + 1',
      ok: o.verify1!.total <= 3,
    })
    rows.push({
      name: 'verify, 3 signatures, open registry (cosign v2: 6)',
      value: String(o.verify3!.total),
      target: '<= 2 + 3',
      ok: o.verify3!.total <= 5,
    })
    const extra = (a: Count, b: Count) => a.total - b.total
    rows.push({
      name: 'token auth, fresh signature: requests (cosign v2: 16)',
      value: `${t.signFresh!.total} (+${extra(t.signFresh!, fresh)}: ${t.signFresh!.sequence.filter((s) => s.startsWith('GET token') || s.endsWith(' 401')).join(', ')})`,
      target: '<= +2 per repository',
      ok: extra(t.signFresh!, fresh) <= 2,
    })
    rows.push({
      name: 'token auth, append / verify 1 / verify 3 (cosign v2: 18 / 5 / 7)',
      value: `${t.append!.total} / ${t.verify1!.total} / ${t.verify3!.total} (+${extra(t.append!, append)} / +${extra(t.verify1!, o.verify1!)} / +${extra(t.verify3!, o.verify3!)})`,
      target: '<= +2 per repository',
      ok: extra(t.append!, append) <= 2 && extra(t.verify1!, o.verify1!) <= 2 && extra(t.verify3!, o.verify3!) <= 2,
    })
    rows.push({
      name: 'token auth, one sign call for 2 repositories',
      value: `${t.twoRepos!.total} vs ${o.twoRepos!.total} open (+${extra(t.twoRepos!, o.twoRepos!)} for 2 repositories)`,
      target: '<= +2 per repository',
      ok: extra(t.twoRepos!, o.twoRepos!) <= 4,
    })
    rows.push({
      name: 'htpasswd (Basic), fresh signature / verify 1',
      value: `${h.signFresh!.total} / ${h.verify1!.total} (+${extra(h.signFresh!, fresh)} / +${extra(h.verify1!, o.verify1!)}: one 401 per process)`,
    })
    notes.push(
      'Counted from the request trace of one RegistryClient per operation, as one CLI process would make them; every HTTP exchange counts, token requests included.',
      '',
      `sigil, fresh signature (open): ${fresh.sequence.join(' → ')}.`,
      `sigil, fresh signature (token): ${t.signFresh!.sequence.join(' → ')}.`,
      `sigil, verify with 3 signatures (open): ${o.verify3!.sequence.join(' → ')}.`,
      '',
      `cosign v2 (spec §7.2/7.3, go-containerregistry v0.20): fresh signature ${COSIGN.signFresh.open} requests on an open registry, ${COSIGN.signFresh.token} with token auth (${COSIGN.signFresh.text}); ` +
        `appending ${COSIGN.append.open}/${COSIGN.append.token} (${COSIGN.append.text}); verify ${COSIGN.verify(1).open}/${COSIGN.verify(1).token} for one signature (${COSIGN.verify(1).text}). ` +
        'sigil skips the /v2/ pings (auth is learnt from the first 401), uploads each blob with POST + PUT (no HEAD, no PATCH), and adds two confirmation reads that cosign does not make: a HEAD of the .sig just before the PUT and a read-back after a settle delay, which together keep concurrent signers from losing signatures (src/store/classic.ts).',
    )
  } finally {
    await Promise.all([open.stop(), token.stop(), htp.stop()])
  }
  return { title: 'Registry round trips per operation', notes: notes.join('\n'), rows }
}
