import { InputError } from '../errors.js'

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** Go's time.ParseDuration (cosign's --timeout): "3m0s", "90s", "1h", "1.5m", "500ms". Returns milliseconds. */
export function parseGoDuration(value: string, input: string): number {
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy
  if (value === '0') return 0
  let total = 0
  let matched = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(value)) !== null) {
    total += Number(m[1]) * (UNITS[m[2] as string] as number)
    matched = re.lastIndex
  }
  if (value === '' || matched !== value.length) {
    throw new InputError('INVALID_INPUT', `${input} "${value}"`, 'not a duration (examples: 30s, 3m0s, 1h)')
  }
  return total
}
