import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildPayload, parseAnnotationFlags, parsePayload, payloadForOutput } from '../../../src/cosign/payload.js'
import { LOOPBACK, readDirImage } from '../../helpers/sig-fixtures.js'

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8')

describe('buildPayload', () => {
  it('reproduces the loopback-run payload byte for byte', () => {
    const expected = readFileSync(join(LOOPBACK, 'img-sig', 'layer-0-payload.json'))
    const got = buildPayload({
      dockerReference: '127.0.0.1:5077/test/img',
      manifestDigest: 'sha256:eb67250fb4c3facbf18596e9793b8a8dd29a695677f13b2d06542482505daf4a',
    })
    expect(Buffer.from(got).equals(expected)).toBe(true)
    expect(got.length).toBe(239)
  })

  it('reproduces the payload real cosign wrote (dir-img-cosign-valid)', () => {
    const sig = readDirImage('dir-img-cosign-valid').signatures[0]!
    const parsed = parsePayload(sig.payload)
    const rebuilt = buildPayload({ dockerReference: parsed.dockerReference!, manifestDigest: parsed.manifestDigest! })
    expect(text(rebuilt)).toBe(text(sig.payload))
  })

  it('writes annotations as a sorted map of strings with Go HTML escaping', () => {
    const p = buildPayload({
      dockerReference: 'index.docker.io/library/x',
      manifestDigest: 'sha256:' + 'a'.repeat(64),
      annotations: { z: '1', a: 'x&y', 'B': '<b>' },
    })
    expect(text(p)).toBe(
      '{"critical":{"identity":{"docker-reference":"index.docker.io/library/x"},"image":{"docker-manifest-digest":"sha256:' +
        'a'.repeat(64) +
        '"},"type":"cosign container image signature"},"optional":{"B":"\\u003cb\\u003e","a":"x\\u0026y","z":"1"}}',
    )
    expect(text(p).endsWith('\n')).toBe(false)
  })
})

describe('parsePayload / payloadForOutput', () => {
  it('re-serialises a containers/image payload as cosign verify prints it (sorted optional, numbers kept)', () => {
    const sig = readDirImage('dir-img-cosign-valid-with-tag').signatures[0]!
    const parsed = parsePayload(sig.payload)
    expect(parsed.dockerReference).toBe('192.168.64.2:5000/skopeo-signed:tag')
    const out = payloadForOutput(parsed)
    expect(JSON.parse(out)).toEqual(JSON.parse(text(sig.payload)))
    expect(out).toMatch(/"optional":\{"creator":"containers\/image [^"]+","timestamp":\d+\}\}$/)
  })

  it.each([
    ['not json', 'not valid JSON'],
    ['[1,2]', 'not a JSON object'],
    ['{"critical":{},"optional":"x"}', '"optional" is not an object'],
  ])('refuses %j', (input, problem) => {
    expect(() => parsePayload(new TextEncoder().encode(input), 'layer 0 payload')).toThrow(`layer 0 payload: ${problem}`)
  })

  it('refuses invalid UTF-8', () => {
    expect(() => parsePayload(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow('not valid JSON')
  })
})

describe('parseAnnotationFlags (cosign -a)', () => {
  it('takes repeated flags and comma-separated pairs; later keys win', () => {
    expect(parseAnnotationFlags(['a=1,b=2', 'c=3', 'a=4'])).toEqual({ a: '4', b: '2', c: '3' })
  })
  it('allows empty values and quoted entries with commas', () => {
    expect(parseAnnotationFlags(['k=', '"x=1,2",y=3'])).toEqual({ k: '', x: '1,2', y: '3' })
  })
  it.each([['novalue'], ['a=b=c'], ['=v'], ['a=1,,b=2'], ['"a=1']])('refuses %j naming the entry', (v) => {
    expect(() => parseAnnotationFlags([v])).toThrow(/^-a\/--annotations /)
  })
})
