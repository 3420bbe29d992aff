/**
 * Whether a destination URL may be saved: the network policy must allow it (`checkUrl`), and it
 * must be HTTPS unless this deployment allows loopback targets (local development), where plain
 * http to a local receiver is the point.
 */
import { checkUrl, policyFromEnv } from "../net";

export type UrlVerdict = { ok: true; url: string } | { ok: false; message: string };

/** Checks a destination URL against the deployment's network policy. */
export async function checkDestinationUrl(
  env: { APP_ENV?: string; ALLOW_LOOPBACK_TARGETS?: string },
  url: string,
): Promise<UrlVerdict> {
  const { policy } = policyFromEnv(env);
  const check = await checkUrl(url, policy);
  if (!check.ok) return { ok: false, message: check.message };
  if (check.url.protocol !== "https:" && !policy.allowLoopback) {
    return { ok: false, message: "Use an https:// URL (plain http is allowed only in local development)" };
  }
  return { ok: true, url: check.url.href };
}
