/**
 * Batch signing: 100 images of one repository signed by one `sigil sign` call (bounded concurrency,
 * `--max-workers`, default 4) against 100 separate calls, one after the other, as a shell loop would run them.
 * The built CLI, a real registry, a cosign.key in the default format (scrypt N=65536). Peak memory of the
 * one-call process from `/usr/bin/time -f %M` (GNU time, Debian package `time`).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encryptKeyFile } from '../src/cosign/key-file.js'
import { generateSigningKey } from '../src/keys/index.js'
import { pool } from '../test/helpers/cli.js'
import { listTags, pushRandomImage, startRegistry, type PushedImage } from '../test/helpers/registry.js'
import type { Bench, BenchRow } from './lib.js'

const CLI = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url))
const TIME = '/usr/bin/time'
const IMAGES = 100
const PASSWORD = 'bench-batch-password'

export interface Timed {
  readonly code: number | null
  readonly wallMs: number
  readonly maxRssKiB: number
  readonly cpuS: number
  readonly stderr: string
}

/**
 * Runs `node args...` under GNU time; resolves with the exit code, wall time, peak RSS and user+sys CPU of the
 * child. A non-zero exit is an error unless `allowFailure`.
 */
export function timed(args: readonly string[], env: Record<string, string>, allowFailure = false): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(TIME, ['-f', 'TIME %M %U %S', process.execPath, ...args], { env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent', ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')))
    child.once('error', reject)
    child.once('close', (code) => {
      const wallMs = performance.now() - t0
      const m = /TIME (\d+) ([\d.]+) ([\d.]+)\s*$/.exec(err)
      if ((code !== 0 && !allowFailure) || !m) return reject(new Error(`${args.slice(0, 3).join(' ')}... exited ${code}: ${err.slice(-2000)}`))
      resolve({ code, wallMs, maxRssKiB: Number(m[1]), cpuS: Number(m[2]) + Number(m[3]), stderr: err })
    })
  })
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`

export const bench: Bench = async () => {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: install the Debian package "time" (scripts/ensure-deps.sh does)`)
  const rows: BenchRow[] = []
  const reg = await startRegistry()
  const dir = await mkdtemp(join(tmpdir(), 'sigil-bench-batch-'))
  try {
    const key = generateSigningKey()
    const keyPath = join(dir, 'cosign.key')
    await writeFile(keyPath, await encryptKeyFile(key.exportPkcs8(), new TextEncoder().encode(PASSWORD), 'sigstore'), { mode: 0o600 })
    const env = { COSIGN_PASSWORD: PASSWORD }
    const push = (repo: string) => pool(Array.from({ length: IMAGES }, (_, i) => i), 8, () => pushRandomImage(reg, repo, { tag: null }))
    const refs = (imgs: PushedImage[]) => imgs.map((i) => i.reference)

    // One call, default workers (4), then more workers.
    const one = await timed([CLI, 'sign', '--key', keyPath, ...refs(await push('batch/one'))], env)
    const one16 = await timed([CLI, 'sign', '--key', keyPath, '--max-workers', '16', ...refs(await push('batch/one16'))], env)
    const one1 = await timed([CLI, 'sign', '--key', keyPath, '--max-workers', '1', ...refs(await push('batch/one1'))], env)
    // 100 calls, one after the other.
    const separate = await push('batch/separate')
    const t0 = performance.now()
    let cpu = 0
    let rss = 0
    for (const img of separate) {
      const r = await timed([CLI, 'sign', '--key', keyPath, img.reference], env)
      cpu += r.cpuS
      rss = Math.max(rss, r.maxRssKiB)
    }
    const separateMs = performance.now() - t0
    for (const repo of ['batch/one', 'batch/one16', 'batch/one1', 'batch/separate']) {
      const sigs = (await listTags(reg, repo)).filter((t) => t.endsWith('.sig'))
      if (sigs.length !== IMAGES) throw new Error(`${repo}: ${sigs.length} signatures, expected ${IMAGES}`)
    }
    const speedup = separateMs / one.wallMs
    rows.push({ name: `${IMAGES} images, one sigil sign call (--max-workers 4, the default)`, value: `${s(one.wallMs)} wall, ${one.cpuS.toFixed(1)} s CPU` })
    rows.push({ name: `${IMAGES} images, ${IMAGES} sigil sign calls one after the other`, value: `${s(separateMs)} wall, ${cpu.toFixed(1)} s CPU (${(separateMs / IMAGES).toFixed(0)} ms per call)` })
    rows.push({ name: 'speed-up of the one call (default workers)', value: `${speedup.toFixed(1)}x`, target: '>= 5x', ok: speedup >= 5 })
    const mb = (kib: number) => `${((kib * 1024) / 1e6).toFixed(0)} MB`
    rows.push({
      name: 'peak memory (max RSS) of the one call',
      value: `${mb(one.maxRssKiB)} = ${(one.maxRssKiB / 1024).toFixed(0)} MiB (one separate call: ${mb(rss)}; scrypt N=65536 alone needs 64 MiB)`,
      target: '<= 150 MB',
      ok: (one.maxRssKiB * 1024) / 1e6 <= 150,
    })
    rows.push({
      name: 'concurrency is bounded and configurable: --max-workers 1 / 4 / 16',
      value: `${s(one1.wallMs)} / ${s(one.wallMs)} / ${s(one16.wallMs)}; peak ${mb(one1.maxRssKiB)} / ${mb(one.maxRssKiB)} / ${mb(one16.maxRssKiB)}; ${(separateMs / one16.wallMs).toFixed(1)}x with 16`,
    })
  } finally {
    await reg.stop()
    await rm(dir, { recursive: true, force: true })
  }
  return {
    title: 'Batch signing',
    notes:
      `${IMAGES} freshly pushed images of one repository, referenced by digest; cosign.key in the default format (scrypt N=65536, decrypted once per call). ` +
      'Each signature is written with the read-merge-write protocol of src/store/classic.ts, including its settle delay (at least 250 ms) before the read-back; ' +
      'concurrency is bounded by --max-workers (1 to 64, default 4): at most that many images are resolved and signed at once. Wall time by the harness, CPU and peak RSS by GNU time.',
    rows,
  }
}
