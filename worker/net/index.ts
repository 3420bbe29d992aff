/** The network policy's public surface: import outbound-call helpers from here, not from the files. */
export { DEFAULT_DOH_ENDPOINT, type DohFetch, dohResolver } from "./doh";
export {
  type AddressReason,
  BLOCK_REASONS,
  type BlockDetails,
  type BlockReason,
  FETCH_FAILED_CODES,
  type FetchFailedCode,
  FetchFailedError,
  NetworkPolicyError,
  type OutboundError,
} from "./errors";
export { checkHost, type HostVerdict } from "./host";
export { classifyIp, type IpAddress, type IpCategory, type IpClassification, parseIp } from "./ip";
export {
  AllowedDomain,
  checkUrl,
  checkUrlSync,
  NETWORK_DEFAULTS,
  type NetworkPolicy,
  type NetworkPolicyOverrides,
  normalizeAllowedDomain,
  policyFromEnv,
  type Resolver,
  type UrlCheck,
} from "./policy";
export { type FetchLike, type SafeFetchInit, type SafeResponse, safeFetch } from "./safe-fetch";
