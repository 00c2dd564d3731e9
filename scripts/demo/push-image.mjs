#!/usr/bin/env node
// Builds a tiny OCI image (one layer holding /hello.txt) and pushes it to a registry over the distribution HTTP
// API, with no docker and no dependencies: blobs with POST then PUT, then the manifest under a tag.
//
//   node scripts/demo/push-image.mjs 127.0.0.1:5000 demo/hello v1 "hello from sigil"
//
// Prints the manifest digest (sha256:...) on stdout. Plain http for loopback registries (localhost, 127.0.0.0/8,
// ::1), https otherwise. No authentication: meant for the demo's and CI's throwaway registries.
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

const [host, repository, tag, message = 'hello from sigil'] = process.argv.slice(2)
if (!host || !repository || !tag) {
  process.stderr.write('usage: push-image.mjs REGISTRY REPOSITORY TAG [MESSAGE]\n')
  process.exit(2)
}

const loopback = /^(localhost|127(\.\d+){3}|\[::1\])(:\d+)?$/.test(host)
const base = `${loopback ? 'http' : 'https'}://${host}`
const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

/** A one-file ustar archive. */
function tar(name, content) {
  const header = Buffer.alloc(512)
  const put = (offset, length, value) => header.write(value, offset, length, 'ascii')
  const octal = (n, width) => `${n.toString(8).padStart(width - 1, '0')}\0`
  put(0, 100, name)
  put(100, 8, octal(0o644, 8))
  put(108, 8, octal(0, 8))
  put(116, 8, octal(0, 8))
  put(124, 12, octal(content.length, 12))
  put(136, 12, octal(0, 12))
  put(148, 8, '        ')
  put(156, 1, '0')
  put(257, 6, 'ustar\0')
  put(263, 2, '00')
  let sum = 0
  for (const b of header) sum += b
  put(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `)
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512)
  content.copy(body)
  return Buffer.concat([header, body, Buffer.alloc(1024)])
}

async function check(res, what) {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`)
  return res
}

async function pushBlob(bytes) {
  const digest = sha256(bytes)
  const post = await check(await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST' }), 'start blob upload')
  const location = new URL(post.headers.get('location') ?? '', base)
  location.searchParams.set('digest', digest)
  await check(
    await fetch(location, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } }),
    `upload blob ${digest}`,
  )
  return { digest, size: bytes.length }
}

const layerTar = tar('hello.txt', Buffer.from(`${message}\n`))
const layer = gzipSync(layerTar)
const config = Buffer.from(
  JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Cmd: ['cat', '/hello.txt'] },
    rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] },
  }),
)
const [configBlob, layerBlob] = [await pushBlob(config), await pushBlob(layer)]
const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...configBlob },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layerBlob }],
  }),
)
await check(
  await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT',
    body: manifest,
    headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
  }),
  `push manifest ${repository}:${tag}`,
)
process.stdout.write(`${sha256(manifest)}\n`)
