/** The create-connection form, pure: which fields each type asks for, and turning the form into the API body. */
import type { z } from "zod";
import type { ConnectionType, CreateConnectionBody } from "../../../../../worker/contracts/connections";

type CreateBody = z.input<typeof CreateConnectionBody>;

/** One input of the form. `secret` inputs are `type=password` and never echoed back. */
export interface ConnectionField {
  key: string;
  label: string;
  secret: boolean;
  required: boolean;
  hint?: string;
}

const field = (key: string, label: string, secret: boolean, required = true, hint?: string): ConnectionField => ({
  key,
  label,
  secret,
  required,
  ...(hint ? { hint } : {}),
});

/** The fields each connection type asks for, in order. */
export const FIELDS_BY_TYPE: { readonly [T in ConnectionType]: readonly ConnectionField[] } = {
  api_key: [
    field("api_key", "API key", true),
    field("param_name", "Header or parameter name", false, false, "Default X-API-Key"),
  ],
  bearer: [field("token", "Token", true)],
  basic: [field("username", "User name", false), field("password", "Password", true)],
  headers: [field("header_name", "Header name", false), field("header_value", "Header value", true)],
  oauth2: [
    field("access_token", "Access token", true),
    field("refresh_token", "Refresh token", true, false),
    field("token_url", "Token URL", false, false, "Where the refresh token is exchanged"),
    field("client_id", "Client ID", false, false),
    field("client_secret", "Client secret", true, false),
    field("expires_at", "Access token expires (ISO 8601)", false, false),
  ],
};

/** Labels for the type select. */
export const TYPE_LABELS: { readonly [T in ConnectionType]: string } = {
  api_key: "API key",
  bearer: "Bearer token",
  basic: "Basic auth",
  headers: "Custom header",
  oauth2: "OAuth2 token",
};

/** The form's state: a name, a type, an optional base URL and the type's field values. */
export interface ConnectionFormState {
  name: string;
  type: ConnectionType;
  base_url: string;
  values: Record<string, string>;
  /** api_key only: send the key in a header (default) or the query string. */
  in: "header" | "query";
}

/**
 * The API body for the form (blank optional fields left out; the server validates the rest).
 * @example createBody({ name: "GitHub", type: "bearer", base_url: "", values: { token: "t" }, in: "header" })
 */
export function createBody(state: ConnectionFormState): CreateBody {
  const v = (key: string): string | undefined => {
    const value = state.values[key]?.trim();
    return value ? value : undefined;
  };
  const base = { name: state.name.trim(), ...(state.base_url.trim() ? { base_url: state.base_url.trim() } : {}) };
  switch (state.type) {
    case "api_key":
      return {
        ...base,
        credentials: {
          type: "api_key",
          api_key: v("api_key") ?? "",
          in: state.in,
          ...(v("param_name") ? { param_name: v("param_name") } : {}),
        },
      };
    case "bearer":
      return { ...base, credentials: { type: "bearer", token: v("token") ?? "" } };
    case "basic":
      return { ...base, credentials: { type: "basic", username: v("username") ?? "", password: v("password") ?? "" } };
    case "headers":
      return {
        ...base,
        credentials: { type: "headers", headers: { [v("header_name") ?? ""]: v("header_value") ?? "" } },
      };
    case "oauth2": {
      const expires = v("expires_at");
      return {
        ...base,
        credentials: {
          type: "oauth2",
          access_token: v("access_token") ?? "",
          ...(v("refresh_token") ? { refresh_token: v("refresh_token") } : {}),
          ...(v("token_url") ? { token_url: v("token_url") } : {}),
          ...(v("client_id") ? { client_id: v("client_id") } : {}),
          ...(v("client_secret") ? { client_secret: v("client_secret") } : {}),
          ...(expires
            ? { expires_at: Number.isNaN(Date.parse(expires)) ? expires : new Date(expires).toISOString() }
            : {}),
        },
      };
    }
    default: {
      const _never: never = state.type;
      return _never;
    }
  }
}
