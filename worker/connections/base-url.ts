// Where a connection pinned to a base URL may send its credentials (http steps and the connection test).

/**
 * True when `url` lies under `base` (same origin, path prefix on a segment boundary). A connection with a base URL
 * only lends its credentials to requests there, so an input can't redirect them to another host.
 */
export function withinBaseUrl(url: URL, base: string): boolean {
  let root: URL;
  try {
    root = new URL(base);
  } catch {
    return false;
  }
  if (url.origin !== root.origin) return false;
  const path = root.pathname.replace(/\/+$/, "");
  return url.pathname === path || url.pathname.startsWith(`${path}/`);
}
