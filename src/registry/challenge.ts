/**
 * `WWW-Authenticate` parsing per RFC 7235 section 4.1 (https://www.rfc-editor.org/rfc/rfc7235#section-4.1) and
 * RFC 9110 section 11.6.1: a header holds one or more challenges, each `auth-scheme [ token68 / #auth-param ]`,
 * with `auth-param = token BWS "=" BWS ( token / quoted-string )`; quoted strings may contain commas and
 * backslash escapes (RFC 9110 section 5.6.4). Scheme and parameter names are case-insensitive.
 * The registry token flow: https://distribution.github.io/distribution/spec/auth/token/.
 */

export interface Challenge {
  /** Lower-case scheme, e.g. `bearer`, `basic`. */
  readonly scheme: string
  /** Parameters with lower-case names, e.g. `realm`, `service`, `scope`. */
  readonly params: Readonly<Record<string, string>>
  /** A token68 value instead of parameters (rare). */
  readonly token68?: string
}

// RFC 9110 tchar.
const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/
const AUTH_PARAM_START = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*=[ \t]*["!#$%&'*+\-.^_`|~0-9A-Za-z]/

class Cursor {
  pos = 0
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length
  }
  peek(): string {
    return this.text[this.pos] ?? ''
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++
  }
  // Skips whitespace and empty list elements (RFC 9110 section 5.6.1 allows `, ,`).
  skipSeparators(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === ',') this.pos++
  }
  token(): string {
    const start = this.pos
    while (!this.done && TCHAR.test(this.peek())) this.pos++
    return this.text.slice(start, this.pos)
  }
  // An unquoted value: anything up to a comma, whitespace or quote.
  bare(): string {
    const start = this.pos
    while (!this.done && !/[,\s"]/.test(this.peek())) this.pos++
    return this.text.slice(start, this.pos)
  }
  // A quoted-string starting at the current `"`; undefined when it is not terminated.
  quoted(): string | undefined {
    this.pos++ // opening quote
    let out = ''
    while (!this.done) {
      const c = this.peek()
      if (c === '"') {
        this.pos++
        return out
      }
      if (c === '\\') {
        this.pos++
        if (this.done) return undefined
      }
      out += this.peek()
      this.pos++
    }
    return undefined
  }
}

// Parses the auth-params or token68 after a scheme; stops before the next challenge's scheme.
function parseParams(cur: Cursor): { params: Record<string, string>; token68?: string } | undefined {
  const params: Record<string, string> = {}
  cur.skipSpaces()
  // token68 (e.g. `Negotiate abc==`): a run of token68 characters that is not the start of `name=value` and is
  // followed by the end or a comma.
  const rest = cur.text.slice(cur.pos)
  const t68 = TOKEN68.exec(rest)
  if (t68 && !AUTH_PARAM_START.test(rest)) {
    const after = rest.slice(t68[0].length).replace(/^[ \t]*/, '')
    if (after === '' || after.startsWith(',')) {
      cur.pos += t68[0].length
      return { params, token68: t68[0] }
    }
  }
  for (;;) {
    cur.skipSeparators()
    if (cur.done) return { params }
    const save = cur.pos
    const name = cur.token()
    if (name === '') return undefined
    cur.skipSpaces()
    if (cur.peek() !== '=') {
      // `name` is the next challenge's scheme.
      cur.pos = save
      return { params }
    }
    cur.pos++
    cur.skipSpaces()
    let value: string | undefined
    if (cur.peek() === '"') value = cur.quoted()
    else {
      // RFC 7235 wants a token here; registries that leave a URL unquoted are read up to the next separator.
      value = cur.bare()
      if (value === '') value = undefined
    }
    if (value === undefined) return undefined
    params[name.toLowerCase()] = value
    cur.skipSpaces()
    if (!cur.done && cur.peek() !== ',') return undefined
  }
}

/**
 * Parses every challenge of a `WWW-Authenticate` header (several headers may be joined with `, `). Returns the
 * challenges parsed before any malformed part; an empty list when nothing could be parsed.
 */
export function parseWwwAuthenticate(header: string | readonly string[] | undefined): Challenge[] {
  if (header === undefined) return []
  const text = typeof header === 'string' ? header : header.join(', ')
  const cur = new Cursor(text)
  const out: Challenge[] = []
  for (;;) {
    cur.skipSeparators()
    if (cur.done) return out
    const scheme = cur.token()
    if (scheme === '') return out
    if (!cur.done && cur.peek() !== ' ' && cur.peek() !== '\t' && cur.peek() !== ',') return out
    const parsed = parseParams(cur)
    if (parsed === undefined) return out
    out.push({ scheme: scheme.toLowerCase(), params: parsed.params, ...(parsed.token68 !== undefined ? { token68: parsed.token68 } : {}) })
  }
}
