// Runs sigil's GitLab CI/CD components with gitlab-ci-local (shell executor, no Docker) as GitLab would include
// them: the mirror tree gitlab/mirror.sh builds (templates/ at the root) becomes a git repository whose remote is
// a made-up GitLab project, so `include: component: gitlab.example.com/acme/sigil/sign@<sha>` resolves to it
// locally, and `include: local:` works too.
//
//   const project = await createComponentProject()
//   const run = await project.runPipeline(pipelineYaml, { variables: {...}, fileVariables: { COSIGN_PRIVATE_KEY: pem } })
//   run.code, run.logs['sigil-sign'], run.dotenv['sigil-sign'].SIGIL_DIGEST
//   await project.cleanup()
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'yaml'
import { createRecordingCli, REPO_ROOT, type CliCall } from './action.js'

export const GITLAB_CI_LOCAL = join(REPO_ROOT, 'node_modules', '.bin', 'gitlab-ci-local')
export const COMPONENT_HOST = 'gitlab.example.com'
export const COMPONENT_PROJECT = 'acme/sigil'

export interface ExecResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export function exec(command: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

export interface PipelineRun extends ExecResult {
  /** gitlab-ci-local's own output (both streams). */
  readonly output: string
  /** Each job's log. */
  readonly logs: Record<string, string>
  /** Each job's dotenv report. */
  readonly dotenv: Record<string, Record<string, string>>
}

export interface PipelineOptions {
  /** Plain CI/CD variables. */
  readonly variables?: Readonly<Record<string, string>>
  /** File-type CI/CD variables: the job sees a path to a file with this content. */
  readonly fileVariables?: Readonly<Record<string, string>>
  /** Jobs to run (default: the whole pipeline). */
  readonly jobs?: readonly string[]
}

export interface ComponentProject {
  readonly dir: string
  readonly sha: string
  /** `gitlab.example.com/acme/sigil/<name>@<sha>` */
  component(name: 'sign' | 'verify'): string
  /** A `cli` input value that runs the checkout's CLI and records argv and which sensitive variables were set. */
  readonly cli: string
  /** What the recording CLI saw, one entry per call. */
  cliCalls(): Promise<CliCall[]>
  runPipeline(pipeline: string, opts?: PipelineOptions): Promise<PipelineRun>
  cleanup(): Promise<void>
}

function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=')
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return out
}

export async function createComponentProject(): Promise<ComponentProject> {
  const root = await mkdtemp(join(tmpdir(), 'sigil-gitlab-'))
  const dir = join(root, 'project')
  const home = join(root, 'home')
  await mkdir(home)
  const mirror = await exec('bash', [join(REPO_ROOT, 'gitlab', 'mirror.sh'), dir])
  if (mirror.code !== 0) throw new Error(`gitlab/mirror.sh failed: ${mirror.stderr}`)
  const git = async (...args: string[]) => {
    const r = await exec('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', '-c', 'init.defaultBranch=main', ...args], { cwd: dir })
    if (r.code !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
    return r.stdout.trim()
  }
  await git('init', '-q')
  await git('remote', 'add', 'origin', `https://${COMPONENT_HOST}/${COMPONENT_PROJECT}.git`)
  await writeFile(join(dir, '.gitignore'), '.gitlab-ci-local/\nsigil.env\npipeline*.yml\nvariables*.yml\n')
  await git('add', '-A')
  await git('commit', '-q', '-m', 'sigil components')
  const sha = await git('rev-parse', 'HEAD')
  // What a clone has: origin/main and origin/HEAD (gitlab-ci-local asks for the default branch).
  await git('update-ref', 'refs/remotes/origin/main', sha)
  await git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main')

  const recorder = await createRecordingCli(root)
  let runNo = 0

  return {
    dir,
    sha,
    cli: recorder.command,
    component: (name) => `${COMPONENT_HOST}/${COMPONENT_PROJECT}/${name}@${sha}`,
    cliCalls: () => recorder.calls(),
    async runPipeline(pipeline, opts = {}) {
      runNo++
      const file = `pipeline-${runNo}.yml`
      const variablesFile = `variables-${runNo}.yml`
      await writeFile(join(dir, file), pipeline)
      const vars: Record<string, unknown> = { ...opts.variables }
      for (const [name, content] of Object.entries(opts.fileVariables ?? {})) vars[name] = { type: 'file', values: { '*': content } }
      await writeFile(join(dir, variablesFile), stringify(vars))
      await rm(join(dir, '.gitlab-ci-local'), { recursive: true, force: true })
      await rm(join(dir, 'sigil.env'), { force: true })
      const args = [
        '--file',
        file,
        '--variables-file',
        variablesFile,
        '--home',
        home,
        '--force-shell-executor',
        '--no-color',
        '--max-job-name-padding',
        '0',
        ...(opts.jobs ?? []),
      ]
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home }
      const r = await exec(process.execPath, [GITLAB_CI_LOCAL, ...args], { cwd: dir, env, timeoutMs: 150_000 })
      const logs: Record<string, string> = {}
      const outputDir = join(dir, '.gitlab-ci-local', 'output')
      if (existsSync(outputDir)) {
        for (const f of await readdir(outputDir)) logs[f.replace(/\.log$/, '')] = await readFile(join(outputDir, f), 'utf8')
      }
      const dotenv: Record<string, Record<string, string>> = {}
      const artifacts = join(dir, '.gitlab-ci-local', 'artifacts')
      if (existsSync(artifacts)) {
        for (const job of await readdir(artifacts)) {
          const p = join(artifacts, job, '.gitlab-ci-reports', 'dotenv', 'sigil.env')
          if (existsSync(p)) dotenv[job] = parseDotenv(await readFile(p, 'utf8'))
        }
      }
      return { ...r, output: r.stdout + r.stderr, logs, dotenv }
    },
    async cleanup() {
      await rm(root, { recursive: true, force: true })
    },
  }
}
