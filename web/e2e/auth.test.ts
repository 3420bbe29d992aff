/** Signing in and out, the auth gate, registration, and the session kept only in memory. */
import { describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { DEMO, STRONG_PASSWORD, signIn, uniqueEmail } from "./session";

const e2e = setupBrowser();

describe("sign-in and session", () => {
  it("signs the demo owner in, lands on the dashboard, and keeps the token out of storage", async () => {
    const { page } = e2e;
    await page.goto("/");
    await page.waitForURL((url) => url.pathname === "/login");
    await page.getByLabel("Email").fill(DEMO.owner.email);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    const topbar = page.getByRole("banner");
    await topbar.getByText(DEMO.owner.name).waitFor();
    await topbar.getByText(DEMO.owner.email).waitFor();
    const org = page.getByRole("combobox", { name: "Organization" });
    expect(await org.locator("option:checked").textContent()).toContain(DEMO.orgName);

    // The access token lives in memory only; the refresh token is an HttpOnly cookie.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(stored).not.toMatch(/eyJ|fxr_/);
    const cookie = (await e2e.context.cookies()).find((c) => c.name === "fluxo_refresh");
    expect(cookie?.httpOnly).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toContain("fluxo_refresh");

    // A reload restores the session silently from the cookie.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
    await topbar.getByText(DEMO.owner.email).waitFor();
  });

  it("shows the API's message and request id for a wrong password", async () => {
    const { page } = e2e;
    await page.goto("/login");
    await page.getByLabel("Email").fill(DEMO.owner.email);
    await page.getByLabel("Password").fill("not-the-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();

    const alert = page.getByRole("alert");
    await alert.getByText("The email or password is incorrect").waitFor();
    expect(await alert.getByText("invalid_credentials").count()).toBe(1);
    const requestId = (await alert.getByTestId("request-id").textContent()) ?? "";
    expect(requestId.length).toBeGreaterThan(8);
    expect(new URL(page.url()).pathname).toBe("/login");
  });

  it("sends a signed-out visitor to /login and back to the page they asked for", async () => {
    const { page } = e2e;
    await page.goto("/settings/members?x=1");
    await page.waitForURL((url) => url.pathname === "/login");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/settings/members?x=1");
    await page.getByLabel("Email").fill(DEMO.owner.email);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Members", exact: true }).waitFor();
    const url = new URL(page.url());
    expect(`${url.pathname}${url.search}`).toBe("/settings/members?x=1");
  });

  it("ignores a `next` that points to another site", async () => {
    const { page } = e2e;
    await page.goto("/login?next=//evil.example/steal");
    await page.getByLabel("Email").fill(DEMO.owner.email);
    await page.getByLabel("Password").fill(DEMO.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
    expect(new URL(page.url()).origin).toBe(e2e.baseUrl);
  });

  it("signs out to /login, and a reload stays signed out", async () => {
    const { page } = e2e;
    await signIn(page, "owner");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await page.goto("/settings");
    await page.waitForURL((url) => url.pathname === "/login");
    expect(await page.getByRole("button", { name: "Sign out" }).count()).toBe(0);
  });

  it("refreshes an expired access token once for concurrent calls and retries them", async () => {
    const { page } = e2e;
    await signIn(page, "owner");
    // Both calls the Members page makes at once answer 401 token_expired the first time.
    const expired = new Set<string>();
    await page.route(/\/api\/v1\/members(\/invites)?$/, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (expired.has(path)) return route.continue();
      expired.add(path);
      await route.fulfill({
        status: 401,
        contentType: "application/json",
        body: JSON.stringify({
          error: { code: "token_expired", message: "The access token has expired", request_id: "e2e" },
        }),
      });
    });
    let refreshes = 0;
    page.on("request", (req) => {
      if (req.url().endsWith("/api/v1/auth/refresh")) refreshes += 1;
    });

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Members" }).click();
    await page.getByRole("cell", { name: DEMO.viewer.email, exact: true }).waitFor();
    await page
      .getByText("No pending invites.")
      .or(page.getByRole("button", { name: /^Cancel invite for/ }).first())
      .waitFor();
    expect(expired.size).toBe(2);
    expect(refreshes).toBe(1);
    expect(await page.getByRole("alert").count()).toBe(0);
  });

  it("registers a new account and organization, showing the password rules' errors", async () => {
    const { page } = e2e;
    const email = uniqueEmail("register");
    await page.goto("/register");
    await page.getByLabel("Your name").fill("Rita Register");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("short");
    await page.getByLabel("Organization name").fill("Rita's Robots");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Use at least 10 characters.").waitFor();
    expect(await page.getByLabel("Password").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("Password").fill(STRONG_PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
    const org = page.getByRole("combobox", { name: "Organization" });
    expect(await org.locator("option:checked").textContent()).toContain("Rita's Robots (owner)");
  });
});
