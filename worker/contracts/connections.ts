/** Contracts of connections (`/api/v1/connections`): named credentials per org, write-only through the API. */
import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

/** The kinds of credentials a connection can hold. */
export const ConnectionType = z.enum(["api_key", "bearer", "basic", "headers", "oauth2"]);
export type ConnectionType = z.infer<typeof ConnectionType>;

const secret = (max = 8_192) => z.string().min(1, "Required").max(max);
const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Not a valid header name")
  .max(200);
const httpUrl = z.url({ protocol: /^https?$/, message: "Enter an http(s) URL" }).max(2_048);

/** What the caller sends for each type. Secret fields go into the sealed box; the rest is plain config. */
export const ConnectionCredentials = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("api_key"),
      api_key: secret(),
      /** Where the key goes: a header (default) or a query parameter. */
      in: z.enum(["header", "query"]).default("header"),
      /** The header or query parameter name (default `X-API-Key`). */
      param_name: z.string().min(1).max(200).default("X-API-Key"),
    }),
    z.strictObject({ type: z.literal("bearer"), token: secret() }),
    z.strictObject({ type: z.literal("basic"), username: z.string().min(1).max(500), password: secret() }),
    z.strictObject({
      type: z.literal("headers"),
      headers: z
        .record(headerName, secret())
        .refine((h) => Object.keys(h).length > 0 && Object.keys(h).length <= 20, "Give 1–20 headers"),
    }),
    z.strictObject({
      type: z.literal("oauth2"),
      access_token: secret(),
      refresh_token: secret().optional(),
      /** When the access token expires; omit for one that doesn't. */
      expires_at: Timestamp.optional(),
      /** Where a refresh token is exchanged (`grant_type=refresh_token`). */
      token_url: httpUrl.optional(),
      client_id: z.string().min(1).max(500).optional(),
      client_secret: secret().optional(),
    }),
  ])
  .openapi("ConnectionCredentials");
export type ConnectionCredentials = z.infer<typeof ConnectionCredentials>;

const name = z.string().trim().min(1).max(100);

export const CreateConnectionBody = z
  .object({
    name,
    /** The API root requests go to, for steps that build URLs themselves (`llm`: base URL + `/chat/completions`). */
    base_url: httpUrl.optional(),
    credentials: ConnectionCredentials,
  })
  .openapi("CreateConnectionRequest");

export const UpdateConnectionBody = z
  .object({
    name: name.optional(),
    base_url: httpUrl.nullable().optional(),
    /** Replaces the credentials (and may change the type). */
    credentials: ConnectionCredentials.optional(),
  })
  .openapi("UpdateConnectionRequest");

/** A connection as the API shows it: never a secret, only a masked hint. */
export const Connection = z
  .object({
    id: z.string(),
    name: z.string(),
    type: ConnectionType,
    hint: z.string().openapi({ description: "A masked form that identifies the secret without revealing it" }),
    base_url: z.string().nullable(),
    /** Non-secret settings: `in`/`param_name` (api_key), `token_url`/`client_id` (oauth2). */
    config: z.record(z.string(), z.unknown()),
    /** `expired`: an OAuth2 token past its expiry with no way to refresh it. */
    status: z.enum(["ok", "expired"]),
    expires_at: Timestamp.nullable(),
    last_used_at: Timestamp.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("Connection");
export type Connection = z.infer<typeof Connection>;

export const ConnectionList = z.object({ items: z.array(Connection) }).openapi("ConnectionList");

export const TestConnectionBody = z
  .object({ url: httpUrl.openapi({ description: "A URL to GET with the connection's credentials" }) })
  .openapi("TestConnectionRequest");

export const TestConnectionResult = z
  .object({
    ok: z.boolean(),
    status: z.number().int().nullable(),
    message: z.string(),
  })
  .openapi("TestConnectionResult");
