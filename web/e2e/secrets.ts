/** Throwaway secrets and settings for the local server the browser tests start. */
export const E2E_SECRETS = {
  JWT_SECRET: "e2e-jwt-secret-0123456789abcdef0123456789abcdef",
  ENCRYPTION_KEY: "ZTJlLWVuY3J5cHRpb24ta2V5LTMyLWJ5dGVzLSEhISE=",
  // Browser tests run fake third-party servers (receivers, MCP, LLM) on loopback.
  ALLOW_LOOPBACK_TARGETS: "true",
  // A killed runner loses its task after 4 s (not 30), so the lease-expiry test stays short.
  RUNNER_LEASE_S: "4",
};
