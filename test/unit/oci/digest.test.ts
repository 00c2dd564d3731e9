import { describe, expect, it } from 'vitest'
import { digestToTagPrefix, isSha256Digest, parseDigest, sha256Digest } from '../../../src/oci/digest.js'
import { isImageManifestMediaType, isIndexMediaType, MANIFEST_ACCEPT } from '../../../src/oci/media-types.js'

describe('digests', () => {
  it('sha256 of exact bytes', () => {
    expect(sha256Digest(new Uint8Array())).toBe('sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(isSha256Digest(sha256Digest(Buffer.from('x')))).toBe(true)
  })

  it('parses sha256 only, saying why others are refused', () => {
    const d = `sha256:${'0'.repeat(64)}`
    expect(parseDigest(d)).toEqual({ algorithm: 'sha256', hex: '0'.repeat(64), digest: d })
    expect(() => parseDigest(`sha512:${'0'.repeat(128)}`)).toThrow(`digest "sha512:${'0'.repeat(128)}": unsupported digest algorithm "sha512"; only sha256 is supported`)
    expect(() => parseDigest('sha256')).toThrow('a digest must look like sha256:<64 hex characters>')
    expect(() => parseDigest(`sha256:${'0'.repeat(63)}`)).toThrow('exactly 64 lower-case hex')
    expect(() => parseDigest('sha-!:x')).toThrow('malformed digest; only sha256 is supported')
    expect(digestToTagPrefix(d)).toBe(`sha256-${'0'.repeat(64)}`)
  })

  it('media types', () => {
    expect(MANIFEST_ACCEPT).toBe(
      'application/vnd.docker.distribution.manifest.v1+json,application/vnd.docker.distribution.manifest.v1+prettyjws,application/vnd.docker.distribution.manifest.v2+json,application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.index.v1+json',
    )
    expect(isIndexMediaType('application/vnd.oci.image.index.v1+json')).toBe(true)
    expect(isIndexMediaType('application/vnd.oci.image.manifest.v1+json')).toBe(false)
    expect(isImageManifestMediaType('application/vnd.docker.distribution.manifest.v2+json')).toBe(true)
  })
})
