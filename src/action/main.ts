/**
 * The GitHub Action: reads the inputs, runs the signing core, writes outputs and a job summary. Failures end in
 * core.setFailed with the one-line cause; a failed verification fails the step.
 */
import * as core from '@actions/core'
import { errorMessage, SigilError } from '../errors.js'
import { loadSigningKey, loadVerificationKey } from '../keys/index.js'
import type { Logger } from '../log.js'
import { RegistryClient } from '../registry/index.js'
import { signImages } from '../sign.js'
import { verifyImages, type VerifiedImage } from '../verify.js'
import { VERSION } from '../version.js'
import { getInputs, type ActionInputs } from './inputs.js'
import { installCli } from './install.js'
import { Outputs, type SignatureRecord } from './outputs.js'
import { writeSummary } from './summary.js'

const logger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
}

function registry(inputs: ActionInputs, env: NodeJS.ProcessEnv): RegistryClient {
  return new RegistryClient({
    env,
    ...(inputs.registryUsername !== undefined && inputs.registryPassword !== undefined
      ? { credentials: { username: inputs.registryUsername, password: inputs.registryPassword } }
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

async function sign(inputs: ActionInputs, env: NodeJS.ProcessEnv): Promise<void> {
  const password = inputs.password
  const key = await loadSigningKey(inputs.key as string, {
    env,
    flag: 'input "key"',
    password: async () => new Uint8Array(Buffer.from(password, 'utf8')),
  })
  const signed = await signImages({
    images: inputs.images,
    signer: key,
    registry: registry(inputs, env),
    annotations: inputs.annotations,
    recursive: inputs.recursive,
    ...(env.COSIGN_REPOSITORY ? { signatureRepository: env.COSIGN_REPOSITORY } : {}),
    logger,
  })
  const records = signed.map(({ image, digest, signatureTag }) => ({ image, digest, signatureTag }))
  setOutputs(records)
  await writeSummary('sign', signed.map((s) => ({ ...s, note: s.written ? 'signed' : 'already signed' })), [])
}

async function verify(inputs: ActionInputs, env: NodeJS.ProcessEnv): Promise<void> {
  const keys = await Promise.all(inputs.publicKeys.map((ref) => loadVerificationKey(ref, { env, flag: 'input "public-key"' })))
  const verified: VerifiedImage[] = []
  await verifyImages(
    {
      images: inputs.images,
      keys,
      registry: registry(inputs, env),
      annotations: inputs.annotations,
      ...(env.COSIGN_REPOSITORY ? { signatureRepository: env.COSIGN_REPOSITORY } : {}),
      logger,
    },
    (v) => {
      verified.push(v)
      core.info(`Verified ${v.reference} (${v.digest}): ${v.signatures.length} signature(s)`)
    },
  )
  const records = verified.map(({ image, digest, signatureTag }) => ({ image, digest, signatureTag }))
  setOutputs(records)
  await writeSummary(
    'verify',
    verified.map((v) => ({ ...v, note: `${v.signatures.length} signature(s) verified` })),
    verified[0]?.checks ?? [],
  )
}

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const inputs = getInputs(env)
    if (inputs.mode === 'install') {
      const dir = await installCli()
      core.setOutput(Outputs.Path, dir)
      return
    }
    if (inputs.mode === 'sign') await sign(inputs, env)
    else await verify(inputs, env)
  } catch (err) {
    const message = err instanceof SigilError ? err.message : `internal error: ${errorMessage(err)}`
    const [first, ...details] = message.split('\n')
    for (const line of details) core.error(line.trim())
    core.setFailed(first ?? message)
  }
}
