/**
 * mode: install — puts the bundled `sigil` CLI on PATH for later `run:` steps, through the tool cache. Nothing is
 * downloaded: the CLI ships in this action's dist/cli, next to the action's own bundle.
 */
import * as core from '@actions/core'
import * as exec from '@actions/exec'
import * as tc from '@actions/tool-cache'
import { access, chmod, cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SigilError } from '../errors.js'
import { VERSION } from '../version.js'

/** dist/cli, next to this bundle's dist/action. */
export function bundledCliDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'cli')
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/**
 * The POSIX launcher. It runs the CLI with the Node that ran the action (the runner's node24) while that binary
 * exists, else with the `node` on PATH (a tool cache kept across runner updates on a self-hosted runner).
 */
export function launcherScript(nodePath: string): string {
  return [
    '#!/bin/sh',
    '# sigil launcher written by the sigil action (mode: install)',
    `node=${shellQuote(nodePath)}`,
    '[ -x "$node" ] || node=node',
    'exec "$node" "$(dirname "$0")/lib/index.js" "$@"',
    '',
  ].join('\n')
}

export async function installCli(): Promise<string> {
  const source = bundledCliDir()
  try {
    await access(join(source, 'index.js'))
  } catch {
    throw new SigilError('IO', `mode "install": the bundled CLI is missing (${join(source, 'index.js')}); the action's dist/ is incomplete`)
  }
  let dir = tc.find('sigil', VERSION)
  if (dir) {
    core.info(`sigil ${VERSION} found in the tool cache: ${dir}`)
  } else {
    const stage = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'sigil-install-'))
    try {
      await cp(source, join(stage, 'lib'), { recursive: true })
      await writeFile(join(stage, 'sigil'), launcherScript(process.execPath))
      await chmod(join(stage, 'sigil'), 0o755)
      await writeFile(join(stage, 'sigil.cmd'), '@echo off\r\nnode "%~dp0lib\\index.js" %*\r\n')
      dir = await tc.cacheDir(stage, 'sigil', VERSION)
    } finally {
      await rm(stage, { recursive: true, force: true })
    }
    core.info(`sigil ${VERSION} cached in ${dir}`)
  }
  core.addPath(dir)
  // Prove the installed CLI runs before later steps rely on it.
  await exec.exec(join(dir, process.platform === 'win32' ? 'sigil.cmd' : 'sigil'), ['version'])
  core.info(`sigil ${VERSION} is on PATH for the following steps: run "sigil verify --key cosign.pub IMAGE"`)
  return dir
}
