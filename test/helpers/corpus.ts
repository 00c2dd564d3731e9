// The bad-input corpus of issue 6, as data: each case is a command line (or action inputs) and, when it reaches a
// registry, what a fault front (test/helpers/faults.ts) serves instead of the real registry. The runner is
// test/integration/bad-input.test.ts; API-only inputs are in test/unit/bad-input.test.ts.
import { generateKeyPairSync } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildPayload } from '../../src/cosign/payload.js'
import { manifestWithLayers, serializeManifest, SIGNATURE_ANNOTATION, SIMPLESIGNING_MEDIA_TYPE, signatureTag } from '../../src/cosign/signature-manifest.js'
import type { TestKey } from './cli.js'
import type { Fault, FaultPolicy, FaultRequest } from './faults.js'
import { sha256, type PushedImage, type PushedIndex } from './registry.js'

export interface CorpusContext {
  /** The front's `127.0.0.1:PORT` and URL (each case has its own front before the registry). */
  readonly host: string
  readonly url: string
  readonly dir: string
  /** `bad/app:v1` and `bad/multi:v1` (an index of two images) in the registry. */
  readonly img: PushedImage
  readonly idx: PushedIndex
  /** Encrypted with PASSWORD at N=32768, in `dir` as good.key / good.pub. */
  readonly key: TestKey
}

export const PASSWORD = 'corpus-Pa55word'

export interface CliCase {
  readonly group: string
  readonly name: string
  readonly args: (c: CorpusContext) => string[]
  /** Added to the child's environment; COSIGN_PASSWORD is PASSWORD unless set here (or `null` to unset). */
  readonly env?: (c: CorpusContext) => Record<string, string | null>
  readonly stdin?: string
  /** What the front does (default: pass everything to the registry). */
  readonly front?: (c: CorpusContext) => FaultPolicy
  /** The documented exit code: 1 failure, 2 usage, 10 no signatures, 11 image not found, 12 no matching signatures. */
  readonly status: 1 | 2 | 10 | 11 | 12
  /** The input the error line must name (a substring of it). */
  readonly names: (c: CorpusContext) => string
  /** The whole error line after "Error: ", when it is worth pinning. */
  readonly error?: (c: CorpusContext) => string | RegExp
  /** NO_MATCHING_SIGNATURES: one pattern per reason line. */
  readonly reasons?: readonly RegExp[]
}

export interface ActionCase {
  readonly group: string
  readonly name: string
  readonly inputs: (c: CorpusContext) => Record<string, string>
  readonly env?: (c: CorpusContext) => Record<string, string>
  readonly front?: (c: CorpusContext) => FaultPolicy
  readonly names: (c: CorpusContext) => string
  readonly error?: (c: CorpusContext) => string | RegExp
}

// ---------------------------------------------------------------------------------------------------------
// Files the key cases use, written once into the corpus directory.

export async function writeCorpusFiles(dir: string, key: TestKey): Promise<void> {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
  const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const ed = generateKeyPairSync('ed25519')
  const files: Record<string, string | Buffer> = {
    'rsa.pub': rsa.publicKey.export({ type: 'spki', format: 'pem' }),
    'p384.pub': p384.publicKey.export({ type: 'spki', format: 'pem' }),
    'ed25519.pub': ed.publicKey.export({ type: 'spki', format: 'pem' }),
    'sec1.pem': p256.privateKey.export({ type: 'sec1', format: 'pem' }),
    'pkcs8.pem': p256.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    'junk.bin': Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 31 + 7) % 256)),
    'empty.key': '',
    'noend.key': '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nYWJj\n',
    'mismatch.key': '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nYWJj\n-----END ENCRYPTED COSIGN PRIVATE KEY-----\n',
    'foo.key': '-----BEGIN ENCRYPTED FOO PRIVATE KEY-----\nYWJj\n-----END ENCRYPTED FOO PRIVATE KEY-----\n',
    'emptybody.key': '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n',
    'badb64.key': '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n!!!!not*base64!!!!\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n',
    'cert.pem': '-----BEGIN CERTIFICATE-----\nYWJj\n-----END CERTIFICATE-----\n',
    'pub-in-key.key': key.key.publicKeyPem,
  }
  await mkdir(join(dir, 'adir'), { recursive: true })
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content)
  // Envelopes: the good key's JSON with one thing wrong.
  const envelope = JSON.parse(Buffer.from(key.pem.split('\n').filter((l) => l && !l.startsWith('-----')).join(''), 'base64').toString('utf8')) as Record<string, Record<string, unknown>>
  const wrap = (doc: unknown) => {
    const b64 = Buffer.from(typeof doc === 'string' ? doc : JSON.stringify(doc)).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')
    return `-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n${b64}\n-----END ENCRYPTED COSIGN PRIVATE KEY-----\n`
  }
  const mutate = (f: (e: Record<string, Record<string, unknown>>) => void) => {
    const e = structuredClone(envelope)
    f(e)
    return wrap(e)
  }
  const envelopes: Record<string, string> = {
    'env-array.key': wrap('[1,2,3]'),
    'env-notjson.key': wrap('{"kdf":'),
    'env-kdf-string.key': mutate((e) => ((e as Record<string, unknown>).kdf = 'scrypt')),
    'env-salt-b64.key': mutate((e) => (e.kdf!.salt = '***')),
    'env-salt-empty.key': mutate((e) => (e.kdf!.salt = '')),
    'env-short-ct.key': mutate((e) => (e.ciphertext = Buffer.alloc(8).toString('base64') as never)),
    'env-n-string.key': mutate((e) => ((e.kdf!.params as Record<string, unknown>).N = '32768')),
    'env-r16.key': mutate((e) => ((e.kdf!.params as Record<string, unknown>).r = 16)),
    'env-n-huge.key': mutate((e) => ((e.kdf!.params as Record<string, unknown>).N = 2 ** 20)),
    'env-no-ct.key': mutate((e) => delete (e as Record<string, unknown>).ciphertext),
    'env-cipher.key': mutate((e) => (e.cipher!.name = 'chacha20-poly1305')),
    'env-extra.key': mutate((e) => ((e as Record<string, unknown>).comment = 'hello')),
  }
  for (const [name, content] of Object.entries(envelopes)) await writeFile(join(dir, name), content)
}

// ---------------------------------------------------------------------------------------------------------
// Fronts that serve crafted documents.

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'

/** Serves `body` for manifest requests whose path ends with `/manifests/<ref>`; passes the rest. */
export function serveManifest(matches: (req: FaultRequest) => boolean, body: string | Buffer, contentType = OCI_MANIFEST, status = 200): FaultPolicy {
  return (req) => (matches(req) && req.url.includes('/manifests/') ? { kind: 'serve', status, headers: { 'content-type': contentType }, body } : { kind: 'pass' })
}

