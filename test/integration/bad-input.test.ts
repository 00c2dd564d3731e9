/**
 * The bad-input corpus of issue 6 (cases in test/helpers/corpus.ts): references, flags, annotations, keys,
 * passwords, PEM, JSON envelopes, manifests (oversized, wrong media types, invalid JSON), payloads,
 * WWW-Authenticate challenges and token answers through the built CLI, and the action's inputs through the built
 * action bundle. Every case runs against its own fault front before a real registry (serving the crafted
 * documents where the case needs them) and must give:
 *  - the documented exit code (1, or 2 for usage, 10/11/12 for verify's outcomes);
 *  - exactly one `Error: ` line (action: one `::error::` line) that names the input; usage errors add the one
 *    hint line, NO_MATCHING_SIGNATURES one reason line per layer; no stack trace, no "internal error";
 *  - no write: the front saw no request other than GET and HEAD, and the registry's storage is unchanged.
 * API-only inputs (WWW-Authenticate parsing, digests, manifests, payloads, envelopes) are in
 * test/unit/bad-input.test.ts; the key-file cases of `public-key` in cli-keys.test.ts.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ACTION_CASES, CLI_CASES, PASSWORD, writeCorpusFiles, type CorpusContext } from '../helpers/corpus.js'
import { assertBuilt, runAction, runCli, writeTestKey } from '../helpers/cli.js'
import { startFaultFront, type FaultFront, type FaultPolicy } from '../helpers/faults.js'
import { pushImageIndex, pushRandomImage, startRegistry, type TestRegistry } from '../helpers/registry.js'

let reg: TestRegistry
let base: Omit<CorpusContext, 'host' | 'url'>
let storageBefore: string[]

/** Every file of the registry's storage with its size: equal before and after means nothing was written. */
async function storageListing(root: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) await walk(p)
      else out.push(`${relative(root, p)} ${(await stat(p)).size}`)
    }
  }
  await walk(root)
  return out.sort()
}

beforeAll(async () => {
  assertBuilt()
  reg = await startRegistry()
  const dir = await mkdtemp(join(tmpdir(), 'sigil-corpus-'))
  const key = await writeTestKey(dir, 'good', PASSWORD)
  await writeCorpusFiles(dir, key)
  const img = await pushRandomImage(reg, 'bad/app', { tag: 'v1' })
  const idx = await pushImageIndex(reg, 'bad/multi', { tag: 'v1' })
  base = { dir, key, img, idx }
  storageBefore = await storageListing(reg.storageDir)
})
afterAll(async () => {
  // The whole corpus wrote nothing to the registry.
  if (storageBefore) expect(await storageListing(reg.storageDir)).toEqual(storageBefore)
  await reg?.stop()
  if (base?.dir) await rm(base.dir, { recursive: true, force: true })
})

async function withFront<T>(make: ((c: CorpusContext) => FaultPolicy) | undefined, run: (c: CorpusContext, front: FaultFront) => Promise<T>): Promise<T> {
  let policy: FaultPolicy = () => ({ kind: 'pass' })
  const front = await startFaultFront(reg, (req, i) => policy(req, i))
  const ctx: CorpusContext = { ...base, host: front.host, url: front.url }
  if (make) policy = make(ctx)
  try {
    return await run(ctx, front)
  } finally {
    await front.close()
  }
}

const READS = new Set(['GET', 'HEAD'])

describe('the corpus', () => {
  it('has at least 150 cases, in every group the issue names', () => {
    const total = CLI_CASES.length + ACTION_CASES.length
    expect(total).toBeGreaterThanOrEqual(150)
    const groups = new Set([...CLI_CASES, ...ACTION_CASES].map((c) => c.group))
    for (const g of ['references', 'keys', 'passwords', 'PEM', 'JSON envelopes', 'manifests', 'payloads', 'annotations', 'WWW-Authenticate', 'action inputs']) {
      expect(groups, g).toContain(g)
    }
    const names = [...CLI_CASES, ...ACTION_CASES].map((c) => `${c.group}: ${c.name}`)
    expect(new Set(names).size).toBe(names.length)
    console.log(`bad-input corpus: ${CLI_CASES.length} CLI cases + ${ACTION_CASES.length} action cases = ${total}`)
  })
})

