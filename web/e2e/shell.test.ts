import { describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { signIn } from "./session";

const e2e = setupBrowser();

describe("web shell", () => {
  it("loads the dashboard with the service status from the API", async () => {
    const { page } = e2e;
    await signIn(page, "owner");
    await page.goto("/");
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    await page.getByText("database").waitFor();
    expect(await page.title()).toBe("Fluxo");
  });

  it("navigates between every section from the sidebar", async () => {
    const { page } = e2e;
    await signIn(page, "owner");
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const label of ["Workflows", "Runs", "Runbooks", "Marketplace", "Automations", "Settings", "Audit"]) {
      await nav.getByRole("link", { name: label }).click();
      await page.getByRole("heading", { level: 1, name: label }).waitFor();
    }
    expect(new URL(page.url()).pathname).toBe("/audit");
  });

  it("renders a deep link through the SPA fallback", async () => {
    const { page, baseUrl } = e2e;
    await signIn(page, "owner");
    // A nested client-side route that no file on the server matches: the SPA fallback serves the app.
    const res = await page.goto(`${baseUrl}/settings/api-keys`);
    expect(res?.status()).toBe(200);
    await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
  });

  it("toggles dark mode and remembers it", async () => {
    const { page } = e2e;
    await signIn(page, "owner");
    await page.goto("/");
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const before = await theme();
    await page.getByRole("button", { name: /Switch to (dark|light) theme/ }).click();
    const after = await theme();
    expect(after).not.toBe(before);
    await page.reload();
    expect(await theme()).toBe(after);
  });
});
