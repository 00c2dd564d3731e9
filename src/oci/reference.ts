/**
 * Image references, parsed and normalised as go-containerregistry's `pkg/name` (v0.20) does, because cosign's
 * payload (`docker-reference` = `<registry>/<repository>`) and its `.sig` tags depend on that normalisation:
 *
 * - no registry, `docker.io` → `index.docker.io`; single-component names there get `library/`;
 * - the first path component is a registry when it is `localhost` or contains `.` or `:` (so `host:port`,
 *   `[::1]:5000` and `localhost` work); its case is kept;
 * - a tag defaults to `latest` when neither tag nor digest is given; `name:tag@digest` keeps both, and the digest
 *   is what identifies the image (ggcr's `Name()` then drops the tag);
 * - digests are sha256 only.
 *
 * Stricter than ggcr's "weak" validation where the registry would refuse the name anyway: repositories follow the
 * distribution grammar (https://github.com/distribution/reference/blob/v0.6.0/reference.go: lower-case
 * components of `[a-z0-9]` joined by `.`, `_`, `__` or dashes, at most 255 characters), tags
 * `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`. Errors name the part that is wrong.
 */
import { InputError } from '../errors.js'
import { parseDigest } from './digest.js'

/** A repository in a registry, e.g. `{ registry: 'index.docker.io', repository: 'library/ubuntu' }`. */
export interface Repository {
  readonly registry: string
  readonly repository: string
}

/** A parsed image reference. At least one of `tag` and `digest` is set. */
export interface Reference extends Repository {
  /** The tag given, or `latest` when neither a tag nor a digest was given. */
  readonly tag?: string
  /** `sha256:<hex>` when given. */
  readonly digest?: string
  /** False when `tag` is the implied `latest`. */
  readonly tagExplicit: boolean
  /** The text as given. */
  readonly original: string
}

export const DEFAULT_REGISTRY = 'index.docker.io'
export const DEFAULT_TAG = 'latest'
const DOCKER_HUB_ALIAS = 'docker.io'
const MAX_REFERENCE_LENGTH = 1024
const MAX_REPOSITORY_LENGTH = 255
const MAX_TAG_LENGTH = 128

// Host names (letters, digits, `-`, `_`, dots), IPv4, or a bracketed IPv6 literal; then an optional port.
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?)*$/
const IPV6_LITERAL = /^\[[0-9A-Fa-f:.]+\]$/
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/
const REPOSITORY_CHARS = /^[a-z0-9._/-]+$/
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

function fail(input: string, problem: string): never {
  throw new InputError('INVALID_REFERENCE', input, problem)
}

// Checks a registry host[:port]; the message names the registry part.
function checkRegistry(registry: string, input: string): void {
  let host = registry
  let port: string | undefined
  const portMatch = /:([^:\]]*)$/.exec(registry)
  if (portMatch && (!registry.startsWith('[') || registry.includes(']:'))) {
    host = registry.slice(0, portMatch.index)
    port = portMatch[1]
  }
  if (port !== undefined && !/^[0-9]{1,5}$/.test(port)) fail(input, `registry "${registry}" has an invalid port "${port}"`)
  if (port !== undefined && Number(port) > 65535) fail(input, `registry "${registry}" has a port above 65535`)
  if (host.startsWith('[')) {
    let ok = IPV6_LITERAL.test(host)
    try {
      if (ok) new URL(`http://${host}/`)
    } catch {
      ok = false
    }
    if (!ok) fail(input, `registry "${registry}" is not a valid IPv6 address`)
    return
  }
  if (host.includes(':')) fail(input, `registry "${registry}" is not valid (IPv6 addresses need brackets, e.g. [::1]:5000)`)
  if (host.length > 253 || !HOST_NAME.test(host)) fail(input, `registry "${registry}" is not a valid host name`)
}

// Checks a repository path (without registry); the message names the repository part.
function checkRepository(repository: string, input: string): void {
  if (repository === '') fail(input, 'the repository name is empty')
  if (repository.length > MAX_REPOSITORY_LENGTH) {
    fail(input, `repository is ${repository.length} characters long; at most ${MAX_REPOSITORY_LENGTH} are allowed`)
  }
  if (/[A-Z]/.test(repository)) fail(input, `repository "${repository}" must be lower case`)
  if (!REPOSITORY_CHARS.test(repository)) {
    fail(input, `repository "${repository}" may only contain a-z, 0-9 and the separators . _ - /`)
  }
  for (const component of repository.split('/')) {
    if (component === '') fail(input, `repository "${repository}" has an empty path component`)
    if (!PATH_COMPONENT.test(component)) {
      fail(input, `repository path component "${component}" must start and end with a letter or digit, with single . or _ (or __ or dashes) between`)
    }
  }
}

// Checks a tag; the message names the tag part.
function checkTag(tag: string, input: string): void {
  if (tag.length > MAX_TAG_LENGTH) fail(input, `tag is ${tag.length} characters long; at most ${MAX_TAG_LENGTH} are allowed`)
  if (!TAG.test(tag)) fail(input, `tag "${tag}" may only contain letters, digits, _ . - and must not start with . or -`)
}

