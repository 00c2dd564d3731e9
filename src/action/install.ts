/**
 * mode: install — puts the bundled `sigil` CLI on PATH for later `run:` steps, through the tool cache: nothing is
 * downloaded (the CLI ships in this action's dist/cli).
 */
import * as core from '@actions/core'
import * as exec from '@actions/exec'
import * as tc from '@actions/tool-cache'
import { cp, mkdtemp, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { VERSION } from '../version.js'

/** dist/cli, next to this bundle's dist/action. */
function bundledCliDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'cli')
}

export async function installCli(): Promise<string> {
  let dir = tc.find('sigil', VERSION)
  if (!dir) {
    const stage = await mkdtemp(join(process.env.RUNNER_TEMP || tmpdir(), 'sigil-install-'))
    await cp(bundledCliDir(), join(stage, 'lib'), { recursive: true })
    // Launchers: the node running this action (the runner's node24) unless another is on PATH at call time.
    const node = process.execPath
    await writeFile(
      join(stage, 'sigil'),
      `#!/bin/sh\nd=$(dirname "$0")\nif command -v node >/dev/null 2>&1; then exec node "$d/lib/index.js" "$@"; fi\nexec "${node}" "$d/lib/index.js" "$@"\n`,
    )
    await chmod(join(stage, 'sigil'), 0o755)
    await writeFile(join(stage, 'sigil.cmd'), `@echo off\r\nnode "%~dp0lib\\index.js" %*\r\n`)
    dir = await tc.cacheDir(stage, 'sigil', VERSION)
  }
  core.addPath(dir)
  // Prove the installed CLI runs before later steps rely on it.
  await exec.exec(join(dir, process.platform === 'win32' ? 'sigil.cmd' : 'sigil'), ['version'])
  core.info(`sigil ${VERSION} installed in ${dir} and added to PATH`)
  return dir
}
