/** Runs the built CLI bundle as users run it, asynchronously (in-process test servers keep answering). */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const CLI = process.env.SIGIL_CLI ?? fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url))

export interface CliRun {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface CliOptions {
  readonly cwd?: string
  /** The whole environment of the child (PATH is added when missing). */
  readonly env?: Record<string, string | undefined>
  readonly input?: string | Buffer
  readonly timeoutMs?: number
  /** The node binary (default: the one running the tests). */
  readonly node?: string
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
    child.on('error', reject)
    child.on('close', (status) => {
      clearTimeout(timer)
      resolve({ status, stdout, stderr })
    })
    child.stdin.end(options.input ?? '')
  })
}
