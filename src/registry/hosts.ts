/**
 * Host classification for scheme and proxy decisions. Loopback is `localhost`, 127.0.0.0/8 and ::1, as in Go's
 * `net.IP.IsLoopback` and `golang.org/x/net/http/httpproxy` (which never proxies them).
 */

// The host part of `host[:port]` or `[v6][:port]`, lower-cased, IPv6 without brackets.
export function hostOf(registry: string): string {
  const r = registry.toLowerCase()
  if (r.startsWith('[')) {
    const end = r.indexOf(']')
    return end > 0 ? r.slice(1, end) : r
  }
  const colon = r.lastIndexOf(':')
  return colon >= 0 && r.indexOf(':') === colon ? r.slice(0, colon) : r
}

// True for localhost, 127.0.0.0/8 and ::1 (any spelling), with or without a port.
export function isLoopbackRegistry(registry: string): boolean {
  const host = hostOf(registry)
  if (host === 'localhost') return true
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return host.split('.').every((p) => Number(p) <= 255)
  if (host.includes(':')) {
    try {
      return new URL(`http://[${host}]/`).hostname === '[::1]'
    } catch {
      return false
    }
  }
  return false
}

