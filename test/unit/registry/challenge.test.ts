// WWW-Authenticate parsing (RFC 7235 section 4.1, RFC 9110 section 11.6.1).
import { describe, expect, it } from 'vitest'
import { parseWwwAuthenticate } from '../../../src/registry/challenge.js'

describe('parseWwwAuthenticate', () => {
  it('a registry Bearer challenge', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/ubuntu:pull' } },
    ])
  })

  it('Basic, case-insensitive names, token values and spaces around =', () => {
    expect(parseWwwAuthenticate('BASIC Realm = "registry"')).toEqual([{ scheme: 'basic', params: { realm: 'registry' } }])
    expect(parseWwwAuthenticate('Bearer realm=https://r.example/token, service=svc')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://r.example/token', service: 'svc' } },
    ])
  })

  it('several challenges in one header, and in several headers', () => {
    const one = 'Basic realm="a", Bearer realm="https://t/token",service="s", Negotiate'
    expect(parseWwwAuthenticate(one)).toEqual([
      { scheme: 'basic', params: { realm: 'a' } },
      { scheme: 'bearer', params: { realm: 'https://t/token', service: 's' } },
      { scheme: 'negotiate', params: {} },
    ])
    expect(parseWwwAuthenticate(['Basic realm="a"', 'Bearer realm="b"'])).toEqual([
      { scheme: 'basic', params: { realm: 'a' } },
      { scheme: 'bearer', params: { realm: 'b' } },
    ])
  })

  it('quoted strings with commas, equals signs and escaped quotes', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://t/token?a=1,b=2",scope="repository:a/b:pull,push",error="say \\"hi\\", \\\\ ok"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://t/token?a=1,b=2', scope: 'repository:a/b:pull,push', error: 'say "hi", \\ ok' } },
    ])
  })

  it('token68 and unknown schemes', () => {
    expect(parseWwwAuthenticate('Negotiate abc+/def==, Basic realm="x"')).toEqual([
      { scheme: 'negotiate', params: {}, token68: 'abc+/def==' },
      { scheme: 'basic', params: { realm: 'x' } },
    ])
    expect(parseWwwAuthenticate('Custom foo="bar"')).toEqual([{ scheme: 'custom', params: { foo: 'bar' } }])
  })

  it('empty list elements are skipped', () => {
    expect(parseWwwAuthenticate(' , Basic realm="x" ,, ')).toEqual([{ scheme: 'basic', params: { realm: 'x' } }])
  })

  it('malformed input yields what was parsed before the fault', () => {
    expect(parseWwwAuthenticate(undefined)).toEqual([])
    expect(parseWwwAuthenticate('')).toEqual([])
    expect(parseWwwAuthenticate('"quoted"')).toEqual([])
    expect(parseWwwAuthenticate('Bearer realm="unterminated')).toEqual([])
    // Grammatically a token68 (padding `=`), so not an auth-param: no realm.
    expect(parseWwwAuthenticate('Bearer realm=')).toEqual([{ scheme: 'bearer', params: {}, token68: 'realm=' }])
    expect(parseWwwAuthenticate('Bearer realm=,service="s"')).toEqual([{ scheme: 'bearer', params: {}, token68: 'realm=' }])
    expect(parseWwwAuthenticate('Basic realm="a", Bearer realm="b" junk')).toEqual([{ scheme: 'basic', params: { realm: 'a' } }])
    expect(parseWwwAuthenticate('Bearer realm="a" service="b"')).toEqual([])
  })
})
