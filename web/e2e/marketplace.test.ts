/**
 * Marketplace end to end: org A publishes a workflow from the Publish dialog; org B (its own browser
 * context) finds it by a word of the description, installs it, reviews it with 4 stars and sees the
 * rating change; the installed copy carries no connection id or secret from org A.
 */
import { describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiClient, apiToken, bearer, registerViaApi, signIn } from "./session";

const e2e = setupBrowser();

const SECRET = "sk_live_e2e_publisher_secret_77";
const CONNECTION = "conn_e2e_org_a_http";

describe("marketplace", () => {
  it("publish (A) → search → install (B) → review → rating updated", async () => {
    const { page, baseUrl, context } = e2e;
    const word = `okapi${Math.random().toString(36).slice(2, 8)}`;
    const title = `Invoice relay ${word.slice(-4)}`;
    const api = await apiClient(baseUrl);
    try {
      const a = await registerViaApi(api, "mk-a");
      const b = await registerViaApi(api, "mk-b");
      const created = await api.post("/api/v1/workflows", {
        headers: bearer(a.token),
        data: {
          name: "Relay invoices",
          graph: {
            nodes: [
              {
                id: "send",
                type: "http",
                config: {
                  method: "POST",
                  url: "https://api.example.com/invoices",
                  headers: { Authorization: `Bearer ${SECRET}` },
                  connection_id: CONNECTION,
                },
              },
              { id: "done", type: "noop", config: {} },
            ],
            edges: [{ from: "send", to: "done" }],
          },
        },
      });
      expect(created.status()).toBe(201);
      const workflowId = ((await created.json()) as { id: string }).id;
      expect((await api.post(`/api/v1/workflows/${workflowId}/versions`, { headers: bearer(a.token) })).status()).toBe(
        201,
      );

      // Org A publishes from the dialog.
      await signIn(page, a, "/marketplace");
      await page.getByRole("button", { name: "Publish a workflow" }).click();
      const dialog = page.getByRole("dialog", { name: "Publish a workflow" });
      await dialog.getByLabel("Workflow", { exact: true }).selectOption({ label: "Relay invoices" });
      await dialog.getByLabel("Title").fill(title);
      await dialog.getByLabel("Description").fill(`Sends every ${word} invoice to the ledger.`);
      await dialog.getByLabel("Category").selectOption("workflows");
      await dialog.getByLabel("Tags").fill("finance, e2e");
      await dialog.getByRole("button", { name: "Publish", exact: true }).click();
      await page.getByRole("heading", { name: title }).waitFor();
      await page.getByText("Your organization published this item").waitFor();
      const itemId = new URL(page.url()).pathname.split("/").pop() ?? "";
      expect(itemId).toMatch(/^mkt_/);

      // Org B, in its own context, finds it by a word of the description.
      const browser = context.browser();
      if (!browser) throw new Error("no browser");
      const contextB = await browser.newContext({ baseURL: baseUrl });
      try {
        const pageB = await contextB.newPage();
        await signIn(pageB, b, "/marketplace");
        await pageB.getByLabel("Search the marketplace").fill(word);
        await pageB.getByRole("button", { name: "Search", exact: true }).click();
        const results = pageB.getByRole("list", { name: "Marketplace items" });
        await results.getByRole("link", { name: title }).click();
        await pageB.getByRole("heading", { name: title }).waitFor();
        await expect.poll(() => pageB.getByTestId("item-rating").textContent()).toContain("No reviews yet");
        await pageB.getByText("A connection for step").waitFor();

        // Install: lands on the new workflow.
        await pageB.getByRole("button", { name: "Install" }).click();
        await pageB.waitForURL(/\/workflows\/wf_/);
        const installedId = new URL(pageB.url()).pathname.split("/").pop() ?? "";

        // Review with 4 stars and see the average and count change.
        await pageB.goto(`/marketplace/${itemId}`);
        await pageB.getByLabel("4 stars").check();
        await pageB.getByLabel("Comment").fill("<b>Works</b> well");
        await pageB.getByRole("button", { name: "Submit review" }).click();
        await expect.poll(() => pageB.getByTestId("item-rating").textContent()).toContain("4.0 (1 review)");
        await expect.poll(() => pageB.getByTestId("item-rating").textContent()).toContain("1 install");
        // The comment shows as text, not HTML.
        const reviews = pageB.getByRole("list", { name: "Reviews" });
        await reviews.getByText("<b>Works</b> well").waitFor();
        expect(await reviews.locator("b").count()).toBe(0);

        // The installed workflow carries nothing from org A.
        const version = await api.get(`/api/v1/workflows/${installedId}/versions/1`, { headers: bearer(b.token) });
        expect(version.status()).toBe(200);
        const text = await version.text();
        for (const leak of [SECRET, CONNECTION, a.orgId, workflowId]) expect(text).not.toContain(leak);
      } finally {
        await contextB.close();
      }
    } finally {
      await api.dispose();
    }
  });

  it("lets a visitor browse the catalog without signing in, but not install", async () => {
    const { page } = e2e;
    await page.goto("/marketplace");
    await page.getByRole("list", { name: "Marketplace items" }).waitFor();
    await page
      .getByRole("link", { name: /Approved deploy/ })
      .first()
      .click();
    await page.getByRole("heading", { level: 1, name: /Approved deploy/ }).waitFor();
    expect(await page.getByRole("button", { name: "Install" }).count()).toBe(0);
    await page.getByRole("link", { name: "Sign in" }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/marketplace\//);
  });

  it("opens the publish dialog from a workflow's page with that workflow chosen", async () => {
    const { page, baseUrl } = e2e;
    const api = await apiClient(baseUrl);
    try {
      const token = await apiToken(api, "owner");
      const list = await api.get("/api/v1/workflows?is_template=true&q=Daily", { headers: bearer(token) });
      const { items } = (await list.json()) as { items: { id: string; name: string }[] };
      const workflow = items[0];
      if (!workflow) throw new Error("the seeded report template is missing");
      await signIn(page, "owner", `/workflows/${workflow.id}`);
      await page.getByRole("button", { name: "Publish to marketplace" }).click();
      const dialog = page.getByRole("dialog", { name: "Publish a workflow" });
      await dialog.waitFor();
      await expect.poll(() => dialog.getByLabel("Workflow").inputValue()).toBe(workflow.id);
      expect(await dialog.getByLabel("Title").inputValue()).toBe(workflow.name);
    } finally {
      await api.dispose();
    }
  });
});
