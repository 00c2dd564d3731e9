/**
 * Property-based checks of the parsers (issue 6), with fast-check and a fixed seed so CI runs the same inputs every
 * time (set SIGIL_FC_SEED to explore other seeds locally):
 * - references: parse/format round trip for generated valid references; arbitrary text is parsed or refused
 *   with INVALID_REFERENCE, never anything else;
 * - WWW-Authenticate: arbitrary headers never throw; generated challenges survive serialisation and parsing;
 * - the simple-signing payload: build/parse round trip with arbitrary annotations and references, and cosign's
 *   re-serialisation gives back the signed bytes;
 * - key envelopes: encrypt/decrypt round trip (scrypt N=32768, few runs); the envelope and PEM parsers on arbitrary
 *   input throw only SigilErrors;
 * - .sig manifests: serialise/parse round trip; arbitrary JSON is parsed or refused with INVALID_MANIFEST;
 * - annotations (-a), digests, durations, Retry-After, and `printable` (one terminal line whatever the input).
 * goQuote's round trip is in test/unit/cosign/go-json.test.ts.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodePem, decryptEnvelope, encryptEnvelope, parseEnvelope, marshalEnvelope, parseEncryptedKeyFile } from '../../src/cosign/key-file.js'
import { buildPayload, parseAnnotationFlags, parsePayload, payloadForOutput } from '../../src/cosign/payload.js'
import { manifestWithLayers, parseSignatureManifest, serializeManifest, SIMPLESIGNING_MEDIA_TYPE, type Descriptor } from '../../src/cosign/signature-manifest.js'
import { parseGoDuration } from '../../src/cli/duration.js'
import { printable, SigilError } from '../../src/errors.js'
import { parseDigest } from '../../src/oci/digest.js'
import { formatReference, parseReference, referenceName } from '../../src/oci/reference.js'
import { parseWwwAuthenticate } from '../../src/registry/challenge.js'
import { parseRetryAfter } from '../../src/registry/retry.js'

const SEED = Number(process.env.SIGIL_FC_SEED ?? 20261124)
const run = (numRuns: number) => ({ seed: SEED, numRuns })

/** Runs `fn`; a throw must be a SigilError with one of `codes`. */
function parsesOrRefuses(fn: () => unknown, codes: readonly string[]): void {
  try {
    fn()
  } catch (err) {
    if (!(err instanceof SigilError)) throw new Error(`threw a non-SigilError: ${String(err)}`)
    if (!codes.includes(err.code)) throw new Error(`unexpected code ${err.code}: ${err.message}`)
    expect(printable(err.message)).not.toMatch(/\n/)
  }
}

// ---------------------------------------------------------------------------------------------------------
// Generators

const lowerAlnum = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 8 })
const separator = fc.constantFrom('.', '_', '__', '-', '--')
const pathComponent = fc.tuple(lowerAlnum, fc.array(fc.tuple(separator, lowerAlnum), { maxLength: 2 })).map(([h, rest]) => h + rest.map(([s, p]) => s + p).join(''))
const repositoryPath = fc.array(pathComponent, { minLength: 1, maxLength: 4 }).map((c) => c.join('/'))
const hostLabel = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 1, maxLength: 10 })
const registry = fc.oneof(
  fc.tuple(fc.array(hostLabel, { minLength: 2, maxLength: 3 }), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined })).map(([labels, port]) => `${labels.join('.')}${port !== undefined ? `:${port}` : ''}`),
  fc.integer({ min: 1, max: 65535 }).map((p) => `localhost:${p}`),
  fc.tuple(fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 65535 })).map(([a, b, p]) => `10.${a}.${b}.1:${p}`),
  fc.integer({ min: 1, max: 65535 }).map((p) => `[::1]:${p}`),
)
const tag = fc
  .tuple(fc.constantFrom(...'abcXYZ019_'), fc.string({ unit: fc.constantFrom(...'abcXYZ0189_.-'), maxLength: 20 }))
  .map(([h, t]) => h + t)
