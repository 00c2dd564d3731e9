import { errorMessage, exitCodeFor, ExitCode, printable, SigilError, UsageError } from '../errors.js'
import { VERSION } from '../version.js'
import type { Command } from './command.js'
import { processIo, type CliIo } from './io.js'

/**
 * Commands load on demand so that `sigil --version` and `sigil help` stay close to bare Node start-up time.
 * The summaries live here for the same reason.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  'generate-key-pair': {
    summary: 'Generate an encrypted cosign-compatible key pair (cosign.key, cosign.pub)',
    load: async () => (await import('./commands/generate-key-pair.js')).command,
  },
  'import-key-pair': {
    summary: 'Encrypt an existing PEM private key into a cosign-compatible key pair',
    load: async () => (await import('./commands/import-key-pair.js')).command,
  },
  'public-key': {
    summary: 'Print the public key of a private key',
    load: async () => (await import('./commands/public-key.js')).command,
  },
  sign: {
    summary: 'Sign container images and push the signatures (cosign .sig format)',
    load: async () => (await import('./commands/sign.js')).command,
  },
  verify: {
    summary: 'Verify the signatures of container images with public keys',
    load: async () => (await import('./commands/verify.js')).command,
  },
  triangulate: {
    summary: 'Print the location of the signature tag of an image',
    load: async () => (await import('./commands/triangulate.js')).command,
  },
  version: {
    summary: 'Print the version',
    load: async () => ({
      summary: 'Print the version',
      run: async (_argv, io) => {
        io.stdout.write(`${VERSION}\n`)
        return ExitCode.OK
      },
    }),
  },
}

function help(): string {
  const names = Object.keys(COMMANDS)
  const width = Math.max(...names.map((n) => n.length))
  return [
    'sigil: sign and verify container images with cosign-compatible keys',
    '',
    'Usage: sigil <command> [flags] [args]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n]?.summary ?? ''}`),
    '',
    'Run "sigil <command> --help" for the flags of a command.',
    '',
  ].join('\n')
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(help())
    return name === undefined ? ExitCode.USAGE : ExitCode.OK
  }
  if (name === '--version') {
    io.stdout.write(`${VERSION}\n`)
    return ExitCode.OK
  }
  try {
    const entry = COMMANDS[name]
    if (!entry) throw new UsageError(`unknown command "${name}" for "sigil"; run "sigil help" for the list`)
    const command = await entry.load()
    return await command.run(rest, io)
  } catch (err) {
    return report(err, io)
  }
}

/**
 * Prints the error as cosign does (`Error: <message>`), never with a stack trace, and picks the exit code. The
 * message stays on one line whatever the input held (control characters are escaped); only the per-layer reasons
 * of NO_MATCHING_SIGNATURES get lines of their own.
 */
export function report(err: unknown, io: CliIo): number {
  const message = err instanceof SigilError ? err.message : `internal error: ${errorMessage(err)}`
  const lines = err instanceof SigilError && err.code === 'NO_MATCHING_SIGNATURES' ? message.split('\n') : [message]
  io.stderr.write(`Error: ${lines.map(printable).join('\n')}\n`)
  if (err instanceof UsageError) io.stderr.write('Run "sigil help" or "sigil <command> --help" for usage.\n')
  return exitCodeFor(err)
}