const isSigOf = (img: PushedImage) => (req: FaultRequest) => req.url.endsWith(`/manifests/${signatureTag(img.digest)}`)

/** The .sig of the case's image replaced by `body`. */
export function serveSig(c: CorpusContext, body: string | Buffer, contentType = OCI_MANIFEST): FaultPolicy {
  return serveManifest(isSigOf(c.img), body, contentType)
}

export interface CraftedLayer {
  readonly payload: Buffer
  /** Default: the signature of `payload` by the case's key. `null`: no annotation at all. */
  readonly signature?: string | null
  readonly mediaType?: string
  /** The size the descriptor states (default the payload's). */
  readonly size?: number
  /** The bytes the registry serves for the blob (default the payload). */
  readonly served?: Buffer
}

/** A `.sig` for the case's image holding these layers, with the blobs served from the front. */
export function serveLayers(c: CorpusContext, layers: readonly CraftedLayer[]): FaultPolicy {
  const blobs = new Map<string, Buffer>()
  const descriptors = layers.map((l) => {
    const digest = sha256(l.payload)
    blobs.set(digest, l.served ?? l.payload)
    const signature = l.signature === undefined ? Buffer.from(c.key.key.sign(l.payload)).toString('base64') : l.signature
    return {
      mediaType: l.mediaType ?? SIMPLESIGNING_MEDIA_TYPE,
      size: l.size ?? l.payload.length,
      digest,
      annotations: (signature === null ? {} : { [SIGNATURE_ANNOTATION]: signature }) as Record<string, string>,
    }
  })
  const { manifest } = manifestWithLayers(undefined, descriptors)
  const sig = Buffer.from(serializeManifest(manifest))
  const sigMatch = isSigOf(c.img)
  return (req): Fault => {
    if (sigMatch(req)) return { kind: 'serve', status: 200, headers: { 'content-type': OCI_MANIFEST }, body: sig }
    const d = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(req.url)?.[1]
    const blob = d ? blobs.get(d) : undefined
    if (blob) return { kind: 'serve', status: 200, headers: { 'content-type': 'application/octet-stream' }, body: blob }
    return { kind: 'pass' }
  }
}

/** The payload sigil would sign for the case's image, optionally with other claims. */
export function payloadFor(c: CorpusContext, over: { digest?: string; reference?: string; annotations?: Record<string, string> } = {}): Buffer {
  return Buffer.from(
    buildPayload({
      dockerReference: over.reference ?? `${c.host}/${c.img.repository}`,
      manifestDigest: over.digest ?? c.img.digest,
      ...(over.annotations ? { annotations: over.annotations } : {}),
    }),
  )
}

/** Every request answered 401 with this WWW-Authenticate header (or none), except what `also` handles. */
export function challenge(header: string | undefined, also?: (req: FaultRequest) => Fault | undefined): FaultPolicy {
  return (req) =>
    also?.(req) ?? {
      kind: 'serve',
      status: 401,
      headers: { 'content-type': 'application/json', ...(header !== undefined ? { 'www-authenticate': header } : {}) },
      body: JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }),
    }
}

// ---------------------------------------------------------------------------------------------------------
// The command-line cases.

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const imgRef = (c: CorpusContext) => `${c.host}/${c.img.repository}@${c.img.digest}`
const sigRef = (c: CorpusContext) => `${c.host}/${c.img.repository}:${signatureTag(c.img.digest)}`

/** References that parse badly, with the problem the message states. */
const BAD_REFERENCES: [ref: string, problem: string][] = [
  ['Foo/bar', 'repository "Foo/bar" must be lower case'],
  ['app/Tool:v1', 'repository "app/Tool" must be lower case'],
  ['a/b:', 'the tag after ":" is empty'],
  ['a/b@', 'the digest after "@" is empty'],
  ['a/b@sha256:xyz', 'a sha256 digest needs exactly 64 lower-case hex characters'],
  [`a/b@sha256:${'A'.repeat(64)}`, 'a sha256 digest needs exactly 64 lower-case hex characters'],
  [`a/b@sha256:${'a'.repeat(63)}`, 'a sha256 digest needs exactly 64 lower-case hex characters'],
  [`a/b@sha512:${'a'.repeat(128)}`, 'unsupported digest algorithm "sha512"; only sha256 is supported'],
  ['a/b@md5', 'a digest must look like sha256:<64 hex characters>'],
  [`a/b@sha256:${'a'.repeat(64)}@sha256:${'b'.repeat(64)}`, 'a reference may contain only one "@"'],
  ['http://registry.example/a', 'a reference has no URL scheme; remove the "://" prefix'],
  ['oci://registry.example/a', 'a reference has no URL scheme; remove the "://" prefix'],
  ['', 'the reference is empty'],
  ['   ', 'the reference is empty'],
  ['a b', 'the reference contains whitespace or control characters'],
  ['a\nb', 'the reference contains whitespace or control characters'],
  ['a/\u001b[31mred', 'the reference contains whitespace or control characters'],
  ['a\tb:v1', 'the reference contains whitespace or control characters'],
  ['x:99999/a', 'registry "x:99999" has a port above 65535'],
  ['x:port/a', 'registry "x:port" has an invalid port "port"'],
  ['[::1/a', 'registry "[::1" is not a valid IPv6 address'],
  ['a//b', 'repository "a//b" has an empty path component'],
  ['a/b/', 'repository "a/b/" has an empty path component'],
  ['a/b_:v1', 'repository path component "b_" must start and end with a letter or digit, with single . or _ (or __ or dashes) between'],
  ['a/b..c', 'repository path component "b..c" must start and end with a letter or digit, with single . or _ (or __ or dashes) between'],
  ['a/b$c', 'repository "a/b$c" may only contain a-z, 0-9 and the separators . _ - /'],
  ['a/b:.v1', 'tag ".v1" may only contain letters, digits, _ . - and must not start with . or -'],
  ['a/b:v1+x', 'tag "v1+x" may only contain letters, digits, _ . - and must not start with . or -'],
  [`a/b:${'t'.repeat(129)}`, 'tag is 129 characters long; at most 128 are allowed'],
  [`a/${'b'.repeat(256)}`, 'repository is 258 characters long; at most 255 are allowed'],
  [`a/${'b'.repeat(1030)}`, 'the reference is 1032 characters long; at most 1024 are allowed'],
  ['bad-.example:5000/a', 'registry "bad-.example:5000" is not a valid host name'],
  ['fe80::1:5000/a', 'registry "fe80::1:5000" is not valid (IPv6 addresses need brackets, e.g. [::1]:5000)'],
]

