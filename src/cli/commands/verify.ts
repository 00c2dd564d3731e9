import { parseAnnotationFlags } from '../../cosign/payload.js'
import { ExitCode, UsageError } from '../../errors.js'
import { loadVerificationKey } from '../../keys/index.js'
import { parseReference, parseRepository } from '../../oci/reference.js'
import { verifyImages, type VerifiedImage } from '../../verify.js'
import { formatHelp, parseCommandArgs, type OptionSpecs } from '../args.js'
import { commonOptions, type Command } from '../command.js'
import { stderrLogger, type CliIo } from '../io.js'
import { commandTimeout, registryClient, registryOptions, withTimeout } from '../registry-flags.js'
import { parseWorkers } from './sign.js'

const SUMMARY = 'Verify the signatures of container images with public keys'

const options = {
  key: { type: 'string', multiple: true, valueName: 'key', description: 'public key (path, env://NAME or PEM text); repeat to accept any of several' },
  annotations: { type: 'string', short: 'a', multiple: true, valueName: 'key=value', description: 'require these key=value pairs in the signed payload' },
  output: { type: 'string', short: 'o', valueName: 'format', description: 'json (default): the verified payloads as a JSON array; text: the raw payloads' },
  'max-workers': { type: 'string', valueName: 'n', description: 'signatures checked at once (default 10)' },
  'insecure-ignore-tlog': { type: 'boolean', description: 'accepted for cosign compatibility: sigil does not check a transparency log yet' },
  'check-claims': { type: 'boolean', description: 'accepted for cosign compatibility; claims are always checked' },
  ...registryOptions,
  ...commonOptions,
} as const satisfies OptionSpecs

const NOTES = `
Exit codes (as cosign): 0 verified, 10 no signatures found, 11 image not found, 12 no matching signatures,
1 anything else, 2 usage. COSIGN_REPOSITORY reads the signatures from another repository.
`

const TLOG_SKIPPED_COSIGN =
  'Skipping tlog verification is an insecure practice that lacks of transparency and auditability verification for the signature.'
const TLOG_NOT_CHECKED = 'sigil does not check transparency log entries: the signatures were verified with the public key only (as cosign --insecure-ignore-tlog).'

function report(v: VerifiedImage, io: CliIo, format: string): void {
  io.stderr.write(`\nVerification for ${v.reference} --\nThe following checks were performed on each of these signatures:\n`)
  for (const check of v.checks) io.stderr.write(`  - ${check}\n`)
  if (format === 'text') {
    for (const s of v.signatures) io.stdout.write(`${Buffer.from(s.raw).toString('utf8')}\n`)
  } else {
    io.stdout.write(`\n[${v.signatures.map((s) => s.json).join(',')}]\n`)
  }
}

export const command: Command = {
  summary: SUMMARY,
  run: async (argv: readonly string[], io: CliIo) => {
    const { values, positionals } = parseCommandArgs('verify', argv, options)
    if (values.help) {
      io.stdout.write(formatHelp('sigil verify --key KEY [--key KEY2]... [-a key=value]... [-o json|text] IMAGE...', SUMMARY, options) + NOTES)
      return ExitCode.OK
    }
    const keyRefs = values.key ?? []
    if (keyRefs.length === 0) throw new UsageError('verify: required flag --key not set (keyless verification is not supported)')
    if (positionals.length === 0) throw new UsageError('verify: at least one image reference is required')
    const format = values.output ?? 'json'
    if (format !== 'json' && format !== 'text') throw new UsageError(`verify: invalid --output "${format}": expected json or text`)
    const workers = parseWorkers(values['max-workers'], '--max-workers', 10)
    const timeout = commandTimeout(values.timeout)
    const annotations = parseAnnotationFlags(values.annotations ?? [])
    for (const image of positionals) parseReference(image)
    if (io.env.COSIGN_REPOSITORY) parseRepository(io.env.COSIGN_REPOSITORY, `COSIGN_REPOSITORY "${io.env.COSIGN_REPOSITORY}"`)
    const keys = await Promise.all(keyRefs.map((ref) => loadVerificationKey(ref, { env: io.env, cwd: io.cwd })))
    const logger = stderrLogger(io, values.verbose === true)
    const registry = registryClient(values, io, logger)
    logger.warn(values['insecure-ignore-tlog'] ? TLOG_SKIPPED_COSIGN : TLOG_NOT_CHECKED)
    await withTimeout(timeout, () =>
      verifyImages(
        {
          images: positionals,
          keys,
          registry,
          annotations,
          ...(io.env.COSIGN_REPOSITORY ? { signatureRepository: io.env.COSIGN_REPOSITORY } : {}),
          maxWorkers: workers,
          logger,
        },
        (v) => report(v, io, format),
      ),
    )
    return ExitCode.OK
  },
}
