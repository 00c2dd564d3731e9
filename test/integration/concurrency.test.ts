/**
 * Concurrency (issue 6): 16 signers, 16 different keys, one image, all at once, as 16 separate CLI processes
 * (`node dist/cli/index.js sign --key k_i.key IMAGE`); afterwards the `.sig` holds all 16 signatures, each
 * verifying with a distinct key. Repeated 5 times, each on a fresh image. This exercises the read-merge-write
 * protocol of src/store/classic.ts across processes (no shared memory, only the registry).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SIGNATURE_ANNOTATION } from '../../src/cosign/signature-manifest.js'
import { assertBuilt, runCli, writeTestKey, type TestKey } from '../helpers/cli.js'
import { checkSignatureIntegrity } from '../helpers/faults.js'
import { fetchBlob, pushRandomImage, startRegistry, type TestRegistry } from '../helpers/registry.js'

const SIGNERS = 16
let reg: TestRegistry
let dir: string
let keys: TestKey[]

beforeAll(async () => {
  assertBuilt()
  reg = await startRegistry()
  dir = await mkdtemp(join(tmpdir(), 'sigil-concurrency-'))
  keys = await Promise.all(Array.from({ length: SIGNERS }, (_, i) => writeTestKey(dir, `k${i}`, `password-${i}`)))
})
afterAll(async () => {
  await reg?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe(`${SIGNERS} signers with ${SIGNERS} keys on one image at once`, () => {
  it.each([1, 2, 3, 4, 5])('run %i: all 16 signatures present, each by a distinct key', async (run) => {
    const img = await pushRandomImage(reg, `concurrent/app-${run}`, { tag: 'v1' })
    const started = Date.now()
    const results = await Promise.all(
      keys.map((k) => runCli(['sign', '--key', k.keyPath, img.reference], { env: { COSIGN_PASSWORD: k.password }, timeoutMs: 120_000 })),
    )
    const elapsed = Date.now() - started
    for (const r of results) {
      expect(r.status, r.stderr).toBe(0)
      expect(r.stderr).not.toMatch(/^Error/m)
    }
    const sig = await checkSignatureIntegrity(reg, img.repository, img.digest)
    expect(sig.missing).toEqual([])
    const layers = sig.manifest!.layers
    expect(layers).toHaveLength(SIGNERS)
    // Same payload for everyone (same image, no annotations): one blob, 16 signatures over it.
    expect(new Set(layers.map((l) => l.digest)).size).toBe(1)
    const payload = await fetchBlob(reg, img.repository, layers[0]!.digest)
    const owners = layers.map((l) => keys.findIndex((k) => k.key.verify(payload!, Buffer.from(l.annotations![SIGNATURE_ANNOTATION]!, 'base64'))))
    expect(owners.every((o) => o >= 0)).toBe(true)
    expect(new Set(owners).size).toBe(SIGNERS)
    // Every CLI verifies it too, with its own public key alone.
    const check = await runCli(['verify', '--key', keys[run]!.pubPath, img.reference], { timeoutMs: 60_000 })
    expect(check.status, check.stderr).toBe(0)
    console.log(`concurrency run ${run}: ${SIGNERS} processes signed in ${(elapsed / 1000).toFixed(1)} s`)
  })
})
