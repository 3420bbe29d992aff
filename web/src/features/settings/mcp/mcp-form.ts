/** The MCP server form, pure: checking what a person typed and turning it into the API's create and update bodies. */
import type { z } from "zod";
import type {
  CreateMcpServerBody,
  McpAuthType,
  McpServer,
  UpdateMcpServerBody,
} from "../../../../../worker/contracts/mcp";

/** How the server authenticates our calls (the API's `auth_type`), in the order the select offers them. */
export const AUTH_TYPES = ["none", "bearer", "header"] as const satisfies readonly McpAuthType[];

/** Labels for the auth select. */
export const AUTH_LABELS: { readonly [T in McpAuthType]: string } = {
  none: "None",
  bearer: "Bearer token",
  header: "Custom header",
};

/** The server's label rule (the API checks it too): it becomes part of every tool key, `label/tool`. */
export const LABEL_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** Tool names as the API accepts them in a whitelist. */
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** The default per-server rate limit the API applies when none is given. */
export const DEFAULT_RATE_LIMIT_PER_MIN = 100;

/** The form's text per field; `allowed_tools` is a comma- or line-separated list. */
export interface McpServerFormState {
  label: string;
  url: string;
  auth_type: McpAuthType;
  header_name: string;
  token: string;
  rate_limit_per_min: string;
  allowed_tools: string;
}

/** A form field name, for per-field messages. */
export type McpFormField = keyof McpServerFormState;

/** The body of `POST /mcp/user-servers`. */
export type McpServerCreateBody = z.input<typeof CreateMcpServerBody>;

/** The body of `PUT /mcp/user-servers/:label`: only what changed; no token means "keep the stored one". */
export type McpServerUpdateBody = z.input<typeof UpdateMcpServerBody>;

/** What the form needs from a stored server to edit it. */
export type McpServerFields = Pick<
  McpServer,
  "label" | "url" | "auth_type" | "header_name" | "allowed_tools" | "rate_limit_per_min"
>;

/** The outcome of reading the form: a body to send, or a message per bad field. */
export type FormResult<B> = { ok: true; body: B } | { ok: false; errors: Partial<Record<McpFormField, string>> };

/** An empty add form. */
export const EMPTY_FORM: McpServerFormState = {
  label: "",
  url: "",
  auth_type: "none",
  header_name: "",
  token: "",
  rate_limit_per_min: String(DEFAULT_RATE_LIMIT_PER_MIN),
  allowed_tools: "",
};

/**
 * The edit form for a stored server. The token field starts empty: the secret never comes back from the API.
 * @example formFromServer(server).token // ""
 */
export function formFromServer(server: McpServerFields): McpServerFormState {
  return {
    label: server.label,
    url: server.url,
    auth_type: server.auth_type,
    header_name: server.header_name ?? "",
    token: "",
    rate_limit_per_min: String(server.rate_limit_per_min),
    allowed_tools: server.allowed_tools.join(", "),
  };
}

/**
 * Tool names from a comma-, space- or line-separated list, trimmed and without duplicates, in the order typed.
 * @example parseToolList("add, echo\nadd") // ["add", "echo"]
 */
export function parseToolList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((name) => name.length > 0))];
}

/**
 * The whitelist with `tool` switched on or off; order kept, no duplicates.
 * @example toggleTool(["echo"], "add", true) // ["echo", "add"]
 */
export function toggleTool(allowed: readonly string[], tool: string, on: boolean): string[] {
  const without = allowed.filter((name) => name !== tool);
  return on ? [...without, tool] : without;
}

/** True when both lists hold the same tools, whatever the order (so "Save" only lights up on a real change). */
export function sameTools(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((name) => set.has(name));
}

function checkUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Enter the server's full URL, e.g. https://mcp.example.com/mcp";
  }
  // https is the server's rule outside local development; it has the last word, with a clear error.
  if (url.protocol !== "https:" && url.protocol !== "http:") return "The URL must start with https://";
  return null;
}

