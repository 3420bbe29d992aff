/**
 * A fake third-party HTTP API on 127.0.0.1 for run tests (workerd can't listen itself): users,
 * echo, flaky and slow endpoints, an OAuth2 token endpoint, an OpenAI-compatible chat completions
 * endpoint, and a record of every request per key so tests can count attempts and check
 * idempotency keys. Started once for the `workers` project.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  interface ProvidedContext {
    fixtureUrl: string;
  }
}

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

export default async function setup(project: TestProject) {
  const seen = new Map<string, Seen[]>();
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fixture");
      const [, kind, key = "", extra] = url.pathname.split("/");
      const record = () => {
        const list = seen.get(key) ?? [];
        list.push({ method: req.method ?? "GET", path: url.pathname, headers: req.headers, body, at: Date.now() });
        seen.set(key, list);
        return list.length;
      };
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(value));
      };
      switch (kind) {
        case "users":
          record();
          return json(200, { id: key, name: `User ${key}`, email: `${key}@example.com` });
        case "echo":
          record();
          return json(200, { method: req.method, headers: req.headers, body: body ? JSON.parse(body) : null });
        case "flaky": {
          const count = record();
          const failures = Number(url.searchParams.get("fail") ?? "2");
          return count <= failures
            ? json(503, { error: "try later", attempt: count })
            : json(200, { ok: true, attempts: count });
        }
        case "slow": {
          const count = record();
          const ms = Number(url.searchParams.get("ms") ?? "1000");
          setTimeout(() => json(200, { ok: true, attempt: count }), ms);
          return;
        }
        case "status":
          record();
          return json(Number(key) || 500, { status: Number(key) });
        case "oauth": {
          // POST /oauth/<key>/token (RFC 6749 §6): a fresh access token per exchange, rotating the refresh token.
          const count = record();
          const form = new URLSearchParams(body);
          if (form.get("grant_type") !== "refresh_token" || !form.get("refresh_token")) {
            return json(400, { error: "invalid_grant" });
          }
          return json(200, {
            access_token: `fresh-access-${key}-${count}`,
            refresh_token: `rotated-refresh-${key}-${count}`,
            token_type: "Bearer",
            expires_in: 3600,
          });
        }
        case "llm": {
          // POST /llm/<key>/<mode>/v1/chat/completions, mode: ok | badfirst (invalid JSON on the first call) | badalways.
          const count = record();
          const request = body ? JSON.parse(body) : {};
          const structured = request.response_format !== undefined;
          const bad = extra === "badalways" || (extra === "badfirst" && count === 1);
          const content = bad
            ? count === 1
              ? "Sure! Here is the answer: 42"
              : JSON.stringify({ wrong: true })
            : structured
              ? JSON.stringify({ answer: "42" })
              : `Hello from ${request.model}`;
          return json(200, {
            id: `chatcmpl-${key}-${count}`,
            object: "chat.completion",
            created: 1_700_000_000,
            model: request.model,
            choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
            usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
          });
        }
        case "__requests":
          return json(200, seen.get(key) ?? []);
        default:
          return json(404, { error: "no such fixture" });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  project.provide("fixtureUrl", `http://127.0.0.1:${port}`);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
