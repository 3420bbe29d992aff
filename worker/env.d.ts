// Secrets (set with `wrangler secret put`, or `.dev.vars` locally); `wrangler types` can't see them.
declare namespace Cloudflare {
  interface Env {
    /** HMAC key for access tokens (≥ 32 characters). */
    JWT_SECRET: string;
    /** Base64 of 32 random bytes: the AES-GCM key for secrets at rest. */
    ENCRYPTION_KEY: string;
    /** JSON array of org-level MCP servers (wrangler.toml [vars]; see worker/mcp/config.ts). */
    MCP_ORG_SERVERS: string;
    /** JSON map of system tool policies, pattern → allow | ask | deny (wrangler.toml [vars]). */
    TOOL_POLICIES_SYSTEM: string;
  }
}
interface Env {
  JWT_SECRET: string;
  ENCRYPTION_KEY: string;
  MCP_ORG_SERVERS: string;
  TOOL_POLICIES_SYSTEM: string;
}