function checkRateLimit(text: string): number | string {
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isInteger(value) || value < 1) return "Enter a whole number of calls per minute";
  return value;
}

/** Field checks shared by create and update; `requireToken` on create when the auth type needs one. */
function readCommon(state: McpServerFormState, requireToken: boolean) {
  const errors: Partial<Record<McpFormField, string>> = {};
  const url = state.url.trim();
  const urlError = checkUrl(url);
  if (urlError) errors.url = urlError;
  const headerName = state.header_name.trim();
  if (state.auth_type === "header" && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(headerName)) {
    errors.header_name = headerName ? "A header name has no spaces or separators" : "Enter the header's name";
  }
  const token = state.token.trim();
  if (requireToken && state.auth_type !== "none" && !token) errors.token = "Enter the token the server expects";
  const rate = checkRateLimit(state.rate_limit_per_min);
  if (typeof rate === "string") errors.rate_limit_per_min = rate;
  const allowedTools = parseToolList(state.allowed_tools);
  const badTool = allowedTools.find((name) => !TOOL_NAME.test(name));
  if (badTool) errors.allowed_tools = `“${badTool}” is not a tool name (letters, digits, _ . -)`;
  return { errors, url, headerName, token, rate: typeof rate === "number" ? rate : null, allowedTools };
}

/**
 * The create body, or per-field messages. The whitelist may be empty: a server can be added first and its tools
 * whitelisted after "Test connection" lists them.
 * @example createBody({ ...EMPTY_FORM, label: "calc", url: "https://calc.example/mcp" }) // { ok: true, body: {...} }
 */
export function createBody(state: McpServerFormState): FormResult<McpServerCreateBody> {
  const common = readCommon(state, true);
  const label = state.label.trim();
  if (!LABEL_PATTERN.test(label)) {
    common.errors.label = "Use lowercase letters, digits, - and _ (up to 40), starting with a letter or digit";
  } else if (label === "builtin") {
    common.errors.label = "“builtin” is reserved for the built-in tools";
  }
  if (Object.keys(common.errors).length > 0 || common.rate === null) return { ok: false, errors: common.errors };
  return {
    ok: true,
    body: {
      label,
      url: common.url,
      auth_type: state.auth_type,
      ...(state.auth_type === "header" ? { header_name: common.headerName } : {}),
      ...(state.auth_type !== "none" ? { token: common.token } : {}),
      allowed_tools: common.allowedTools,
      rate_limit_per_min: common.rate,
    },
  };
}

/**
 * The update body: only the fields that differ from `original`. A blank token keeps the stored one, unless the
 * auth type changed to one that needs a token (the old one was for another scheme, so a new one is required).
 * @example updateBody(formFromServer(s), s) // { ok: true, body: {} }
 */
export function updateBody(state: McpServerFormState, original: McpServerFields): FormResult<McpServerUpdateBody> {
  const authChanged = state.auth_type !== original.auth_type;
  const common = readCommon(state, authChanged);
  if (Object.keys(common.errors).length > 0 || common.rate === null) return { ok: false, errors: common.errors };
  const body: McpServerUpdateBody = {};
  if (common.url !== original.url) body.url = common.url;
  if (authChanged) body.auth_type = state.auth_type;
  if (state.auth_type === "header" && (authChanged || common.headerName !== original.header_name)) {
    body.header_name = common.headerName;
  }
  // A scheme switched off takes its secret and header name with it, so nothing stale is kept around.
  if (authChanged && original.auth_type === "header") body.header_name ??= null;
  if (authChanged && state.auth_type === "none") body.token = null;
  if (state.auth_type !== "none" && common.token) body.token = common.token;
  if (common.rate !== original.rate_limit_per_min) body.rate_limit_per_min = common.rate;
  if (!sameTools(common.allowedTools, original.allowed_tools)) body.allowed_tools = common.allowedTools;
  return { ok: true, body };
}
