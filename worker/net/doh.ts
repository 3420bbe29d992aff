/**
 * A DNS-over-HTTPS resolver for the network policy. Workers have no DNS API, so production resolves
 * names through a public DoH endpoint's JSON API (`application/dns-json`, as served by Cloudflare
 * and Google for RFC 8484 resolvers) and checks every answer before `safeFetch` connects.
 */
import { z } from "zod";
import { parseIp } from "./ip";
import type { Resolver } from "./policy";

/** A fetch function as the resolver uses it (the platform `fetch` fits). */
export type DohFetch = (
  input: string,
  init: { headers: Record<string, string>; signal?: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

/** Cloudflare's public resolver; any endpoint speaking the DNS JSON API works. */
export const DEFAULT_DOH_ENDPOINT = "https://cloudflare-dns.com/dns-query";

/** DNS record types we ask for (RFC 1035 / RFC 3596 numbers, as the JSON API reports them). */
const RECORD_TYPE = { A: 1, AAAA: 28 } as const;
type RecordName = keyof typeof RECORD_TYPE;

const DnsJsonAnswer = z.object({
  // RCODE: 0 NOERROR, 3 NXDOMAIN; anything else is a failure we must not read as "no addresses".
  Status: z.number().int(),
  Answer: z.array(z.object({ type: z.number().int(), data: z.string() })).optional(),
});

async function query(
  fetchFn: DohFetch,
  endpoint: string,
  hostname: string,
  type: RecordName,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const url = `${endpoint}?name=${encodeURIComponent(hostname)}&type=${type}`;
  const response = await fetchFn(url, { headers: { accept: "application/dns-json" }, ...(signal ? { signal } : {}) });
  if (!response.ok) throw new Error(`DNS-over-HTTPS answered HTTP ${response.status} for ${type} ${hostname}`);
  const parsed = DnsJsonAnswer.safeParse(await response.json());
  if (!parsed.success) throw new Error(`DNS-over-HTTPS sent an unreadable answer for ${type} ${hostname}`);
  const { Status, Answer = [] } = parsed.data;
  if (Status === 3) return [];
  if (Status !== 0) throw new Error(`DNS lookup of ${type} ${hostname} failed (RCODE ${Status})`);
  // CNAME records come along in the answer; only the addresses at the end of the chain matter.
  const addresses = Answer.filter((record) => record.type === RECORD_TYPE[type]).map((record) => record.data);
  for (const address of addresses) {
    const ip = parseIp(address);
    if (ip === null || ip.version !== (type === "A" ? 4 : 6)) {
      throw new Error(`DNS-over-HTTPS sent an invalid ${type} record "${address}" for ${hostname}`);
    }
  }
  return addresses;
}

/**
 * A {@link Resolver} that asks a DoH endpoint for A and AAAA records. It fails closed: if either
 * lookup fails it throws (an unchecked family could hold a private address), and returns [] only
 * when the name has no addresses at all. Call it with the platform fetch, never with `safeFetch`.
 * @example const policy = policyFromEnv(env, { resolver: dohResolver(fetch) }).policy;
 */
export function dohResolver(fetchFn: DohFetch, endpoint: string = DEFAULT_DOH_ENDPOINT): Resolver {
  if (!endpoint.startsWith("https://")) throw new Error("The DNS-over-HTTPS endpoint must be an https:// URL");
  return async (hostname, options = {}) => {
    const [v4, v6] = await Promise.all([
      query(fetchFn, endpoint, hostname, "A", options.signal),
      query(fetchFn, endpoint, hostname, "AAAA", options.signal),
    ]);
    return [...v4, ...v6];
  };
}