/** How the CLI shows a value in a message: JSON-quoted, control characters escaped. */
const shown = (s: string) => JSON.stringify(s).replace(/\\u001b/g, '\\u001b')

const referenceCases: CliCase[] = [
  ...BAD_REFERENCES.map(
    ([ref, problem]): CliCase => ({
      group: 'references',
      name: `sign ${JSON.stringify(ref.length > 40 ? `${ref.slice(0, 40)}...` : ref)}${ref.length > 40 ? ` (${ref.length} characters)` : ''}`,
      args: (c) => ['sign', '--key', c.key.keyPath, ref],
      status: 1,
      names: () => `image reference ${shown(ref)}`,
      error: () => `image reference ${shown(ref)}: ${problem}`,
    }),
  ),
  ...(['Foo/bar', 'a/b:', 'a/b@sha256:xyz', 'http://x/y', 'a b'] as const).map(
    (ref): CliCase => ({
      group: 'references',
      name: `verify ${JSON.stringify(ref)}`,
      args: (c) => ['verify', '--key', c.key.pubPath, ref],
      status: 1,
      names: () => `image reference ${shown(ref)}`,
    }),
  ),
  ...(['Foo/bar', 'a/b@sha256:0', ''] as const).map(
    (ref): CliCase => ({
      group: 'references',
      name: `triangulate ${JSON.stringify(ref)}`,
      args: () => ['triangulate', ref],
      status: 1,
      names: () => `image reference ${shown(ref)}`,
    }),
  ),
  {
    group: 'references',
    name: 'one bad reference among good ones: nothing is signed',
    args: (c) => ['sign', '--key', c.key.keyPath, imgRef(c), 'Bad/Ref', `${c.host}/${c.img.repository}:v1`],
    status: 1,
    names: () => 'image reference "Bad/Ref"',
  },
  ...(
    [
      ['Foo', 'repository "Foo" must be lower case'],
      ['a/b:tag', 'a repository has no tag (":...")'],
      [`a/b@sha256:${'a'.repeat(64)}`, 'a repository has no digest ("@...")'],
      ['https://x/y', 'a reference has no URL scheme; remove the "://" prefix'],
    ] as const
  ).flatMap(([repo, problem]) =>
    (['sign', 'verify', 'triangulate'] as const).map(
      (cmd): CliCase => ({
        group: 'references',
        name: `${cmd} with COSIGN_REPOSITORY=${JSON.stringify(repo)}`,
        args: (c) => (cmd === 'sign' ? ['sign', '--key', c.key.keyPath, imgRef(c)] : cmd === 'verify' ? ['verify', '--key', c.key.pubPath, imgRef(c)] : ['triangulate', imgRef(c)]),
        env: () => ({ COSIGN_REPOSITORY: repo }),
        status: 1,
        names: () => `COSIGN_REPOSITORY ${JSON.stringify(repo)}`,
        error: () => `COSIGN_REPOSITORY ${JSON.stringify(repo)}: ${problem}`,
      }),
    ),
  ),
  {
    group: 'references',
    name: 'sign: the image does not exist',
    args: (c) => ['sign', '--key', c.key.keyPath, `${c.host}/bad/nothing:v1`],
    status: 1,
    names: (c) => `${c.host}/bad/nothing:v1`,
    error: (c) => `image tag not found: ${c.host}/bad/nothing:v1: no such manifest in the registry`,
  },
  {
    group: 'references',
    name: 'verify: the image does not exist (exit 11)',
    args: (c) => ['verify', '--key', c.key.pubPath, `${c.host}/bad/nothing@sha256:${'0'.repeat(64)}`],
    status: 11,
    names: (c) => `${c.host}/bad/nothing@sha256:${'0'.repeat(64)}`,
  },
  {
    group: 'references',
    name: 'verify: the image has no signatures (exit 10)',
    args: (c) => ['verify', '--key', c.key.pubPath, imgRef(c)],
    status: 10,
    names: (c) => imgRef(c),
    error: (c) => `no signatures found for ${imgRef(c)} (${sigRef(c)})`,
  },
]

const usageCases: CliCase[] = (
  [
    ['sign without --key', () => ['sign', 'a/b'], 'sign: required flag --key not set (keyless signing is not supported)', '--key'],
    ['sign without an image', (c) => ['sign', '--key', c.key.keyPath], 'sign: at least one image reference is required', 'image reference'],
    ['verify without --key', () => ['verify', 'a/b'], 'verify: required flag --key not set (keyless verification is not supported)', '--key'],
    ['verify without an image', (c) => ['verify', '--key', c.key.pubPath], 'verify: at least one image reference is required', 'image reference'],
    ['sign --output yaml', (c) => ['sign', '--key', c.key.keyPath, '--output', 'yaml', 'a/b'], 'sign: invalid --output "yaml": the only format is json', '--output'],
    ['verify -o xml', (c) => ['verify', '--key', c.key.pubPath, '-o', 'xml', 'a/b'], 'verify: invalid --output "xml": expected json or text', '--output'],
    ['--max-workers 0', (c) => ['sign', '--key', c.key.keyPath, '--max-workers', '0', 'a/b'], 'invalid argument "0" for "--max-workers": expected a whole number from 1 to 64', '--max-workers'],
    ['--max-workers 65', (c) => ['sign', '--key', c.key.keyPath, '--max-workers', '65', 'a/b'], 'invalid argument "65" for "--max-workers": expected a whole number from 1 to 64', '--max-workers'],
    ['--max-workers two', (c) => ['verify', '--key', c.key.pubPath, '--max-workers', 'two', 'a/b'], 'invalid argument "two" for "--max-workers": expected a whole number from 1 to 64', '--max-workers'],
    ['--max-workers -1', (c) => ['sign', '--key', c.key.keyPath, '--max-workers', '-1', 'a/b'], 'invalid argument "-1" for "--max-workers": expected a whole number from 1 to 64', '--max-workers'],
    ['--tlog-upload=maybe', (c) => ['sign', '--key', c.key.keyPath, '--tlog-upload=maybe', 'a/b'], 'invalid argument "maybe" for "--tlog-upload" flag: expected true or false', '--tlog-upload'],
    ['unknown flag', (c) => ['sign', '--key', c.key.keyPath, '--rekor-url', 'x', 'a/b'], "sign: Unknown option '--rekor-url'", '--rekor-url'],
    ['unknown command', () => ['sing', 'a/b'], 'unknown command "sing" for "sigil"; run "sigil help" for the list', 'sing'],
    ['triangulate --type foo', () => ['triangulate', '--type', 'foo', 'a/b'], 'triangulate: invalid --type "foo": expected signature, attestation or sbom', '--type'],
    ['triangulate with two images', () => ['triangulate', 'a/b', 'c/d'], 'triangulate: exactly one image reference is required', 'image reference'],
    ['--registry-username without a password', (c) => ['sign', '--key', c.key.keyPath, '--registry-username', 'me', 'a/b'], '--registry-username and --registry-password (or SIGIL_REGISTRY_USERNAME and SIGIL_REGISTRY_PASSWORD) go together', '--registry-password'],
    ['SIGIL_REGISTRY_PASSWORD without a user name', (c) => ['verify', '--key', c.key.pubPath, 'a/b'], '--registry-username and --registry-password (or SIGIL_REGISTRY_USERNAME and SIGIL_REGISTRY_PASSWORD) go together', 'SIGIL_REGISTRY_USERNAME'],
    ['--key without a value', () => ['sign', 'a/b', '--key'], "sign: Option '--key <value>' argument missing", '--key'],
  ] as [string, (c: CorpusContext) => string[], string, string][]
).map(([name, args, error, names]) => ({
  group: 'flags',
  name,
  args,
  ...(name.startsWith('SIGIL_REGISTRY_PASSWORD') ? { env: () => ({ SIGIL_REGISTRY_PASSWORD: 'x-secret' }) } : {}),
  status: 2,
  names: () => names,
  error: () => error,
}))

