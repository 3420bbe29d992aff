/**
 * Triggers in the browser: from the editor, open the Triggers tab of a published workflow, schedule it daily at
 * 09:00 Berlin time and read its next fire times; create a webhook trigger, read its URL, secret (once) and curl
 * example, then call the hook for real with that secret and with an HMAC signature; rotate and disable it; a bad cron
 * shown beside its field; an event trigger; and a viewer sees it all read-only.
 */
import { createHmac } from "node:crypto";
import type { APIRequestContext } from "playwright-core";
import { describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiClient, apiToken, bearer, signIn } from "./session";

const e2e = setupBrowser();

const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const GRAPH = {
  nodes: [{ id: "start", type: "noop", config: {}, position: { x: 0, y: 0 } }],
  edges: [],
  input_schema: { type: "object", properties: { user_id: { type: "string" } } },
};

/** Creates and publishes a one-step workflow over the API (as the demo owner); returns its id. */
async function publishedWorkflow(api: APIRequestContext, name: string): Promise<string> {
  const headers = bearer(await apiToken(api, "owner"));
  const created = await api.post("/api/v1/workflows", { headers, data: { name, graph: GRAPH } });
  if (created.status() !== 201) throw new Error(`create failed: HTTP ${created.status()} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const published = await api.post(`/api/v1/workflows/${id}/versions`, { headers, data: {} });
  if (!published.ok()) throw new Error(`publish failed: HTTP ${published.status()} ${await published.text()}`);
  return id;
}

/** Calls a hook with the secret header and an empty body; returns the HTTP status. */
async function callWithSecret(url: string, secret: string): Promise<number> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Fluxo-Secret": secret },
    body: "{}",
  });
  return res.status;
}

describe("workflow triggers", () => {
  it("schedules a workflow in a time zone and calls a new webhook trigger with the secret it showed once", async () => {
    const { page, baseUrl } = e2e;
    const api = await apiClient(baseUrl);
    const name = unique("Triggered");
    const id = await publishedWorkflow(api, name);
    await api.dispose();

    await signIn(page, "owner", `/workflows/${id}`);
    await page.getByRole("navigation", { name: "Workflow" }).getByRole("link", { name: "Triggers" }).click();
    await page.waitForURL(`**/workflows/${id}/triggers`);
    await page.getByRole("heading", { level: 1, name }).waitFor();

    // Schedule: the preset fills the expression, the zone is picked, and the API's answer is shown.
    await page.getByLabel("Preset").selectOption({ label: "Daily at 09:00" });
    expect(await page.getByLabel("Cron expression").inputValue()).toBe("0 9 * * *");
    await page.getByLabel("Time zone").selectOption("Europe/Berlin");
    await page.getByRole("table", { name: "Preview fire times" }).waitFor();
    await page.getByRole("button", { name: "Save schedule" }).click();

    const saved = page.getByRole("region", { name: "Current schedule" });
    await saved.getByText("At 09:00", { exact: true }).waitFor();
    const times = saved.getByRole("table", { name: "Next fire times" });
    await times.getByRole("columnheader", { name: "In Europe/Berlin" }).waitFor();
    const rows = times.locator("tbody tr");
    expect(await rows.count()).toBe(5);
    expect(await rows.first().locator("td").first().textContent()).toMatch(/ 09:00$/);
    // Berlin is UTC+1 or UTC+2, so 09:00 there is 08:00 or 07:00 UTC.
    expect(await rows.first().locator("td").nth(1).textContent()).toMatch(/ 0[78]:00$/);

    // Webhook trigger: URL, secret once, and a curl example that uses both.
    await page.getByRole("button", { name: "New webhook trigger" }).click();
    await page.getByLabel("Name", { exact: true }).fill("From CI");
    await page.getByRole("button", { name: "Create webhook trigger" }).click();
    const reveal = page.getByRole("region", { name: "Webhook trigger created" });
    const url = await reveal.getByRole("textbox", { name: "Webhook URL", exact: true }).inputValue();
    expect(url).toMatch(new RegExp(`^${baseUrl}/hooks/trg_`));
    const secret = await reveal.getByRole("textbox", { name: "Trigger secret", exact: true }).inputValue();
    expect(secret.length).toBeGreaterThan(16);
    await reveal.getByText("won't be shown again", { exact: false }).waitFor();
    const curl = await reveal.getByRole("figure", { name: "Call it with the secret header" }).textContent();
    expect(curl).toContain(`curl -X POST '${url}'`);
    expect(curl).toContain(`X-Fluxo-Secret: ${secret}`);
    expect(curl).toContain('{"user_id":"example user_id"}');

    // The hook really answers to that secret…
    const body = JSON.stringify({ user_id: "u_1" });
    const bySecret = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Fluxo-Secret": secret },
      body,
    });
    expect(bySecret.status).toBe(202);
    expect(((await bySecret.json()) as { run_id: string }).run_id).toMatch(/^run_/);
    // …and to a signature made the way the second example makes it.
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
    const bySignature = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Fluxo-Timestamp": String(timestamp),
        "X-Fluxo-Signature": `v1=${signature}`,
      },
      body,
    });
    expect(bySignature.status).toBe(202);

    // Once dismissed, the secret is gone from the page; the list shows the trigger.
    await reveal.getByRole("button", { name: "Done" }).click();
    expect(await page.getByRole("textbox", { name: "Trigger secret", exact: true }).count()).toBe(0);
    const row = page.getByRole("table", { name: "Webhook triggers" }).getByRole("row").filter({ hasText: "From CI" });
    await row.waitFor();

    // Rotating shows a new secret once; the old one is refused from then on.
    await row.getByRole("button", { name: "Rotate the secret of From CI" }).click();
    await row.getByRole("button", { name: "Rotate", exact: true }).click();
    const rotated = page.getByRole("region", { name: "New secret" });
    const newSecret = await rotated.getByRole("textbox", { name: "Trigger secret", exact: true }).inputValue();
    expect(newSecret).not.toBe(secret);
    expect(await callWithSecret(url, secret)).toBe(401);
    expect(await callWithSecret(url, newSecret)).toBe(202);
    await rotated.getByRole("button", { name: "Done" }).click();

    // A disabled trigger refuses calls even with the right secret.
    await row.getByRole("button", { name: "Disable From CI" }).click();
    await row.getByText("Disabled").waitFor();
    expect(await callWithSecret(url, newSecret)).toBe(401);
  });

  it("shows a bad cron expression and its fix next to the field", async () => {
    const { page, baseUrl } = e2e;
    const api = await apiClient(baseUrl);
    const id = await publishedWorkflow(api, unique("Bad cron"));
    await api.dispose();

    await signIn(page, "owner", `/workflows/${id}/triggers`);
    const cron = page.getByRole("textbox", { name: "Cron expression" });
    await cron.fill("0 9 * *");
    await page.getByText(/it has 4 fields, fields are missing/).waitFor();
    expect(await cron.getAttribute("aria-invalid")).toBe("true");
    // The API refuses it too, and says so beside the same field.
    await page.getByRole("button", { name: "Save schedule" }).click();
    await page.getByRole("alert").getByText("Check the highlighted fields.").waitFor();
    expect(await page.getByRole("region", { name: "Current schedule" }).count()).toBe(0);

    await cron.fill("*/15 * * * *");
    expect(await page.getByLabel("Preset").inputValue()).toBe("every_15_minutes");
    expect(await cron.getAttribute("aria-invalid")).toBeNull();
  });

  it("starts a workflow when another one fails, and removes that rule", async () => {
    const { page, baseUrl } = e2e;
    const api = await apiClient(baseUrl);
    const source = unique("Nightly import");
    await publishedWorkflow(api, source);
    const id = await publishedWorkflow(api, unique("On failure"));
    await api.dispose();

    await signIn(page, "owner", `/workflows/${id}/triggers`);
    const form = page.getByRole("form", { name: "New event trigger" });
    await form.getByLabel("When workflow").selectOption({ label: source });
    await form.getByLabel("Finishes as").selectOption("failed");
    await form.getByRole("button", { name: "Add event trigger" }).click();

    const sentence = `Start this workflow when ${source} fails`;
    const list = page.getByRole("list", { name: "Event triggers" });
    await list.getByText(sentence).waitFor();
    await list.getByRole("button", { name: `Delete: ${sentence}` }).click();
    await list.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByText("No event triggers yet.").waitFor();
  });

  it("shows a viewer the schedule and triggers without anything that changes them", async () => {
    const { page, baseUrl } = e2e;
    const api = await apiClient(baseUrl);
    const id = await publishedWorkflow(api, unique("Viewed"));
    const headers = bearer(await apiToken(api, "owner"));
    const put = await api.put(`/api/v1/workflows/${id}/schedule`, {
      headers,
      data: { cron: "0 9 * * 1-5", timezone: "Europe/Berlin" },
    });
    expect(put.status()).toBe(200);
    await api.dispose();

    await signIn(page, "viewer", `/workflows/${id}/triggers`);
    const saved = page.getByRole("region", { name: "Current schedule" });
    await saved.getByText("At 09:00, Monday through Friday").waitFor();
    await page.getByText("No webhook triggers yet.").waitFor();
    expect(await page.getByRole("button", { name: "Save schedule" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "New webhook trigger" }).count()).toBe(0);
    expect(await page.getByRole("form", { name: "New event trigger" }).count()).toBe(0);
  });
});
