// The reference parser: valid references with their go-containerregistry normalisation, invalid ones with the
// part that is wrong.
import { describe, expect, it } from 'vitest'
import { SigilError } from '../../../src/errors.js'
import { formatReference, parseReference, parseRepository, referenceName, repositoryName, withDigest, withTag } from '../../../src/oci/reference.js'

const H = 'a'.repeat(64)
const D = `sha256:${H}`

interface Valid {
  readonly input: string
  readonly registry: string
  readonly repository: string
  readonly tag?: string
  readonly digest?: string
  readonly tagExplicit: boolean
  /** ggcr `Name()` */
  readonly name: string
}

const valid: Valid[] = [
  { input: 'ubuntu', registry: 'index.docker.io', repository: 'library/ubuntu', tag: 'latest', tagExplicit: false, name: 'index.docker.io/library/ubuntu:latest' },
  { input: 'docker.io/ubuntu', registry: 'index.docker.io', repository: 'library/ubuntu', tag: 'latest', tagExplicit: false, name: 'index.docker.io/library/ubuntu:latest' },
  { input: 'index.docker.io/ubuntu', registry: 'index.docker.io', repository: 'library/ubuntu', tag: 'latest', tagExplicit: false, name: 'index.docker.io/library/ubuntu:latest' },
  { input: 'index.docker.io/library/ubuntu:latest', registry: 'index.docker.io', repository: 'library/ubuntu', tag: 'latest', tagExplicit: true, name: 'index.docker.io/library/ubuntu:latest' },
  { input: 'ubuntu:22.04', registry: 'index.docker.io', repository: 'library/ubuntu', tag: '22.04', tagExplicit: true, name: 'index.docker.io/library/ubuntu:22.04' },
  { input: 'user/app', registry: 'index.docker.io', repository: 'user/app', tag: 'latest', tagExplicit: false, name: 'index.docker.io/user/app:latest' },
  { input: 'registry-1.docker.io/ubuntu', registry: 'registry-1.docker.io', repository: 'ubuntu', tag: 'latest', tagExplicit: false, name: 'registry-1.docker.io/ubuntu:latest' },
  { input: 'localhost:5000/a/b:t', registry: 'localhost:5000', repository: 'a/b', tag: 't', tagExplicit: true, name: 'localhost:5000/a/b:t' },
  { input: 'localhost/a', registry: 'localhost', repository: 'a', tag: 'latest', tagExplicit: false, name: 'localhost/a:latest' },
  // ggcr reads a bare `localhost:5000` as Docker Hub's library/localhost with tag 5000.
  { input: 'localhost:5000', registry: 'index.docker.io', repository: 'library/localhost', tag: '5000', tagExplicit: true, name: 'index.docker.io/library/localhost:5000' },
  { input: `[::1]:5000/x@${D}`, registry: '[::1]:5000', repository: 'x', digest: D, tagExplicit: false, name: `[::1]:5000/x@${D}` },
  { input: '[::1]/x:t', registry: '[::1]', repository: 'x', tag: 't', tagExplicit: true, name: '[::1]/x:t' },
  { input: '[2001:db8::1]:443/team/app:v1', registry: '[2001:db8::1]:443', repository: 'team/app', tag: 'v1', tagExplicit: true, name: '[2001:db8::1]:443/team/app:v1' },
  { input: `ghcr.io/o/r:v1@${D}`, registry: 'ghcr.io', repository: 'o/r', tag: 'v1', digest: D, tagExplicit: true, name: `ghcr.io/o/r@${D}` },
  { input: `docker.io/ubuntu@${D}`, registry: 'index.docker.io', repository: 'library/ubuntu', digest: D, tagExplicit: false, name: `index.docker.io/library/ubuntu@${D}` },
  { input: 'Registry.Example.com:443/a/b', registry: 'Registry.Example.com:443', repository: 'a/b', tag: 'latest', tagExplicit: false, name: 'Registry.Example.com:443/a/b:latest' },
  { input: '127.0.0.1:5000/a_b/c-d/e.f__g:T_1.0-x', registry: '127.0.0.1:5000', repository: 'a_b/c-d/e.f__g', tag: 'T_1.0-x', tagExplicit: true, name: '127.0.0.1:5000/a_b/c-d/e.f__g:T_1.0-x' },
  { input: 'gcr.io/p/a---b:_x', registry: 'gcr.io', repository: 'p/a---b', tag: '_x', tagExplicit: true, name: 'gcr.io/p/a---b:_x' },
  { input: 'my_registry:5000/app', registry: 'my_registry:5000', repository: 'app', tag: 'latest', tagExplicit: false, name: 'my_registry:5000/app:latest' },
  { input: `a:${'t'.repeat(128)}`, registry: 'index.docker.io', repository: 'library/a', tag: 't'.repeat(128), tagExplicit: true, name: `index.docker.io/library/a:${'t'.repeat(128)}` },
  { input: `ghcr.io/${'r'.repeat(255)}`, registry: 'ghcr.io', repository: 'r'.repeat(255), tag: 'latest', tagExplicit: false, name: `ghcr.io/${'r'.repeat(255)}:latest` },
]

