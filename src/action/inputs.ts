/**
 * The action's inputs, read and checked in one place (the only module calling core.getInput). Every secret is
 * masked with core.setSecret before anything is logged. Names match action.yml exactly.
 */
import * as core from '@actions/core'
import { parseAnnotationFlags } from '../cosign/payload.js'
import { InputError } from '../errors.js'
import { parseReference } from '../oci/reference.js'

export const MODES = ['sign', 'verify', 'install'] as const
export type Mode = (typeof MODES)[number]

export interface ActionInputs {
  readonly mode: Mode
  readonly images: string[]
  /** Private key reference (PEM text, path or env://NAME); sign only. */
  readonly key: string | undefined
  readonly password: string
  /** Public key references (PEM texts, paths or env://NAME); verify only. */
  readonly publicKeys: string[]
  readonly annotations: Record<string, string>
  readonly recursive: boolean
  readonly registryUsername: string | undefined
  readonly registryPassword: string | undefined
  readonly allowHttpRegistry: boolean
  readonly allowInsecureRegistry: boolean
}

/** Masks a secret line by line: the runner matches masks per line, so a multi-line PEM needs each line masked. */
export function maskSecret(value: string | undefined): void {
  if (!value) return
  core.setSecret(value)
  for (const line of value.split(/\r?\n/)) {
    const t = line.trim()
    if (t.length >= 4 && !/^-----(BEGIN|END) [A-Z ]+-----$/.test(t)) core.setSecret(t)
  }
}

const TRUE = new Set(['true', 'True', 'TRUE'])
const FALSE = new Set(['false', 'False', 'FALSE'])

/**
 * A strict boolean (YAML 1.2 core schema, as core.getBooleanInput): a misspelt value such as `ture` is an error
 * naming the input and the allowed values, never a silent false.
 */
function booleanInput(name: string): boolean {
  const raw = core.getInput(name)
  if (raw === '' || FALSE.has(raw)) return false
  if (TRUE.has(raw)) return true
  throw new InputError('INVALID_INPUT', `input "${name}"`, `"${raw}" is not a boolean; use true or false`)
}

/** One or more references, one per line or comma-separated; blank entries ignored. */
export function splitList(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** Public keys: PEM blocks when the input holds PEM text, else one reference per line or comma. */
export function splitPublicKeys(raw: string): string[] {
  if (raw.includes('-----BEGIN ')) {
    const blocks = raw.match(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g) ?? []
    return blocks.map((b) => `${b}\n`)
  }
  return splitList(raw)
}

export function getInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  // Secrets first: masked before any other input is read or any line is logged.
  const keyInput = core.getInput('key')
  if (keyInput.includes('-----BEGIN')) maskSecret(keyInput)
  const passwordInput = core.getInput('password')
  maskSecret(passwordInput)
  const registryPassword = core.getInput('registry-password')
  maskSecret(registryPassword)
  const envKey = /^env:\/\/(.+)$/.exec(keyInput.trim())?.[1]
  if (envKey) maskSecret(env[envKey])
  if (env.COSIGN_PASSWORD) maskSecret(env.COSIGN_PASSWORD)

  const modeRaw = core.getInput('mode') || 'sign'
  if (!(MODES as readonly string[]).includes(modeRaw)) {
    throw new InputError('INVALID_INPUT', 'input "mode"', `"${modeRaw}" is not one of ${MODES.join(', ')}`)
  }
  const mode = modeRaw as Mode
  const images = splitList(core.getInput('images'))
  const publicKeys = splitPublicKeys(core.getInput('public-key'))
  const annotations = parseAnnotationFlags(
    core
      .getInput('annotations')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
    'input "annotations"',
  )
  const registryUsername = core.getInput('registry-username')
  const inputs: ActionInputs = {
    mode,
    images,
    key: keyInput.trim() === '' ? undefined : keyInput.includes('-----BEGIN') ? keyInput : keyInput.trim(),
    password: passwordInput !== '' ? passwordInput : (env.COSIGN_PASSWORD ?? ''),
    publicKeys,
    annotations,
    recursive: booleanInput('recursive'),
    registryUsername: registryUsername === '' ? undefined : registryUsername,
    registryPassword: registryPassword === '' ? undefined : registryPassword,
    allowHttpRegistry: booleanInput('allow-http-registry'),
    allowInsecureRegistry: booleanInput('allow-insecure-registry'),
  }
  if ((inputs.registryUsername === undefined) !== (inputs.registryPassword === undefined)) {
    throw new InputError('INVALID_INPUT', 'inputs "registry-username" and "registry-password"', 'give both or neither')
  }
  if (mode === 'install') return inputs
  if (images.length === 0) throw new InputError('INVALID_INPUT', 'input "images"', `is required in ${mode} mode`)
  images.forEach((image) => parseReference(image, `input "images": "${image}"`))
  if (mode === 'sign' && inputs.key === undefined) throw new InputError('INVALID_INPUT', 'input "key"', 'is required in sign mode')
  if (mode === 'verify' && publicKeys.length === 0) throw new InputError('INVALID_INPUT', 'input "public-key"', 'is required in verify mode')
  return inputs
}
