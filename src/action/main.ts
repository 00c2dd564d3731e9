/**
 * The GitHub Action: reads the inputs, runs the signing core, writes outputs and a job summary. Failures end in
 * core.setFailed with a one-line cause; a failed verification fails the step.
 */
import * as core from '@actions/core'
import { errorMessage, SigilError } from '../errors.js'
import { loadSigningKey, loadVerificationKey } from '../keys/index.js'
import type { Logger } from '../log.js'
import { parseReference } from '../oci/reference.js'
import { RegistryClient } from '../registry/index.js'
import { signImages } from '../sign.js'
import { verifyImages, type VerifiedImage } from '../verify.js'
import { VERSION } from '../version.js'
import { getInputs, type ActionInputs } from './inputs.js'
import { installCli } from './install.js'
import { Outputs, type SignatureRecord } from './outputs.js'
import { writeFailureSummary, writeSummary } from './summary.js'

const logger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
}

function registry(inputs: ActionInputs, env: NodeJS.ProcessEnv): RegistryClient {
  return new RegistryClient({
    env,
    ...(inputs.registryUsername !== undefined && inputs.registryPassword !== undefined
      ? { credentials: { username: inputs.registryUsername, password: inputs.registryPassword, source: 'the registry-username and registry-password inputs' } }
      : {}),
    allowHttp: inputs.allowHttpRegistry,
    allowInsecure: inputs.allowInsecureRegistry,
    logger,
    userAgent: `sigil-action/${VERSION}`,
  })
}

function setOutputs(records: readonly SignatureRecord[]): void {
  core.setOutput(Outputs.Digest, records[0]?.digest ?? '')
  core.setOutput(Outputs.SignatureTag, records[0]?.signatureTag ?? '')
  core.setOutput(Outputs.Signatures, JSON.stringify(records))
}

async function sign(inputs: ActionInputs, env: NodeJS.ProcessEnv, client: RegistryClient): Promise<void> {
  const password = inputs.password
  // Decrypted in memory only; the password buffer handed over is wiped by the core after use.
  const key = await loadSigningKey(inputs.key as string, {
    env,
    flag: 'input "key"',
    password: async () => new Uint8Array(Buffer.from(password, 'utf8')),
  })
  const signed = await signImages({
    images: inputs.images,
    signer: key,
    registry: client,
    annotations: inputs.annotations,
    recursive: inputs.recursive,
    ...(env.COSIGN_REPOSITORY ? { signatureRepository: env.COSIGN_REPOSITORY } : {}),
    logger,
  })
  for (const s of signed) core.info(`${s.written ? 'Signed' : 'Already signed'} ${s.image}: ${s.signatureTag}`)
  setOutputs(signed.map(({ image, digest, signatureTag }) => ({ image, digest, signatureTag })))
  await writeSummary({
    mode: 'sign',
    rows: signed.map((s) => ({ ...s, note: s.written ? 'signed' : 'already signed (unchanged)' })),
    annotations: inputs.annotations,
  })
}

async function verify(inputs: ActionInputs, env: NodeJS.ProcessEnv, client: RegistryClient): Promise<void> {
  const keys = await Promise.all(inputs.publicKeys.map((ref) => loadVerificationKey(ref, { env, flag: 'input "public-key"' })))
  for (const image of inputs.images) {
    if (!parseReference(image).digest) {
      logger.warn(
        `Image reference ${image} uses a tag, not a digest: the manifest the tag points to now is verified. ` +
          'Pin the digest (the sign step\'s "digest" output) to verify exactly what was signed.',
      )
    }
  }
  logger.info('sigil does not check transparency log entries: the signatures were verified with the public key only (as cosign --insecure-ignore-tlog).')
  const verified: VerifiedImage[] = []
  await verifyImages(
    {
      images: inputs.images,
      keys,
      registry: client,
      annotations: inputs.annotations,
      ...(env.COSIGN_REPOSITORY ? { signatureRepository: env.COSIGN_REPOSITORY } : {}),
      logger,
    },
    (v) => {
      verified.push(v)
      core.info(`Verified ${v.reference} (${v.digest}): ${v.signatures.length} signature(s) in ${v.signatureTag}`)
    },
  )
  setOutputs(verified.map(({ image, digest, signatureTag }) => ({ image, digest, signatureTag })))
  await writeSummary({
    mode: 'verify',
    rows: verified.map((v) => ({ ...v, note: `${v.signatures.length} signature(s) verified` })),
    checks: verified[0]?.checks ?? [],
    keyCount: keys.length,
    annotations: inputs.annotations,
  })
}

/** The cause on one line: a multi-line message (no matching signatures, one reason per layer) is joined. */
export function oneLine(message: string): string {
  const [first = '', ...rest] = message.split('\n').map((l) => l.trim())
  const details = rest.filter((l) => l !== '')
  return details.length === 0 ? first : `${first} ${details.join('; ')}`
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let inputs: ActionInputs | undefined
  let client: RegistryClient | undefined
  try {
    inputs = getInputs(env)
    if (inputs.mode === 'install') {
      const dir = await installCli()
      core.setOutput(Outputs.Path, dir)
      return
    }
    client = registry(inputs, env)
    if (inputs.mode === 'sign') await sign(inputs, env, client)
    else await verify(inputs, env, client)
  } catch (err) {
    const message = oneLine(err instanceof SigilError ? err.message : `internal error: ${errorMessage(err)}`)
    core.setFailed(message)
    if (inputs && inputs.mode !== 'install') {
      try {
        await writeFailureSummary(inputs.mode, message)
      } catch {
        // A summary that cannot be written must not hide the failure itself.
      }
    }
  } finally {
    await client?.close()
  }
}
