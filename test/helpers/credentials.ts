// Credential sources for tests: docker config files, containers auth files, and `docker-credential-*` helper
// scripts (POSIX sh) that a test puts on PATH.
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface HelperAnswer {
  readonly Username: string
  readonly Secret: string
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** Writes `<dir>/config.json` (a docker config) and returns `dir` (for DOCKER_CONFIG). */
export async function writeDockerConfig(dir: string, config: unknown): Promise<string> {
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'config.json'), JSON.stringify(config, null, 2))
  return dir
}

/** `base64(user:password)`, the `auth` field of docker config entries. */
export function authField(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString('base64')
}

/**
 * Writes `<binDir>/docker-credential-<name>`: `get` reads the server URL from stdin, appends it to `logFile`, and
 * answers from `answers` (keyed by server URL) or says "credentials not found" with exit code 1.
 */
export async function writeCredentialHelper(
  binDir: string,
  name: string,
  answers: Readonly<Record<string, HelperAnswer>>,
  logFile: string,
): Promise<string> {
  await mkdir(binDir, { recursive: true })
  const cases = Object.entries(answers)
    .map(([url, a]) => `  ${shellQuote(url)}) printf '%s' ${shellQuote(JSON.stringify({ ServerURL: url, ...a }))} ;;`)
    .join('\n')
  const script = [
    '#!/bin/sh',
    '[ "$1" = get ] || { echo "unsupported: $1" >&2; exit 2; }',
    'url=$(cat)',
    `printf '%s\\n' "$url" >> ${shellQuote(logFile)}`,
    'case "$url" in',
    cases,
    '  *) echo "credentials not found in native keychain"; exit 1 ;;',
    'esac',
    '',
  ].join('\n')
  const path = join(binDir, `docker-credential-${name}`)
  await writeFile(path, script)
  await chmod(path, 0o755)
  return path
}
