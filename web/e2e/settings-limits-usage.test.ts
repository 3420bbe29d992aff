/**
 * Settings › Limits and Usage in a real browser: an owner changes a limit in readable units and it sticks (and a bad
 * value is refused beside its field); a viewer reads the limits without a form; the usage page of a new org shows
 * zeros and its period picker asks the API for the chosen window.
 */
import type { APIRequestContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiClient, apiJson, type Registered, registerViaApi, signIn } from "./session";

const e2e = setupBrowser();

let request: APIRequestContext;
/** Its own organization: changing limits must not touch the demo org other tests run in. */
let owner: Registered;

beforeAll(async () => {
  request = await apiClient(e2e.baseUrl);
  owner = await registerViaApi(request, "limits");
});

afterAll(async () => {
  await request?.dispose();
});

describe("limits", () => {
  it("lets an owner change the step timeout in seconds, and refuses a bad value beside its field", async () => {
    const { page } = e2e;
    await signIn(page, owner, "/settings/limits");
    const form = page.getByRole("form", { name: "Execution limits" });
    const timeout = form.getByLabel("Step timeout (seconds)");
    await timeout.waitFor();

    await timeout.fill("-3");
    await form.getByRole("button", { name: "Save limits" }).click();
    await form.getByText("Enter a positive number of seconds").waitFor();

    await timeout.fill("45");
    const saved = page.waitForResponse(
      (res) => res.url().endsWith("/api/v1/orgs/current") && res.request().method() === "PATCH",
    );
    await form.getByRole("button", { name: "Save limits" }).click();
    const body = (await (await saved).json()) as { limits: { node_timeout_ms: number } };
    expect(body.limits.node_timeout_ms).toBe(45_000);
    await page.getByText("Limits saved.").waitFor();

    await page.reload();
    await form.getByLabel("Step timeout (seconds)").waitFor();
    expect(await form.getByLabel("Step timeout (seconds)").inputValue()).toBe("45");
    const org = await apiJson<{ limits: { node_timeout_ms: number } }>(request, owner.token, "GET", "/orgs/current");
    expect(org.limits.node_timeout_ms).toBe(45_000);
  });

  it("shows a viewer the limits without a form", async () => {
    const { page } = e2e;
    await signIn(page, "viewer", "/settings/limits");
    const facts = page.getByLabel("Limits", { exact: true });
    await facts.getByText("Step timeout").waitFor();
    await page.getByText("Only owners can change these.").waitFor();
    expect(await page.getByRole("button", { name: "Save limits" }).count()).toBe(0);
    expect(await page.locator(".settings-body").getByRole("textbox").count()).toBe(0);
  });
});

describe("usage", () => {
  it("shows a new org's usage as zeros and asks for the picked period", async () => {
    const { page } = e2e;
    await signIn(page, owner, "/settings");
    const first = page.waitForResponse((res) => res.url().includes("/api/v1/usage?"));
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Usage" }).click();
    const firstUrl = new URL((await first).url());
    const span = (url: URL) => Number(url.searchParams.get("to")) - Number(url.searchParams.get("from"));
    expect(span(firstUrl)).toBe(30 * 86_400_000);

    const totals = page.getByLabel("Totals");
    for (const term of ["Runs", "LLM calls", "Tokens in", "Tokens out", "Tool calls"]) {
      await totals
        .locator(".fact", { has: page.getByText(term, { exact: true }) })
        .getByText("0", { exact: true })
        .waitFor();
    }
    await totals.getByText("$0.00").waitFor();
    await page.getByText("No tool calls in this period.").waitFor();
    await page.getByText("No LLM calls in this period.").waitFor();

    const week = page.waitForResponse((res) => res.url().includes("/api/v1/usage?"));
    await page.getByRole("group", { name: "Period" }).getByRole("button", { name: "7 days" }).click();
    expect(span(new URL((await week).url()))).toBe(7 * 86_400_000);
    expect(new URL(page.url()).searchParams.get("days")).toBe("7");
    expect(await page.getByRole("button", { name: "7 days" }).getAttribute("aria-pressed")).toBe("true");
    // Every day of the week is listed, quiet ones included.
    expect(await page.getByRole("table", { name: "Usage by day" }).locator("tbody tr").count()).toBeGreaterThanOrEqual(
      7,
    );
  });
});
