/** Where the auth gate sends people and where sign-in brings them back: same-site paths only. */
import type { SignedOutReason } from "../../lib/session";

/** Pages that make no sense to come back to after signing in. */
const AUTH_PAGES = /^\/(login|register|invite)(\/|$|\?|#)/;

/**
 * The `next` parameter if it is a path on this site, else `/`. Refuses absolute URLs,
 * protocol-relative `//host` and `/\host` (browsers treat both as another host), so a crafted
 * link can't bounce a freshly signed-in user to someone else's site.
 * @example safeNextPath("/settings/members") // "/settings/members"
 * @example safeNextPath("https://evil.example") // "/"
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw?.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  // Control characters (tabs, newlines) are stripped by URL parsers and can smuggle in a host.
  if ([...raw].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return "/";
  if (AUTH_PAGES.test(raw)) return "/";
  return raw;
}

/**
 * The login address for someone who reached `location` without a session: with `?next=` so they
 * come back after signing in, except after an explicit sign-out (start fresh) or from `/`.
 * @example loginRedirect({ pathname: "/audit", search: "?action=x", hash: "" }, "none") // "/login?next=%2Faudit%3Faction%3Dx"
 */
export function loginRedirect(
  location: { pathname: string; search: string; hash: string },
  reason: SignedOutReason,
): string {
  const here = `${location.pathname}${location.search}${location.hash}`;
  if (reason === "signed_out" || here === "/" || safeNextPath(here) === "/") return "/login";
  return `/login?next=${encodeURIComponent(here)}`;
}

/**
 * Where to be after switching organization: the same section, but not a page about one thing of
 * the old org (`/workflows/wf_1` becomes `/workflows`); settings pages exist in every org.
 * @example pathAfterOrgSwitch("/runs/run_123") // "/runs"
 */
export function pathAfterOrgSwitch(pathname: string): string {
  if (pathname === "/settings" || pathname.startsWith("/settings/")) return pathname;
  const section = pathname.split("/").find((part) => part !== "");
  return section ? `/${section}` : "/";
}
