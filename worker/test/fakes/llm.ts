/**
 * A fake OpenAI-compatible LLM with programmable answers. `createFakeLlm()` is the logic; `startFakeLlm()` serves it
 * on 127.0.0.1 (Node: the workers project's global setup and the e2e tests). Each test
 * uses its own key: base URL `<url>/<key>/v1`, answers programmed per key, every request recorded per key.
 */
import type { AddressInfo } from "node:net";

/** One programmed answer: a completion's content (objects are sent as JSON text) or an HTTP error. */
export type FakeAnswer = { content: string | Record<string, unknown> } | { status: number; body?: unknown };

/** A request the fake received. */
export interface FakeLlmRequest {
  path: string;
  authorization: string | null;
  body: { model?: string; messages?: { role: string; content: string }[]; [key: string]: unknown };
  raw: string;
}

export interface FakeLlm {
  /** Answers for `key`, used in order; the last one repeats. Unprogrammed keys get a 500. */
  program(key: string, answers: FakeAnswer[]): void;
  requests(key: string): FakeLlmRequest[];
  /** Handles `POST /<key>/v1/chat/completions` (plus `POST /__program/<key>`, `GET /__requests/<key>`). */
  handle(
    method: string,
    path: string,
    headers: { authorization: string | null },
    raw: string,
  ): { status: number; json: unknown };
}

/** The chat completion body for `content`. */
export function completion(model: string, content: string, n: number): Record<string, unknown> {
  return {
    id: `chatcmpl-fake-${n}`,
    object: "chat.completion",
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
    usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
  };
}

/** The fake's logic, without a server. */
export function createFakeLlm(): FakeLlm {
  const programs = new Map<string, FakeAnswer[]>();
  const seen = new Map<string, FakeLlmRequest[]>();
  const fake: FakeLlm = {
    program(key, answers) {
      programs.set(key, answers);
    },
    requests(key) {
      return seen.get(key) ?? [];
    },
    handle(method, path, headers, raw) {
      const [, first = "", second = ""] = path.split("/");
      if (first === "__program" && method === "POST") {
        fake.program(second, (JSON.parse(raw) as { answers: FakeAnswer[] }).answers);
        return { status: 204, json: null };
      }
      if (first === "__requests") return { status: 200, json: fake.requests(second) };
      if (method !== "POST" || !path.endsWith("/chat/completions"))
        return { status: 404, json: { error: "no such path" } };
      let body: FakeLlmRequest["body"] = {};
      try {
        body = JSON.parse(raw) as FakeLlmRequest["body"];
      } catch {
        return { status: 400, json: { error: { message: "body is not JSON" } } };
      }
      const list = seen.get(first) ?? [];
      list.push({ path, authorization: headers.authorization, body, raw });
      seen.set(first, list);
      const answers = programs.get(first);
      const answer = answers?.[Math.min(list.length, answers.length) - 1];
      if (!answer) return { status: 500, json: { error: { message: `fake LLM: nothing programmed for ${first}` } } };
      if ("status" in answer)
        return { status: answer.status, json: answer.body ?? { error: { message: "fake error" } } };
      const content = typeof answer.content === "string" ? answer.content : JSON.stringify(answer.content);
      return { status: 200, json: completion(body.model ?? "fake-model", content, list.length) };
    },
  };
  return fake;
}

/** A running fake: `url` is its root; a connection's base URL is `${url}/<key>/v1`. */
export interface FakeLlmServer extends FakeLlm {
  url: string;
  close(): Promise<void>;
}

/** Serves a fake LLM on 127.0.0.1 (a random port). Node only. */
export async function startFakeLlm(): Promise<FakeLlmServer> {
  const { createServer } = await import("node:http");
  const fake = createFakeLlm();
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://fake").pathname;
      const auth = req.headers.authorization ?? null;
      const { status, json } = fake.handle(req.method ?? "GET", path, { authorization: auth }, raw);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(json === null ? "" : JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...fake,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