const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 })
const digest = hex64.map((h) => `sha256:${h}`)
const reference = fc
  .record({ registry: fc.option(registry, { nil: undefined }), repo: repositoryPath, tag: fc.option(tag, { nil: undefined }), digest: fc.option(digest, { nil: undefined }) })
  .map((r) => `${r.registry !== undefined ? `${r.registry}/` : ''}${r.repo}${r.tag !== undefined ? `:${r.tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`)

// ---------------------------------------------------------------------------------------------------------

describe('references', () => {
  it('generated valid references parse, and format/parse is a fixed point', () => {
    fc.assert(
      fc.property(reference, (s) => {
        const r = parseReference(s)
        const again = parseReference(formatReference(r))
        // An implied `latest` is printed, so it comes back explicit; everything else is identical.
        expect({ ...again, original: '', tagExplicit: true }).toEqual({ ...r, original: '', tagExplicit: true })
        expect(parseReference(referenceName(r)).digest).toBe(r.digest)
        expect(formatReference(again)).toBe(formatReference(r))
      }),
      run(1000),
    )
  })

  it('arbitrary text is parsed or refused with INVALID_REFERENCE naming it, never another error', () => {
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }), reference.map((r) => r.replace(/[a-z]/, (c) => c.toUpperCase())), fc.constant(''))
    fc.assert(
      fc.property(text, (s) => {
        parsesOrRefuses(() => parseReference(s), ['INVALID_REFERENCE'])
        try {
          parseReference(s)
        } catch (err) {
          expect((err as SigilError).message.startsWith(`image reference "${s}": `)).toBe(true)
        }
      }),
      run(2000),
    )
  })
})

describe('WWW-Authenticate', () => {
  it('arbitrary headers never throw and give well-formed challenges', () => {
    const header = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.string({ unit: fc.constantFrom(...'Bearer realm=",\\ \t=abc'), maxLength: 60 }),
      fc.array(fc.string({ maxLength: 30 }), { maxLength: 3 }),
    )
    fc.assert(
      fc.property(header, (h) => {
        const cs = parseWwwAuthenticate(h)
        for (const c of cs) {
          expect(c.scheme).toMatch(/^[!#$%&'*+\-.^_`|~0-9a-z]+$/)
          for (const [k, v] of Object.entries(c.params)) {
            expect(k).toBe(k.toLowerCase())
            expect(typeof v).toBe('string')
          }
        }
      }),
      run(3000),
    )
  })

  it('generated challenges survive serialisation (quoted strings with commas, quotes and backslashes) and parsing', () => {
    const token = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&\'*+-.^_`|~'), minLength: 1, maxLength: 10 })
    const value = fc.string({ unit: fc.oneof(fc.constantFrom(',', '"', '\\', ' ', '=', ';', '/', ':'), fc.constantFrom(...'abcXYZ0129')), maxLength: 30 })
    const challenge = fc.record({
      scheme: token.filter((t) => !/=/.test(t)),
      params: fc.uniqueArray(fc.tuple(token.map((t) => t.toLowerCase()), value), { selector: ([k]) => k, minLength: 1, maxLength: 4 }),
    })
    fc.assert(
      fc.property(fc.array(challenge, { minLength: 1, maxLength: 3 }), (cs) => {
        const header = cs.map((c) => `${c.scheme} ${c.params.map(([k, v]) => `${k}="${v.replace(/[\\"]/g, '\\$&')}"`).join(', ')}`).join(', ')
        const parsed = parseWwwAuthenticate(header)
        expect(parsed).toEqual(cs.map((c) => ({ scheme: c.scheme.toLowerCase(), params: Object.fromEntries(c.params) })))
      }),
      run(1000),
    )
  })
})