const flagValueCases: CliCase[] = [
  ...(['abc', '5', '1x', '-3s', ''] as const).map(
    (t): CliCase => ({
      group: 'flags',
      name: `--timeout ${JSON.stringify(t)}`,
      args: (c) => ['sign', '--key', c.key.keyPath, '--timeout', t, imgRef(c)],
      status: 1,
      names: () => `--timeout ${JSON.stringify(t)}`,
      error: () => `--timeout ${JSON.stringify(t)}: not a duration (examples: 30s, 3m0s, 1h)`,
    }),
  ),
  {
    group: 'flags',
    name: '--tlog-upload=true',
    args: (c) => ['sign', '--key', c.key.keyPath, '--tlog-upload=true', imgRef(c)],
    status: 1,
    names: () => '--tlog-upload',
    error: () => '--tlog-upload=true: sigil does not upload to a transparency log yet; pass --tlog-upload=false',
  },
]

const annotationCases: CliCase[] = [
  ...(
    [
      ['noequals', '-a/--annotations "noequals": expected key=value (a value may not contain "=")'],
      ['a=b=c', '-a/--annotations "a=b=c": expected key=value (a value may not contain "=")'],
      ['=v', '-a/--annotations "=v": empty key'],
      ['"a=b', '-a/--annotations ""a=b": unterminated quoted entry'],
      ['a"b=c', '-a/--annotations "a"b=c": bare " in an unquoted entry'],
      ['k=v,bad', '-a/--annotations "bad": expected key=value (a value may not contain "=")'],
      ['k=v,', '-a/--annotations "": expected key=value (a value may not contain "=")'],
    ] as const
  ).map(
    ([a, error]): CliCase => ({
      group: 'annotations',
      name: `sign -a ${JSON.stringify(a)}`,
      args: (c) => ['sign', '--key', c.key.keyPath, '-a', 'ok=1', '-a', a, imgRef(c)],
      status: 1,
      names: () => '-a/--annotations',
      error: () => error,
    }),
  ),
  ...(['x', 'a=b=c', '=1'] as const).map(
    (a): CliCase => ({
      group: 'annotations',
      name: `verify -a ${JSON.stringify(a)}`,
      args: (c) => ['verify', '--key', c.key.pubPath, '-a', a, imgRef(c)],
      status: 1,
      names: () => '-a/--annotations',
    }),
  ),
]

const keyCases: CliCase[] = [
  ...(
    [
      ['sign: missing file', 'nothing.key', 'no such file'],
      ['sign: a directory', 'adir', 'is a directory, not a key file'],
      ['sign: a public key', 'good.pub', 'this is a public key; a private key is needed here (e.g. cosign.key, not cosign.pub)'],
      ['sign: a public key in a .key file', 'pub-in-key.key', 'this is a public key; a private key is needed here (e.g. cosign.key, not cosign.pub)'],
      ['sign: binary junk', 'junk.bin', 'not a PEM file (no -----BEGIN line)'],
      ['sign: an empty file', 'empty.key', 'empty file'],
      ['sign: an unencrypted SEC1 key', 'sec1.pem', 'an unencrypted EC PRIVATE KEY; encrypt it first with "sigil import-key-pair"'],
      ['sign: an unencrypted PKCS#8 key', 'pkcs8.pem', 'an unencrypted PRIVATE KEY; encrypt it first with "sigil import-key-pair"'],
      ['sign: a certificate', 'cert.pem', 'a certificate, not an encrypted private key'],
      ['verify: the private key', 'good.key', 'this is a private key; verification needs the public key (e.g. cosign.pub, or "sigil public-key --key cosign.key")'],
      ['verify: an RSA-2048 public key', 'rsa.pub', 'an RSA-2048 key; sigil supports ECDSA P-256 keys only for now'],
      ['verify: a P-384 public key', 'p384.pub', 'an ECDSA P-384 key; sigil supports ECDSA P-256 keys only for now'],
      ['verify: an Ed25519 public key', 'ed25519.pub', 'an Ed25519 key; sigil supports ECDSA P-256 keys only for now'],
      ['verify: binary junk', 'junk.bin', 'not a PEM file (no -----BEGIN line)'],
      ['verify: missing file', 'nothing.pub', 'no such file'],
      ['verify: an empty file', 'empty.key', 'empty file'],
    ] as [string, string, string | RegExp][]
  ).map(
    ([name, file, problem]): CliCase => ({
      group: 'keys',
      name,
      args: (c) => (name.startsWith('sign') ? ['sign', '--key', join(c.dir, file), imgRef(c)] : ['verify', '--key', join(c.dir, file), imgRef(c)]),
      status: 1,
      names: (c) => `--key ${JSON.stringify(join(c.dir, file))}`,
      error: (c) => (typeof problem === 'string' ? `--key ${JSON.stringify(join(c.dir, file))}: ${problem}` : new RegExp(`^--key ${esc(JSON.stringify(join(c.dir, file)))}: .*(${problem.source})`)),
    }),
  ),
  {
    group: 'keys',
    name: 'verify: one good key and one bad: the bad one is named',
    args: (c) => ['verify', '--key', c.key.pubPath, '--key', join(c.dir, 'junk.bin'), imgRef(c)],
    status: 1,
    names: (c) => `--key ${JSON.stringify(join(c.dir, 'junk.bin'))}`,
  },
  {
    group: 'keys',
    name: 'sign: env:// naming an unset variable',
    args: (c) => ['sign', '--key', 'env://CORPUS_UNSET', imgRef(c)],
    status: 1,
    names: () => '--key env://CORPUS_UNSET',
    error: () => '--key env://CORPUS_UNSET: environment variable CORPUS_UNSET is not set',
  },
  {
    group: 'keys',
    name: 'verify: env:// naming an empty variable',
    args: (c) => ['verify', '--key', 'env://CORPUS_EMPTY', imgRef(c)],
    env: () => ({ CORPUS_EMPTY: '' }),
    status: 1,
    names: () => '--key env://CORPUS_EMPTY',
    error: () => '--key env://CORPUS_EMPTY: environment variable CORPUS_EMPTY is empty',
  },
  {
    group: 'keys',
    name: 'sign: --key ""',
    args: (c) => ['sign', '--key', '', imgRef(c)],
    status: 1,
    names: () => '--key',
  },
  {
    group: 'keys',
    name: 'sign: a public key given as PEM text',
    args: (c) => ['sign', '--key', c.key.key.publicKeyPem, imgRef(c)],
    status: 1,
    names: () => '--key (PEM text)',
    error: () => '--key (PEM text): this is a public key; a private key is needed here (e.g. cosign.key, not cosign.pub)',
  },
  {
    group: 'keys',
    name: 'sign: a file name with a newline and an escape sequence',
    args: (c) => ['sign', '--key', join(c.dir, 'no\nsuch\u001b[2J.key'), imgRef(c)],
    status: 1,
    names: () => '\\n',
    error: (c) => `--key ${JSON.stringify(join(c.dir, 'no\nsuch\u001b[2J.key'))}: no such file`,
  },
]

