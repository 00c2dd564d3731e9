// Throwaway X.509 material for tests: a self-signed P-256 certificate made with the `openssl` CLI (Node can parse
// certificates but cannot create them). Used for the TLS registry and for the token server's JWT signing key.
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface SelfSignedCert {
  readonly certPath: string
  readonly keyPath: string
  readonly certPem: string
  /** PKCS#8 PEM. */
  readonly keyPem: string
  /** Base64 DER of the certificate, as a JWS `x5c` entry wants it. */
  readonly certDerBase64: string
}

/** Creates `<name>.crt` and `<name>.key` in `dir`, valid for a day, for 127.0.0.1, ::1 and localhost. */
export async function createSelfSignedCert(dir: string, name = 'tls', commonName = 'sigil test'): Promise<SelfSignedCert> {
  const certPath = join(dir, `${name}.crt`)
  const keyPath = join(dir, `${name}.key`)
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', `/CN=${commonName}`,
    '-addext', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
  ])
  const certPem = await readFile(certPath, 'utf8')
  const keyPem = await readFile(keyPath, 'utf8')
  const certDerBase64 = certPem
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '')
  return { certPath, keyPath, certPem, keyPem, certDerBase64 }
}
