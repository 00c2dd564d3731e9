import { ExitCode, UsageError } from '../../errors.js'
import { loadImportKey, writeKeyPair } from '../../keys/index.js'
import { formatHelp, parseCommandArgs, type OptionSpecs } from '../args.js'
import { commonOptions, type Command } from '../command.js'
import type { CliIo } from '../io.js'
import { overwritePolicy, passwordSource } from '../password.js'

const SUMMARY = 'Encrypt an existing PEM private key into a cosign-compatible key pair'

const options = {
  key: { type: 'string', short: 'k', valueName: 'key', description: 'unencrypted PEM private key to import: a path, env://NAME or the PEM text' },
  'output-key-prefix': {
    type: 'string',
    short: 'o',
    default: 'import-cosign',
    valueName: 'prefix',
    description: 'name used for the written .key and .pub files (default "import-cosign")',
  },
  'legacy-format': {
    type: 'boolean',
    description: 'write the format cosign <= 2.1 and skopeo <= 1.13 read (ENCRYPTED COSIGN PRIVATE KEY, scrypt N=32768)',
  },
  yes: { type: 'boolean', short: 'y', description: 'overwrite existing files without asking' },
  ...commonOptions,
} as const satisfies OptionSpecs

const HELP_NOTES = `
Accepted keys: ECDSA P-256 as PRIVATE KEY (PKCS#8) or EC PRIVATE KEY (SEC1). RSA, P-384, P-521 and Ed25519 keys,
which cosign imports, are refused until sigil can sign with them. The password for the new key file comes from
COSIGN_PASSWORD, else standard input when it is not a terminal, else a prompt (asked twice).
`

export const command: Command = {
  summary: SUMMARY,
  run: async (argv: readonly string[], io: CliIo) => {
    const { values, positionals } = parseCommandArgs('import-key-pair', argv, options)
    if (values.help) {
      io.stdout.write(formatHelp('sigil import-key-pair --key FILE [--output-key-prefix prefix] [--legacy-format] [-y]', SUMMARY, options) + HELP_NOTES)
      return ExitCode.OK
    }
    if (positionals.length) throw new UsageError(`import-key-pair: unexpected argument "${positionals[0]}"`)
    if (values.key === undefined) throw new UsageError('import-key-pair: required flag --key not set')
    const prefix = values['output-key-prefix'] ?? 'import-cosign'
    if (prefix === '') throw new UsageError('import-key-pair: --output-key-prefix must not be empty')
    const key = await loadImportKey(values.key, { env: io.env, cwd: io.cwd })
    const written = await writeKeyPair(key, {
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
