const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether `value` is an `http://` URI on a loopback host (RFC 8252 §7.3), any port, any path. */
export function isLoopbackHttpUri(value: string): boolean {
  const url = URL.parse(value);
  return url !== null && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname) && url.hash === '';
}

/** Whether a browser Origin is an http(s) loopback origin (dev tools such as MCP Inspector run there). */
export function isLoopbackOrigin(origin: string): boolean {
  const url = URL.parse(origin);
  return (
    url !== null &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    LOOPBACK_HOSTS.has(url.hostname)
  );
}
