// The request an `http` step sends: rendered URL, headers and body, the connection's credentials, and checks.
import { withinBaseUrl } from "../connections/base-url";
import { quoteStep, StepFailure } from "../engine/run/errors";
import { asText, renderField, renderFieldValue, stepLabel } from "./rendering";
import type { ExecutorServices, NodeOf, ResolvedConnection, StepInput } from "./types";

/** A request ready for `services.fetch`. */
export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  /** The rendered body as written (`undefined`: none), for snapshots and previews. */
  bodyValue: unknown;
  /** The encoded body sent. */
  body: string | undefined;
  /** Header names of the connection: never forwarded on a cross-origin redirect. */
  connectionHeaders: string[];
  /** Connection secrets, in every form they may take on the wire. */
  secretValues: string[];
}

/** RFC 9110 token: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Header values must be bytes without line breaks (a CR/LF would split the request). */
const BAD_HEADER_VALUE = /[\r\n\0]|[^\t\x20-\xff]/;
/** Hop-by-hop and framing headers belong to the platform; fetch rejects or rewrites them. */
const MANAGED_HEADERS = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "expect",
  "te",
  "trailer",
]);

function invalidRequest(node: NodeOf, human: string, tech: string): StepFailure {
  return new StepFailure({
    code: "invalid_request",
    message_human: `Step ${quoteStep(stepLabel(node))}: ${human}`,
    message_tech: tech,
    retryable: false,
  });
}

/** The URL for messages: no credentials, query or fragment (they may hold secrets). */
export function urlForPeople(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function headerValue(node: NodeOf, name: string, rendered: unknown): string | undefined {
  if (rendered === undefined || rendered === null) return undefined;
  const value = asText(rendered);
  if (BAD_HEADER_VALUE.test(value)) {
    throw invalidRequest(
      node,
      `header “${name}” contains a line break or a character headers cannot carry`,
      `header ${name}: value has CR/LF/NUL or a code point above U+00FF`,
    );
  }
  return value;
}

function checkHeaderName(node: NodeOf, name: string): void {
  if (!HEADER_NAME.test(name)) {
    throw invalidRequest(node, `“${name}” is not a valid header name`, `invalid header name ${JSON.stringify(name)}`);
  }
  if (MANAGED_HEADERS.has(name.toLowerCase())) {
    throw invalidRequest(
      node,
      `header “${name}” is set by the platform and cannot be configured`,
      `managed header ${name}`,
    );
  }
}

/** Sets a header, replacing any existing one whose name differs only in case. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const existing of Object.keys(headers))
    if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
  headers[name] = value;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((existing) => existing.toLowerCase() === name.toLowerCase());
}

async function renderUrl(input: StepInput<NodeOf<"http">>): Promise<URL> {
  const rendered = await renderField(input, "the URL", input.node.config.url);
  const text = typeof rendered === "string" ? rendered.trim() : asText(rendered);
  if (!URL.canParse(text)) {
    throw new StepFailure({
      code: "invalid_url",
      message_human: `Step ${quoteStep(stepLabel(input.node))}: the URL is not a valid web address (it must start with https:// or http://)`,
      message_tech: `http.url rendered to ${JSON.stringify(text.slice(0, 200))}`,
      retryable: false,
    });
  }
  return new URL(text);
}

async function resolveConnection(
  input: StepInput<NodeOf<"http">>,
  services: ExecutorServices,
  connectionId: string,
): Promise<ResolvedConnection> {
  const label = quoteStep(stepLabel(input.node));
  if (!services.resolveConnection) {
    throw new StepFailure({
      code: "not_available",
      message_human: `Step ${label} uses a connection; this build can't apply connections to HTTP requests yet`,
      message_tech: `resolveConnection service missing (connection_id=${connectionId})`,
      retryable: false,
    });
  }
  const connection = await services.resolveConnection({ org_id: input.run.org_id, connection_id: connectionId });
  if (!connection) {
    throw new StepFailure({
      code: "connection_missing",
      message_human: `Step ${label} needs the connection “${connectionId}”, which does not exist in this organization`,
      message_tech: `connection ${connectionId} not found for org ${input.run.org_id}`,
      retryable: false,
    });
  }
  return connection;
}

function checkConnectionScope(input: StepInput<NodeOf<"http">>, connection: ResolvedConnection, url: URL): void {
  const base = (connection as ResolvedConnection & { base_url?: unknown }).base_url;
  if (typeof base !== "string" || base === "" || withinBaseUrl(url, base)) return;
  throw new StepFailure({
    code: "connection_scope",
    message_human: `Step ${quoteStep(stepLabel(input.node))} would send the connection's credentials to ${url.origin}, outside its base URL ${base}`,
    message_tech: `connection ${connection.id} base_url=${base} request=${url.origin}${url.pathname}`,
    retryable: false,
  });
}

/** Every form a secret may take in a request: raw, URL-encoded (path or query), form-encoded. */
function secretForms(value: string): string[] {
  return [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)];
}

/**
 * Renders and checks the request of an `http` step, adding the platform headers (`X-Correlation-ID` always,
 * `Idempotency-Key` unless the node sets its own) and, when `withConnection`, the connection's credentials
 * (they win over the node's headers of the same name).
 * @throws StepFailure `expression_*`, `invalid_url`, `invalid_request`, `not_available`, `connection_missing`
 */
export async function buildHttpRequest(
  input: StepInput<NodeOf<"http">>,
  services: ExecutorServices,
  withConnection: boolean,
): Promise<HttpRequest> {
  const { node } = input;
  const { method, connection_id } = node.config;
  const url = await renderUrl(input);
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(node.config.headers ?? {})) {
    checkHeaderName(node, name);
    const value = headerValue(node, name, await renderField(input, `header “${name}”`, template));
    if (value !== undefined) setHeader(headers, name, value);
  }
  const bodyValue =
    node.config.body === undefined ? undefined : await renderFieldValue(input, "the body", node.config.body);
  let body: string | undefined;
  if (bodyValue !== undefined) {
    const json = typeof bodyValue !== "string";
    body = json ? JSON.stringify(bodyValue) : bodyValue;
    if (!hasHeader(headers, "content-type")) {
      setHeader(headers, "Content-Type", json ? "application/json" : "text/plain; charset=utf-8");
    }
  }
  if (!hasHeader(headers, "idempotency-key")) setHeader(headers, "Idempotency-Key", input.idempotencyKey);
  setHeader(headers, "X-Correlation-ID", input.run.correlation_id);

  const secretValues: string[] = [];
  const connectionHeaders: string[] = [];
  if (connection_id !== undefined && withConnection) {
    const connection = await resolveConnection(input, services, connection_id);
    checkConnectionScope(input, connection, url);
    for (const [name, value] of Object.entries(connection.headers)) {
      setHeader(headers, name, value);
      connectionHeaders.push(name);
      secretValues.push(...secretForms(value));
    }
    for (const [name, value] of Object.entries(connection.query ?? {})) {
      url.searchParams.set(name, value);
      secretValues.push(...secretForms(value));
    }
    secretValues.push(...(connection.secretValues ?? []));
  }
  return { method, url, headers, bodyValue, body, connectionHeaders, secretValues };
}
