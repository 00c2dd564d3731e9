/**
 * `npm run demo` (scripts/demo.sh): the walkthrough end to end against a registry it starts itself: push, keys,
 * sign, verify, tamper (exit 10), attacker signature (exit 12), with the digest and signature tag shown, and
 * everything stopped and removed at the end. And the message when no registry can be run.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/action.js'

function demo(env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [join(REPO_ROOT, 'scripts', 'demo.sh')], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 170_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

describe('npm run demo', () => {
  it('is scripts/demo.sh', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts.demo).toBe('bash scripts/demo.sh')
  })

  it('runs the walkthrough end to end and cleans up', async () => {
    const r = await demo()
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const out = r.stdout
    const steps = [...out.matchAll(/^==> (.*)$/gm)].map((m) => m[1])
    expect(steps).toEqual([
      '0. Dependencies (scripts/ensure-deps.sh)',
      '1. Start a local registry',
      '2. Build and push a small image (one layer: /hello.txt)',
      '3. Generate a key pair (cosign.key encrypted with COSIGN_PASSWORD, cosign.pub)',
      '4. Sign the image by digest',
      '5. Verify it (by tag: the digest v1 points to now)',
      '6. Tamper: push other content under the same tag',
      '7. The attacker signs the new content with their own key',
      'Done',
    ])
    const host = /on (127\.0\.0\.1:\d+)/.exec(out)?.[1]
    expect(host).toBeDefined()
    const digest = /^ {4}digest: {8}(sha256:[0-9a-f]{64})$/m.exec(out)?.[1]
    expect(digest).toBeDefined()
    const sigTag = `${host}/demo/hello:${digest!.replace(':', '-')}.sig`
    expect(out).toContain(`    signature tag: ${sigTag}\n`)
    expect(out).toContain(`"docker-manifest-digest": "${digest}"`)
    expect(out).toContain(`OK: ${host}/demo/hello:v1 (${digest}) is signed by cosign.pub`)
    expect(out).toMatch(new RegExp(`Error: no signatures found for ${host}/demo/hello:v1 .*\\n {4}exit code 10\\n`))
    expect(out).toMatch(/Error: no matching signatures for .*\n.*invalid signature when validating ASN\.1 encoded signature\n {4}exit code 12\n/)
    expect(out).toContain('the original digest still verifies')
    // Nothing left behind: the registry is gone and its temporary directory removed.
    const work = /storage in (\S+)\/storage/.exec(out)?.[1]
    expect(work && existsSync(work)).toBe(false)
    await expect(fetch(`http://${host}/v2/`)).rejects.toThrow()
  })

  it('without a registry binary, apt-get or Docker, says exactly what to install', async () => {
    const r = await demo({ SIGIL_DEMO_REGISTRY_BIN: 'no-such-docker-registry', SIGIL_DEMO_DOCKER_BIN: 'no-such-docker', SIGIL_SKIP_APT: '1' })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('demo: no registry to run. Install one of:')
    expect(r.stderr).toContain('sudo apt-get install docker-registry')
    expect(r.stderr).toContain('a Docker engine (the demo then runs docker.io/library/registry:2)')
  })
})
