import { spawnSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { encryptKeyFile } from '../../src/cosign/key-file.js'
import { generateSigningKey } from '../../src/keys/index.js'

// The CLI as users run it: the built bundle (npm test builds it first). SIGIL_CLI points elsewhere for debugging.
const CLI = process.env.SIGIL_CLI ?? fileURLToPath(new URL('../../dist/cli/index.js', import.meta.url))
const PTY = fileURLToPath(new URL('./pty-run.py', import.meta.url))
const FIX = new URL('../fixtures/keys/', import.meta.url)
const fixtureText = (path: string) => readFileSync(new URL(path, FIX), 'utf8')
const PASSWORD = 'Sekr3t-pw'

interface Run {
  status: number | null
  stdout: string
  stderr: string
}

function sigil(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string | Buffer }): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

const tmp = () => mkdtempSync(join(tmpdir(), 'sigil-cli-keys-'))
const listing = (dir: string) => readdirSync(dir).sort()
const mode = (path: string) => lstatSync(path).mode & 0o777

/** The JSON envelope inside an encrypted key PEM, and a way to put a changed one back. */
function envelopeOf(pem: string): Record<string, unknown> {
  const body = pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('')
  return JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as Record<string, unknown>
}
interface Envelope {
  kdf: Record<string, unknown> & { params: Record<string, unknown> }
  cipher: Record<string, unknown>
  ciphertext: string
}
function withEnvelope(pem: string, mutate: (env: Envelope) => void): string {
  const env = envelopeOf(pem) as unknown as Envelope
  mutate(env)
  const label = /-----BEGIN (.*)-----/.exec(pem)?.[1] as string
  const b64 = Buffer.from(JSON.stringify(env)).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "bash scripts/build.sh" (npm test does)`)
  process.umask(0o022)
})

describe('sigil generate-key-pair', () => {
  it('writes cosign.key (0600) and cosign.pub (0644), prints what cosign prints, and the key loads again', () => {
    const dir = tmp()
    const r = sigil(['generate-key-pair'], { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD } })
    expect(r).toMatchObject({ status: 0, stdout: '', stderr: 'Private key written to cosign.key\nPublic key written to cosign.pub\n' })
    expect(listing(dir)).toEqual(['cosign.key', 'cosign.pub'])
    expect(mode(join(dir, 'cosign.key'))).toBe(0o600)
    expect(mode(join(dir, 'cosign.pub'))).toBe(0o644)
    const key = readFileSync(join(dir, 'cosign.key'), 'utf8')
    expect(key).toMatch(/^-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n$/)
    expect(envelopeOf(key)).toMatchObject({ kdf: { name: 'scrypt', params: { N: 65536, r: 8, p: 1 } }, cipher: { name: 'nacl/secretbox' } })
    const pub = sigil(['public-key', '--key', 'cosign.key'], { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD } })
    expect(pub).toMatchObject({ status: 0, stderr: '' })
    expect(pub.stdout).toBe(readFileSync(join(dir, 'cosign.pub'), 'utf8'))
    expect(pub.stdout).toHaveLength(178)
  })

  it('--legacy-format writes the COSIGN label with N=32768; --output-key-prefix names the files', () => {
    const dir = tmp()
    mkdirSync(join(dir, 'keys'))
    const r = sigil(['generate-key-pair', '--legacy-format', '--output-key-prefix', 'keys/old'], { cwd: dir, env: { COSIGN_PASSWORD: '' } })
    expect(r).toMatchObject({ status: 0, stderr: 'Private key written to keys/old.key\nPublic key written to keys/old.pub\n' })
    const key = readFileSync(join(dir, 'keys/old.key'), 'utf8')
    expect(key.startsWith('-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n')).toBe(true)
    expect(envelopeOf(key)).toMatchObject({ kdf: { params: { N: 32768, r: 8, p: 1 } } })
    expect(sigil(['public-key', '--key', 'keys/old.key'], { cwd: dir, env: { COSIGN_PASSWORD: '' } }).status).toBe(0)
  })

  it('never overwrites without -y when not on a terminal; -y replaces both files', () => {
    const dir = tmp()
    expect(sigil(['generate-key-pair'], { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD } }).status).toBe(0)
    const before = readFileSync(join(dir, 'cosign.key'), 'utf8')
    const r = sigil(['generate-key-pair'], { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD } })
    expect(r).toMatchObject({ status: 1, stderr: 'Error: file "cosign.key": already exists; pass -y to overwrite it\n' })
    expect(readFileSync(join(dir, 'cosign.key'), 'utf8')).toBe(before)
    expect(listing(dir)).toEqual(['cosign.key', 'cosign.pub'])
    // Only the .pub existing is enough to refuse, and nothing is written.
    const dir2 = tmp()
    writeFileSync(join(dir2, 'cosign.pub'), 'x')
    expect(sigil(['generate-key-pair'], { cwd: dir2, env: { COSIGN_PASSWORD: PASSWORD } })).toMatchObject({ status: 1, stderr: 'Error: file "cosign.pub": already exists; pass -y to overwrite it\n' })
    expect(listing(dir2)).toEqual(['cosign.pub'])

    const y = sigil(['generate-key-pair', '-y'], { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD } })
    expect(y.status).toBe(0)
    expect(readFileSync(join(dir, 'cosign.key'), 'utf8')).not.toBe(before)
    expect(mode(join(dir, 'cosign.key'))).toBe(0o600)
    expect(sigil(['generate-key-pair', '--yes=true'], { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD } }).status).toBe(0)
    expect(listing(dir)).toEqual(['cosign.key', 'cosign.pub'])
  })

  it('--help prints the flags and exits 0', () => {
    const r = sigil(['generate-key-pair', '--help'], { cwd: tmp() })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('--output-key-prefix')
    expect(r.stdout).toContain('--legacy-format')
  })
})

describe('passwords (COSIGN_PASSWORD, piped stdin)', () => {
  it('COSIGN_PASSWORD="" is an empty password and wins over stdin; unset means stdin, untrimmed', () => {
    const dir = tmp()
    expect(sigil(['generate-key-pair'], { cwd: dir, env: { COSIGN_PASSWORD: '' }, input: 'ignored' }).status).toBe(0)
    // Empty password via the variable and via an empty pipe.
    expect(sigil(['public-key', '--key', 'cosign.key'], { cwd: dir, env: { COSIGN_PASSWORD: '' } }).status).toBe(0)
    expect(sigil(['public-key', '--key', 'cosign.key'], { cwd: dir, input: '' }).status).toBe(0)
    expect(sigil(['public-key', '--key', 'cosign.key'], { cwd: dir, input: 'ignored' })).toMatchObject({
      status: 1,
      stderr: 'Error: --key "cosign.key": wrong password or corrupt key\n',
    })

    const dir2 = tmp()
    expect(sigil(['generate-key-pair'], { cwd: dir2, input: 'pw\n' }).status).toBe(0)
    expect(sigil(['public-key', '--key', 'cosign.key'], { cwd: dir2, input: 'pw\n' }).status).toBe(0)
    expect(sigil(['public-key', '--key', 'cosign.key'], { cwd: dir2, env: { COSIGN_PASSWORD: 'pw\n' } }).status).toBe(0)
    // "pw" without the newline is a different password: stdin is not trimmed.
    expect(sigil(['public-key', '--key', 'cosign.key'], { cwd: dir2, env: { COSIGN_PASSWORD: 'pw' } }).status).toBe(1)
  })
})

describe('sigil public-key', () => {
  it('reads the key from a path, env://NAME and PEM text; --outfile writes 0644 and never overwrites without -y', () => {
    const dir = tmp()
    sigil(['generate-key-pair'], { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD } })
    const keyPem = readFileSync(join(dir, 'cosign.key'), 'utf8')
    const pubPem = readFileSync(join(dir, 'cosign.pub'), 'utf8')
    for (const [ref, env] of [
      [join(dir, 'cosign.key'), {}],
      ['env://MY_KEY', { MY_KEY: keyPem }],
      [keyPem, {}],
    ] as const) {
      const r = sigil(['public-key', '--key', ref], { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD, ...env } })
      expect(r).toMatchObject({ status: 0, stdout: pubPem, stderr: '' })
    }
    const out = sigil(['public-key', '--key', 'cosign.key', '--outfile', 'out.pub'], { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD } })
    expect(out).toMatchObject({ status: 0, stdout: '', stderr: 'Public key written to out.pub\n' })
    expect(readFileSync(join(dir, 'out.pub'), 'utf8')).toBe(pubPem)
    expect(mode(join(dir, 'out.pub'))).toBe(0o644)
    const again = sigil(['public-key', '--key', 'cosign.key', '--outfile', 'cosign.key'], { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD } })
    expect(again).toMatchObject({ status: 1, stderr: 'Error: file "cosign.key": already exists; pass -y to overwrite it\n' })
    expect(readFileSync(join(dir, 'cosign.key'), 'utf8')).toBe(keyPem)
    expect(sigil(['public-key', '--key', 'cosign.key', '--outfile', 'out.pub', '-y'], { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD } }).status).toBe(0)
    expect(listing(dir)).toEqual(['cosign.key', 'cosign.pub', 'out.pub'])
  })

  it('reads cosign\'s own test keys (password "hello") and prints their known public keys', () => {
    const dir = tmp()
    for (const name of ['pemcosignkey', 'pemsigstorekey']) {
      writeFileSync(join(dir, `${name}.pem`), fixtureText(`cosign/keys-from-keys_test.go/${name}.pem`))
      const r = sigil(['public-key', '--key', `${name}.pem`], { cwd: dir, env: { COSIGN_PASSWORD: 'hello' } })
      expect(r).toMatchObject({ status: 0, stdout: fixtureText(`research-generated/derived-public-keys/${name}.pub`) })
    }
  })
})

describe('sigil import-key-pair', () => {
  it.each(['validecp256', 'validecpkcs8'])('imports %s into import-cosign.key/.pub (both formats)', (name) => {
    const dir = tmp()
    writeFileSync(join(dir, 'in.pem'), fixtureText(`cosign/keys-from-keys_test.go/${name}.pem`))
    const r = sigil(['import-key-pair', '--key', 'in.pem'], { cwd: dir, env: { COSIGN_PASSWORD: 'hello' } })
    expect(r).toMatchObject({ status: 0, stderr: 'Private key written to import-cosign.key\nPublic key written to import-cosign.pub\n' })
    expect(listing(dir)).toEqual(['import-cosign.key', 'import-cosign.pub', 'in.pem'])
    expect(mode(join(dir, 'import-cosign.key'))).toBe(0o600)
    expect(readFileSync(join(dir, 'import-cosign.key'), 'utf8').startsWith('-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----')).toBe(true)
    const pub = sigil(['public-key', '--key', 'import-cosign.key'], { cwd: dir, env: { COSIGN_PASSWORD: 'hello' } })
    expect(pub.stdout).toBe(readFileSync(join(dir, 'import-cosign.pub'), 'utf8'))

    const legacy = sigil(['import-key-pair', '-k', 'in.pem', '-o', 'legacy', '--legacy-format'], { cwd: dir, env: { COSIGN_PASSWORD: 'hello' } })
    expect(legacy.status).toBe(0)
    const key = readFileSync(join(dir, 'legacy.key'), 'utf8')
    expect(key.startsWith('-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----')).toBe(true)
    expect(envelopeOf(key)).toMatchObject({ kdf: { params: { N: 32768 } } })
    expect(readFileSync(join(dir, 'legacy.pub'), 'utf8')).toBe(readFileSync(join(dir, 'import-cosign.pub'), 'utf8'))

    // -k with the PEM text itself (it starts with "-", which a pflag-style parser must still take as the value).
    const pemText = sigil(['import-key-pair', '-k', fixtureText(`cosign/keys-from-keys_test.go/${name}.pem`), '-o', 'text'], { cwd: dir, env: { COSIGN_PASSWORD: 'x' } })
    expect(pemText).toMatchObject({ status: 0, stderr: 'Private key written to text.key\nPublic key written to text.pub\n' })
    expect(readFileSync(join(dir, 'text.pub'), 'utf8')).toBe(readFileSync(join(dir, 'import-cosign.pub'), 'utf8'))
  })
})

// ------------------------------------------------------------------------------------------------------------------
// Bad input: one line `Error: <input>: <problem>`, the right exit code, no stack trace, no secrets, no new files.

// A valid key pair for the bad-input cases to damage (made with the core API so the table exists at collection).
const goodSigningKey = generateSigningKey()
const goodKey = await encryptKeyFile(goodSigningKey.exportPkcs8(), new TextEncoder().encode(PASSWORD), 'sigstore')
const goodPub = goodSigningKey.publicKeyPem

interface BadCase {
  name: string
  args: string[]
  files?: Record<string, string | Buffer>
  dirs?: string[]
  env?: Record<string, string>
  stdin?: string
  status: 1 | 2
  /** The complete first stderr line. */
  error: string | RegExp
}

describe('bad input', () => {
  const PK = ['public-key', '--key', 'bad.key']
  const v = JSON.parse(fixtureText('go-securesystemslib/encrypted-test-vectors.json')) as { vectors: { name: string; envelope: string }[] }
  const unsupportedEnvelope = (v.vectors.find((x) => x.name === 'TestUnsupportedKDFParameters') as { envelope: string }).envelope

  const body = goodKey.split('\n')
  const cases: BadCase[] = [
    { name: 'corrupt PEM body', args: PK, files: { 'bad.key': goodKey.replace(/^(-----BEGIN [^\n]+\n)(.)/, '$1*') }, status: 1, error: 'Error: --key "bad.key": malformed PEM block "ENCRYPTED SIGSTORE PRIVATE KEY" (damaged base64 body or missing END line)' },
    { name: 'truncated base64 (last body line cut by one character)', args: PK, files: { 'bad.key': goodKey.replace(/(.)\n-----END/, '\n-----END') }, status: 1, error: 'Error: --key "bad.key": malformed PEM block "ENCRYPTED SIGSTORE PRIVATE KEY" (damaged base64 body or missing END line)' },
    { name: 'truncated envelope (body lines missing)', args: PK, files: { 'bad.key': `${body.slice(0, 3).join('\n')}\n${body[body.length - 2]}\n` }, status: 1, error: 'Error: --key "bad.key": encrypted key body is not a JSON envelope' },
    { name: 'truncated file (no END line)', args: PK, files: { 'bad.key': body.slice(0, 4).join('\n') }, status: 1, error: 'Error: --key "bad.key": malformed PEM block "ENCRYPTED SIGSTORE PRIVATE KEY" (damaged base64 body or missing END line)' },
    { name: 'envelope missing a field', args: PK, files: { 'bad.key': withEnvelope(goodKey, (e) => delete e.cipher.nonce) }, status: 1, error: 'Error: --key "bad.key": encrypted key envelope: missing field "cipher.nonce"' },
    { name: 'envelope with an unknown field', args: PK, files: { 'bad.key': withEnvelope(goodKey, (e) => (e.kdf.pepper = 'x')) }, status: 1, error: 'Error: --key "bad.key": encrypted key envelope: unknown field "kdf.pepper"' },
    { name: 'unknown kdf', args: PK, files: { 'bad.key': withEnvelope(goodKey, (e) => (e.kdf.name = 'pbkdf2')) }, status: 1, error: 'Error: --key "bad.key": unknown key derivation function "pbkdf2" (cosign key files use scrypt)' },
    { name: 'unknown cipher', args: PK, files: { 'bad.key': withEnvelope(goodKey, (e) => (e.cipher.name = 'aes-256-gcm')) }, status: 1, error: 'Error: --key "bad.key": unknown cipher "aes-256-gcm" (cosign key files use nacl/secretbox)' },
    { name: 'wrong nonce size', args: PK, files: { 'bad.key': withEnvelope(goodKey, (e) => (e.cipher.nonce = Buffer.alloc(12).toString('base64'))) }, status: 1, error: 'Error: --key "bad.key": encrypted key envelope: nonce is 12 bytes, expected 24' },
    { name: 'absurd N', args: PK, files: { 'bad.key': withEnvelope(goodKey, (e) => (e.kdf.params.N = 2 ** 30)) }, status: 1, error: 'Error: --key "bad.key": unsupported scrypt parameters N=1073741824, r=8, p=1 (cosign reads N=32768, 65536, 131072 with r=8, p=1)' },
    { name: 'N=99,r=99,p=99 vector', args: PK, files: { 'bad.key': `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${Buffer.from(unsupportedEnvelope).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n` }, status: 1, error: 'Error: --key "bad.key": unsupported scrypt parameters N=99, r=99, p=99 (cosign reads N=32768, 65536, 131072 with r=8, p=1)' },
    { name: 'wrong password', args: PK, files: { 'bad.key': goodKey }, env: { COSIGN_PASSWORD: 'wrong' }, status: 1, error: 'Error: --key "bad.key": wrong password or corrupt key' },
    { name: 'tampered ciphertext', args: PK, files: { 'bad.key': withEnvelope(goodKey, (e) => (e.ciphertext = `${e.ciphertext.startsWith('A') ? 'B' : 'A'}${e.ciphertext.slice(1)}`)) }, status: 1, error: 'Error: --key "bad.key": wrong password or corrupt key' },
    { name: 'empty file', args: PK, files: { 'bad.key': '' }, status: 1, error: 'Error: --key "bad.key": empty file' },
    { name: 'binary garbage', args: PK, files: { 'bad.key': Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256)) }, status: 1, error: 'Error: --key "bad.key": not a PEM file (no -----BEGIN line)' },
    { name: 'a public key where a private key is expected', args: PK, files: { 'bad.key': goodPub }, status: 1, error: 'Error: --key "bad.key": this is a public key; a private key is needed here (e.g. cosign.key, not cosign.pub)' },
    { name: 'an unencrypted key where an encrypted one is expected', args: PK, files: { 'bad.key': fixtureText('cosign/keys-from-keys_test.go/validecp256.pem') }, status: 1, error: 'Error: --key "bad.key": an unencrypted EC PRIVATE KEY; encrypt it first with "sigil import-key-pair"' },
    { name: 'SEC1 inside the envelope (pemcosigneckey)', args: PK, files: { 'bad.key': fixtureText('cosign/keys-from-keys_test.go/pemcosigneckey.pem') }, env: { COSIGN_PASSWORD: 'hello' }, status: 1, error: /^Error: --key "bad\.key": the decrypted key is SEC1 \(EC PRIVATE KEY\), not PKCS#8/ },
    { name: 'a directory', args: PK, dirs: ['bad.key'], status: 1, error: 'Error: --key "bad.key": is a directory, not a key file' },
    { name: 'a missing file', args: PK, status: 1, error: 'Error: --key "bad.key": no such file' },
    { name: 'env:// naming an unset variable', args: ['public-key', '--key', 'env://SIGIL_TEST_UNSET'], status: 1, error: 'Error: --key env://SIGIL_TEST_UNSET: environment variable SIGIL_TEST_UNSET is not set' },
    { name: 'env:// naming an empty variable', args: ['public-key', '--key', 'env://EMPTY'], env: { EMPTY: '' }, status: 1, error: 'Error: --key env://EMPTY: environment variable EMPTY is empty' },
    { name: 'PEM text that is a public key', args: ['public-key', '--key', goodPub], status: 1, error: 'Error: --key (PEM text): this is a public key; a private key is needed here (e.g. cosign.key, not cosign.pub)' },
    { name: 'import: garbage', args: ['import-key-pair', '--key', 'bad.key'], files: { 'bad.key': 'garbage' }, status: 1, error: 'Error: --key "bad.key": not a PEM file (no -----BEGIN line)' },
    { name: 'import: PGP block', args: ['import-key-pair', '--key', 'bad.key'], files: { 'bad.key': fixtureText('cosign/keys-from-keys_test.go/invalidkey.pem') }, status: 1, error: 'Error: --key "bad.key": a PGP armoured block (PGP PRIVATE KEY BLOCK), not a PEM key' },
    { name: 'import: a public key', args: ['import-key-pair', '--key', 'bad.key'], files: { 'bad.key': fixtureText('cosign/keys-from-keys_test.go/invalidrsawithpubkey.pem') }, status: 1, error: 'Error: --key "bad.key": this is a public key; import-key-pair needs a private key' },
    { name: 'import: RSA-2048 (cosign accepts it)', args: ['import-key-pair', '--key', 'bad.key'], files: { 'bad.key': fixtureText('cosign/keys-from-keys_test.go/validrsa.pem') }, status: 1, error: 'Error: --key "bad.key": an RSA-2048 key; cosign accepts it, but sigil supports ECDSA P-256 keys only for now' },
    { name: 'import: Ed25519 (cosign accepts it)', args: ['import-key-pair', '--key', 'bad.key'], files: { 'bad.key': fixtureText('cosign/keys-from-keys_test.go/ed25519key.pem') }, status: 1, error: 'Error: --key "bad.key": an Ed25519 key; cosign accepts it, but sigil supports ECDSA P-256 keys only for now' },
    { name: 'import: P-224', args: ['import-key-pair', '--key', 'bad.key'], files: { 'bad.key': fixtureText('cosign/keys-from-keys_test.go/invalidecp224.pem') }, status: 1, error: /^Error: --key "bad\.key": ECDSA curve P-224 is not allowed/ },
    { name: 'import: RSA-1024', args: ['import-key-pair', '--key', 'bad.key'], files: { 'bad.key': fixtureText('cosign/keys-from-keys_test.go/invalidrsasmallkey.pem') }, status: 1, error: /^Error: --key "bad\.key": RSA key size 1024 is not allowed/ },
    { name: 'import: an encrypted cosign key', args: ['import-key-pair', '--key', 'bad.key'], files: { 'bad.key': goodKey }, status: 1, error: /^Error: --key "bad\.key": already an encrypted cosign key/ },
    { name: 'import: output exists', args: ['import-key-pair', '--key', 'in.pem'], files: { 'in.pem': fixtureText('cosign/keys-from-keys_test.go/validecp256.pem'), 'import-cosign.key': 'old' }, status: 1, error: 'Error: file "import-cosign.key": already exists; pass -y to overwrite it' },
    { name: 'generate: output directory missing', args: ['generate-key-pair', '--output-key-prefix', 'nodir/k'], status: 1, error: 'Error: file "nodir/k.key": cannot be created: no such file' },
    { name: 'generate: output path is a directory', args: ['generate-key-pair', '-y'], dirs: ['cosign.pub'], status: 1, error: 'Error: file "cosign.pub": is a directory' },
    { name: 'usage: unknown flag', args: ['generate-key-pair', '--kms', 'x'], status: 2, error: /^Error: generate-key-pair: Unknown option '--kms'$/ },
    { name: 'usage: unexpected argument', args: ['generate-key-pair', 'extra'], status: 2, error: 'Error: generate-key-pair: unexpected argument "extra"' },
    { name: 'usage: public-key without --key', args: ['public-key'], status: 2, error: 'Error: public-key: required flag --key not set' },
    { name: 'usage: import-key-pair without --key', args: ['import-key-pair'], status: 2, error: 'Error: import-key-pair: required flag --key not set' },
    { name: 'usage: --key without a value', args: ['public-key', '--key'], status: 2, error: /^Error: public-key: Option '--key <value>' argument missing$/ },
    { name: 'usage: bad boolean', args: ['generate-key-pair', '--legacy-format=maybe'], status: 2, error: 'Error: invalid argument "maybe" for "--legacy-format" flag: expected true or false' },
  ]

  it.each(cases)('$name', (c) => {
    const dir = tmp()
    for (const d of c.dirs ?? []) mkdirSync(join(dir, d))
    for (const [name, content] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), content)
    const before = listing(dir)
    const r = sigil(c.args, { cwd: dir, env: { COSIGN_PASSWORD: PASSWORD, ...c.env }, input: c.stdin })
    const lines = r.stderr.split('\n')
    expect(lines.pop(), c.name).toBe('')
    expect(r.status, `${c.name}: ${r.stderr}`).toBe(c.status)
    if (typeof c.error === 'string') expect(lines[0], c.name).toBe(c.error)
    else expect(lines[0], c.name).toMatch(c.error)
    expect(lines.length, `${c.name}: ${r.stderr}`).toBe(c.status === 2 ? 2 : 1)
    if (c.status === 2) expect(lines[1]).toBe('Run "sigil help" or "sigil <command> --help" for usage.')
    expect(r.stdout, c.name).toBe('')
    expect(r.stderr).not.toMatch(/^\s+at /m)
    expect(r.stderr).not.toContain(PASSWORD)
    for (const secret of [goodKey, goodPub]) {
      for (const line of secret.split('\n').filter((l) => l.length === 64)) expect(r.stderr).not.toContain(line.slice(0, 24))
    }
    expect(listing(dir), c.name).toEqual(before)
  })
})

// ------------------------------------------------------------------------------------------------------------------
// Prompts on a real pseudo-terminal.

interface PtyResult {
  transcript: string
  status: number
  error: string | null
}

function onPty(args: string[], cwd: string, script: [op: 'expect' | 'send', text: string][]): PtyResult {
  const request = { argv: [process.execPath, CLI, ...args], cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'dumb' }, script }
  const r = spawnSync('python3', [PTY], { input: JSON.stringify(request), encoding: 'utf8', timeout: 90_000 })
  if (r.status !== 0) throw new Error(`pty-run.py failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as PtyResult
}

describe('terminal prompts (pty)', () => {
  it('generate-key-pair asks twice without echo; the key opens with the typed password', () => {
    const dir = tmp()
    const r = onPty(['generate-key-pair'], dir, [
      ['expect', 'Enter password for private key: '],
      ['send', 'tty-Secret\r'],
      ['expect', 'Enter password for private key again: '],
      ['send', 'tty-Secret\r'],
      ['expect', 'Public key written to cosign.pub'],
    ])
    expect(r.error).toBeNull()
    expect(r.status).toBe(0)
    expect(r.transcript).not.toContain('tty-Secret')
    expect(r.transcript.replace(/\r/g, '')).toBe(
      'Enter password for private key: \nEnter password for private key again: \nPrivate key written to cosign.key\nPublic key written to cosign.pub\n',
    )
    expect(listing(dir)).toEqual(['cosign.key', 'cosign.pub'])
    expect(sigil(['public-key', '--key', 'cosign.key'], { cwd: dir, env: { COSIGN_PASSWORD: 'tty-Secret' } }).status).toBe(0)

    // public-key asks once.
    const p = onPty(['public-key', '--key', 'cosign.key'], dir, [
      ['expect', 'Enter password for private key: '],
      ['send', 'tty-Secret\r'],
      ['expect', '-----END PUBLIC KEY-----'],
    ])
    expect(p.status).toBe(0)
    expect(p.transcript).not.toContain('tty-Secret')
    expect(p.transcript.replace(/\r/g, '')).toContain(readFileSync(join(dir, 'cosign.pub'), 'utf8'))
  })

  it('mismatched passwords: PASSWORD_MISMATCH, nothing written', () => {
    const dir = tmp()
    const r = onPty(['generate-key-pair'], dir, [
      ['expect', 'Enter password for private key: '],
      ['send', 'one\r'],
      ['expect', 'again: '],
      ['send', 'two\r'],
      ['expect', 'Error: passwords do not match'],
    ])
    expect(r.status).toBe(1)
    expect(listing(dir)).toEqual([])
  })

  it('asks before overwriting, as cosign does; "n" keeps the files, "y" replaces them', () => {
    const dir = tmp()
    writeFileSync(join(dir, 'cosign.key'), 'old key')
    const no = onPty(['generate-key-pair'], dir, [
      ['expect', 'WARNING: File cosign.key already exists. Overwrite? [y/N] '],
      ['send', 'n\r'],
      ['expect', 'Error: file "cosign.key": already exists, not overwritten'],
    ])
    expect(no.status).toBe(1)
    expect(listing(dir)).toEqual(['cosign.key'])
    expect(readFileSync(join(dir, 'cosign.key'), 'utf8')).toBe('old key')

    const yes = onPty(['generate-key-pair'], dir, [
      ['expect', 'Overwrite? [y/N] '],
      ['send', 'y\r'],
      ['expect', 'Enter password for private key: '],
      ['send', 'pw\r'],
      ['expect', 'again: '],
      ['send', 'pw\r'],
      ['expect', 'Public key written to cosign.pub'],
    ])
    expect(yes.status).toBe(0)
    expect(yes.transcript).toContain('Overwrite? [y/N] y')
    expect(listing(dir)).toEqual(['cosign.key', 'cosign.pub'])
    expect(mode(join(dir, 'cosign.key'))).toBe(0o600)
  })
})
