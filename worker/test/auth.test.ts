import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { call, jsonOf, login, refreshCookie, registerOrg, STRONG_PASSWORD, uniqueEmail } from "./helpers";

describe("register and login", () => {
  it("registers the first user of a new org as its owner and signs them in", async () => {
    const email = uniqueEmail();
    const res = await call("/api/v1/auth/register", {
      body: { email, password: STRONG_PASSWORD, name: "Ana", org_name: "Acme" },
    });
    expect(res.status).toBe(201);
    const body = await jsonOf(res);
    expect(body).toMatchObject({
      token_type: "Bearer",
      role: "owner",
      user: { email, name: "Ana" },
      org: { name: "Acme" },
    });
    expect(body.expires_in).toBe(900);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("fluxo_refresh="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    expect(cookie).toMatch(/Secure/); // https://fluxo.test is not localhost

    const me = await jsonOf(await call("/api/v1/me", { token: body.access_token }));
    expect(me).toMatchObject({
      user: { email },
      org: { name: "Acme" },
      role: "owner",
      orgs: [{ name: "Acme", role: "owner" }],
    });
  });

  it("refuses weak passwords with a clear message", async () => {
    for (const password of ["short", "password123", "aaaaaaaaaaaa", "1234567890", "qwertyuiop"]) {
      const res = await call("/api/v1/auth/register", {
        body: { email: uniqueEmail(), password, name: "Bo", org_name: "B" },
      });
      expect(res.status).toBe(400);
      const body = await jsonOf(res);
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.details.issues[0].path).toBe("password");
    }
  });

  it("refuses a second account with the same email", async () => {
    const { email } = await registerOrg();
    const res = await call("/api/v1/auth/register", {
      body: { email, password: STRONG_PASSWORD, name: "X", org_name: "Y" },
    });
    expect(res.status).toBe(409);
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const { email } = await registerOrg();
    const wrong = await call("/api/v1/auth/login", { body: { email, password: "not-the-password-1" } });
    const unknown = await call("/api/v1/auth/login", {
      body: { email: uniqueEmail(), password: "whatever-password-1" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await jsonOf(wrong), await jsonOf(unknown)];
    expect(a.error.code).toBe("invalid_credentials");
    expect(a.error.message).toBe(b.error.message);
  });

  it("rate-limits failed logins per email with 429 and Retry-After", async () => {
    const { email } = await registerOrg();
    for (let i = 0; i < 5; i++) {
      expect((await call("/api/v1/auth/login", { body: { email, password: "wrong-password-x1" } })).status).toBe(401);
    }
    const limited = await call("/api/v1/auth/login", { body: { email, password: STRONG_PASSWORD } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await jsonOf(limited)).error.code).toBe("rate_limited");
  });

  it("rate-limits failed logins per IP across emails", async () => {
    const headers = { "CF-Connecting-IP": "203.0.113.77" };
    for (let i = 0; i < 20; i++) {
      await call("/api/v1/auth/login", {
        body: { email: uniqueEmail("spray"), password: "wrong-password-x1" },
        headers,
      });
    }
    const res = await call("/api/v1/auth/login", {
      body: { email: uniqueEmail("spray"), password: "wrong-password-x1" },
      headers,
    });
    expect(res.status).toBe(429);
  });
});

describe("refresh tokens", () => {
  it("rotates, detects reuse, revokes the whole family and audits it", async () => {
    const owner = await registerOrg();
    const session = await login(owner.email);
    expect((await call("/api/v1/me", { token: session.token })).status).toBe(200);

    const first = await call("/api/v1/auth/refresh", {
      method: "POST",
      headers: { cookie: `fluxo_refresh=${session.refresh}` },
    });
    expect(first.status).toBe(200);
    const rotated = refreshCookie(first);
    expect(rotated).not.toBe(session.refresh);
    expect((await call("/api/v1/me", { token: (await jsonOf(first)).access_token })).status).toBe(200);

    // The old token again: reuse. Rejected, and the newer token of the same family dies too.
    const replay = await call("/api/v1/auth/refresh", {
      method: "POST",
      headers: { cookie: `fluxo_refresh=${session.refresh}` },
    });
    expect(replay.status).toBe(401);
    expect((await jsonOf(replay)).error.code).toBe("invalid_token");
    const afterReuse = await call("/api/v1/auth/refresh", {
      method: "POST",
      headers: { cookie: `fluxo_refresh=${rotated}` },
    });
    expect(afterReuse.status).toBe(401);

    const audit = await jsonOf(await call("/api/v1/audit?limit=100", { token: owner.token }));
    const actions = audit.items.map((e: any) => e.action);
    expect(actions).toContain("auth.refresh_token_reused");
    expect(actions).toContain("auth.token_family_revoked");
    expect(actions).toContain("auth.login_succeeded");
  });

  it("accepts the refresh token in the body for non-browser clients", async () => {
    const { email } = await registerOrg();
    const res = await call("/api/v1/auth/login", { body: { email, password: STRONG_PASSWORD } });
    const refresh = refreshCookie(res);
    const next = await call("/api/v1/auth/refresh", { body: { refresh_token: refresh } });
    expect(next.status).toBe(200);
    expect((await jsonOf(next)).refresh_token).toMatch(/^fxr_/);
  });

  it("logout revokes the session's refresh tokens", async () => {
    const { email } = await registerOrg();
    const session = await login(email);
    const out = await call("/api/v1/auth/logout", {
      method: "POST",
      headers: { cookie: `fluxo_refresh=${session.refresh}` },
    });
    expect(out.status).toBe(204);
    const again = await call("/api/v1/auth/refresh", {
      method: "POST",
      headers: { cookie: `fluxo_refresh=${session.refresh}` },
    });
    expect(again.status).toBe(401);
  });
});

describe("access token checks", () => {
  const enc = new TextEncoder();
  const claims = (owner: { userId: string; orgId: string }) => ({ org: owner.orgId, role: "owner", type: "access" });

  it("rejects a token signed with another key", async () => {
    const owner = await registerOrg();
    const forged = await new SignJWT(claims(owner))
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(owner.userId)
      .setIssuer("fluxo")
      .setAudience("fluxo-api")
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(enc.encode("another-secret-another-secret-another-secret"));
    const res = await call("/api/v1/me", { token: forged });
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).error.code).toBe("invalid_token");
  });

  it("rejects alg none", async () => {
    const owner = await registerOrg();
    const b64 = (o: object) => btoa(JSON.stringify(o)).replaceAll("=", "").replaceAll("+", "-").replaceAll("/", "_");
    const now = Math.floor(Date.now() / 1000);
    const token = `${b64({ alg: "none", typ: "JWT" })}.${b64({ ...claims(owner), sub: owner.userId, iss: "fluxo", aud: "fluxo-api", iat: now, exp: now + 600 })}.`;
    const res = await call("/api/v1/me", { token });
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).error.code).toBe("invalid_token");
  });

  it("rejects an expired token with token_expired", async () => {
    const owner = await registerOrg();
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT(claims(owner))
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(owner.userId)
      .setIssuer("fluxo")
      .setAudience("fluxo-api")
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 60)
      .sign(enc.encode(env.JWT_SECRET));
    const res = await call("/api/v1/me", { token });
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).error.code).toBe("token_expired");
  });

  it("rejects a refresh-type token used as an access token, and a refresh token itself", async () => {
    const owner = await registerOrg();
    const token = await new SignJWT({ ...claims(owner), type: "refresh" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(owner.userId)
      .setIssuer("fluxo")
      .setAudience("fluxo-api")
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(enc.encode(env.JWT_SECRET));
    const res = await call("/api/v1/me", { token });
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).error.code).toBe("invalid_token");
    expect((await call("/api/v1/me", { token: owner.refresh })).status).toBe(401);
  });

  it("answers 401 without a token", async () => {
    const res = await call("/api/v1/me");
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).error.code).toBe("unauthorized");
  });
});
