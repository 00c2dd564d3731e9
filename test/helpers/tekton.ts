// Tekton Tasks without a cluster: a structural check of a Task against the rules of Tekton's v1 API
// (tektoncd/pipeline pkg/apis/pipeline/v1: field names, name formats, param types and defaults, declared
// variables), and a local runner that does what the Tekton controller and entrypoint do for a script step:
// substitute $(params.*), $(workspaces.*), $(results.*) and $(context.*), write the script to a file, run it with
// its #! interpreter and the step's env, then read the result files. The step's container image is not used:
// the script runs on this machine (so SIGIL_CLI is pointed at the checkout's CLI).
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'

export interface TaskParam {
  name: string
  type?: string
  description?: string
  default?: unknown
  properties?: unknown
  enum?: unknown
}
export interface TaskResult {
  name: string
  type?: string
  description?: string
}
export interface TaskWorkspace {
  name: string
  description?: string
  mountPath?: string
  readOnly?: boolean
  optional?: boolean
}
export interface TaskStep {
  name: string
  image?: string
  script?: string
  command?: string[]
  args?: string[]
  env?: { name: string; value?: string; valueFrom?: unknown }[]
  workingDir?: string
  onError?: string
  [key: string]: unknown
}
export interface Task {
  apiVersion: string
  kind: string
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }
  spec: {
    description?: string
    params?: TaskParam[]
    results?: TaskResult[]
    workspaces?: TaskWorkspace[]
    steps: TaskStep[]
    [key: string]: unknown
  }
}

export function loadTask(path: string): Task {
  return parse(readFileSync(path, 'utf8')) as Task
}

const TOP_KEYS = ['apiVersion', 'kind', 'metadata', 'spec']
const SPEC_KEYS = ['description', 'displayName', 'params', 'results', 'steps', 'workspaces', 'volumes', 'stepTemplate', 'sidecars']
const PARAM_KEYS = ['name', 'type', 'description', 'default', 'properties', 'enum']
const RESULT_KEYS = ['name', 'type', 'description', 'properties', 'value']
const WORKSPACE_KEYS = ['name', 'description', 'mountPath', 'readOnly', 'optional']
// Step's JSON fields (pkg/apis/pipeline/v1/container_types.go).
const STEP_KEYS = [
  'name', 'image', 'command', 'args', 'workingDir', 'envFrom', 'env', 'computeResources', 'volumeMounts', 'volumeDevices',
  'imagePullPolicy', 'securityContext', 'script', 'timeout', 'workspaces', 'onError', 'stdoutConfig', 'stderrConfig', 'ref',
  'params', 'results', 'when',
]
const STRING_OR_ARRAY_PARAM_NAME = /^[_a-zA-Z][_a-zA-Z0-9.-]*$/
const RESULT_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