describe('simple-signing payload', () => {
  it('build/parse round trip; cosign-style re-serialisation gives back the signed bytes', () => {
    const annotations = fc.option(fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 20 }), { maxKeys: 5 }), { nil: undefined })
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), digest, annotations, (ref, d, ann) => {
        const bytes = buildPayload({ dockerReference: ref, manifestDigest: d, ...(ann ? { annotations: ann } : {}) })
        const p = parsePayload(bytes)
        expect(p.dockerReference).toBe(ref)
        expect(p.manifestDigest).toBe(d)
        expect(p.type).toBe('cosign container image signature')
        expect(p.optional).toEqual(ann && Object.keys(ann).length ? ann : null)
        expect(payloadForOutput(p)).toBe(new TextDecoder().decode(bytes))
      }),
      run(1000),
    )
  })

  it('arbitrary bytes are parsed or refused with INVALID_INPUT', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.json().map((j) => new TextEncoder().encode(j))), (b) => parsesOrRefuses(() => parsePayload(b), ['INVALID_INPUT'])),
      run(2000),
    )
  })
})

describe('key envelopes and PEM', () => {
  it('encrypt/decrypt round trip at N=32768 (few runs: scrypt is slow on purpose)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.uint8Array({ maxLength: 40 }), async (plaintext, password) => {
        const envelope = await encryptEnvelope(plaintext, password, { N: 32768 })
        const reparsed = parseEnvelope(new TextEncoder().encode(marshalEnvelope(envelope)))
        expect(Buffer.from(await decryptEnvelope(reparsed, password)).equals(Buffer.from(plaintext))).toBe(true)
        const wrong = new Uint8Array([...password, 1])
        await expect(decryptEnvelope(reparsed, wrong)).rejects.toBeInstanceOf(SigilError)
      }),
      run(3),
    )
  }, 30_000)

  it('the envelope parser refuses arbitrary input with SigilErrors only (and never runs scrypt)', () => {
    const envelopeish = fc.record({
      kdf: fc.oneof(fc.anything(), fc.record({ name: fc.oneof(fc.constant('scrypt'), fc.string()), params: fc.record({ N: fc.oneof(fc.integer(), fc.constantFrom(32768, 65536, 2 ** 20)), r: fc.integer(), p: fc.integer() }), salt: fc.base64String() })),
      cipher: fc.oneof(fc.anything(), fc.record({ name: fc.constant('nacl/secretbox'), nonce: fc.base64String() })),
      ciphertext: fc.oneof(fc.base64String(), fc.anything()),
    })
    const input = fc.oneof(fc.uint8Array({ maxLength: 100 }), fc.json().map((j) => new TextEncoder().encode(j)), envelopeish.map((e) => new TextEncoder().encode(JSON.stringify(e) ?? '')))
    fc.assert(fc.property(input, (b) => parsesOrRefuses(() => parseEnvelope(b), ['INVALID_KEY', 'UNSUPPORTED_KDF_PARAMS'])), run(2000))
  })

  it('PEM decoding and key-file parsing never throw anything but SigilErrors', () => {
    const pemish = fc
      .tuple(fc.string({ maxLength: 20 }), fc.constantFrom('ENCRYPTED SIGSTORE PRIVATE KEY', 'ENCRYPTED COSIGN PRIVATE KEY', 'PUBLIC KEY', 'X'), fc.base64String({ maxLength: 200 }), fc.string({ maxLength: 10 }))
      .map(([pre, label, body, post]) => `${pre}-----BEGIN ${label}-----\n${body.replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n${post}`)
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), pemish, fc.uint8Array({ maxLength: 200 })), (data) => {
        const block = decodePem(data)
        expect(block === undefined || typeof block.type === 'string').toBe(true)
        parsesOrRefuses(() => parseEncryptedKeyFile(data), ['INVALID_KEY', 'UNSUPPORTED_KDF_PARAMS', 'UNSUPPORTED_KEY'])
      }),
      run(2000),
    )
  })
})

