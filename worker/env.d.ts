// Secrets (set with `wrangler secret put`, or `.dev.vars` locally); `wrangler types` can't see them.
declare namespace Cloudflare {
  interface Env {
    /** HMAC key for access tokens (≥ 32 characters). */
    JWT_SECRET: string;
    /** Base64 of 32 random bytes: the AES-GCM key for secrets at rest. */
    ENCRYPTION_KEY: string;
  }
}
interface Env {
  JWT_SECRET: string;
  ENCRYPTION_KEY: string;
}
