import { signatureTag } from '../../cosign/signature-manifest.js'
import { ExitCode, UsageError } from '../../errors.js'
import { parseReference, parseRepository, repositoryName } from '../../oci/reference.js'
import { resolveImage } from '../../resolve.js'
import { formatHelp, parseCommandArgs, type OptionSpecs } from '../args.js'
import { commonOptions, type Command } from '../command.js'
import { stderrLogger, type CliIo } from '../io.js'
import { commandTimeout, registryClient, registryOptions, withTimeout } from '../registry-flags.js'

const SUMMARY = 'Print the location of the signature tag of an image'

const options = {
  type: { type: 'string', valueName: 'kind', description: 'signature (default), attestation or sbom: the tag suffix .sig, .att or .sbom' },
  ...registryOptions,
  ...commonOptions,
} as const satisfies OptionSpecs

const SUFFIX: Record<string, string> = { signature: 'sig', attestation: 'att', sbom: 'sbom' }

export const command: Command = {
  summary: SUMMARY,
  run: async (argv: readonly string[], io: CliIo) => {
    const { values, positionals } = parseCommandArgs('triangulate', argv, options)
    if (values.help) {
      io.stdout.write(formatHelp('sigil triangulate [--type signature|attestation|sbom] IMAGE', SUMMARY, options))
      return ExitCode.OK
    }
    if (positionals.length !== 1) throw new UsageError('triangulate: exactly one image reference is required')
    const timeout = commandTimeout(values.timeout)
    const suffix = SUFFIX[values.type ?? 'signature']
    if (!suffix) throw new UsageError(`triangulate: invalid --type "${values.type}": expected signature, attestation or sbom`)
    const ref = parseReference(positionals[0] as string)
    const target = io.env.COSIGN_REPOSITORY ? parseRepository(io.env.COSIGN_REPOSITORY, `COSIGN_REPOSITORY "${io.env.COSIGN_REPOSITORY}"`) : ref
    const logger = stderrLogger(io, values.verbose === true)
    const registry = registryClient(values, io, logger)
    const digest = ref.digest ?? (await withTimeout(timeout, () => resolveImage(registry, ref))).digest
    io.stdout.write(`${repositoryName(target)}:${signatureTag(digest, suffix)}\n`)
    return ExitCode.OK
  },
}