const invalid: [input: string, message: string][] = [
  ['', 'image reference "": the reference is empty'],
  ['Ubuntu', 'image reference "Ubuntu": repository "Ubuntu" must be lower case'],
  ['ghcr.io/Org/app:v1', 'image reference "ghcr.io/Org/app:v1": repository "Org/app" must be lower case'],
  [`ubuntu@sha512:${'b'.repeat(128)}`, `image reference "ubuntu@sha512:${'b'.repeat(128)}": unsupported digest algorithm "sha512"; only sha256 is supported`],
  ['ubuntu@md5:abc', 'image reference "ubuntu@md5:abc": unsupported digest algorithm "md5"; only sha256 is supported'],
  ['ubuntu@sha256:abc', 'image reference "ubuntu@sha256:abc": a sha256 digest needs exactly 64 lower-case hex characters'],
  [`ubuntu@sha256:${'A'.repeat(64)}`, `image reference "ubuntu@sha256:${'A'.repeat(64)}": a sha256 digest needs exactly 64 lower-case hex characters`],
  ['ubuntu@', 'image reference "ubuntu@": the digest after "@" is empty'],
  ['ubuntu:', 'image reference "ubuntu:": the tag after ":" is empty'],
  [`ubuntu:${'t'.repeat(129)}`, `image reference "ubuntu:${'t'.repeat(129)}": tag is 129 characters long; at most 128 are allowed`],
  ['ubuntu:-x', 'image reference "ubuntu:-x": tag "-x" may only contain letters, digits, _ . - and must not start with . or -'],
  ['ubuntu:a+b', 'image reference "ubuntu:a+b": tag "a+b" may only contain letters, digits, _ . - and must not start with . or -'],
  [`ghcr.io/${'r'.repeat(256)}`, `image reference "ghcr.io/${'r'.repeat(256)}": repository is 256 characters long; at most 255 are allowed`],
  ['ghcr.io/a//b', 'image reference "ghcr.io/a//b": repository "a//b" has an empty path component'],
  ['ghcr.io/a/-b', 'image reference "ghcr.io/a/-b": repository path component "-b" must start and end with a letter or digit, with single . or _ (or __ or dashes) between'],
  ['ghcr.io/a/b.', 'image reference "ghcr.io/a/b.": repository path component "b." must start and end with a letter or digit, with single . or _ (or __ or dashes) between'],
  ['ghcr.io/a$b', 'image reference "ghcr.io/a$b": repository "a$b" may only contain a-z, 0-9 and the separators . _ - /'],
  ['https://ghcr.io/a', 'image reference "https://ghcr.io/a": a reference has no URL scheme; remove the "://" prefix'],
  ['ubuntu latest', 'image reference "ubuntu latest": the reference contains whitespace or control characters'],
  [`a@${D}@${D}`, `image reference "a@${D}@${D}": a reference may contain only one "@"`],
  ['host:99999/a', 'image reference "host:99999/a": registry "host:99999" has a port above 65535'],
  ['host:abc/a', 'image reference "host:abc/a": registry "host:abc" has an invalid port "abc"'],
  ['::1/x', 'image reference "::1/x": registry "::1" is not valid (IPv6 addresses need brackets, e.g. [::1]:5000)'],
  ['[::g]:5000/x', 'image reference "[::g]:5000/x": registry "[::g]:5000" is not a valid IPv6 address'],
  ['a..b/x', 'image reference "a..b/x": registry "a..b" is not a valid host name'],
  [':tag', 'image reference ":tag": the repository name is empty'],
  ['ghcr.io/', 'image reference "ghcr.io/": the repository name is empty'],
  ['x'.repeat(1025), `image reference "${'x'.repeat(1025)}": the reference is 1025 characters long; at most 1024 are allowed`],
]

