// URL sanitising, the redactor, loopback detection, scopes and registry error messages.
import { describe, expect, it } from 'vitest'
import { scopeCovers } from '../../../src/registry/auth.js'
import { parseOciErrors, RegistryError } from '../../../src/registry/errors.js'
import { isLoopbackRegistry } from '../../../src/registry/hosts.js'
import { Redactor, sanitizeUrl } from '../../../src/registry/redact.js'
import { classifyError } from '../../../src/registry/transport.js'

describe('sanitizeUrl', () => {
  it('drops userinfo and secret query values, keeps the distribution API’s own', () => {
    expect(sanitizeUrl('https://user:pw@r.example/v2/a/blobs/uploads/x?_state=abc%3D&digest=sha256%3Aff')).toBe(
      'https://r.example/v2/a/blobs/uploads/x?_state=REDACTED&digest=sha256%3Aff',
    )
    expect(sanitizeUrl('https://s3.example/b?X-Amz-Signature=sig&X-Amz-Credential=c&X-Amz-Security-Token=t')).toBe(
      'https://s3.example/b?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Security-Token=REDACTED',
    )
    expect(sanitizeUrl('https://auth.example/token?service=reg&scope=repository%3Aa%3Apull&access_token=x#frag')).toBe(
      'https://auth.example/token?service=reg&scope=repository%3Aa%3Apull&access_token=REDACTED',
    )
    expect(sanitizeUrl('not a url')).toBe('(invalid URL)')
  })
})

describe('Redactor', () => {
  it('replaces every registered secret, ignores very short ones', () => {
    const r = new Redactor()
    r.add('s3cret-password')
    r.add('a b&c')
    r.add('ab')
    r.add(undefined)
    expect(r.redact('x s3cret-password y s3cret-password a%20b%26c ab')).toBe('x REDACTED y REDACTED REDACTED ab')
  })
})

describe('isLoopbackRegistry', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST:5000', true],
    ['127.0.0.1', true],
    ['127.1.2.3:443', true],
    ['[::1]', true],
    ['[::1]:5000', true],
    ['[0:0:0:0:0:0:0:1]:5000', true],
    ['127.0.0.256', false],
    ['128.0.0.1', false],
    ['localhost.example.com', false],
    ['mylocalhost', false],
    ['[::2]', false],
    ['10.0.0.1:5000', false],
    ['ghcr.io', false],
  ])('%s -> %s', (registry, expected) => {
    expect(isLoopbackRegistry(registry)).toBe(expected)
  })
})

describe('scopeCovers', () => {
  it.each([
    ['repository:a/b:push,pull', 'repository:a/b:pull', true],
    ['repository:a/b:pull', 'repository:a/b:push,pull', false],
    ['repository:a/b:*', 'repository:a/b:push', true],
    ['repository:a/b:pull', 'repository:a/c:pull', false],
    ['registry:catalog:*', 'registry:catalog:*', true],
  ])('%s covers %s: %s', (have, want, expected) => {
    expect(scopeCovers(have, want)).toBe(expected)
  })
})

describe('RegistryError', () => {
  it('one line: operation, reference, status, OCI errors, detail', () => {
    const e = new RegistryError('NOT_FOUND', {
      operation: 'GET manifest',
      reference: 'r.example/a:v1',
      status: 404,
      ociErrors: parseOciErrors(Buffer.from('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest\\nunknown","detail":{"Tag":"v1"}},{"code":"X"}]}')),
    })
    expect(e.message).toBe('GET manifest r.example/a:v1: 404 MANIFEST_UNKNOWN: manifest unknown; X')
    expect(e.code).toBe('NOT_FOUND')
    expect(e.hasOciCode('X')).toBe(true)
    expect(new RegistryError('REGISTRY_TIMEOUT', { operation: 'HEAD blob', reference: 'r/a@sha256:x', detail: 'no response within 5 ms' }).message).toBe(
      'HEAD blob r/a@sha256:x: no response within 5 ms',
    )
    expect(parseOciErrors(Buffer.from('<html>'))).toEqual([])
    expect(parseOciErrors(Buffer.from('{"errors":"x"}'))).toEqual([])
  })
})

describe('classifyError', () => {
  const sys = (code: string, message = code) => Object.assign(new Error(message), { code })
  it.each([
    [sys('ECONNREFUSED'), 'refused', 'connection refused'],
    [new AggregateError([sys('ECONNREFUSED'), sys('ECONNREFUSED')]), 'refused', 'connection refused'],
    [sys('ECONNRESET'), 'reset', 'connection reset or closed'],
    [sys('UND_ERR_SOCKET', 'other side closed'), 'reset', 'connection reset or closed'],
    [sys('DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls-untrusted', 'TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)'],
    [Object.assign(new Error('wrapper'), { cause: sys('ERR_TLS_CERT_ALTNAME_INVALID') }), 'tls-untrusted', 'TLS certificate not trusted (ERR_TLS_CERT_ALTNAME_INVALID)'],
    [sys('ERR_SSL_WRONG_VERSION_NUMBER'), 'tls-protocol', 'TLS handshake failed (the server may not speak TLS)'],
    [sys('UND_ERR_HEADERS_OVERFLOW'), 'headers-too-large', 'response headers too large'],
    [sys('ENOTFOUND'), 'dns', 'host name not resolved'],
    [sys('EAI_AGAIN'), 'dns-temporary', 'host name lookup failed for now'],
    [new Error('Proxy response (407) !== 200 when HTTP Tunneling'), 'proxy', 'the proxy refused the connection'],
    [new TypeError('odd'), 'other', 'request failed (TypeError)'],
  ])('%s', (err, kind, message) => {
    const e = classifyError(err, false, 1000)
    expect([e.kind, e.message]).toEqual([kind, message])
  })

  it('our own deadline wins', () => {
    expect(classifyError(new Error('aborted'), true, 250).message).toBe('no response within 250 ms')
  })
})
