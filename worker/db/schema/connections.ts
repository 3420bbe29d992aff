/** Connections: named, encrypted credentials per org that `http` and `llm` steps reference by id. */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

export const connections = sqliteTable(
  "connections",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull(),
    name: text("name").notNull(),
    type: text("type", { enum: ["api_key", "bearer", "basic", "headers", "oauth2"] }).notNull(),
    /** `sealSecret` of the secret JSON (per type), bound to the row id as AAD so it can't be moved. */
    secretCiphertext: text("secret_ciphertext").notNull(),
    /** The key id the secret was sealed with (for re-encryption after a key rotation). */
    keyId: text("key_id").notNull(),
    /** A masked hint (`maskSecret`) that identifies the secret without revealing it. */
    hint: text("hint").notNull(),
    /** Non-secret settings as JSON (header name, `in`, token URL, base URL…). */
    config: text("config", { mode: "json" }).notNull().default("{}"),
    /** When the credential stops working (OAuth2 access token expiry), ms; NULL: never. */
    expiresAt: integer("expires_at"),
    lastUsedAt: integer("last_used_at"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("connections_org_name_idx").on(t.orgId, t.name), index("connections_org_idx").on(t.orgId)],
);
