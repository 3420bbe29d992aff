import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Three projects: pure unit tests (plain Node, fast), Workers-runtime integration tests (real D1,
// Durable Objects, Queues through the Cloudflare plugin), and browser tests (Chromium against a
// real `wrangler dev`).
export default defineConfig(async () => ({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          // Pure tests live beside their code; Workers-runtime tests live in worker/test/.
          include: ["worker/**/*.test.ts", "web/src/**/*.test.{ts,tsx}", "runner/**/*.test.ts"],
          exclude: ["worker/test/**"],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // exports.default.queue()/scheduled() reachable from tests
              compatibilityFlags: ["service_binding_extra_handlers"],
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
                APP_ENV: "test",
                JWT_SECRET: "test-jwt-secret-0123456789abcdef0123456789abcdef",
                ENCRYPTION_KEY: "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcy0hISE=",
                // Deliveries reach the test receiver on 127.0.0.1, retry after 1 s and time out after 2 s.
                ALLOW_LOOPBACK_TARGETS: "true",
                DELIVERY_RETRY_DELAYS_S: "1,1,1,1,1",
                DELIVERY_TIMEOUT_S: "2",
              },
            },
          }),
        ],
        test: {
          name: "workers",
          include: ["worker/test/**/*.test.ts"],
          setupFiles: ["./worker/test/apply-migrations.ts"],
          // A real HTTP receiver on 127.0.0.1 for outbound deliveries (workerd can't listen itself).
          globalSetup: [
            "./worker/test/receiver-setup.ts",
            "./worker/test/http-fixture-setup.ts",
            "./worker/test/mcp-setup.ts",
            "./worker/test/provider-fakes-setup.ts",
            "./worker/test/fake-llm-setup.ts",
          ],
          testTimeout: 20_000,
          // The Worker logs a JSON line per request; show it only for failing tests.
          silent: "passed-only" as const,
        },
      },
      {
        test: {
          name: "browser",
          environment: "node",
          include: ["web/e2e/**/*.test.ts"],
          globalSetup: ["./web/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One browser, one server: run the files one after another.
          fileParallelism: false,
        },
      },
    ],
  },
}));
