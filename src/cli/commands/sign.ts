import { ExitCode, SigilError, UsageError } from '../../errors.js'
import { parseAnnotationFlags } from '../../cosign/payload.js'
import { loadSigningKey } from '../../keys/index.js'
import { parseReference, parseRepository } from '../../oci/reference.js'
import { signImages } from '../../sign.js'
import { formatHelp, parseCommandArgs, type OptionSpecs } from '../args.js'
import { commonOptions, type Command } from '../command.js'
import { stderrLogger, type CliIo } from '../io.js'
import { passwordSource } from '../password.js'
import { commandTimeout, registryClient, registryOptions, withTimeout } from '../registry-flags.js'

const SUMMARY = 'Sign container images and push the signatures (cosign .sig format)'

const options = {
  key: { type: 'string', valueName: 'key', description: 'encrypted cosign private key: a path, env://NAME or the PEM text' },
  annotations: { type: 'string', short: 'a', multiple: true, valueName: 'key=value', description: 'extra key=value pairs to sign (repeatable; comma-separated)' },
  recursive: { type: 'boolean', short: 'r', description: 'for an image index, also sign every manifest it lists' },
  output: { type: 'string', valueName: 'format', description: '"json": print the signed manifests as a JSON array on standard output' },
  'sign-container-identity': { type: 'string', valueName: 'ref', description: 'docker-reference to sign instead of the image repository' },
  'max-workers': { type: 'string', valueName: 'n', description: 'images signed at once (default 4)' },
  yes: { type: 'boolean', short: 'y', description: 'accepted for cosign compatibility (sigil never prompts to confirm)' },
  'tlog-upload': { type: 'boolean', description: 'accepted for cosign compatibility: only false is supported (no transparency log upload)' },
  ...registryOptions,
  ...commonOptions,
} as const satisfies OptionSpecs

const NOTES = `
The password comes from COSIGN_PASSWORD when it is set (even empty), else from all of standard input when it is
not a terminal, else from a prompt. COSIGN_REPOSITORY stores the signatures in another repository.
`

export function parseWorkers(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new UsageError(`invalid argument "${value}" for "${flag}": expected a whole number from 1 to 64`)
  return n
}

export const command: Command = {
  summary: SUMMARY,
  run: async (argv: readonly string[], io: CliIo) => {
    const { values, positionals } = parseCommandArgs('sign', argv, options)
    if (values.help) {
      io.stdout.write(formatHelp('sigil sign --key KEY [-a key=value]... [-r] [--output json] IMAGE...', SUMMARY, options) + NOTES)
      return ExitCode.OK
    }
    if (values.key === undefined) throw new UsageError('sign: required flag --key not set (keyless signing is not supported)')
    if (positionals.length === 0) throw new UsageError('sign: at least one image reference is required')
    if (values.output !== undefined && values.output !== 'json') throw new UsageError(`sign: invalid --output "${values.output}": the only format is json`)
    if (values['tlog-upload'] === true) {
      throw new SigilError('UNSUPPORTED', '--tlog-upload=true: sigil does not upload to a transparency log yet; pass --tlog-upload=false')
    }
    const workers = parseWorkers(values['max-workers'], '--max-workers', 4)
    const timeout = commandTimeout(values.timeout)
    const annotations = parseAnnotationFlags(values.annotations ?? [])
    // Every input is checked before the password is asked for.
    for (const image of positionals) parseReference(image)
    if (io.env.COSIGN_REPOSITORY) parseRepository(io.env.COSIGN_REPOSITORY, `COSIGN_REPOSITORY "${io.env.COSIGN_REPOSITORY}"`)
    const logger = stderrLogger(io, values.verbose === true)
    const registry = registryClient(values, io, logger)
    const key = await loadSigningKey(values.key, { env: io.env, cwd: io.cwd, password: passwordSource(io, { confirm: false }) })
    const signed = await withTimeout(timeout, () =>
      signImages({
        images: positionals,
        signer: key,
        registry,
        annotations,
        recursive: values.recursive === true,
        ...(io.env.COSIGN_REPOSITORY ? { signatureRepository: io.env.COSIGN_REPOSITORY } : {}),
        ...(values['sign-container-identity'] ? { containerIdentity: values['sign-container-identity'] } : {}),
        maxWorkers: workers,
        logger,
      }),
    )
    if (values.output === 'json') {
      io.stdout.write(`${JSON.stringify(signed.map(({ image, digest, signatureTag }) => ({ image, digest, signatureTag })))}\n`)
    }
    return ExitCode.OK
  },
}