describe('CLI', () => {
  it.concurrent.for(CLI_CASES.map((c) => [`${c.group}: ${c.name}`, c] as const))('%s', async ([, c], { expect }) => {
    await withFront(c.front, async (ctx, front) => {
      const env: Record<string, string> = {}
      for (const [k, v] of Object.entries({ COSIGN_PASSWORD: PASSWORD, ...c.env?.(ctx) })) if (v !== null) env[k] = v
      const r = await runCli(c.args(ctx), { env, ...(c.stdin !== undefined ? { input: c.stdin } : {}), cwd: ctx.dir, timeoutMs: 60_000 })
      const detail = `${c.name}\n--- stderr ---\n${r.stderr}`
      expect(r.status, detail).toBe(c.status)
      expect(r.stdout, detail).toBe('')
      expect(r.stderr.endsWith('\n'), detail).toBe(true)
      const lines = r.stderr.slice(0, -1).split('\n')
      const errorLines = lines.filter((l) => l.startsWith('Error: '))
      expect(errorLines, detail).toHaveLength(1)
      const at = lines.indexOf(errorLines[0]!)
      const errorLine = errorLines[0]!
      const after = lines.slice(at + 1)
      if (c.status === 2) expect(after, detail).toEqual(['Run "sigil help" or "sigil <command> --help" for usage.'])
      else if (c.status === 12) {
        expect(after.length, detail).toBeGreaterThan(0)
        if (c.reasons) {
          expect(after, detail).toHaveLength(c.reasons.length)
          after.forEach((l, i) => expect(l, detail).toMatch(c.reasons![i]!))
        }
        for (const l of after) expect(l, detail).toMatch(/^ layer \d+ \(sha256:[0-9a-f]{64}\): \S/)
      } else expect(after, detail).toEqual([])
      expect(errorLine, detail).toContain(c.names(ctx))
      const want = c.error?.(ctx)
      if (typeof want === 'string') expect(errorLine, detail).toBe(`Error: ${want}`)
      else if (want) expect(errorLine.slice('Error: '.length), detail).toMatch(want)
      // eslint-disable-next-line no-control-regex
      expect(r.stderr, detail).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/)
      expect(r.stderr, detail).not.toMatch(/^\s+at /m)
      expect(r.stderr, detail).not.toContain('internal error')
      expect(front.records.filter((x) => !READS.has(x.method)), detail).toEqual([])
    })
  })
})

describe('action', () => {
  it.concurrent.for(ACTION_CASES.map((c) => [`${c.group}: ${c.name}`, c] as const))('%s', async ([, c], { expect }) => {
    await withFront(c.front, async (ctx, front) => {
      const r = await runAction(c.inputs(ctx), { ...(c.env ? { env: c.env(ctx) } : {}), timeoutMs: 60_000 })
      const detail = `${c.name}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`
      expect(r.status, detail).toBe(1)
      const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'))
      expect(errors, detail).toHaveLength(1)
      expect(errors[0], detail).toMatch(/^::error::/)
      expect(errors[0], detail).toContain(c.names(ctx))
      const want = c.error?.(ctx)
      // A prefix: the action may add advice after the message.
      if (typeof want === 'string') expect(errors[0]!.startsWith(`::error::${want}`), detail).toBe(true)
      else if (want) expect(errors[0]!.slice('::error::'.length), detail).toMatch(want)
      expect(`${r.stdout}\n${r.stderr}`, detail).not.toMatch(/^\s+at /m)
      expect(r.stdout, detail).not.toContain('internal error')
      expect(r.outputFile, detail).toBe('')
      expect(front.records.filter((x) => !READS.has(x.method)), detail).toEqual([])
    })
  })
})
