import { SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const BASE = "https://fluxo.test";

async function json(res: Response): Promise<any> {
  return res.json();
}

describe("health", () => {
  it("answers 200 with a database check", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/health`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.status).toBe("ok");
    expect(body.checks.database.status).toBe("ok");
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("echoes a valid incoming X-Request-Id", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/health`, { headers: { "X-Request-Id": "abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
  });
});

describe("error model", () => {
  it("answers unknown API routes with a JSON 404, never HTML", async () => {
    const res = await SELF.fetch(`${BASE}/api/v1/nope`, { headers: { "X-Request-Id": "req-404" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await json(res)).toEqual({
      error: { code: "not_found", message: "No route for GET /api/v1/nope", request_id: "req-404" },
    });
  });

  it("answers unknown /hooks and /v1 paths with JSON too", async () => {
    for (const path of ["/hooks/missing/extra/path", "/v1/automations/nothing"]) {
      const res = await SELF.fetch(`${BASE}${path}`, { method: "POST" });
      expect(res.status).toBe(404);
      expect((await json(res)).error.code).toBe("not_found");
    }
  });

  it("the audit table refuses UPDATE and DELETE", async () => {
    await env.DB.prepare(
      "INSERT INTO audit_events (id, org_id, actor_type, action) VALUES ('a1', 'o1', 'system', 'test.event')",
    ).run();
    await expect(env.DB.prepare("UPDATE audit_events SET action = 'x' WHERE id = 'a1'").run()).rejects.toThrow(
      /append-only/,
    );
    await expect(env.DB.prepare("DELETE FROM audit_events WHERE id = 'a1'").run()).rejects.toThrow(/append-only/);
  });
});

describe("openapi", () => {
  it("serves an OpenAPI 3.1 document listing the routes", async () => {
    const res = await SELF.fetch(`${BASE}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/v1/health");
  });

  it("serves a docs page that loads the bundled Scalar script", async () => {
    const res = await SELF.fetch(`${BASE}/api/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("/vendor/scalar.js");
    expect(html).toContain("/api/openapi.json");
  });
});