function unknownKeys(obj: object, allowed: readonly string[], where: string): string[] {
  return Object.keys(obj)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${where}: unknown field "${k}"`)
}

/** Every `$(prefix.…)` reference in a string, as Tekton's substitution finds them. */
function references(text: string): string[] {
  return [...text.matchAll(/\$\(([_a-zA-Z0-9.-]+(?:\[[0-9*]+\])?)\)/g)].map((m) => m[1] as string)
}

/**
 * The problems Tekton's admission webhook would report for this Task (an empty list when it is valid), for the
 * parts of the v1 API the sigil Tasks use: shape and field names, name formats, param types and default types,
 * step rules (image present, script xor command, unique DNS-label names, onError values), and that every
 * $(params.X), $(results.X.path), $(workspaces.X.*) and $(context.*) reference is declared.
 */
export function validateTask(task: Task): string[] {
  const errs: string[] = []
  if (typeof task !== 'object' || task === null) return ['not a YAML mapping']
  errs.push(...unknownKeys(task, TOP_KEYS, 'Task'))
  if (task.apiVersion !== 'tekton.dev/v1') errs.push(`apiVersion: "${task.apiVersion}" is not tekton.dev/v1`)
  if (task.kind !== 'Task') errs.push(`kind: "${task.kind}" is not Task`)
  const name = task.metadata?.name ?? ''
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) errs.push(`metadata.name: "${name}" is not a DNS-1123 subdomain`)
  const spec = task.spec
  if (!spec || typeof spec !== 'object') return [...errs, 'spec: missing']
  errs.push(...unknownKeys(spec, SPEC_KEYS, 'spec'))

  const params = spec.params ?? []
  const paramNames = new Set<string>()
  for (const [i, p] of params.entries()) {
    const where = `spec.params[${i}]`
    errs.push(...unknownKeys(p, PARAM_KEYS, where))
    if (paramNames.has(p.name)) errs.push(`${where}: duplicate name "${p.name}"`)
    paramNames.add(p.name)
    const type = p.type ?? 'string'
    if (!['string', 'array', 'object'].includes(type)) errs.push(`${where}.type: "${type}" is not string, array or object`)
    if (type !== 'object' && !STRING_OR_ARRAY_PARAM_NAME.test(p.name)) errs.push(`${where}.name: "${p.name}" must start with a letter or _ and hold only letters, digits, _, . and -`)
    if (p.default !== undefined) {
      const dtype = Array.isArray(p.default) ? 'array' : typeof p.default === 'object' ? 'object' : typeof p.default === 'string' ? 'string' : 'invalid'
      if (dtype !== type) errs.push(`${where}.default: a ${dtype} default for a ${type} param`)
    }
  }
  const resultNames = new Set<string>()
  for (const [i, r] of (spec.results ?? []).entries()) {
    const where = `spec.results[${i}]`
    errs.push(...unknownKeys(r, RESULT_KEYS, where))
    if (!RESULT_NAME.test(r.name)) errs.push(`${where}.name: "${r.name}" does not match ${RESULT_NAME}`)
    if (resultNames.has(r.name)) errs.push(`${where}: duplicate name "${r.name}"`)
    resultNames.add(r.name)
    if (r.type !== undefined && !['string', 'array', 'object'].includes(r.type)) errs.push(`${where}.type: "${r.type}"`)
  }
  const workspaceNames = new Set<string>()
  for (const [i, w] of (spec.workspaces ?? []).entries()) {
    const where = `spec.workspaces[${i}]`
    errs.push(...unknownKeys(w, WORKSPACE_KEYS, where))
    if (workspaceNames.has(w.name)) errs.push(`${where}: duplicate name "${w.name}"`)
    workspaceNames.add(w.name)
  }
  if (!Array.isArray(spec.steps) || spec.steps.length === 0) errs.push('spec.steps: missing')
  const stepNames = new Set<string>()
  for (const [i, s] of (spec.steps ?? []).entries()) {
    const where = `spec.steps[${i}]`
    errs.push(...unknownKeys(s, STEP_KEYS, where))
    if (s.name) {
      if (!DNS1123_LABEL.test(s.name) || s.name.length > 63) errs.push(`${where}.name: "${s.name}" is not a DNS label`)
      if (stepNames.has(s.name)) errs.push(`${where}.name: duplicate "${s.name}"`)
      stepNames.add(s.name)
    }
    if (!s.image) errs.push(`${where}.image: missing`)
    if (s.script && s.command?.length) errs.push(`${where}: script cannot be used with command`)
    if (s.onError !== undefined && !['continue', 'stopAndFail'].includes(s.onError)) errs.push(`${where}.onError: "${s.onError}"`)
    for (const [j, e] of (s.env ?? []).entries()) {
      if (!C_IDENTIFIER.test(e.name)) errs.push(`${where}.env[${j}].name: "${e.name}" is not a C identifier`)
      if (e.value !== undefined && e.valueFrom !== undefined) errs.push(`${where}.env[${j}]: value and valueFrom`)
      if (e.value !== undefined && typeof e.value !== 'string') errs.push(`${where}.env[${j}].value: not a string`)
    }
    const texts: [string, string][] = [
      ['name', s.name ?? ''],
      ['image', s.image ?? ''],
      ['workingDir', s.workingDir ?? ''],
      ['script', s.script ?? ''],
      ...(s.command ?? []).map((c, j): [string, string] => [`command[${j}]`, c]),
      ...(s.args ?? []).map((a, j): [string, string] => [`args[${j}]`, a]),
      ...(s.env ?? []).map((e): [string, string] => [`env.${e.name}`, e.value ?? '']),
    ]
    for (const [field, text] of texts) {
      for (const ref of references(text)) {
        const parts = ref.split('.')
        const [kind] = parts
        if (kind === 'params') {
          const p = parts.slice(1).join('.')
          if (!paramNames.has(p)) errs.push(`${where}.${field}: $(${ref}) names no declared param`)
        } else if (kind === 'results') {
          if (parts.length !== 3 || parts[2] !== 'path' || !resultNames.has(parts[1] as string)) errs.push(`${where}.${field}: $(${ref}) names no declared result path`)
          if (field !== 'script' && !field.startsWith('args') && !field.startsWith('command')) errs.push(`${where}.${field}: $(${ref}) only in script, command or args`)
        } else if (kind === 'workspaces') {
          const ws = parts[1] as string
          if (parts.length !== 3 || !workspaceNames.has(ws) || !['path', 'bound', 'claim', 'volume'].includes(parts[2] as string)) {
            errs.push(`${where}.${field}: $(${ref}) names no declared workspace property`)
          }
        } else if (kind === 'context') {
          const ok = ['context.task.name', 'context.task.retry-count', 'context.taskRun.name', 'context.taskRun.namespace', 'context.taskRun.uid'].includes(ref)
          if (!ok) errs.push(`${where}.${field}: $(${ref}) is not a Task context variable`)
        }
      }
    }
  }
  return errs
}

export interface StepRun {
  readonly name: string
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  /** The script as it ran, after substitution. */
  readonly script: string
}

export interface TaskRun {
  /** Exit code of the TaskRun: the first failing step's, else 0. */
  readonly code: number | null
  readonly steps: StepRun[]
  /** Result files written, by name. */
  readonly results: Record<string, string>
}

export interface RunTaskOptions {
  readonly params: Readonly<Record<string, string>>
  /** Bound workspaces: name to a directory. */
  readonly workspaces: Readonly<Record<string, string>>
  /** Extra environment of the pod (PATH is this machine's). */
  readonly env?: Readonly<Record<string, string>>
}

/** Runs a Task's script steps in order, as the Tekton entrypoint does, stopping at the first failure. */
export async function runTaskLocally(task: Task, opts: RunTaskOptions): Promise<TaskRun> {
  const problems = validateTask(task)
  if (problems.length) throw new Error(`invalid Task ${task.metadata?.name}: ${problems.join('; ')}`)
  const root = await mkdtemp(join(tmpdir(), 'sigil-taskrun-'))
  try {
    const resultsDir = join(root, 'results')
    const home = join(root, 'home')
    await Promise.all([resultsDir, home].map((d) => mkdir(d, { recursive: true })))
    const values = new Map<string, string>()
    for (const p of task.spec.params ?? []) {
      const v = opts.params[p.name] ?? (p.default as string | undefined)
      if (v === undefined) throw new Error(`param ${p.name} has no value and no default`)
      values.set(`params.${p.name}`, v)
    }
    for (const name of Object.keys(opts.params)) {
      if (!values.has(`params.${name}`)) throw new Error(`param ${name} is not declared by the Task`)
    }
    for (const w of task.spec.workspaces ?? []) {
      const dir = opts.workspaces[w.name]
      if (dir === undefined && !w.optional) throw new Error(`workspace ${w.name} is not optional and not bound`)
      values.set(`workspaces.${w.name}.path`, dir ?? '')
      values.set(`workspaces.${w.name}.bound`, dir === undefined ? 'false' : 'true')
    }
    for (const r of task.spec.results ?? []) values.set(`results.${r.name}.path`, join(resultsDir, r.name))
    values.set('context.task.name', task.metadata.name)
    values.set('context.taskRun.name', `${task.metadata.name}-run`)
    values.set('context.taskRun.namespace', 'default')
    values.set('context.task.retry-count', '0')
    const substitute = (text: string) => text.replace(/\$\(([_a-zA-Z0-9.-]+)\)/g, (all, ref: string) => values.get(ref) ?? all)

    const steps: StepRun[] = []
    let code: number | null = 0
    for (const step of task.spec.steps) {
      const script = substitute(step.script ?? '')
      const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...opts.env }
      for (const e of step.env ?? []) {
        // /tekton/home is Tekton's per-TaskRun home; here a temporary directory stands in for it.
        env[e.name] = e.name === 'HOME' ? home : substitute(e.value ?? '')
      }
      const file = join(root, `script-${step.name}`)
      await writeFile(file, script)
      await chmod(file, 0o755)
      const interpreter = /^#!\s*(\S+)/.exec(script)?.[1] ?? '/bin/sh'
      const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn(interpreter, [file], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
        const out: Buffer[] = []
        const err: Buffer[] = []
        child.stdout.on('data', (c: Buffer) => out.push(c))
        child.stderr.on('data', (c: Buffer) => err.push(c))
        child.once('error', reject)
        child.once('close', (c) => resolve({ code: c, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }))
      })
      steps.push({ name: step.name, script, ...r })
      if (r.code !== 0) {
        code = r.code
        break
      }
    }
    const results: Record<string, string> = {}
    for (const r of task.spec.results ?? []) {
      const p = join(resultsDir, r.name)
      if (existsSync(p)) results[r.name] = await readFile(p, 'utf8')
    }
    return { code, steps, results }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}
