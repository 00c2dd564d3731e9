/**
 * Bad input reachable only through the API (issue 6): the parsers behind the CLI and the action, fed what a
 * registry, a key file or a user might send. Each refusal is a SigilError with the documented code (and so the
 * documented exit code), a one-line message that starts with the input's name; parsers of server-provided headers
 * and bodies (WWW-Authenticate, Retry-After, OCI error bodies, PEM) never throw at all. The CLI-level corpus is
 * test/integration/bad-input.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { decodePem, parseEnvelope } from '../../src/cosign/key-file.js'
import { parseAnnotationFlags, parsePayload } from '../../src/cosign/payload.js'
import { parseSignatureManifest, SIGNATURE_ANNOTATION, SIMPLESIGNING_MEDIA_TYPE } from '../../src/cosign/signature-manifest.js'
import { parseGoDuration } from '../../src/cli/duration.js'
import { exitCodeFor, printable, SigilError, type ErrorCode } from '../../src/errors.js'
import { parseDigest } from '../../src/oci/digest.js'
import { parseReference, parseRepository } from '../../src/oci/reference.js'
import { parseWwwAuthenticate } from '../../src/registry/challenge.js'
import { parseOciErrors } from '../../src/registry/errors.js'
import { sanitizeUrl } from '../../src/registry/redact.js'
import { parseRetryAfter } from '../../src/registry/retry.js'

const enc = (s: string) => new TextEncoder().encode(s)

interface ApiCase {
  readonly name: string
  readonly run: () => unknown
  readonly code: ErrorCode
  /** The message starts with this (the input's name). */
  readonly input: string
  readonly problem?: string | RegExp
}

function expectRefusal(c: ApiCase): void {
  let err: unknown
  try {
    c.run()
  } catch (e) {
    err = e
  }
  expect(err, `${c.name}: did not throw`).toBeInstanceOf(SigilError)
  const e = err as SigilError
  expect(e.code).toBe(c.code)
  expect(exitCodeFor(e)).toBe(1)
  expect(printable(e.message)).not.toContain('\n')
  expect(e.message.startsWith(c.input), `${e.message} should start with ${c.input}`).toBe(true)
  if (typeof c.problem === 'string') expect(e.message).toBe(`${c.input}: ${c.problem}`)
  else if (c.problem) expect(e.message).toMatch(c.problem)
}

const HEX = 'a'.repeat(64)

const digestCases: ApiCase[] = [
  ['', 'a digest must look like sha256:<64 hex characters>'],
  ['sha256', 'a digest must look like sha256:<64 hex characters>'],
  ['sha256:', 'a sha256 digest needs exactly 64 lower-case hex characters'],
  [`sha256:${HEX}0`, 'a sha256 digest needs exactly 64 lower-case hex characters'],
  [`sha256:${HEX.toUpperCase()}`, 'a sha256 digest needs exactly 64 lower-case hex characters'],
  [`sha256:${'g'.repeat(64)}`, 'a sha256 digest needs exactly 64 lower-case hex characters'],
  [`SHA256:${HEX}`, 'malformed digest; only sha256 is supported'],
  [`sha512:${'a'.repeat(128)}`, 'unsupported digest algorithm "sha512"; only sha256 is supported'],
  [`sha384:${'a'.repeat(96)}`, 'unsupported digest algorithm "sha384"; only sha256 is supported'],
  [':abc', 'malformed digest; only sha256 is supported'],
].map(([value, problem]) => ({ name: `digest ${JSON.stringify(value)}`, run: () => parseDigest(value!), code: 'INVALID_REFERENCE', input: `digest "${value}"`, problem }))

const repositoryCases: ApiCase[] = [
  ['', 'the reference is empty'],
  ['a/b:v1', 'a repository has no tag (":...")'],
  [`a/b@sha256:${HEX}`, 'a repository has no digest ("@...")'],
  ['A/b', 'repository "A/b" must be lower case'],
  ['a//b', 'repository "a//b" has an empty path component'],
  ['registry.example:0x50/a', 'registry "registry.example:0x50" has an invalid port "0x50"'],
].map(([value, problem]) => ({ name: `repository ${JSON.stringify(value)}`, run: () => parseRepository(value!), code: 'INVALID_REFERENCE', input: `repository "${value}"`, problem }))

