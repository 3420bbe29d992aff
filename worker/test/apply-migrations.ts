import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Real D1, migrated exactly like production before each test file.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
