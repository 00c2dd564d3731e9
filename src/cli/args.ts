import { parseArgs } from 'node:util'
import { UsageError } from '../errors.js'

/**
 * A thin layer over `node:util` parseArgs that accepts cosign's (pflag's) spellings too:
 * `--flag=true|false|1|0|t|f` for booleans, `-a k=v` repeated, `--opt value` and `--opt=value`.
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean'
  readonly short?: string
  readonly multiple?: boolean
  readonly default?: string | boolean
  /** Shown by --help. */
  readonly description: string
  readonly valueName?: string
}

export type OptionSpecs = Record<string, OptionSpec>

export type ParsedValues<S extends OptionSpecs> = {
  [K in keyof S]: S[K]['type'] extends 'boolean'
    ? boolean | undefined
    : S[K]['multiple'] extends true
      ? string[] | undefined
      : string | undefined
}

export interface Parsed<S extends OptionSpecs> {
  readonly values: ParsedValues<S>
  readonly positionals: string[]
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

/** Go's strconv.ParseBool, which cosign's flags and environment variables use. */
export function parseGoBool(value: string): boolean | undefined {
  if (GO_TRUE.has(value)) return true
  if (GO_FALSE.has(value)) return false
  return undefined
}

export function parseCommandArgs<S extends OptionSpecs>(command: string, argv: readonly string[], specs: S): Parsed<S> {
  const explicitFalse = new Set<string>()
  const rewritten: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      rewritten.push(...argv.slice(i))
      break
    }
    // pflag gives a string flag the next argument whatever it looks like (`--key -----BEGIN...`, PEM text);
    // node's parseArgs refuses values starting with "-" unless they are attached with "=".
    const spaced = /^--([^=]+)$/.exec(arg)?.[1] ?? shortName(specs, arg)
    if (spaced !== undefined && specs[spaced]?.type === 'string' && i + 1 < argv.length && (argv[i + 1] as string).startsWith('-')) {
      rewritten.push(`--${spaced}=${argv[i + 1] as string}`)
      i++
      continue
    }
    const m = /^--([^=]+)=(.*)$/s.exec(arg)
    if (m && specs[m[1] as string]?.type === 'boolean') {
      const name = m[1] as string
      const b = parseGoBool(m[2] as string)
      if (b === undefined) {
        throw new UsageError(`invalid argument "${m[2]}" for "--${name}" flag: expected true or false`)
      }
      if (b) rewritten.push(`--${name}`)
      else explicitFalse.add(name)
      continue
    }
    rewritten.push(arg)
  }
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {}
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) }
  }
  let parsed
  try {
    parsed = parseArgs({ args: rewritten, options, allowPositionals: true, strict: true })
  } catch (err) {
    throw new UsageError(`${command}: ${usageMessage(err)}`)
  }
  const values: Record<string, unknown> = { ...parsed.values }
  for (const [name, spec] of Object.entries(specs)) {
    if (explicitFalse.has(name)) values[name] = false
    else if (values[name] === undefined && spec.default !== undefined) values[name] = spec.default
  }
  return { values: values as ParsedValues<S>, positionals: parsed.positionals }
}

/** The long name of a `-x` short flag, if `arg` is one. */
function shortName(specs: OptionSpecs, arg: string): string | undefined {
  if (!/^-[^-]$/.test(arg)) return undefined
  return Object.entries(specs).find(([, spec]) => spec.short === arg[1])?.[0]
}

function usageMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err)
  // parseArgs messages carry advice about "--" that does not apply here; keep the first sentence of the first line.
  const first = (msg.split('\n')[0] ?? msg).split('. ')[0] ?? msg
  return first.replace(/\.$/, '')
}

export function formatHelp(usage: string, summary: string, specs: OptionSpecs): string {
  const lines = [summary, '', `Usage: ${usage}`, '', 'Flags:']
  for (const [name, spec] of Object.entries(specs)) {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.valueName ?? 'string'}` : ''}`
    lines.push(`  ${flag.padEnd(36)} ${spec.description}`)
  }
  return `${lines.join('\n')}\n`
}
