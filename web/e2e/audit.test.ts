/** The audit page: sign-ins are listed, filters narrow the trail, metadata expands, "Load more" pages on. */
import { describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiClient, bearer, DEMO, registerViaApi, signIn } from "./session";

const e2e = setupBrowser();
/** Several pages and a second browser context: give a loaded machine room. */
const LONG_FLOW_MS = 60_000;

describe("audit", () => {
  it("lists the owner's sign-in with its request id, and filters by action", async () => {
    const { page } = e2e;
    await signIn(page, "owner", "/audit");
    await page.getByRole("heading", { level: 1, name: "Audit" }).waitFor();
    await page.getByLabel("Action", { exact: true }).fill("auth.login_succeeded");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((url) => url.searchParams.get("action") === "auth.login_succeeded");

    const rows = page.locator("tbody tr");
    await rows.first().getByText("auth.login_succeeded").waitFor();
    const actions = await page.locator("tbody tr td:nth-child(3)").allTextContents();
    expect(new Set(actions)).toEqual(new Set(["auth.login_succeeded"]));
    const first = rows.first();
    expect(await first.getByText(DEMO.owner.name).count()).toBe(1);
    expect(await first.getByText(DEMO.owner.id).count()).toBeGreaterThan(0);
    // Request id column (5th) is filled in for a sign-in.
    expect((await first.locator("td:nth-child(5)").textContent())?.trim()).not.toBe("—");

    await page.getByRole("button", { name: "Clear" }).click();
    await page.waitForURL((url) => url.search === "");
  });

  it(
    "expands an event's metadata and pages through a long trail with Load more",
    async () => {
      const { page, baseUrl } = e2e;
      const api = await apiClient(baseUrl);
      let account: Awaited<ReturnType<typeof registerViaApi>>;
      try {
        // A fresh org, so the trail holds exactly what this test makes: 2 from registering + 55 keys.
        account = await registerViaApi(api, "audit");
        for (let batch = 0; batch < 11; batch += 1) {
          await Promise.all(
            Array.from({ length: 5 }, (_, i) =>
              api.post("/api/v1/api-keys", {
                headers: bearer(account.token),
                data: { name: `audit-key-${batch * 5 + i}`, role: "viewer" },
              }),
            ),
          );
        }
      } finally {
        await api.dispose();
      }

      await signIn(page, { email: account.email, password: account.password }, "/audit");
      const rows = page.locator("tbody tr");
      await rows.nth(49).waitFor();
      expect(await rows.count()).toBe(50);
      await page.getByRole("button", { name: "Load more" }).click();
      await rows.nth(57).waitFor(); // 2 + 55 + this sign-in
      expect(await rows.count()).toBe(58);
      expect(await page.getByRole("button", { name: "Load more" }).count()).toBe(0);

      const created = rows
        .filter({ hasText: "audit-key-0" })
        .or(rows.filter({ hasText: "api_key.created" }))
        .first();
      await created.getByText("Show").click();
      const json = await created.locator("pre").textContent();
      expect(JSON.parse(json ?? "{}")).toMatchObject({ role: "viewer" });
    },
    LONG_FLOW_MS,
  );
});
