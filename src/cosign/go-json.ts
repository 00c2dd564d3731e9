/**
 * Go `encoding/json` output, byte for byte, for the values cosign marshals: compact, object keys in the order
 * given (structs) or sorted by byte order (maps), strings escaped as Go escapes them (HTML-safe: `<` `>` `&` as
 * `\u003c` `\u003e` `\u0026`, U+2028/U+2029 escaped, invalid UTF-16 as U+FFFD), numbers as Go prints float64.
 * Source: go/src/encoding/json/encode.go (`appendString`, `floatEncoder`, map key sorting).
 */

/** A JSON value whose object key order is kept as given (Go struct) unless it is a `GoMap`. */
export type GoJsonValue = null | boolean | number | string | GoJsonValue[] | GoMap | GoStruct

/** An object serialised with keys sorted by UTF-8 byte order, as Go serialises maps. */
export class GoMap {
  readonly entries: ReadonlyMap<string, GoJsonValue>
  constructor(entries: Iterable<[string, GoJsonValue]>) {
    this.entries = new Map(entries)
  }
}

/** An object serialised in insertion order, as Go serialises struct fields. */
export class GoStruct {
  readonly fields: ReadonlyArray<readonly [string, GoJsonValue]>
  constructor(fields: ReadonlyArray<readonly [string, GoJsonValue]>) {
    this.fields = fields
  }
}

const HEX = '0123456789abcdef'

/** Go's `appendString` with `escapeHTML = true`. */
export function goQuote(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c !== 0x3c && c !== 0x3e && c !== 0x26) {
        out += s[i]
        continue
      }
      switch (c) {
        case 0x22:
          out += '\\"'
          break
        case 0x5c:
          out += '\\\\'
          break
        case 0x08:
          out += '\\b'
          break
        case 0x0c:
          out += '\\f'
          break
        case 0x0a:
          out += '\\n'
          break
        case 0x0d:
          out += '\\r'
          break
        case 0x09:
          out += '\\t'
          break
        default:
          out += `\\u00${HEX[c >> 4]}${HEX[c & 0xf]}`
      }
      continue
    }
    if (c === 0x2028 || c === 0x2029) {
      out += `\\u202${HEX[c & 0xf]}`
      continue
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!
        i++
        continue
      }
      out += '\ufffd'
      continue
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\ufffd'
      continue
    }
    out += s[i]
  }
  return `${out}"`
}

function compareUtf8(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return Buffer.compare(x, y)
}

function goNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`json: unsupported value: ${n}`)
  // JavaScript's shortest round-trip formatting matches Go's float64 encoding in encoding/json, including the
  // switch to exponent form below 1e-6 and from 1e21 and the cleaned exponent ("1e-7", "1e+21").
  return Object.is(n, -0) ? '-0' : String(n)
}

/** Serialises `value` as Go's json.Marshal would. */
export function goJson(value: GoJsonValue): string {
  if (value === null) return 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return goNumber(value)
  if (typeof value === 'string') return goQuote(value)
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`
  if (value instanceof GoMap) {
    const keys = [...value.entries.keys()].sort(compareUtf8)
    return `{${keys.map((k) => `${goQuote(k)}:${goJson(value.entries.get(k) as GoJsonValue)}`).join(',')}}`
  }
  return `{${value.fields.map(([k, v]) => `${goQuote(k)}:${goJson(v)}`).join(',')}}`
}

/**
 * Turns parsed JSON (from `JSON.parse`) into a Go value the way Go decodes into `interface{}` and re-encodes:
 * every object becomes a map (sorted keys).
 */
export function fromParsedJson(value: unknown): GoJsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') {
    return value
  }
  if (Array.isArray(value)) return value.map(fromParsedJson)
  if (typeof value === 'object') {
    return new GoMap(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromParsedJson(v)]))
  }
  throw new TypeError(`json: unsupported type: ${typeof value}`)
}
