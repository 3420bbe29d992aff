/**
 * The Runners page in a real browser: registering a runner shows its token once (with the exact start command),
 * the new runner is listed as never seen, and revoking it makes its token stop working at once.
 */
import { describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiClient, signIn } from "./session";

const e2e = setupBrowser();

describe("runners page", () => {
  it("registers a runner, shows its token once, lists it as never seen, and revokes it", async () => {
    const { page, baseUrl } = e2e;
    const name = `e2e-runner-${Date.now().toString(36)}`;
    await signIn(page, "owner", "/runners");
    await page.getByRole("heading", { name: "Runners", level: 1 }).waitFor();

    await page.getByLabel("Runner name").fill(name);
    await page.getByLabel("Labels").fill("linux, e2e linux");
    const created = page.waitForResponse(
      (res) => res.url().endsWith("/api/v1/runners") && res.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Register runner" }).click();
    expect((await created).status()).toBe(201);

    // The token, once, with the command that starts the runner with it.
    const tokenInput = page.getByRole("textbox", { name: "Runner token", exact: true });
    await tokenInput.waitFor();
    const token = await tokenInput.inputValue();
    expect(token).toMatch(/^fxr_/);
    expect(await page.getByRole("textbox", { name: "Start command", exact: true }).inputValue()).toBe(
      `npx fluxo-runner --url ${baseUrl} --token ${token} --labels linux,e2e`,
    );
    await page.getByRole("button", { name: "Done" }).click();
    await tokenInput.waitFor({ state: "detached" });
    expect(await page.content()).not.toContain(token);

    // Listed, never seen, without its token, also after a reload.
    const row = page.getByRole("row", { name: new RegExp(name) });
    await row.getByText("Never seen", { exact: true }).waitFor();
    expect(await row.getByText("never connected").count()).toBe(1);
    await page.reload();
    await row.getByText("Never seen", { exact: true }).waitFor();
    expect(await page.content()).not.toContain(token);

    // Revoke asks first; afterwards the runner says so and its token is refused.
    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    const revoked = page.waitForResponse(
      (res) => res.request().method() === "DELETE" && res.url().includes("/runners/"),
    );
    await row.getByRole("button", { name: "Revoke", exact: true }).click();
    expect((await revoked).status()).toBe(204);
    await row.getByText("Revoked", { exact: true }).waitFor();
    expect(await row.getByRole("button", { name: `Revoke ${name}` }).count()).toBe(0);

    const api = await apiClient(baseUrl);
    try {
      const claim = await api.post("/api/v1/runner/claim", {
        headers: { authorization: `Bearer ${token}` },
        data: { labels: ["linux"], wait_ms: 0 },
      });
      expect(claim.status()).toBe(401);
    } finally {
      await api.dispose();
    }
  });

  it("refuses a label the runner couldn't match, before sending anything", async () => {
    const { page } = e2e;
    await signIn(page, "owner", "/runners");
    await page.getByLabel("Runner name").fill("bad-labels");
    await page.getByLabel("Labels").fill("Linux!");
    let posted = false;
    page.on("request", (req) => {
      if (req.method() === "POST" && req.url().endsWith("/api/v1/runners")) posted = true;
    });
    await page.getByRole("button", { name: "Register runner" }).click();
    await page.getByText("“Linux!”", { exact: false }).waitFor();
    expect(posted).toBe(false);
  });
});
