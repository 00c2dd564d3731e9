import { ExitCode, UsageError } from '../../errors.js'
import { generateSigningKey, writeKeyPair } from '../../keys/index.js'
import { formatHelp, parseCommandArgs, type OptionSpecs } from '../args.js'
import { commonOptions, type Command } from '../command.js'
import type { CliIo } from '../io.js'
import { overwritePolicy, passwordSource } from '../password.js'

const SUMMARY = 'Generate an encrypted cosign-compatible key pair (cosign.key, cosign.pub)'

const options = {
  'output-key-prefix': { type: 'string', default: 'cosign', valueName: 'prefix', description: 'name used for the generated .key and .pub files (default "cosign")' },
  'legacy-format': {
    type: 'boolean',
    description: 'write the format cosign <= 2.1 and skopeo <= 1.13 read (ENCRYPTED COSIGN PRIVATE KEY, scrypt N=32768)',
  },
  yes: { type: 'boolean', short: 'y', description: 'overwrite existing files without asking' },
  ...commonOptions,
} as const satisfies OptionSpecs

const HELP_NOTES = `
The password comes from COSIGN_PASSWORD when it is set (even empty), else from all of standard input when it is
not a terminal (not trimmed), else from a prompt (asked twice). Existing files are replaced only after a "y" at the
terminal prompt or with -y.
`

export const command: Command = {
  summary: SUMMARY,
  run: async (argv: readonly string[], io: CliIo) => {
    const { values, positionals } = parseCommandArgs('generate-key-pair', argv, options)
    if (values.help) {
      io.stdout.write(formatHelp('sigil generate-key-pair [--output-key-prefix prefix] [--legacy-format] [-y]', SUMMARY, options) + HELP_NOTES)
      return ExitCode.OK
    }
    if (positionals.length) throw new UsageError(`generate-key-pair: unexpected argument "${positionals[0]}"`)
    const prefix = values['output-key-prefix'] ?? 'cosign'
    if (prefix === '') throw new UsageError('generate-key-pair: --output-key-prefix must not be empty')
    const written = await writeKeyPair(generateSigningKey(), {
      prefix,
      cwd: io.cwd,
      format: values['legacy-format'] ? 'legacy' : 'sigstore',
      password: passwordSource(io, { confirm: true }),
      confirmOverwrite: overwritePolicy(io, values.yes === true),
    })
    io.stderr.write(`Private key written to ${written.keyPath}\n`)
    io.stderr.write(`Public key written to ${written.pubPath}\n`)
    return ExitCode.OK
  },
}