const passwordCases: CliCase[] = [
  ...(
    [
      ['wrong COSIGN_PASSWORD', { COSIGN_PASSWORD: 'not-it' }, undefined],
      ['empty COSIGN_PASSWORD for a key that has one', { COSIGN_PASSWORD: '' }, undefined],
      ['COSIGN_PASSWORD with a trailing space', { COSIGN_PASSWORD: `${PASSWORD} ` }, undefined],
      ['the password on stdin with a newline (kept, as cosign does)', { COSIGN_PASSWORD: null }, `${PASSWORD}\n`],
      ['nothing on stdin', { COSIGN_PASSWORD: null }, ''],
    ] as [string, Record<string, string | null>, string | undefined][]
  ).map(
    ([name, env, stdin]): CliCase => ({
      group: 'passwords',
      name,
      args: (c) => ['sign', '--key', c.key.keyPath, imgRef(c)],
      env: () => env,
      ...(stdin !== undefined ? { stdin } : {}),
      status: 1,
      names: (c) => `--key ${JSON.stringify(c.key.keyPath)}`,
      error: (c) => `--key ${JSON.stringify(c.key.keyPath)}: wrong password or corrupt key`,
    }),
  ),
]

const pemAndEnvelopeCases: CliCase[] = (
  [
    ['PEM: no END line', 'noend.key', 'malformed PEM block "ENCRYPTED SIGSTORE PRIVATE KEY" (damaged base64 body or missing END line)'],
    ['PEM: END label differs', 'mismatch.key', 'malformed PEM block "ENCRYPTED SIGSTORE PRIVATE KEY" (damaged base64 body or missing END line)'],
    ['PEM: unknown label', 'foo.key', 'PEM type "ENCRYPTED FOO PRIVATE KEY" is not an encrypted cosign private key (expected ENCRYPTED SIGSTORE PRIVATE KEY or ENCRYPTED COSIGN PRIVATE KEY)'],
    ['PEM: empty body', 'emptybody.key', 'encrypted key body is not a JSON envelope'],
    ['PEM: body not base64', 'badb64.key', /malformed PEM block/],
    ['envelope: a JSON array', 'env-array.key', 'encrypted key body is not a JSON object'],
    ['envelope: truncated JSON', 'env-notjson.key', 'encrypted key body is not a JSON envelope'],
    ['envelope: kdf is a string', 'env-kdf-string.key', 'encrypted key envelope: field "kdf" is not an object'],
    ['envelope: salt not base64', 'env-salt-b64.key', 'encrypted key envelope: field "kdf.salt" is not valid base64'],
    ['envelope: empty salt', 'env-salt-empty.key', /salt/],
    ['envelope: ciphertext shorter than the tag', 'env-short-ct.key', /ciphertext/],
    ['envelope: N as a string', 'env-n-string.key', 'encrypted key envelope: scrypt parameter "N" is not an integer'],
    ['envelope: r=16', 'env-r16.key', 'unsupported scrypt parameters N=32768, r=16, p=1 (cosign reads N=32768, 65536, 131072 with r=8, p=1)'],
    ['envelope: N=2^20 (refused before any scrypt work)', 'env-n-huge.key', 'unsupported scrypt parameters N=1048576, r=8, p=1 (cosign reads N=32768, 65536, 131072 with r=8, p=1)'],
    ['envelope: no ciphertext', 'env-no-ct.key', 'encrypted key envelope: missing field "ciphertext"'],
    ['envelope: unknown cipher', 'env-cipher.key', 'unknown cipher "chacha20-poly1305" (cosign key files use nacl/secretbox)'],
    ['envelope: an extra field', 'env-extra.key', 'encrypted key envelope: unknown field "comment"'],
  ] as [string, string, string | RegExp][]
).map(
  ([name, file, problem]): CliCase => ({
    group: name.startsWith('PEM') ? 'PEM' : 'JSON envelopes',
    name,
    args: (c) => ['sign', '--key', join(c.dir, file), imgRef(c)],
    status: 1,
    names: (c) => `--key ${JSON.stringify(join(c.dir, file))}`,
    error: (c) => (typeof problem === 'string' ? `--key ${JSON.stringify(join(c.dir, file))}: ${problem}` : new RegExp(`^--key ${esc(JSON.stringify(join(c.dir, file)))}: .*${problem.source}`)),
  }),
)

const goodDescriptor = { mediaType: SIMPLESIGNING_MEDIA_TYPE, size: 10, digest: sha256('x'), annotations: { [SIGNATURE_ANNOTATION]: 'MEUCIQ==' } }
const sigDoc = (over: Record<string, unknown>) =>
  JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: 10, digest: sha256('c') }, layers: [goodDescriptor], ...over })

