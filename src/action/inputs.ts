/**
 * The action's inputs, read and checked in one place (the only module calling core.getInput). Every secret is
 * masked with core.setSecret before any other input is read and before anything is logged. Names match action.yml
 * exactly.
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
  /** The key's password, exactly as given (input, else COSIGN_PASSWORD, else empty). */
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

const PEM_MARKER = '-----BEGIN'

/**
 * Masks a secret, and each of its lines: the runner matches masks line by line, so a multi-line PEM is only hidden
 * in the log when every line is registered. PEM armour lines are public knowledge and stay readable.
 */
export function maskSecret(value: string | undefined): void {
  if (!value) return
  core.setSecret(value)
  if (!/[\r\n]/.test(value)) return
  for (const line of value.split(/\r?\n/)) {
    const t = line.trim()
    if (t.length >= 4 && !/^-----(BEGIN|END) [A-Z0-9 ]+-----$/.test(t)) core.setSecret(t)
  }
}

/** YAML 1.2 core-schema booleans, as core.getBooleanInput accepts them. */
const TRUE = new Set(['true', 'True', 'TRUE'])
const FALSE = new Set(['false', 'False', 'FALSE'])

/**
 * A strict boolean: a misspelt value such as `ture` is an error naming the input and the allowed values, never a
 * silent false.
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
    .split(/[\r\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** Public keys: each PEM block, and each path or env://NAME reference (one per line or comma) around them. */
export function splitPublicKeys(raw: string): string[] {
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g
  const blocks = (raw.match(pem) ?? []).map((b) => `${b}\n`)
  const rest = raw.replace(pem, '\n')
  if (rest.includes(PEM_MARKER)) throw new InputError('INVALID_KEY', 'input "public-key" (PEM text)', 'a PEM block has no matching END line')
  return [...blocks, ...splitList(rest)]
}

/**
 * Reads and checks every input. Secrets are masked first; then the mode, then everything else, so that the first
 * error a user sees is about the input they got wrong.
 */
export function getInputs(env: NodeJS.ProcessEnv = process.env): ActionInputs {
  const keyInput = core.getInput('key')
  // The password is taken byte for byte, as cosign takes COSIGN_PASSWORD: no trimming.
  const passwordInput = core.getInput('password', { trimWhitespace: false })
  const registryPassword = core.getInput('registry-password', { trimWhitespace: false })
  if (keyInput.includes(PEM_MARKER)) maskSecret(keyInput)
  maskSecret(passwordInput)
  maskSecret(registryPassword)
  const envKey = /^env:\/\/(.+)$/.exec(keyInput)?.[1]
  if (envKey) maskSecret(env[envKey])
  maskSecret(env.COSIGN_PASSWORD)

  const modeRaw = core.getInput('mode') || 'sign'
  if (!(MODES as readonly string[]).includes(modeRaw)) {
    throw new InputError('INVALID_INPUT', 'input "mode"', `"${modeRaw}" is not one of ${MODES.join(', ')}`)
  }
  const mode = modeRaw as Mode
  const recursive = booleanInput('recursive')
  const allowHttpRegistry = booleanInput('allow-http-registry')
  const allowInsecureRegistry = booleanInput('allow-insecure-registry')
  const images = splitList(core.getInput('images'))
  const publicKeyInput = core.getInput('public-key')
  const annotations = parseAnnotationFlags(
    core
      .getInput('annotations')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== ''),
    'input "annotations"',
  )
  const registryUsername = core.getInput('registry-username')
  if ((registryUsername === '') !== (registryPassword === '')) {
    throw new InputError('INVALID_INPUT', 'inputs "registry-username" and "registry-password"', 'give both or neither')
  }
  const inputs: ActionInputs = {
    mode,
    images,
    key: keyInput === '' ? undefined : keyInput,
    password: passwordInput !== '' ? passwordInput : (env.COSIGN_PASSWORD ?? ''),
    publicKeys: mode === 'verify' ? splitPublicKeys(publicKeyInput) : [],
    annotations,
    recursive,
    registryUsername: registryUsername === '' ? undefined : registryUsername,
    registryPassword: registryPassword === '' ? undefined : registryPassword,
    allowHttpRegistry,
    allowInsecureRegistry,
  }
  if (mode === 'install') return inputs

  if (images.length === 0) throw new InputError('INVALID_INPUT', 'input "images"', `is required in ${mode} mode`)
  for (const image of images) parseReference(image, `input "images": "${image}"`)
  if (mode === 'sign') {
    if (inputs.key === undefined) throw new InputError('INVALID_INPUT', 'input "key"', 'is required in sign mode (the encrypted private key: PEM text, a path or env://NAME)')
    if (publicKeyInput !== '') throw new InputError('INVALID_INPUT', 'input "public-key"', 'is for verify mode; sign mode takes the private key in "key"')
  } else {
    if (inputs.publicKeys.length === 0) {
      throw new InputError('INVALID_INPUT', 'input "public-key"', `is required in verify mode${inputs.key ? ' ("key" is the private key, for sign mode)' : ''}`)
    }
    if (inputs.key !== undefined) throw new InputError('INVALID_INPUT', 'input "key"', 'is for sign mode; verify mode takes "public-key"')
    if (recursive) throw new InputError('INVALID_INPUT', 'input "recursive"', 'applies to sign mode only (verify each manifest by its own reference)')
  }
  return inputs
}
