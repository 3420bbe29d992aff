/** Settings › API keys: the secret is shown once, the list shows only the prefix, revoking asks first. */
import { describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiClient, bearer, signIn } from "./session";

const e2e = setupBrowser();

/** Creates a key through the form and returns its secret as shown. */
async function createKey(name: string, role: "admin" | "operator" | "viewer"): Promise<string> {
  const { page } = e2e;
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByRole("button", { name: "Create key" }).click();
  const box = page.getByRole("region", { name: "New API key" });
  await box.getByText("It won't be shown again").waitFor();
  return box.getByRole("textbox", { name: "API key" }).inputValue();
}

describe("API keys", () => {
  it("shows a new key's secret once; after a reload the list shows only its prefix", async () => {
    const { page, baseUrl } = e2e;
    const name = `ci-${Date.now().toString(36)}`;
    await signIn(page, "owner", "/settings/api-keys");
    const secret = await createKey(name, "operator");
    const prefix = /^fx_([0-9a-z]{12})_[A-Za-z0-9_-]{43}$/.exec(secret)?.[1];
    expect(prefix).toBeDefined();
    await page.getByRole("button", { name: "Copy api key" }).waitFor();

    // The key works, with the role it was given.
    const api = await apiClient(baseUrl);
    try {
      const me = await api.get("/api/v1/me", { headers: bearer(secret) });
      expect(me.status()).toBe(200);
      expect(await me.json()).toMatchObject({ principal: { type: "api_key", name }, role: "operator" });
    } finally {
      await api.dispose();
    }

    await page.reload();
    const row = page.getByRole("row", { name: new RegExp(name) });
    await row.waitFor();
    // The API lists the public prefix (`fx_<12 chars>`), never the secret.
    expect(await row.getByText(`fx_${prefix}_…`, { exact: true }).count()).toBe(1);
    expect(await row.getByText("active").count()).toBe(1);
    expect(await page.getByRole("region", { name: "New API key" }).count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
  });

  it("revokes a key after confirming, and the key stops working", async () => {
    const { page, baseUrl } = e2e;
    const name = `revoke-${Date.now().toString(36)}`;
    await signIn(page, "owner", "/settings/api-keys");
    const secret = await createKey(name, "viewer");
    await page.getByRole("button", { name: "Done" }).click();

    const row = page.getByRole("row", { name: new RegExp(name) });
    // The list refetches after "Done": wait for the new key's row before acting on it.
    await row.getByRole("button", { name: `Revoke ${name}` }).waitFor();
    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    await row.getByText(`Revoke ${name}? It stops working at once.`).waitFor();
    await row.getByRole("button", { name: "Revoke", exact: true }).click();
    await row.getByText("revoked").waitFor();
    expect(await row.getByRole("button", { name: /Revoke/ }).count()).toBe(0);

    const api = await apiClient(baseUrl);
    try {
      const me = await api.get("/api/v1/me", { headers: bearer(secret) });
      expect(me.status()).toBe(401);
    } finally {
      await api.dispose();
    }
  });
});