/** Broken `.sig` manifests, each run through both sign (which must not overwrite it) and verify. */
const BROKEN_SIGS: [name: string, body: string | Buffer, problem: string | RegExp, contentType?: string][] = [
  ['not JSON', '{"schemaVersion":2,', 'signature manifest is not valid JSON'],
  ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'signature manifest is not valid JSON'],
  ['a JSON array', '[]', 'signature manifest is not a JSON object'],
  ['an image index', JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }), 'signature manifest has media type "application/vnd.oci.image.index.v1+json", expected an image manifest', 'application/vnd.oci.image.index.v1+json'],
  ['no layers list', sigDoc({ layers: null }), 'signature manifest has no layers list'],
  ['a layer with a bad digest', sigDoc({ layers: [{ ...goodDescriptor, digest: 'sha256:1234' }] }), 'layer 0 has no valid sha256 digest'],
  ['a layer with a negative size', sigDoc({ layers: [{ ...goodDescriptor, size: -1 }] }), 'layer 0 has no valid size'],
  ['no config', sigDoc({ config: undefined }), 'config is not an object'],
  ['an annotation that is not a string', sigDoc({ layers: [{ ...goodDescriptor, annotations: { [SIGNATURE_ANNOTATION]: 42 } }] }), `layer 0 annotation "${SIGNATURE_ANNOTATION}" is not a string`],
]

const manifestCases: CliCase[] = [
  ...BROKEN_SIGS.flatMap(([name, body, problem, contentType]) =>
    (['sign', 'verify'] as const).map(
      (cmd): CliCase => ({
        group: 'manifests',
        name: `${cmd}: the .sig is ${name}`,
        args: (c) => (cmd === 'sign' ? ['sign', '--key', c.key.keyPath, imgRef(c)] : ['verify', '--key', c.key.pubPath, imgRef(c)]),
        front: (c) => serveSig(c, body, contentType),
        status: 1,
        names: (c) => sigRef(c),
        error: (c) => (typeof problem === 'string' ? `${sigRef(c)}: ${problem}` : problem),
      }),
    ),
  ),
  ...(['sign', 'verify'] as const).map(
    (cmd): CliCase => ({
      group: 'manifests',
      name: `${cmd}: the image manifest is 5 MiB`,
      args: (c) => (cmd === 'sign' ? ['sign', '--key', c.key.keyPath, `${c.host}/bad/app:v1`] : ['verify', '--key', c.key.pubPath, `${c.host}/bad/app:v1`]),
      front: () => serveManifest((r) => r.url.endsWith('/manifests/v1'), Buffer.alloc(5 * 1024 * 1024, 0x20)),
      status: 1,
      names: (c) => `${c.host}/bad/app:v1`,
      error: (c) => `GET manifest ${c.host}/bad/app:v1: 200; the manifest is 5242880 bytes, larger than the 4194304-byte limit`,
    }),
  ),
  {
    group: 'manifests',
    name: 'verify: the .sig is 5 MiB',
    args: (c) => ['verify', '--key', c.key.pubPath, imgRef(c)],
    front: (c) => serveSig(c, Buffer.alloc(5 * 1024 * 1024, 0x20)),
    status: 1,
    names: (c) => sigRef(c).replace(':sha256-', ':sha256-'),
    error: (c) => `GET manifest ${sigRef(c)}: 200; the manifest is 5242880 bytes, larger than the 4194304-byte limit`,
  },
  {
    group: 'manifests',
    name: 'sign: the registry serves other bytes for the image digest',
    args: (c) => ['sign', '--key', c.key.keyPath, imgRef(c)],
    front: (c) => serveManifest((r) => r.url.endsWith(`/manifests/${c.img.digest}`), c.idx.bytes, c.idx.mediaType),
    status: 1,
    names: (c) => imgRef(c),
    error: (c) => `GET manifest ${imgRef(c)}: the registry served a manifest whose digest is ${c.idx.digest}`,
  },
  ...(
    [
      ['not JSON', '{', 'index is not valid JSON'],
      ['without a manifests list', JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json' }), 'index has no manifests list'],
      ['with an entry without a digest', JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: OCI_MANIFEST }] }), 'index entry 0 has no valid sha256 digest'],
    ] as const
  ).map(
    ([name, body, problem]): CliCase => ({
      group: 'manifests',
      name: `sign -r: the index is ${name}`,
      args: (c) => ['sign', '-r', '--key', c.key.keyPath, `${c.host}/bad/multi:v1`],
      front: () => serveManifest((r) => r.url.endsWith('/manifests/v1'), body, 'application/vnd.oci.image.index.v1+json'),
      status: 1,
      names: (c) => `${c.host}/bad/multi@sha256:`,
      error: (c) => new RegExp(`^${esc(c.host)}/bad/multi@sha256:[0-9a-f]{64}: ${esc(problem)}$`),
    }),
  ),
  {
    group: 'manifests',
    name: 'sign -r: an index entry of an unknown media type',
    args: (c) => ['sign', '-r', '--key', c.key.keyPath, `${c.host}/bad/multi:v1`],
    front: (c) =>
      serveManifest(
        (r) => r.url.endsWith('/manifests/v1'),
        JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'text/html', digest: c.img.digest, size: 1 }] }),
        'application/vnd.oci.image.index.v1+json',
      ),
    status: 1,
    names: (c) => `${c.host}/bad/multi@${c.img.digest}`,
    error: (c) => `${c.host}/bad/multi@${c.img.digest}: unknown mime type "text/html" in index`,
  },
]