// Splits `[registry/]repository` as ggcr's NewRepository does and applies Docker Hub's defaults.
function splitRepository(name: string, input: string): Repository {
  if (name === '') fail(input, 'the repository name is empty')
  const slash = name.indexOf('/')
  let registry = ''
  let repository = name
  if (slash >= 0) {
    const first = name.slice(0, slash)
    if (first === 'localhost' || /[.:]/.test(first) || first.startsWith('[')) {
      registry = first
      repository = name.slice(slash + 1)
    }
  }
  if (registry !== '') checkRegistry(registry, input)
  checkRepository(repository, input)
  if (registry === '' || registry === DOCKER_HUB_ALIAS) registry = DEFAULT_REGISTRY
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`
  return { registry, repository }
}

function checkText(s: string, input: string): void {
  if (s.trim() === '') fail(input, 'the reference is empty')
  if (s.length > MAX_REFERENCE_LENGTH) fail(input, `the reference is ${s.length} characters long; at most ${MAX_REFERENCE_LENGTH} are allowed`)
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(s)) fail(input, 'the reference contains whitespace or control characters')
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(s)) fail(input, 'a reference has no URL scheme; remove the "://" prefix')
}

/**
 * Parses an image reference as ggcr's `name.ParseReference` (weak validation, default registry
 * `index.docker.io`, default tag `latest`).
 *
 * @param s - e.g. `ubuntu`, `ghcr.io/o/r:v1`, `localhost:5000/a@sha256:<hex>`, `[::1]:5000/x:t@sha256:<hex>`
 * @param input - how errors name the value (default `image reference "<s>"`)
 * @throws InputError INVALID_REFERENCE naming the part that is wrong
 */
export function parseReference(s: string, input = `image reference "${s}"`): Reference {
  checkText(s, input)
  let name = s
  let digest: string | undefined
  const at = s.indexOf('@')
  if (at >= 0) {
    if (s.indexOf('@', at + 1) >= 0) fail(input, 'a reference may contain only one "@"')
    name = s.slice(0, at)
    const raw = s.slice(at + 1)
    if (raw === '') fail(input, 'the digest after "@" is empty')
    digest = parseDigest(raw, input).digest
  }
  let tag: string | undefined
  const colon = name.lastIndexOf(':')
  if (colon >= 0 && !name.slice(colon + 1).includes('/')) {
    tag = name.slice(colon + 1)
    name = name.slice(0, colon)
    if (tag === '') fail(input, 'the tag after ":" is empty')
    checkTag(tag, input)
  }
  const repo = splitRepository(name, input)
  const tagExplicit = tag !== undefined
  if (tag === undefined && digest === undefined) tag = DEFAULT_TAG
  return {
    ...repo,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    tagExplicit,
    original: s,
  }
}

/**
 * Parses a repository without tag or digest, as ggcr's `name.NewRepository` (used for `COSIGN_REPOSITORY`).
 *
 * @throws InputError INVALID_REFERENCE naming the part that is wrong
 */
export function parseRepository(s: string, input = `repository "${s}"`): Repository {
  checkText(s, input)
  if (s.includes('@')) fail(input, 'a repository has no digest ("@...")')
  const colon = s.lastIndexOf(':')
  if (colon >= 0 && !s.slice(colon + 1).includes('/')) fail(input, 'a repository has no tag (":...")')
  return splitRepository(s, input)
}

// `registry/repository`: ggcr's `Repository.Name()`, cosign's default docker-reference.
export function repositoryName(ref: Repository): string {
  return `${ref.registry}/${ref.repository}`
}

// ggcr's `Reference.Name()`: `registry/repository@digest` when there is a digest (a tag is dropped), else `:tag`.
export function referenceName(ref: Reference): string {
  if (ref.digest !== undefined) return `${repositoryName(ref)}@${ref.digest}`
  return `${repositoryName(ref)}:${ref.tag ?? DEFAULT_TAG}`
}

// Everything known, for messages: `registry/repository[:tag][@digest]` (an implied `latest` is shown).
export function formatReference(ref: Reference): string {
  const tag = ref.tag !== undefined && (ref.tagExplicit || ref.digest === undefined) ? `:${ref.tag}` : ''
  const digest = ref.digest !== undefined ? `@${ref.digest}` : ''
  return `${repositoryName(ref)}${tag}${digest}`
}

// The reference of `digest` in `repo`.
export function withDigest(repo: Repository, digest: string): Reference {
  const d = parseDigest(digest).digest
  return { registry: repo.registry, repository: repo.repository, digest: d, tagExplicit: false, original: `${repositoryName(repo)}@${d}` }
}

// The reference of `tag` in `repo`.
export function withTag(repo: Repository, tag: string): Reference {
  checkTag(tag, `tag "${tag}"`)
  return { registry: repo.registry, repository: repo.repository, tag, tagExplicit: true, original: `${repositoryName(repo)}:${tag}` }
}
