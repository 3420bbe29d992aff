import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes SQL migrations from the schema; wrangler applies them to D1.
export default defineConfig({
  dialect: "sqlite",
  schema: "./worker/db/schema/index.ts",
  out: "./migrations",
});
