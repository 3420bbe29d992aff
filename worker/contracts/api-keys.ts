/** Contracts of API keys (`/api/v1/api-keys`). */
import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";
import { AssignableRole } from "./roles";

export const CreateApiKeyBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: AssignableRole,
    expires_at: Timestamp.optional().openapi({ description: "Optional expiry; omit for a key that doesn't expire" }),
  })
  .openapi("CreateApiKeyRequest");

export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    role: AssignableRole,
    prefix: z.string(),
    created_at: Timestamp,
    expires_at: Timestamp.nullable(),
    last_used_at: Timestamp.nullable(),
    revoked_at: Timestamp.nullable(),
  })
  .openapi("ApiKey");

export const CreatedApiKey = ApiKey.extend({
  secret: z.string().openapi({ description: "The key itself (fx_…); shown only in this response" }),
}).openapi("CreatedApiKey");

export const ApiKeyList = z.object({ items: z.array(ApiKey) }).openapi("ApiKeyList");
