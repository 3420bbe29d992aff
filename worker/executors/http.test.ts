import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { NodeConfigInput } from "../contracts/node-types";
import { REDACTED } from "../engine/redact";
import { type NetworkPolicy, safeFetch } from "../net";
import { executeStep } from "./index";
import { fakeServices, NOW, testInput, testNode } from "./test-fixtures";
import type { ExecutorServices, ResolvedConnection } from "./types";

// A real HTTP server on 127.0.0.1; requests go through the real safeFetch with a loopback-allowing policy.
interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}
let server: Server;
let origin: string;
let host: string;
const seen: Seen[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = await readBody(req);
    seen.push({ method: req.method ?? "", path: `${url.pathname}${url.search}`, headers: req.headers, body });
    const status = /^\/status\/(\d{3})$/.exec(url.pathname);
    if (status) {
      const headers: Record<string, string> = { "content-type": "text/plain" };
      const retryAfter = url.searchParams.get("retry_after");
      if (retryAfter) headers["retry-after"] = retryAfter;
      res.writeHead(Number(status[1]), headers).end(`status body ${"x".repeat(600)}`);
      return;
    }
    switch (url.pathname) {
      case "/slow":
        return; // never answers
      case "/bytes":
        res.writeHead(200, { "content-type": "application/octet-stream" }).end(Buffer.from([0, 1, 2, 255]));
        return;
      case "/text":
        res.writeHead(200, { "content-type": "text/plain", "set-cookie": "sid=1", "x-served-by": "t" }).end("hello");
        return;
      default:
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ method: req.method, path: `${url.pathname}${url.search}`, headers: req.headers, body }),
        );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  host = `127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
});

const policy: NetworkPolicy = { allowLoopback: true };

function services(extra: Partial<ExecutorServices> = {}): ExecutorServices {
  return fakeServices({ fetch: (url, init) => safeFetch(url, { ...init, policy }), ...extra }).services;
}

function run(
  config: NodeConfigInput<"http">,
  options: { dry_run?: boolean; deadline?: number; signal?: AbortSignal } = {},
  extra: Partial<ExecutorServices> = {},
) {
  const node = testNode("http", config, { id: "call_api", name: "Call API" });
  const input = testInput(node, {
    ...(options.deadline ? { deadline: options.deadline } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  input.run.dry_run = options.dry_run ?? false;
  return executeStep(input, services(extra));
}

function failure(result: Awaited<ReturnType<typeof run>>) {
  if (result.outcome.kind !== "failed") throw new Error(`expected a failure, got ${JSON.stringify(result.outcome)}`);
  return result.outcome.error;
}

function success(result: Awaited<ReturnType<typeof run>>) {
  if (result.outcome.kind !== "succeeded") throw new Error(`expected a success, got ${JSON.stringify(result.outcome)}`);
  return result.outcome.output as {
    status: number;
    headers: Record<string, string>;
    body: any;
    body_encoding?: string;
  };
}

describe("http executor against a real server", () => {
  it("renders URL and header templates and sends the idempotency and correlation headers", async () => {
    const result = await run({
      method: "GET",
      url: `${origin}/users/{{ input.user_id }}?q={{ vars.q }}`,
      headers: { "X-User": "{{ steps.get_user.output.name }}" },
    });
    const output = success(result);
    expect(output.status).toBe(200);
    expect(output.body.path).toBe("/users/42?q=search");
    expect(seen[0]?.headers).toMatchObject({
      "x-user": "Ada Lovelace",
      "idempotency-key": "run_1:call_api:1",
      "x-correlation-id": "corr_1",
    });
    expect(output.headers["content-type"]).toBe("application/json");
    expect(result.data_in).toMatchObject({ method: "GET", url: `${origin}/users/42?q=search` });
  });

  it("POSTs an object body as JSON and a string body as text", async () => {
    const json = success(
      await run({
        method: "POST",
        url: `${origin}/orders`,
        body: { user: "{{ input.user_id }}", tag: "t-{{ vars.env }}" },
      }),
    );
    expect(seen[0]).toMatchObject({ method: "POST", body: '{"user":42,"tag":"t-test"}' });
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
    expect(json.body.method).toBe("POST");

    await run({ method: "PUT", url: `${origin}/notes`, body: "Hello {{ input.name }}" });
    expect(seen[1]).toMatchObject({ method: "PUT", body: "Hello Ada" });
    expect(seen[1]?.headers["content-type"]).toBe("text/plain; charset=utf-8");
  });

  it("returns text bodies as text, binary as base64, and never exposes set-cookie", async () => {
    const text = success(await run({ method: "GET", url: `${origin}/text` }));
    expect(text).toMatchObject({ status: 200, body: "hello" });
    expect(text.headers["x-served-by"]).toBe("t");
    expect(text.headers).not.toHaveProperty("set-cookie");
    const bytes = success(await run({ method: "GET", url: `${origin}/bytes` }));
    expect(bytes).toMatchObject({ body: "AAEC/w==", body_encoding: "base64" });
  });

  it("sends a secret header but keeps it out of data_in", async () => {
    const result = await run({
      method: "GET",
      url: `${origin}/me`,
      headers: { Authorization: "Bearer {{ vars.env }}-token-1" },
    });
    expect(seen[0]?.headers.authorization).toBe("Bearer test-token-1");
    expect((result.data_in as { headers: Record<string, string> }).headers.Authorization).toBe(REDACTED);
  });

  it("applies a connection's credentials and redacts them wherever they appear, keeping the output whole", async () => {
    const connection: ResolvedConnection = {
      id: "conn_1",
      headers: { "X-Vendor": "vendor-secret-9876" },
      query: { key: "qk-5555" },
    };
    const result = await run(
      { method: "GET", url: `${origin}/echo`, connection_id: "conn_1", headers: { "X-Vendor": "overridden" } },
      {},
      { resolveConnection: async ({ connection_id }) => (connection_id === "conn_1" ? connection : null) },
    );
    expect(seen[0]?.headers["x-vendor"]).toBe("vendor-secret-9876");
    expect(seen[0]?.path).toBe("/echo?key=qk-5555");
    const snapshots = JSON.stringify([result.data_in, result.data_out]);
    expect(snapshots).not.toContain("vendor-secret-9876");
    expect(snapshots).not.toContain("qk-5555");
    // The echo comes back in the output: later steps see it, the persisted data_out does not.
    expect(JSON.stringify(success(result).body)).toContain("vendor-secret-9876");
  });

  it("lends a connection's credentials only to URLs under its base URL", async () => {
    const connection = {
      id: "conn_b",
      headers: { Authorization: "Bearer base-scoped-4242" },
      base_url: `${origin}/api/`,
    };
    const services = { resolveConnection: async () => connection };
    const inside = await run({ method: "GET", url: `${origin}/api/echo`, connection_id: "conn_b" }, {}, services);
    expect(inside.outcome.kind).toBe("succeeded");
    expect(seen[0]?.headers.authorization).toBe("Bearer base-scoped-4242");
    const outside = failure(
      await run({ method: "GET", url: `${origin}/apix/steal`, connection_id: "conn_b" }, {}, services),
    );
    expect(outside).toMatchObject({ code: "connection_scope", retryable: false });
    expect(outside.message_human).toContain("outside its base URL");
    expect(JSON.stringify(outside)).not.toContain("base-scoped-4242");
    expect(seen).toHaveLength(1);
  });

  it("fails clearly when the connection is unknown or connections are not available", async () => {
    const missing = failure(
      await run(
        { method: "GET", url: `${origin}/x`, connection_id: "nope" },
        {},
        { resolveConnection: async () => null },
      ),
    );
    expect(missing).toMatchObject({ code: "connection_missing", retryable: false });
    expect(missing.message_human).toContain("“nope”");
    const unavailable = failure(await run({ method: "GET", url: `${origin}/x`, connection_id: "c" }));
    expect(unavailable).toMatchObject({ code: "not_available", retryable: false });
    expect(seen).toHaveLength(0);
  });

  it("fails a 500 as retryable with a human message and the technical detail", async () => {
    const error = failure(await run({ method: "GET", url: `${origin}/status/500?token=abc` }));
    expect(error).toMatchObject({ code: "http_status_5xx", retryable: true });
    expect(error.message_human).toBe(`The API at ${host} answered 500 Internal Server Error`);
    expect(error.message_tech).toContain(`GET ${origin}/status/500 → 500 Internal Server Error; body: status body`);
    expect(error.message_tech).not.toContain("token=abc");
    expect((error.details as { body_excerpt: string }).body_excerpt).toHaveLength(500);
  });

  it("fails a 404 without retry, and accepts it when expect_status lists it", async () => {
    const error = failure(await run({ method: "GET", url: `${origin}/status/404` }));
    expect(error).toMatchObject({ code: "http_status_4xx", retryable: false });
    expect(error.message_human).toBe(`The API at ${host} answered 404 Not Found (check the URL)`);
    expect(success(await run({ method: "GET", url: `${origin}/status/404`, expect_status: [404] })).status).toBe(404);
    const unexpected = failure(await run({ method: "GET", url: `${origin}/text`, expect_status: [201, 202] }));
    expect(unexpected).toMatchObject({ code: "http_status_unexpected", retryable: false });
    expect(unexpected.message_human).toContain("but the step expects 201 or 202");
  });

  it("retries 429 after the Retry-After seconds or date", async () => {
    const seconds = failure(await run({ method: "GET", url: `${origin}/status/429?retry_after=7` }));
    expect(seconds).toMatchObject({ code: "http_status_4xx", retryable: true, retry_after_ms: 7_000 });
    const date = new Date(NOW + 90_000).toUTCString();
    const dated = failure(
      await run({ method: "GET", url: `${origin}/status/503?retry_after=${encodeURIComponent(date)}` }),
    );
    expect(dated).toMatchObject({ code: "http_status_5xx", retryable: true, retry_after_ms: 90_000 });
  });

  it("times out at the step deadline as a retryable http_timeout", async () => {
    const error = failure(await run({ method: "GET", url: `${origin}/slow` }, { deadline: NOW + 150 }));
    expect(error).toMatchObject({ code: "http_timeout", retryable: true });
    expect(error.message_human).toContain("did not answer before the step's time limit");
  });

  it("stops when the run is canceled", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = failure(await run({ method: "GET", url: `${origin}/slow` }, { signal: controller.signal }));
    expect(error).toMatchObject({ code: "canceled", retryable: false });
  });

  it("refuses the cloud metadata address as network_blocked, without retry", async () => {
    const error = failure(await run({ method: "GET", url: "http://169.254.169.254/latest/meta-data/" }));
    expect(error).toMatchObject({ code: "network_blocked", retryable: false });
    expect(error.message_human).toMatch(/metadata/i);
  });

  it("does not send a side-effecting request in a dry run, but previews it; GETs still run", async () => {
    const result = await run(
      {
        method: "POST",
        url: `${origin}/orders`,
        headers: { Authorization: "Bearer x-1" },
        body: { id: "{{ input.user_id }}" },
      },
      { dry_run: true },
    );
    expect(seen).toHaveLength(0);
    expect(success(result)).toEqual({
      dry_run: true,
      preview: {
        method: "POST",
        url: `${origin}/orders`,
        headers: {
          Authorization: REDACTED,
          "Content-Type": "application/json",
          "Idempotency-Key": "run_1:call_api:1",
          "X-Correlation-ID": "corr_1",
        },
        body: { id: 42 },
      },
    });
    expect(success(await run({ method: "GET", url: `${origin}/ping` }, { dry_run: true })).status).toBe(200);
    expect(seen).toHaveLength(1);
  });

  it("polls with until: not ready is a retryable condition_not_met, ready succeeds with the response", async () => {
    const until = 'response.body.method = "GET" and input.user_id = 42';
    const ready = success(await run({ method: "GET", url: `${origin}/ready`, until }));
    expect(ready.body.path).toBe("/ready");
    const notYet = failure(
      await run({ method: "GET", url: `${origin}/pending`, until: 'response.body.method = "PUT"' }),
    );
    expect(notYet).toMatchObject({ code: "condition_not_met", retryable: true });
    expect(notYet.message_human).toBe(
      `The response from ${host} does not meet the step's condition yet (response.body.method = "PUT")`,
    );
    expect(notYet.message_tech).toContain('"path":"/pending"');
    // Only a literal true means ready; a broken expression fails for good, naming the field.
    const truthy = failure(await run({ method: "GET", url: `${origin}/x`, until: "response.body.path" }));
    expect(truthy.code).toBe("condition_not_met");
    const broken = failure(await run({ method: "GET", url: `${origin}/x`, until: '$number("abc")' }));
    expect(broken).toMatchObject({ code: "expression_failed", retryable: false });
    expect(broken.message_human).toMatch(/^Step “Call API”: until could not be evaluated\./);
    // A status the step does not accept fails as before: until is not evaluated.
    expect(failure(await run({ method: "GET", url: `${origin}/status/404`, until: "true" })).code).toBe(
      "http_status_4xx",
    );
  });

  it("names the step and the field when a template fails, and refuses bad URLs and headers before sending", async () => {
    const expression = failure(await run({ method: "GET", url: `${origin}/{{ $number("abc") }}` }));
    expect(expression).toMatchObject({ code: "expression_failed", retryable: false });
    expect(expression.message_human).toMatch(/^Step “Call API”: the URL could not be evaluated\./);
    const badUrl = failure(await run({ method: "GET", url: "{{ input.name }}" }));
    expect(badUrl).toMatchObject({ code: "invalid_url", retryable: false });
    const badHeader = failure(
      await run({ method: "GET", url: `${origin}/x`, headers: { "X-Evil": "a\r\nInjected: 1" } }),
    );
    expect(badHeader).toMatchObject({ code: "invalid_request", retryable: false });
    expect(badHeader.message_human).toContain("header “X-Evil”");
    expect(seen).toHaveLength(0);
  });
});
