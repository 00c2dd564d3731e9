import { ExitCode, UsageError } from '../../errors.js'
import { checkTargets, loadSigningKey, writeAll } from '../../keys/index.js'
import { formatHelp, parseCommandArgs, type OptionSpecs } from '../args.js'
import { commonOptions, type Command } from '../command.js'
import type { CliIo } from '../io.js'
import { overwritePolicy, passwordSource } from '../password.js'

const SUMMARY = 'Print the public key of a private key'

const options = {
  key: { type: 'string', valueName: 'key', description: 'encrypted cosign private key: a path, env://NAME or the PEM text' },
  outfile: { type: 'string', valueName: 'file', description: 'write the public key to this file instead of standard output' },
  yes: { type: 'boolean', short: 'y', description: 'overwrite --outfile without asking when it exists' },
  ...commonOptions,
} as const satisfies OptionSpecs

const HELP_NOTES = `
The password comes from COSIGN_PASSWORD when it is set (even empty), else from all of standard input when it is
not a terminal, else from a prompt.
`

export const command: Command = {
  summary: SUMMARY,
  run: async (argv: readonly string[], io: CliIo) => {
    const { values, positionals } = parseCommandArgs('public-key', argv, options)
    if (values.help) {
      io.stdout.write(formatHelp('sigil public-key --key KEY [--outfile FILE]', SUMMARY, options) + HELP_NOTES)
      return ExitCode.OK
    }
    if (positionals.length) throw new UsageError(`public-key: unexpected argument "${positionals[0]}"`)
    if (values.key === undefined) throw new UsageError('public-key: required flag --key not set')
    const outfile = values.outfile
    if (outfile === '') throw new UsageError('public-key: --outfile must not be empty')
    // Check the output before the password is asked for, so a refusal costs the user nothing.
    const replace = outfile === undefined ? [] : await checkTargets([outfile], { cwd: io.cwd, confirmOverwrite: overwritePolicy(io, values.yes === true) })
    const key = await loadSigningKey(values.key, { env: io.env, cwd: io.cwd, password: passwordSource(io, { confirm: false }) })
    if (outfile === undefined) {
      io.stdout.write(key.publicKeyPem)
      return ExitCode.OK
    }
    await writeAll([{ path: outfile, contents: key.publicKeyPem, mode: 0o644 }], replace, io.cwd)
    io.stderr.write(`Public key written to ${outfile}\n`)
    return ExitCode.OK
  },
}