describe('.sig manifests', () => {
  const descriptor: fc.Arbitrary<Descriptor> = fc.record({
    mediaType: fc.constantFrom(SIMPLESIGNING_MEDIA_TYPE, 'text/plain', 'application/vnd.dev.cosign.artifact.sig.v1+json'),
    size: fc.nat(10_000),
    digest,
    annotations: fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 40 }), { minKeys: 1, maxKeys: 3 }),
  })

  it('serialise/parse round trip for generated signature manifests', () => {
    fc.assert(
      fc.property(fc.array(descriptor, { maxLength: 6 }), (layers) => {
        const { manifest } = manifestWithLayers(undefined, layers)
        const bytes = serializeManifest(manifest)
        const parsed = parseSignatureManifest(bytes, 'gen')
        expect(parsed.layers).toEqual(layers)
        expect(Buffer.from(serializeManifest(parsed)).equals(Buffer.from(bytes))).toBe(true)
      }),
      run(500),
    )
  })

  it('arbitrary JSON is parsed or refused with INVALID_MANIFEST', () => {
    const doc = fc.oneof(
      fc.json(),
      fc.record({ mediaType: fc.constantFrom('application/vnd.oci.image.manifest.v1+json', 'x'), config: fc.anything(), layers: fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.anything()) }).map((o) => JSON.stringify(o) ?? ''),
    )
    fc.assert(fc.property(doc, (j) => parsesOrRefuses(() => parseSignatureManifest(new TextEncoder().encode(j), 'any'), ['INVALID_MANIFEST'])), run(2000))
  })
})

describe('small parsers', () => {
  it('-a values: generated key=value lists round trip; arbitrary text is parsed or refused with INVALID_ANNOTATION', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'abcXYZ019 _-./:@'), minLength: 1, maxLength: 10 })
    fc.assert(
      fc.property(fc.array(fc.tuple(plain, fc.string({ unit: fc.constantFrom(...'abc019 _-./:@'), maxLength: 10 })), { maxLength: 5 }), (pairs) => {
        const flags = pairs.map(([k, v]) => `${k}=${v}`)
        expect(parseAnnotationFlags(flags.length ? [flags.join(',')] : [])).toEqual(Object.fromEntries(pairs))
        // Quoted entries may hold commas.
        expect(parseAnnotationFlags(pairs.map(([k, v]) => `"${k}=${v},x"`))).toEqual(Object.fromEntries(pairs.map(([k, v]) => [k, `${v},x`])))
      }),
      run(1000),
    )
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), (values) => parsesOrRefuses(() => parseAnnotationFlags(values), ['INVALID_ANNOTATION'])), run(2000))
  })

  it('digests: generated sha256 digests parse; anything else is refused with INVALID_REFERENCE', () => {
    fc.assert(
      fc.property(digest, (d) => {
        expect(parseDigest(d).digest).toBe(d)
      }),
      run(500),
    )
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => parsesOrRefuses(() => parseDigest(s), ['INVALID_REFERENCE'])), run(2000))
  })

  it('durations: generated Go durations parse to their value; arbitrary text is a number or INVALID_INPUT', () => {
    const unit = fc.constantFrom(['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1])
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1000), unit), { minLength: 1, maxLength: 3 }), (parts) => {
        const text = parts.map(([n, [u]]) => `${n}${u}`).join('')
        expect(parseGoDuration(text, '--timeout')).toBe(parts.reduce((sum, [n, [, ms]]) => sum + n * ms, 0))
      }),
      run(500),
    )
    fc.assert(fc.property(fc.string({ maxLength: 20 }), (s) => parsesOrRefuses(() => parseGoDuration(s, '--timeout'), ['INVALID_INPUT'])), run(2000))
  })

  it('Retry-After: any header value is ignored or read as a non-negative delay', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.nat().map(String), fc.date({ noInvalidDate: true }).map((d) => d.toUTCString())), (v) => {
        const ms = parseRetryAfter(v, 1_700_000_000_000)
        expect(ms === undefined || (Number.isFinite(ms) && ms >= 0)).toBe(true)
      }),
      run(2000),
    )
  })

  it('printable: no control character survives; text without any is unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        // eslint-disable-next-line no-control-regex
        expect(printable(s)).not.toMatch(/[\u0000-\u001f\u007f]/)
        // eslint-disable-next-line no-control-regex
        if (!/[\u0000-\u001f\u007f]/.test(s)) expect(printable(s)).toBe(s)
      }),
      run(2000),
    )
  })
})