describe('parseReference', () => {
  it.each(valid)('$input', (v) => {
    const ref = parseReference(v.input)
    expect(ref.registry).toBe(v.registry)
    expect(ref.repository).toBe(v.repository)
    expect(ref.tag).toBe(v.tag)
    expect(ref.digest).toBe(v.digest)
    expect(ref.tagExplicit).toBe(v.tagExplicit)
    expect(ref.original).toBe(v.input)
    expect(referenceName(ref)).toBe(v.name)
    expect(repositoryName(ref)).toBe(`${v.registry}/${v.repository}`)
  })

  it.each(invalid)('refuses %j', (input, message) => {
    let err: unknown
    try {
      parseReference(input)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(SigilError)
    expect((err as SigilError).code).toBe('INVALID_REFERENCE')
    expect((err as Error).message).toBe(message)
  })

  it('names the input as the caller asks', () => {
    expect(() => parseReference('Bad', '--image "Bad"')).toThrow('--image "Bad": repository "Bad" must be lower case')
  })
})

describe('formatReference and the constructors', () => {
  it('shows everything known', () => {
    expect(formatReference(parseReference('ubuntu'))).toBe('index.docker.io/library/ubuntu:latest')
    expect(formatReference(parseReference(`ubuntu@${D}`))).toBe(`index.docker.io/library/ubuntu@${D}`)
    expect(formatReference(parseReference(`ghcr.io/o/r:v1@${D}`))).toBe(`ghcr.io/o/r:v1@${D}`)
  })

  it('withDigest and withTag', () => {
    const repo = { registry: 'ghcr.io', repository: 'o/r' }
    expect(referenceName(withDigest(repo, D))).toBe(`ghcr.io/o/r@${D}`)
    expect(referenceName(withTag(repo, 'sha256-abc.sig'))).toBe('ghcr.io/o/r:sha256-abc.sig')
    expect(() => withDigest(repo, 'sha512:abc')).toThrow(/only sha256/)
    expect(() => withTag(repo, 'a/b')).toThrow(/tag "a\/b"/)
  })
})

describe('parseRepository (COSIGN_REPOSITORY)', () => {
  it.each([
    ['ubuntu', 'index.docker.io', 'library/ubuntu'],
    ['docker.io/me/sigs', 'index.docker.io', 'me/sigs'],
    ['ghcr.io/o/sigs', 'ghcr.io', 'o/sigs'],
    ['localhost:5000/sigs', 'localhost:5000', 'sigs'],
  ])('%s', (input, registry, repository) => {
    expect(parseRepository(input)).toEqual({ registry, repository })
  })

  it.each([
    ['ghcr.io/o/sigs:tag', 'repository "ghcr.io/o/sigs:tag": a repository has no tag (":...")'],
    [`ghcr.io/o/sigs@${D}`, `repository "ghcr.io/o/sigs@${D}": a repository has no digest ("@...")`],
    ['ghcr.io/O/sigs', 'repository "ghcr.io/O/sigs": repository "O/sigs" must be lower case'],
  ])('refuses %s', (input, message) => {
    expect(() => parseRepository(input)).toThrow(message)
  })
})
