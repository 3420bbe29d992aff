/** Bad input gets a clear 4xx in the error model, never a 500; secrets never reach a response or a log. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { call, jsonOf, registerOrg, uniqueEmail } from "./helpers";

describe("input errors", () => {
  it("malformed JSON is a 400 malformed_json", async () => {
    const res = await call("/api/v1/auth/login", {
      body: '{"email": "a@b.c", ',
      headers: { "X-Request-Id": "bad-json-1" },
    });
    expect(res.status).toBe(400);
    expect(await jsonOf(res)).toEqual({
      error: { code: "malformed_json", message: "The request body is not valid JSON", request_id: "bad-json-1" },
    });
  });

  it("a body failing validation is a 400 validation_failed listing the issues", async () => {
    const res = await call("/api/v1/auth/register", { body: { email: "not-an-email", password: 5, name: "" } });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.error.code).toBe("validation_failed");
    const paths = body.error.details.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["email", "password", "name", "org_name"]));
  });

  it("a query failing validation is a 400 too", async () => {
    const owner = await registerOrg();
    const res = await call("/api/v1/audit?limit=5000&from=yesterday", { token: owner.token });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).error.code).toBe("validation_failed");
    const cursor = await call("/api/v1/audit?cursor=%%%garbage", { token: owner.token });
    expect(cursor.status).toBe(400);
  });

  it("a 2 MB body to a small route is a 413", async () => {
    const huge = JSON.stringify({ email: "a@b.co", password: "x".repeat(2 * 1024 * 1024) });
    const res = await call("/api/v1/auth/login", { body: huge });
    expect(res.status).toBe(413);
    expect((await jsonOf(res)).error.code).toBe("payload_too_large");
  });

  it("a non-JSON content type is a 415", async () => {
    const res = await call("/api/v1/auth/login", {
      body: "email=a",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(415);
    expect((await jsonOf(res)).error.code).toBe("unsupported_media_type");
  });

  it("a JSON array or null where an object is expected is a 400", async () => {
    for (const body of ["[]", "null", '"text"', "42"]) {
      const res = await call("/api/v1/auth/login", { body });
      expect(res.status, body).toBe(400);
    }
  });
});

describe("secrets stay secret", () => {
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    for (const method of ["log", "warn", "error", "info", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }
  });
  afterEach(() => vi.restoreAllMocks());

  it("passwords, token hashes and key secrets appear in no response and no log line", async () => {
    const email = uniqueEmail("secret");
    const password = "Zebra-Quantum-Lantern-77";
    const reg = await call("/api/v1/auth/register", { body: { email, password, name: "S", org_name: "S" } });
    const regBody = await reg.text();
    const { access_token } = JSON.parse(regBody);
    const bad = await call("/api/v1/auth/login", { body: { email, password: "Wrong-Quantum-Lantern-77" } });
    const key = await call("/api/v1/api-keys", { token: access_token, body: { name: "k", role: "viewer" } });
    const keyBody = await key.text();
    const secret = JSON.parse(keyBody).secret as string;
    const responses = [
      regBody,
      await bad.text(),
      await (await call("/api/v1/me", { token: access_token })).text(),
      await (await call("/api/v1/api-keys", { token: access_token })).text(),
      await (await call("/api/v1/members", { token: access_token })).text(),
      await (await call("/api/v1/audit?limit=100", { token: access_token })).text(),
      await (await call("/api/v1/me", { token: secret })).text(),
    ];
    const all = [...responses, ...lines].join("\n");
    expect(all).not.toContain(password);
    expect(all).not.toContain("Wrong-Quantum-Lantern-77");
    expect(all).not.toContain("pbkdf2-sha256");
    expect(all).not.toMatch(/password_hash|token_hash|key_hash/);
    // The key secret appears once, in its creation response, and nowhere else.
    expect([...responses, ...lines].filter((text) => text.includes(secret.slice(16)))).toHaveLength(0);
    expect(keyBody).toContain(secret);
    expect(lines.length).toBeGreaterThan(0);
  });
});
