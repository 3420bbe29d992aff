/** Settings › Connections: a new bearer connection is listed with a masked hint; its secret never comes back. */
import { describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiClient, apiToken, bearer, signIn } from "./session";

const e2e = setupBrowser();

describe("connections", () => {
  it("creates a bearer connection and shows only its masked hint, in the page and in every API response", async () => {
    const { page, baseUrl } = e2e;
    const name = `gh-${Date.now().toString(36)}`;
    const secret = `e2e_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}Zq9`;
    await signIn(page, "owner", "/settings/connections");
    await page.getByRole("link", { name: "Connections" }).waitFor();

    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Type", { exact: true }).selectOption("bearer");
    const tokenInput = page.getByLabel("Token", { exact: true });
    expect(await tokenInput.getAttribute("type")).toBe("password");
    await tokenInput.fill(secret);
    const created = page.waitForResponse(
      (res) => res.url().endsWith("/api/v1/connections") && res.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Add connection" }).click();
    const createdRes = await created;
    expect(createdRes.status()).toBe(201);
    expect(await createdRes.text()).not.toContain(secret);

    const row = page.getByRole("row", { name: new RegExp(name) });
    await row.waitFor();
    expect(await row.getByText(`e2e_…${secret.slice(-4)}`, { exact: true }).count()).toBe(1);
    expect(await row.getByText("Bearer token").count()).toBe(1);
    // The form forgot the secret once the server had it.
    expect(await tokenInput.inputValue()).toBe("");
    expect(await page.content()).not.toContain(secret);

    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    const api = await apiClient(baseUrl);
    try {
      const token = await apiToken(api, "owner");
      const list = await api.get("/api/v1/connections", { headers: bearer(token) });
      const text = await list.text();
      expect(list.status()).toBe(200);
      expect(text).toContain(name);
      expect(text).not.toContain(secret);
      const id = (JSON.parse(text) as { items: { id: string; name: string }[] }).items.find((c) => c.name === name)?.id;
      const one = await api.get(`/api/v1/connections/${id}`, { headers: bearer(token) });
      expect(await one.text()).not.toContain(secret);
    } finally {
      await api.dispose();
    }

    // Deleting asks first, then the row is gone.
    await row.getByRole("button", { name: `Delete ${name}` }).click();
    await row.getByRole("button", { name: "Delete", exact: true }).click();
    await row.waitFor({ state: "detached" });
  });
});
