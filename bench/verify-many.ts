/**
 * Verifying one image whose `.sig` holds 1000 signatures (cosign's limit of layers in a signature manifest): the
 * built CLI, `sigil verify --key cosign.pub IMAGE`, against a real registry. CPU time (user + sys) and peak RSS
 * from GNU time. Each of the 1000 layers has its own payload (an annotation `n=<i>`) signed by the one key, so every
 * layer is fetched and checked and every one passes; a second run verifies with a key that matches none of them
 * (every layer checked, all fail: exit 12).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildPayload } from '../src/cosign/payload.js'
import { manifestWithLayers, serializeManifest, SIGNATURE_ANNOTATION, SIMPLESIGNING_MEDIA_TYPE, signatureTag } from '../src/cosign/signature-manifest.js'
import { generateSigningKey } from '../src/keys/index.js'
import { pool } from '../test/helpers/cli.js'
import { pushBlob, pushManifest, pushRandomImage, startRegistry } from '../test/helpers/registry.js'
import { timed, type Timed } from './batch.js'
import type { Bench, BenchRow } from './lib.js'

const CLI = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url))
const LAYERS = 1000

export const bench: Bench = async () => {
  const rows: BenchRow[] = []
  const reg = await startRegistry()
  const dir = await mkdtemp(join(tmpdir(), 'sigil-bench-verify-'))
  try {
    const key = generateSigningKey()
    const stranger = generateSigningKey()
    const pub = join(dir, 'cosign.pub')
    const strangerPub = join(dir, 'stranger.pub')
    await writeFile(pub, key.publicKeyPem)
    await writeFile(strangerPub, stranger.publicKeyPem)
    const img = await pushRandomImage(reg, 'bench/many', { tag: 'v1' })
    const ref = `${reg.host}/bench/many@${img.digest}`
    const layers = await pool(
      Array.from({ length: LAYERS }, (_, i) => i),
      8,
      async (i) => {
        const payload = buildPayload({ dockerReference: `${reg.host}/bench/many`, manifestDigest: img.digest, annotations: { n: String(i) } })
        const digest = await pushBlob(reg, 'bench/many', payload)
        return { mediaType: SIMPLESIGNING_MEDIA_TYPE, size: payload.length, digest, annotations: { [SIGNATURE_ANNOTATION]: Buffer.from(key.sign(payload)).toString('base64') } }
      },
    )
    const { manifest, config } = manifestWithLayers(undefined, layers)
    await pushBlob(reg, 'bench/many', config)
    const bytes = serializeManifest(manifest)
    await pushManifest(reg, 'bench/many', signatureTag(img.digest), bytes, manifest.mediaType)

    const warm = await timed([CLI, 'verify', '--key', pub, ref], {})
    const runs: Timed[] = [warm]
    for (let i = 0; i < 2; i++) runs.push(await timed([CLI, 'verify', '--key', pub, ref], {}))
    runs.sort((a, b) => a.cpuS - b.cpuS)
    const median = runs[1]!
    rows.push({
      name: `verify one image with ${LAYERS} signatures (all valid): CPU time, user + sys (median of 3)`,
      value: `${median.cpuS.toFixed(2)} s CPU, ${(median.wallMs / 1000).toFixed(2)} s wall, ${(median.maxRssKiB / 1024).toFixed(0)} MiB peak`,
      target: '<= 2 s CPU',
      ok: median.cpuS <= 2,
    })
    const none = await timed([CLI, 'verify', '--key', strangerPub, ref], {}, true)
    rows.push({
      name: `verify the same image with a key matching none of the ${LAYERS} (exit ${none.code})`,
      value: `${none.cpuS.toFixed(2)} s CPU, ${(none.wallMs / 1000).toFixed(2)} s wall, ${(none.maxRssKiB / 1024).toFixed(0)} MiB peak`,
      target: '<= 2 s CPU',
      ok: none.cpuS <= 2 && none.code === 12,
    })
    rows.push({ name: 'the .sig manifest', value: `${(bytes.length / 1024).toFixed(0)} KiB, ${LAYERS} layers` })
  } finally {
    await reg.stop()
    await rm(dir, { recursive: true, force: true })
  }
  return {
    title: `Verify with ${LAYERS} signatures`,
    notes:
      `One image, one .sig manifest of ${LAYERS} layers (cosign's maxLayers), each a distinct payload signed by the same key; the CLI fetches the .sig, then every payload blob (10 at a time, --max-workers), ` +
      'checks each digest and size, verifies each ECDSA signature (node:crypto) and the claims, and prints the verified payloads (about 300 KB of JSON).',
    rows,
  }
}