const referenceLabelCases: ApiCase[] = [
  { name: 'a reference labelled as an action input', run: () => parseReference('Foo', 'input "images": "Foo"'), code: 'INVALID_REFERENCE', input: 'input "images": "Foo"', problem: 'repository "Foo" must be lower case' },
  { name: 'a reference with a NUL byte', run: () => parseReference('a\u0000b'), code: 'INVALID_REFERENCE', input: 'image reference "a\u0000b"', problem: 'the reference contains whitespace or control characters' },
  { name: 'a reference with U+2028', run: () => parseReference('a\u2028b'), code: 'INVALID_REFERENCE', input: 'image reference "a\u2028b"', problem: 'the reference contains whitespace or control characters' },
]

const desc = { mediaType: SIMPLESIGNING_MEDIA_TYPE, size: 10, digest: `sha256:${HEX}`, annotations: { [SIGNATURE_ANNOTATION]: 'MEUCIQ==' } }
const manifest = (over: Record<string, unknown>) =>
  enc(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: 2, digest: `sha256:${HEX}` }, layers: [desc], ...over }))
const WHERE = 'r.example/a:sha256-x.sig'

const manifestCases: ApiCase[] = (
  [
    ['empty', enc(''), 'signature manifest is not valid JSON'],
    ['null', enc('null'), 'signature manifest is not a JSON object'],
    ['a number', enc('42'), 'signature manifest is not a JSON object'],
    ['a string', enc('"manifest"'), 'signature manifest is not a JSON object'],
    ['a BOM before an empty object', enc('\ufeff{}'), 'signature manifest has media type "", expected an image manifest'],
    ['no media type anywhere', enc(JSON.stringify({ schemaVersion: 2, layers: [] })), 'signature manifest has media type "", expected an image manifest'],
    ['a Docker manifest list', manifest({ mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json' }), 'signature manifest has media type "application/vnd.docker.distribution.manifest.list.v2+json", expected an image manifest'],
    ['layers as an object', manifest({ layers: { 0: desc } }), 'signature manifest has no layers list'],
    ['a null layer', manifest({ layers: [null] }), 'layer 0 is not an object'],
    ['a layer that is an array', manifest({ layers: [desc, []] }), 'layer 1 is not an object'],
    ['a layer without a digest', manifest({ layers: [{ ...desc, digest: undefined }] }), 'layer 0 has no valid sha256 digest'],
    ['a layer with an upper-case digest', manifest({ layers: [{ ...desc, digest: `sha256:${HEX.toUpperCase()}` }] }), 'layer 0 has no valid sha256 digest'],
    ['a layer with a sha512 digest', manifest({ layers: [{ ...desc, digest: `sha512:${'a'.repeat(128)}` }] }), 'layer 0 has no valid sha256 digest'],
    ['a layer with a fractional size', manifest({ layers: [{ ...desc, size: 1.5 }] }), 'layer 0 has no valid size'],
    ['a layer with a size as a string', manifest({ layers: [{ ...desc, size: '10' }] }), 'layer 0 has no valid size'],
    ['a layer with a size beyond 2^53', manifest({ layers: [{ ...desc, size: 2 ** 60 }] }), 'layer 0 has no valid size'],
    ['annotations as an array', manifest({ layers: [{ ...desc, annotations: ['x'] }] }), 'layer 0 annotations are not an object'],
    ['an annotation that is null', manifest({ layers: [{ ...desc, annotations: { a: null } }] }), 'layer 0 annotation "a" is not a string'],
    ['config without a digest', manifest({ config: { mediaType: 'x', size: 1 } }), 'config has no valid sha256 digest'],
    ['config that is a string', manifest({ config: 'sha256:abc' }), 'config is not an object'],
  ] as [string, Uint8Array, string][]
).map(([name, bytes, problem]) => ({ name: `.sig manifest: ${name}`, run: () => parseSignatureManifest(bytes, WHERE), code: 'INVALID_MANIFEST', input: WHERE, problem }))

const payloadCases: ApiCase[] = (
  [
    ['empty', enc(''), 'not valid JSON'],
    ['a number', enc('1'), 'not a JSON object'],
    ['null', enc('null'), 'not a JSON object'],
    ['truncated', enc('{"critical":'), 'not valid JSON'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), 'not valid JSON'],
    ['optional as an array', enc('{"critical":{},"optional":[]}'), '"optional" is not an object'],
    ['optional as a number', enc('{"critical":{},"optional":7}'), '"optional" is not an object'],
  ] as [string, Uint8Array, string][]
).map(([name, bytes, problem]) => ({ name: `payload: ${name}`, run: () => parsePayload(bytes, 'layer 0 payload'), code: 'INVALID_INPUT', input: 'layer 0 payload', problem }))

const envelopeCases: ApiCase[] = (
  [
    ['empty', '', 'INVALID_KEY', 'encrypted key body is not a JSON envelope'],
    ['a JSON string', '"x"', 'INVALID_KEY', 'encrypted key body is not a JSON object'],
    ['kdf null', '{"kdf":null,"cipher":{},"ciphertext":""}', 'INVALID_KEY', /^encrypted key envelope: field "kdf" is not an object$|missing field "kdf"/],
    ['params missing', '{"kdf":{"name":"scrypt","salt":"AAAA"},"cipher":{"name":"nacl/secretbox","nonce":"AAAA"},"ciphertext":"AAAA"}', 'INVALID_KEY', 'encrypted key envelope: missing field "kdf.params"'],
    ['p=0', '{"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":0},"salt":"AAAA"},"cipher":{"name":"nacl/secretbox","nonce":"AAAA"},"ciphertext":"AAAA"}', 'UNSUPPORTED_KDF_PARAMS', /N=32768, r=8, p=0/],
    ['N negative', '{"kdf":{"name":"scrypt","params":{"N":-32768,"r":8,"p":1},"salt":"AAAA"},"cipher":{"name":"nacl/secretbox","nonce":"AAAA"},"ciphertext":"AAAA"}', 'UNSUPPORTED_KDF_PARAMS', /N=-32768/],
    ['nonce not base64', '{"kdf":{"name":"scrypt","params":{"N":32768,"r":8,"p":1},"salt":"AAAA"},"cipher":{"name":"nacl/secretbox","nonce":"@@@@"},"ciphertext":"AAAA"}', 'INVALID_KEY', 'encrypted key envelope: field "cipher.nonce" is not valid base64'],
  ] as [string, string, ErrorCode, string | RegExp][]
).map(([name, json, code, problem]) => ({
  name: `envelope: ${name}`,
  run: () => parseEnvelope(enc(json)),
  code,
  // KeyFormatError states the problem; src/keys prefixes the input (--key "path"), as the CLI corpus shows.
  input: '',
  problem: typeof problem === 'string' ? new RegExp(`^${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : problem,
}))

const annotationCases: ApiCase[] = (
  [
    ['a', 'expected key=value (a value may not contain "=")'],
    ['a=1=2', 'expected key=value (a value may not contain "=")'],
    ['=', 'empty key'],
    ['x="y', 'bare " in an unquoted entry'],
    ['"x=y', 'unterminated quoted entry'],
  ] as [string, string][]
).map(([value, problem]) => ({
  name: `action annotations ${JSON.stringify(value)}`,
  run: () => parseAnnotationFlags([value], 'input "annotations"'),
  code: 'INVALID_ANNOTATION',
  input: 'input "annotations"',
  problem: new RegExp(`: ${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
}))

const durationCases: ApiCase[] = ['1', '1d', 's', '-1s', '1.5', '1h1', '1 h', 'infinity', '0x10s'].map((value) => ({
  name: `duration ${JSON.stringify(value)}`,
  run: () => parseGoDuration(value, '--timeout'),
  code: 'INVALID_INPUT' as ErrorCode,
  input: `--timeout "${value}"`,
  problem: 'not a duration (examples: 30s, 3m0s, 1h)',
}))

const REFUSALS: ApiCase[] = [...digestCases, ...repositoryCases, ...referenceLabelCases, ...manifestCases, ...payloadCases, ...envelopeCases, ...annotationCases, ...durationCases]

describe('API refusals: SigilError, documented code and exit code, one line naming the input', () => {
  it.each(REFUSALS.map((c) => [c.name, c] as const))('%s', (_, c) => expectRefusal(c))
})

/** Header values and bodies a registry or a proxy may send: parsed without ever throwing. */
const CHALLENGES: string[] = [
  '',
  ' ',
  ',',
  ',,,',
  '=',
  '"',
  'Bearer',
  'Bearer ',
  'Bearer realm',
  'Bearer realm=',
  'Bearer realm="',
  'Bearer realm="\\',
  'Bearer realm="a\\"b",service=',
  'Bearer realm=a b c',
  'Bearer ,,, realm="x"',
  'Basic realm="a", Bearer realm="b"',
  'Bearer realm="x" Basic',
  'Negotiate',
  'Negotiate ====',
  '=== Bearer realm="x"',
  'Bearer realm="http://x/token",scope="repository:a:pull",error="insufficient_scope",error_description="\u0000"',
  'Bearer realm="\u00ff\u2028"',
  'B\u00e9arer realm="x"',
  `Bearer realm="${'a'.repeat(100_000)}"`,
  `${'Bearer realm="x", '.repeat(2000)}`,
  'Bearer\trealm="x"',
  'Bearer realm = "x" , service = "y"',
  'bearer REALM="x"',
]

describe('server-provided input is parsed without throwing', () => {
  it.each(CHALLENGES.map((h) => [h.length > 60 ? `${h.slice(0, 60)}... (${h.length})` : h, h] as const))('WWW-Authenticate %j', (_, header) => {
    const challenges = parseWwwAuthenticate(header)
    expect(Array.isArray(challenges)).toBe(true)
    for (const c of challenges) {
      expect(c.scheme).toBe(c.scheme.toLowerCase())
      expect(c.scheme).toMatch(/^[!#$%&'*+\-.^_`|~0-9a-z]+$/)
      for (const k of Object.keys(c.params)) expect(k).toBe(k.toLowerCase())
    }
  })

  it.each(['', 'abc', '-1', '1.5', '99999999999999999999', 'Wed, 99 Foo 2015 07:28:00 GMT', 'Mon', '\u0000', '120 seconds'])('Retry-After %j is ignored or read as a delay', (value) => {
    const ms = parseRetryAfter(value, Date.parse('2026-01-01T00:00:00Z'))
    expect(ms === undefined || (Number.isFinite(ms) && ms >= 0)).toBe(true)
  })

  it.each(['', 'null', '[]', '{"errors":null}', '{"errors":[null,1,"x"]}', '{"errors":[{"code":5,"message":{}}]}', 'x'.repeat(70_000), '\u0000'])('OCI error body %j', (body) => {
    const errors = parseOciErrors(enc(body))
    expect(Array.isArray(errors)).toBe(true)
    for (const e of errors) {
      expect(typeof e.code).toBe('string')
      expect(typeof e.message).toBe('string')
    }
  })

  it.each(['', '-----BEGIN', '-----BEGIN X-----', '-----BEGIN X-----\n-----END Y-----', '-----BEGIN X-----\n\u0000\u00ff\n-----END X-----', '-----BEGIN  -----\nYQ==\n-----END  -----', 'Proc-Type: 4\n-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\n\nYQ==\n-----END X-----'])('PEM %j', (text) => {
    const block = decodePem(text)
    expect(block === undefined || typeof block.type === 'string').toBe(true)
  })

  it.each(['http://user:pw@host/x?token=abc', 'not a url', 'https://h/?X-Amz-Signature=%ZZ', ''])('URL for a trace %j', (url) => {
    const s = sanitizeUrl(url)
    expect(s).not.toContain('pw@')
    expect(s).not.toContain('abc')
  })
})