/** Payload and signature layers that fail verification (exit 12, one reason line). */
const payloadCases: CliCase[] = [
  ...(
    [
      ['a payload that is not JSON', () => [{ payload: Buffer.from('not json at all') }], /: payload: not valid JSON$/],
      ['a payload that is a JSON array', () => [{ payload: Buffer.from('[1,2]') }], /: payload: not a JSON object$/],
      ['a payload whose optional is a string', (c: CorpusContext) => [{ payload: Buffer.from(payloadFor(c).toString().replace('"optional":null', '"optional":"x"')) }], /: payload: "optional" is not an object$/],
      ['a payload in invalid UTF-8', () => [{ payload: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]) }], /: payload: not valid JSON$/],
      ['a payload without claims', () => [{ payload: Buffer.from('{}') }], /: invalid or missing digest in claim: \(none\)$/],
      ['a payload claiming another digest', (c: CorpusContext) => [{ payload: payloadFor(c, { digest: c.idx.digest }) }], /: invalid or missing digest in claim: sha256:[0-9a-f]{64}$/],
      ['a payload claiming a digest with a newline', (c: CorpusContext) => [{ payload: payloadFor(c, { digest: `${c.img.digest}\nlayer 1: ok` }) }], /: invalid or missing digest in claim: sha256:[0-9a-f]{64}\\nlayer 1: ok$/],
      ['no signature annotation', (c: CorpusContext) => [{ payload: payloadFor(c), signature: null }], /: no dev\.cosignproject\.cosign\/signature annotation$/],
      ['a signature that is not base64', (c: CorpusContext) => [{ payload: payloadFor(c), signature: '%%%' }], /: signature annotation is not valid base64$/],
      ['an empty signature', (c: CorpusContext) => [{ payload: payloadFor(c), signature: '' }], /: no dev\.cosignproject\.cosign\/signature annotation$/],
      ['a signature by another key', (c: CorpusContext) => [{ payload: payloadFor(c), signature: Buffer.from(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' })).toString('base64').slice(0, 96) }], /: invalid signature when validating ASN\.1 encoded signature$/],
      ['a blob larger than its descriptor', (c: CorpusContext) => [{ payload: payloadFor(c), served: Buffer.concat([payloadFor(c), Buffer.from('  ')]) }], /: the blob is \d+ bytes, not the \d+ its descriptor states$/],
      ['a blob whose bytes do not match its digest', (c: CorpusContext) => [{ payload: payloadFor(c), served: Buffer.from(payloadFor(c).toString().replace('"optional":null', '"optional":nul ')) }], /: the registry served bytes whose digest is sha256:[0-9a-f]{64}$/],
      ['a descriptor claiming a 64 MiB payload', (c: CorpusContext) => [{ payload: payloadFor(c), size: 64 * 1024 * 1024 }], /: layer 0 payload is 67108864 bytes, over the 4194304-byte limit$/],
      ['annotations required by -a that the payload lacks', (c: CorpusContext) => [{ payload: payloadFor(c, { annotations: { env: 'dev' } }) }], /: missing or incorrect annotation: env$/],
    ] as [string, (c: CorpusContext) => CraftedLayer[], RegExp][]
  ).map(
    ([name, layers, reason]): CliCase => ({
      group: 'payloads',
      name: `verify: ${name}`,
      args: (c) => ['verify', '--key', c.key.pubPath, ...(name.startsWith('annotations') ? ['-a', 'env=prod'] : []), imgRef(c)],
      front: (c) => serveLayers(c, layers(c)),
      status: 12,
      names: (c) => imgRef(c),
      error: (c) => `no matching signatures for ${imgRef(c)}:`,
      reasons: [new RegExp(`^ layer 0 \\(sha256:[0-9a-f]{64}\\)${reason.source.replace(/^:/, ':.*')}`)],
    }),
  ),
  {
    group: 'payloads',
    name: 'verify: only a layer of another media type (exit 10)',
    args: (c) => ['verify', '--key', c.key.pubPath, imgRef(c)],
    front: (c) => serveLayers(c, [{ payload: Buffer.from('hello'), mediaType: 'text/plain\u001b[2J' }]),
    status: 10,
    names: (c) => imgRef(c),
    error: (c) => `no signatures found for ${imgRef(c)}: ${sigRef(c)} holds only other attachments (not a signature layer (media type "text/plain\\u001b[2J"))`,
  },
  {
    group: 'payloads',
    name: 'verify: a media type with a newline cannot forge a reason line',
    args: (c) => ['verify', '--key', c.key.pubPath, imgRef(c)],
    front: (c) => serveLayers(c, [{ payload: Buffer.from('[]') }, { payload: Buffer.from('x'), mediaType: 'a\n layer 9 (sha256:0): verified' }]),
    status: 12,
    names: (c) => imgRef(c),
    reasons: [/^ layer 0 \(sha256:[0-9a-f]{64}\): payload: not a JSON object$/, /^ layer 1 \(sha256:[0-9a-f]{64}\): skipped, not a signature layer \(media type "a\\n layer 9 \(sha256:0\): verified"\)$/],
  },
]

/** `WWW-Authenticate` challenges that lead nowhere; every request of the command gets the 401. */
const challengeCases: CliCase[] = (
  [
    ['no WWW-Authenticate header', undefined, /sent no usable WWW-Authenticate challenge; no credentials found for /],
    ['an empty header', '', /sent no usable WWW-Authenticate challenge/],
    ['garbage', '!!! ###', /unsupported authentication scheme \(!!!, ###\)/],
    ['an unknown scheme', 'Negotiate YWJjZA==', /unsupported authentication scheme \(negotiate\)/],
    ['Bearer without a realm', 'Bearer service="registry"', /asked for a Bearer token without naming a realm/],
    ['Bearer with an empty realm', 'Bearer realm="",service="registry"', /asked for a Bearer token without naming a realm/],
    ['Bearer with a realm that is not a URL', 'Bearer realm="not a url",service="registry"', /named an invalid token realm$/],
    ['Bearer with an ftp realm', 'Bearer realm="ftp://127.0.0.1/token",service="registry"', /named a token realm that is not http\(s\)$/],
    ['Bearer with a plain-http realm elsewhere', 'Bearer realm="http://auth.example.com/token",service="registry"', /the token realm http:\/\/auth\.example\.com\/token uses plain http; use --allow-http-registry to allow it$/],
    ['Bearer with an unterminated quote', 'Bearer realm="http://127.0.0.1:1/token', /sent no usable WWW-Authenticate challenge/],
    ['Basic, no credentials anywhere', 'Basic realm="registry"', /: 401 UNAUTHORIZED: authentication required; no credentials found for 127\.0\.0\.1:\d+ \(looked in: /],
    ['Bearer realm on a closed port', 'Bearer realm="http://127.0.0.1:1/token",service="registry"', /: connection refused; gave up after 5 attempts$/],
  ] as [string, string | undefined, RegExp][]
).map(
  ([name, header, problem]): CliCase => ({
    group: 'WWW-Authenticate',
    name: `verify: ${name}`,
    args: (c) => ['verify', '--key', c.key.pubPath, imgRef(c)],
    front: () => challenge(header),
    status: 1,
    names: (c) => `${c.host}/${c.img.repository}`,
    error: () => problem,
  }),
)

const tokenServerCases: CliCase[] = (
  [
    ['the token server answers with HTML', { kind: 'serve', status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' }, /the token server \S+ answered with something other than JSON$/],
    ['the token server answers JSON without a token', { kind: 'serve', status: 200, headers: { 'content-type': 'application/json' }, body: '{"expires_in":60}' }, /the token server \S+ answered without a token$/],
    ['the token server refuses', { kind: 'serve', status: 401, headers: { 'content-type': 'application/json' }, body: '{"errors":[{"code":"UNAUTHORIZED","message":"no"}]}' }, /the token server \S+ answered 401; credentials from --registry-username\/--registry-password were rejected$/],
    ['the token server says 404', { kind: 'serve', status: 404, body: 'not found' }, /the token server \S+ answered 404$/],
  ] as [string, Fault, RegExp][]
).map(
  ([name, answer, problem]): CliCase => ({
    error: () => problem,
    group: 'WWW-Authenticate',
    name: `sign: ${name}`,
    args: (c) => ['sign', '--key', c.key.keyPath, imgRef(c)],
    env: () => ({ SIGIL_REGISTRY_USERNAME: 'me', SIGIL_REGISTRY_PASSWORD: 'corpus-registry-secret' }),
    front: (c) => challenge(`Bearer realm="${c.url}/token",service="corpus"`, (req) => (req.url.startsWith('/token') ? answer : undefined)),
    status: 1,
    names: (c) => `${c.host}/${c.img.repository}`,
  }),
)

export const CLI_CASES: readonly CliCase[] = [
  ...referenceCases,
  ...usageCases,
  ...flagValueCases,
  ...annotationCases,
  ...keyCases,
  ...passwordCases,
  ...pemAndEnvelopeCases,
  ...manifestCases,
  ...payloadCases,
  ...challengeCases,
  ...tokenServerCases,
]

// ---------------------------------------------------------------------------------------------------------
// Action inputs: the bundle with INPUT_* variables, as the runner starts it.

export const ACTION_CASES: readonly ActionCase[] = [
  ...(
    [
      ['mode "frobnicate"', () => ({ mode: 'frobnicate' }), 'input "mode"', 'input "mode": "frobnicate" is not one of sign, verify, install'],
      ['sign without images', (c) => ({ mode: 'sign', key: c.key.keyPath }), 'input "images"', 'input "images": is required in sign mode'],
      ['verify without images', (c) => ({ mode: 'verify', 'public-key': c.key.pubPath }), 'input "images"', 'input "images": is required in verify mode'],
      ['sign without key', (c) => ({ mode: 'sign', images: imgRef(c) }), 'input "key"', /^input "key": is required in sign mode/],
      ['verify without public-key', (c) => ({ mode: 'verify', images: imgRef(c) }), 'input "public-key"', 'input "public-key": is required in verify mode'],
      ['an upper-case image', (c) => ({ mode: 'sign', key: c.key.keyPath, images: 'Foo/Bar' }), 'input "images"', 'input "images": "Foo/Bar": repository "Foo/Bar" must be lower case'],
      ['an image with a URL scheme', (c) => ({ mode: 'verify', 'public-key': c.key.pubPath, images: `https://${imgRef(c)}` }), 'input "images"', undefined],
      ['one bad image among good ones', (c) => ({ mode: 'sign', key: c.key.keyPath, images: `${imgRef(c)}\na/b:`, password: PASSWORD }), 'input "images"', 'input "images": "a/b:": the tag after ":" is empty'],
      ['recursive "yes"', (c) => ({ mode: 'sign', key: c.key.keyPath, images: imgRef(c), recursive: 'yes' }), 'input "recursive"', 'input "recursive": "yes" is not a boolean; use true or false'],
      ['allow-http-registry "maybe"', (c) => ({ mode: 'sign', key: c.key.keyPath, images: imgRef(c), 'allow-http-registry': 'maybe' }), 'input "allow-http-registry"', 'input "allow-http-registry": "maybe" is not a boolean; use true or false'],
      ['allow-insecure-registry "1"', (c) => ({ mode: 'verify', 'public-key': c.key.pubPath, images: imgRef(c), 'allow-insecure-registry': '1' }), 'input "allow-insecure-registry"', undefined],
      ['registry-username without registry-password', (c) => ({ mode: 'sign', key: c.key.keyPath, images: imgRef(c), 'registry-username': 'me' }), 'registry-password', 'inputs "registry-username" and "registry-password": give both or neither'],
      ['registry-password without registry-username', (c) => ({ mode: 'sign', key: c.key.keyPath, images: imgRef(c), 'registry-password': 'corpus-registry-secret' }), 'registry-username', 'inputs "registry-username" and "registry-password": give both or neither'],
      ['annotations "noequals"', (c) => ({ mode: 'sign', key: c.key.keyPath, images: imgRef(c), annotations: 'noequals' }), 'input "annotations"', 'input "annotations" "noequals": expected key=value (a value may not contain "=")'],
      ['annotations "=v"', (c) => ({ mode: 'verify', 'public-key': c.key.pubPath, images: imgRef(c), annotations: 'ok=1\n=v' }), 'input "annotations"', 'input "annotations" "=v": empty key'],
      ['key: a missing file', (c) => ({ mode: 'sign', key: join(c.dir, 'nothing.key'), images: imgRef(c), password: PASSWORD }), 'input "key"', undefined],
      ['key: garbage PEM text', (c) => ({ mode: 'sign', key: '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n!!\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----', images: imgRef(c), password: PASSWORD }), 'input "key" (PEM text)', undefined],
      ['key: the wrong password', (c) => ({ mode: 'sign', key: c.key.pem, images: imgRef(c), password: 'not-it' }), 'input "key" (PEM text)', 'input "key" (PEM text): wrong password or corrupt key'],
      ['key: a public key', (c) => ({ mode: 'sign', key: c.key.key.publicKeyPem, images: imgRef(c), password: PASSWORD }), 'input "key" (PEM text)', undefined],
      ['public-key: the private key', (c) => ({ mode: 'verify', 'public-key': c.key.pem, images: imgRef(c) }), 'input "public-key" (PEM text)', undefined],
      ['public-key: an RSA key', (c) => ({ mode: 'verify', 'public-key': join(c.dir, 'rsa.pub'), images: imgRef(c) }), 'input "public-key"', undefined],
      ['public-key: env:// unset', (c) => ({ mode: 'verify', 'public-key': 'env://CORPUS_UNSET', images: imgRef(c) }), 'input "public-key" env://CORPUS_UNSET', undefined],
    ] as [string, (c: CorpusContext) => Record<string, string>, string, string | RegExp | undefined][]
  ).map(
    ([name, inputs, names, error]): ActionCase => ({
      group: 'action inputs',
      name,
      inputs,
      names: () => names,
      ...(error ? { error: () => error } : {}),
    }),
  ),
  {
    group: 'action inputs',
    name: 'COSIGN_REPOSITORY in the environment is not a repository',
    inputs: (c) => ({ mode: 'verify', 'public-key': c.key.pubPath, images: imgRef(c) }),
    env: () => ({ COSIGN_REPOSITORY: 'Not/A:repo' }),
    names: () => 'COSIGN_REPOSITORY',
  },
]
