/**
 * Keeping secrets out of traces, logs and error messages: URLs lose their userinfo and the values of every query
 * parameter not known to be harmless (upload `_state`, pre-signed object-storage signatures, tokens), and a
 * Redactor replaces any credential or token the client holds, should a server echo one back.
 */

// Query parameters of the distribution and token APIs whose values are not secret.
const SAFE_QUERY_PARAMS: ReadonlySet<string> = new Set(['digest', 'scope', 'service', 'n', 'last', 'mount', 'from', 'account', 'client_id'])

// A URL for traces and messages: no userinfo, no fragment, secret-looking query values replaced.
export function sanitizeUrl(url: URL | string): string {
  let u: URL
  try {
    u = new URL(url.toString())
  } catch {
    return '(invalid URL)'
  }
  u.username = ''
  u.password = ''
  u.hash = ''
  const params = [...u.searchParams.entries()]
  if (params.length > 0) {
    const query = params
      .map(([name, value]) => `${encodeURIComponent(name)}=${SAFE_QUERY_PARAMS.has(name) ? encodeURIComponent(value) : 'REDACTED'}`)
      .join('&')
    u.search = `?${query}`
  }
  return u.toString()
}

/** Replaces known secrets (passwords, tokens, Authorization values) in text with `REDACTED`. */
export class Redactor {
  readonly #secrets = new Set<string>()

  // Registers a secret; short values (under 4 characters) are ignored to avoid mangling messages.
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < 4) return
    this.#secrets.add(secret)
    // Also the forms a server might echo: base64 of user:password is registered by the caller as a whole.
    const encoded = encodeURIComponent(secret)
    if (encoded !== secret) this.#secrets.add(encoded)
  }

  // The text with every registered secret replaced.
  redact(text: string): string {
    let out = text
    for (const secret of this.#secrets) {
      if (out.includes(secret)) out = out.split(secret).join('REDACTED')
    }
    return out
  }
}
