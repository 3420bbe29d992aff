/** The org switcher and Settings › Organization: switching swaps the session and every screen's data. */
import { describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiClient, apiToken, bearer, DEMO, signIn } from "./session";

const e2e = setupBrowser();
/** Several pages and a second browser context: give a loaded machine room. */
const LONG_FLOW_MS = 60_000;

/** Gives the demo owner a second organization (over the API) and returns its id and name. */
async function secondOrgForOwner(baseUrl: string): Promise<{ id: string; name: string }> {
  const api = await apiClient(baseUrl);
  try {
    const token = await apiToken(api, "owner");
    const name = `Second Org ${Math.random().toString(36).slice(2, 7)}`;
    const res = await api.post("/api/v1/orgs", { headers: bearer(token), data: { name } });
    expect(res.status()).toBe(201);
    return { id: ((await res.json()) as { id: string }).id, name };
  } finally {
    await api.dispose();
  }
}

describe("organizations", () => {
  it(
    "switches to a second organization and back; the data follows",
    async () => {
      const { page, baseUrl } = e2e;
      const second = await secondOrgForOwner(baseUrl);
      await signIn(page, "owner", "/settings/members");
      await page.getByRole("cell", { name: DEMO.viewer.email, exact: true }).waitFor();

      const switcher = page.getByRole("combobox", { name: "Organization" });
      await switcher.selectOption(second.id);
      await page.getByRole("cell", { name: DEMO.viewer.email, exact: true }).waitFor({ state: "detached" });
      await page.getByRole("cell", { name: DEMO.owner.email, exact: true }).waitFor();
      expect(await switcher.inputValue()).toBe(second.id);

      // The switch holds across a reload (the new session's refresh cookie).
      await page.reload();
      await page.getByRole("cell", { name: DEMO.owner.email, exact: true }).waitFor();
      expect(await page.getByRole("combobox", { name: "Organization" }).inputValue()).toBe(second.id);
      expect(await page.getByRole("cell", { name: DEMO.viewer.email, exact: true }).count()).toBe(0);

      await page.getByRole("combobox", { name: "Organization" }).selectOption(DEMO.orgId);
      await page.getByRole("cell", { name: DEMO.viewer.email, exact: true }).waitFor();
    },
    LONG_FLOW_MS,
  );

  it("lets the owner rename the organization", async () => {
    const { page, baseUrl } = e2e;
    const second = await secondOrgForOwner(baseUrl);
    await signIn(page, "owner");
    await page.getByRole("combobox", { name: "Organization" }).selectOption(second.id);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();

    const renamed = `${second.name} renamed`;
    await page.getByRole("textbox", { name: "Name", exact: true }).fill(renamed);
    await page.getByRole("button", { name: "Save name" }).click();
    await page.getByText("Saved.").waitFor();

    await page.reload();
    expect(await page.getByRole("textbox", { name: "Name", exact: true }).inputValue()).toBe(renamed);
    const switcher = page.getByRole("combobox", { name: "Organization" });
    expect(await switcher.locator("option:checked").textContent()).toBe(`${renamed} (owner)`);
    // Limits moved to their own page (covered by settings-limits-usage.test.ts); the org page links to it.
    await page.getByRole("link", { name: "Limits" }).first().click();
    await page.getByLabel("Step timeout (seconds)").waitFor();
  });
});
