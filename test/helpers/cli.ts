// Running the built bundles as users do: `node dist/cli/index.js ...` and the action `node dist/action/index.js`
// with INPUT_* variables, asynchronously (so that a test can run several at once), plus throwaway key files.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { encryptKeyFile } from '../../src/cosign/key-file.js'
import { generateSigningKey, type SigningKey } from '../../src/keys/index.js'

export const CLI = process.env.SIGIL_CLI ?? fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url))
export const ACTION = fileURLToPath(new URL('../../dist/action/index.js', import.meta.url))

export function assertBuilt(): void {
  for (const f of [CLI, ACTION]) if (!existsSync(f)) throw new Error(`${f} is missing: run "bash scripts/build.sh" (npm test does)`)
}

export interface RunResult {
  readonly status: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly elapsedMs: number
}

export interface RunOptions {
  readonly cwd?: string
  /** The whole environment of the child besides PATH (nothing is inherited). */
  readonly env?: Readonly<Record<string, string>>
  /** Standard input (default empty); `null` keeps it open and silent, like a terminal nobody types into. */
  readonly input?: string | Buffer | null
  /** Kill after this long (default 60 s). */
  readonly timeoutMs?: number
  /** The node binary (default: the one running the tests), e.g. Node 24 for the action's runtime. */
  readonly node?: string
}

/**
 * Runs `command ...args` with a clean environment (PATH and HOME only, unless `env` adds more), asynchronously, so
 * that in-process test servers keep answering.
 */
export function runProcess(command: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd ?? tmpdir(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000)
    child.once('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.once('close', (status, signal) => {
      clearTimeout(timer)
      resolve({
        status,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        elapsedMs: performance.now() - started,
      })
    })
    child.stdin.on('error', () => {})
    if (opts.input === null) child.once('exit', () => child.stdin.destroy())
    else child.stdin.end(opts.input ?? '')
  })
}

/** Runs `node <script> ...args` (Node 20 unless `node` says otherwise). */
export function runNode(script: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return runProcess(opts.node ?? process.execPath, [script, ...args], opts)
}

/** `node dist/cli/index.js ...args` */
export function runCli(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return runNode(CLI, args, opts)
}

export interface ActionRun extends RunResult {
  /** What the action wrote to $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY. */
  readonly outputFile: string
  readonly summaryFile: string
}

/**
 * Runs the action bundle as the runner does: each input as INPUT_<NAME> (upper case, spaces to underscores,
 * dashes kept), with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 */
export async function runAction(inputs: Readonly<Record<string, string>>, opts: RunOptions = {}): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'sigil-action-run-'))
  const outputPath = join(dir, 'output')
  const summaryPath = join(dir, 'summary')
  await writeFile(outputPath, '')
  await writeFile(summaryPath, '')
  const env: Record<string, string> = { GITHUB_OUTPUT: outputPath, GITHUB_STEP_SUMMARY: summaryPath, RUNNER_TEMP: dir, ...opts.env }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  const r = await runNode(ACTION, [], { ...opts, env, cwd: opts.cwd ?? dir })
  return { ...r, outputFile: await readFile(outputPath, 'utf8'), summaryFile: await readFile(summaryPath, 'utf8') }
}

export interface TestKey {
  readonly key: SigningKey
  /** The encrypted key file (N=32768, the legacy label: cheap scrypt) and the public key, on disk. */
  readonly keyPath: string
  readonly pubPath: string
  readonly pem: string
  readonly password: string
}

/** A fresh P-256 key pair, the private key encrypted with `password` at scrypt N=32768, written into `dir`. */
export async function writeTestKey(dir: string, name: string, password: string): Promise<TestKey> {
  const key = generateSigningKey()
  const pem = await encryptKeyFile(key.exportPkcs8(), new TextEncoder().encode(password), 'legacy')
  const keyPath = join(dir, `${name}.key`)
  const pubPath = join(dir, `${name}.pub`)
  await writeFile(keyPath, pem, { mode: 0o600 })
  await writeFile(pubPath, key.publicKeyPem)
  return { key, keyPath, pubPath, pem, password }
}

/** Runs `fn` over `items`, at most `limit` at once; results in order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i] as T, i)
      }
    }),
  )
  return out
}
