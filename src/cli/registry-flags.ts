import { SigilError, UsageError } from '../errors.js'
import { RegistryClient } from '../registry/index.js'
import { VERSION } from '../version.js'
import type { OptionSpecs } from './args.js'
import { parseGoDuration } from './duration.js'
import type { CliIo } from './io.js'
import type { Logger } from '../log.js'

/** Registry flags shared by sign, verify and triangulate (cosign's names). */
export const registryOptions = {
  'registry-username': { type: 'string', valueName: 'user', description: 'registry user name (else SIGIL_REGISTRY_USERNAME, else the docker config)' },
  'registry-password': { type: 'string', valueName: 'password', description: 'registry password (prefer SIGIL_REGISTRY_PASSWORD: flags are visible to other processes)' },
  'allow-http-registry': { type: 'boolean', description: 'allow plain http to registries that are not on loopback' },
  'allow-insecure-registry': { type: 'boolean', description: 'accept self-signed or otherwise untrusted TLS certificates' },
  timeout: { type: 'string', short: 't', valueName: 'duration', description: 'time limit of the whole command (default 3m0s)' },
} as const satisfies OptionSpecs

interface RegistryValues {
  'registry-username'?: string | undefined
  'registry-password'?: string | undefined
  'allow-http-registry'?: boolean | undefined
  'allow-insecure-registry'?: boolean | undefined
}

/**
 * The registry client for a command. Explicit credentials come from the flags, or from SIGIL_REGISTRY_USERNAME
 * and SIGIL_REGISTRY_PASSWORD (so that CI templates need not put a password on a command line).
 */
export function registryClient(values: RegistryValues, io: CliIo, logger: Logger): RegistryClient {
  const username = values['registry-username'] ?? io.env.SIGIL_REGISTRY_USERNAME
  const password = values['registry-password'] ?? io.env.SIGIL_REGISTRY_PASSWORD
  if ((username === undefined) !== (password === undefined)) {
    throw new UsageError('--registry-username and --registry-password (or SIGIL_REGISTRY_USERNAME and SIGIL_REGISTRY_PASSWORD) go together')
  }
  return new RegistryClient({
    env: io.env,
    ...(username !== undefined && password !== undefined ? { credentials: { username, password } } : {}),
    allowHttp: values['allow-http-registry'] === true,
    allowInsecure: values['allow-insecure-registry'] === true,
    logger,
    userAgent: `sigil/${VERSION}`,
  })
}

/** cosign's --timeout (default 3m0s), checked with the other flags before any work. 0 means no limit. */
export interface CommandTimeout {
  readonly text: string
  readonly ms: number
}

export function commandTimeout(timeout: string | undefined): CommandTimeout {
  const text = timeout ?? '3m0s'
  return { text, ms: parseGoDuration(text, '--timeout') }
}

/** Runs `work` under the command's --timeout. */
export async function withTimeout<T>(timeout: CommandTimeout, work: () => Promise<T>): Promise<T> {
  if (timeout.ms <= 0) return work()
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CommandTimeoutError(timeout.text)), timeout.ms)
    timer.unref()
  })
  try {
    return await Promise.race([work(), expired])
  } finally {
    clearTimeout(timer)
  }
}

class CommandTimeoutError extends SigilError {
  constructor(timeout: string) {
    super('REGISTRY_TIMEOUT', `the command did not finish within --timeout ${timeout}`)
  }
}
