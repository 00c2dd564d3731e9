import type { CliIo } from './io.js'
import type { OptionSpecs } from './args.js'

export interface Command {
  readonly summary: string
  run(argv: readonly string[], io: CliIo): Promise<number>
}

/** Flags every command takes. */
export const commonOptions = {
  verbose: { type: 'boolean', short: 'd', description: 'log debug output, including every registry request' },
  help: { type: 'boolean', short: 'h', description: 'show help for this command' },
} as const satisfies OptionSpecs
