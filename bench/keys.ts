/**
 * Keys: scrypt implementations, key decryption against bare scrypt, signing and verification per signature against
 * bare node:crypto, and CLI cold start. Figures feed docs/keys.md and docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync, scrypt as nodeScryptCb, sign as nodeSign, verify as nodeVerify } from 'node:crypto'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { p256 } from '@noble/curves/nist.js'
import { scrypt as scryptJs } from 'scrypt-js'
import { encryptKeyFile } from '../src/cosign/key-file.js'
import { generateSigningKey, loadSigningKey, loadVerificationKey } from '../src/keys/index.js'
import { medianMs, type Bench, type BenchRow } from './lib.js'

const enc = (s: string) => new TextEncoder().encode(s)

function nodeScrypt(password: Uint8Array, salt: Uint8Array, N: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    nodeScryptCb(password, salt, 32, { N, r: 8, p: 1, maxmem: 256 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

const ms = (v: number) => (v >= 10 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`)
const us = (v: number) => `${(v * 1000).toFixed(1)} µs`

/** Median per-call time of a fast synchronous function, from batches. */
async function perCallMs(fn: () => unknown, batch: number, runs = 9): Promise<number> {
  return (
    (await medianMs(
      () => {
        for (let i = 0; i < batch; i++) fn()
      },
      runs,
      1,
    )) / batch
  )
}

export const bench: Bench = async () => {
  const rows: BenchRow[] = []
  const password = enc('bench password')
  const salt = new Uint8Array(32).fill(7)

  // scrypt: scrypt-js vs node:crypto (both in the parameters cosign uses).
  for (const N of [32768, 65536]) {
    const tNode = await medianMs(() => nodeScrypt(password, salt, N), 7)
    const tJs = await medianMs(() => scryptJs(password, salt, N, 8, 1, 32), 3)
    rows.push({ name: `scrypt N=${N} r=8 p=1, node:crypto (used)`, value: ms(tNode) })
    rows.push({ name: `scrypt N=${N} r=8 p=1, scrypt-js`, value: `${ms(tJs)} (${(tJs / tNode).toFixed(1)}x node)` })
  }

  // Key decryption at N=65536 (everything loadSigningKey does) against bare scrypt with the same parameters.
  const key = generateSigningKey()
  const pem = await encryptKeyFile(key.exportPkcs8(), password, 'sigstore')
  const tBare = await medianMs(() => nodeScrypt(password, salt, 65536), 9)
  const tLoad = await medianMs(() => loadSigningKey(pem, { env: {}, password: async () => new Uint8Array(password) }), 9)
  const decryptRatio = tLoad / tBare
  rows.push({
    name: 'decrypt a cosign.key (N=65536) vs bare node scrypt N=65536',
    value: `${ms(tLoad)} vs ${ms(tBare)} = ${decryptRatio.toFixed(3)}x`,
    target: '<= 1.1x',
    ok: decryptRatio <= 1.1,
  })

  // Signing and verification per signature.
  const payload = enc(`{"critical":{"identity":{"docker-reference":"registry.example/app"},"image":{"docker-manifest-digest":"sha256:${'a'.repeat(64)}"},"type":"cosign container image signature"},"optional":null}`)
  const { privateKey: nodePriv, publicKey: nodePub } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const tSign = await perCallMs(() => key.sign(payload), 200)
  const tNodeSign = await perCallMs(() => nodeSign('sha256', payload, nodePriv), 200)
  rows.push({ name: 'sign one payload: sigil (noble, RFC 6979) vs bare node:crypto sign (random k)', value: `${us(tSign)} vs ${us(tNodeSign)} = ${(tSign / tNodeSign).toFixed(1)}x` })

  const sig = key.sign(payload)
  const pub = await loadVerificationKey(key.publicKeyPem, { env: {} })
  const nodeSig = nodeSign('sha256', payload, nodePriv)
  const tVerify = await perCallMs(() => pub.verify(payload, sig), 500)
  const tNodeVerify = await perCallMs(() => nodeVerify('sha256', payload, nodePub, nodeSig), 500)
  const verifyRatio = tVerify / tNodeVerify
  rows.push({
    name: 'verify one signature: sigil vs bare node:crypto verify',
    value: `${us(tVerify)} vs ${us(tNodeVerify)} = ${verifyRatio.toFixed(2)}x`,
    target: '<= 1.5x',
    ok: verifyRatio <= 1.5,
  })
  const point = key.publicKeyDer.subarray(-65) // SPKI of P-256 ends with the uncompressed point
  const tNoble = await perCallMs(() => p256.verify(sig, payload, point, { format: 'der', lowS: false }), 50)
  rows.push({ name: 'verify one signature: noble (not used) vs node:crypto', value: `${us(tNoble)} vs ${us(tNodeVerify)} = ${(tNoble / tNodeVerify).toFixed(0)}x` })

  // Cold start of the bundle against a bare node start, interleaved, many runs.
  const cli = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url))
  if (existsSync(cli)) {
    const runs = 41
    const timesCli: number[] = []
    const timesNode: number[] = []
    const run = (args: string[]) => {
      const t0 = performance.now()
      const r = spawnSync(process.execPath, args, { stdio: 'ignore' })
      if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`)
      return performance.now() - t0
    }
    run([cli, '--version'])
    run(['-e', '0'])
    for (let i = 0; i < runs; i++) {
      timesCli.push(run([cli, '--version']))
      timesNode.push(run(['-e', '0']))
    }
    const median = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)] as number
    const c = median(timesCli)
    const n = median(timesNode)
    rows.push({
      name: `cold start: node dist/cli/index.js --version vs node -e 0 (medians of ${runs})`,
      value: `${ms(c)} vs ${ms(n)} = ${(c / n).toFixed(2)}x`,
      target: '<= 1.5x',
      ok: c / n <= 1.5,
    })
  } else {
    rows.push({ name: 'cold start', value: 'dist/cli/index.js missing: run bash scripts/build.sh', target: '<= 1.5x', ok: false })
  }

  return {
    title: 'Keys and signatures',
    notes:
      'scrypt via node:crypto (OpenSSL, thread pool) is what sigil uses; scrypt-js is the pure-JavaScript alternative. ' +
      'Signing uses @noble/curves (deterministic RFC 6979), verification node:crypto. Medians; see docs/keys.md.',
    rows,
  }
}
