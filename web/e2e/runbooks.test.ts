/**
 * Runbooks in a real browser against `wrangler dev` and a fake Cloudflare API started here: the catalog leads to
 * `cloudflare_dns_bulk`, its form is generated from the runbook's JSON Schema, Execute starts a job and the job page
 * follows it live to Completed with its logs and artifacts (output.json downloads with the session's token); a
 * dry run changes nothing on the fake, a real run creates the record; the API's validation issues land on the field.
 */
import { readFile } from "node:fs/promises";
import { type APIRequestContext, type Page, request as playwrightRequest } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FAKE_CLOUDFLARE_TOKEN, startFakeCloudflare } from "../../worker/test/fakes/cloudflare.ts";
import { setupBrowser } from "./fixtures";
import { apiJson, apiToken, signIn } from "./session";

const e2e = setupBrowser();

let cf: Awaited<ReturnType<typeof startFakeCloudflare>>;
let apiRequest: APIRequestContext;
let connectionName: string;
/** This file's own world on the fake, so its records are its own. */
const world = `rb-${Date.now().toString(36)}`;
const ZONE = "zone-e2e-1";

beforeAll(async () => {
  cf = await startFakeCloudflare();
  apiRequest = await playwrightRequest.newContext({ baseURL: inject("baseUrl") });
  const token = await apiToken(apiRequest, "owner");
  connectionName = `Cloudflare e2e ${world}`;
  await apiJson(apiRequest, token, "POST", "/connections", {
    name: connectionName,
    // Runbooks only take connections pinned to a base URL: the token can't follow an input elsewhere.
    base_url: cf.url,
    credentials: { type: "bearer", token: FAKE_CLOUDFLARE_TOKEN },
  });
});

afterAll(async () => {
  await apiRequest?.dispose();
  await cf?.close();
});

/** Opens the runbook from the catalog and fills its form: one A record, the fake's API base, our connection. */
async function fillDnsForm(page: Page, record: { name: string; content: string }) {
  await page.goto("/runbooks");
  await page.getByRole("link", { name: "Cloudflare DNS bulk change" }).click();
  await page.getByText("Medium risk", { exact: true }).first().waitFor();
  await page.getByLabel("Zone ID").fill(ZONE);
  // `records` has minItems 1, so the form starts with one record.
  await page.getByLabel("Action").selectOption("create");
  await page.getByLabel(/^Type/).selectOption("A");
  await page.getByLabel(/^Name/).fill(record.name);
  await page.getByLabel(/^Content/).fill(record.content);
  await page.getByLabel("API base URL").fill(`${cf.url}/t/${world}/client/v4`);
  await page.getByLabel("Connection: cloudflare").selectOption({ label: `${connectionName} (bearer)` });
}

/** Clicks Execute and waits for the job page of the new job; returns its id. */
async function execute(page: Page): Promise<string> {
  const started = page.waitForResponse((res) => res.url().endsWith("/execute") && res.request().method() === "POST");
  await page.getByRole("button", { name: "Execute" }).click();
  const res = await started;
  expect(res.status()).toBe(202);
  const { job_id } = (await res.json()) as { job_id: string };
  await page.waitForURL(`**/jobs/${job_id}`);
  return job_id;
}

/** Waits until the job page says Completed (it follows the run live; the page is never reloaded). */
async function waitCompleted(page: Page) {
  await page
    .getByRole("status", { name: "Run status" })
    .getByText("Completed", { exact: true })
    .waitFor({ timeout: 30_000 });
}

describe("runbooks", () => {
  it("runs cloudflare_dns_bulk as a dry run, then for real, from the generated form", async () => {
    const { page } = e2e;
    await signIn(page, "owner", "/runbooks");
    await page.getByRole("listitem", { name: "Cloudflare DNS bulk change" }).waitFor();

    // Dry run: the job completes with logs and artifacts, and the fake's zone is untouched.
    await fillDnsForm(page, { name: "www", content: "192.0.2.10" });
    await page.getByLabel(/^Dry run/).check();
    const dryJob = await execute(page);
    await page.evaluate(() => {
      (window as unknown as { __e2eMark: string }).__e2eMark = "same-page";
    });
    await waitCompleted(page);
    expect(await page.evaluate(() => (window as unknown as { __e2eMark?: string }).__e2eMark)).toBe("same-page");
    await page.getByRole("table", { name: "Logs" }).getByRole("row").nth(1).waitFor();
    expect(await page.getByText("Dry run", { exact: true }).count()).toBeGreaterThan(0);
    const artifacts = page.getByRole("table", { name: "Artifacts" });
    await artifacts.getByText("output.json", { exact: true }).waitFor();

    const downloading = page.waitForEvent("download");
    await artifacts.getByRole("button", { name: "Download output.json" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`${dryJob}-output.json`);
    const output = JSON.parse(await readFile(await download.path(), "utf8")) as {
      report?: { dry_run?: boolean; applied?: boolean; diff?: { summary?: { create?: number } } };
    };
    expect(output.report?.dry_run).toBe(true);
    expect(output.report?.applied).toBe(false);
    expect(output.report?.diff?.summary?.create).toBe(1);
    expect(cf.state(world).zones[ZONE]?.records ?? []).toEqual([]);

    // The real run creates the record on the fake.
    await fillDnsForm(page, { name: "www", content: "192.0.2.10" });
    const realJob = await execute(page);
    expect(realJob).not.toBe(dryJob);
    await waitCompleted(page);
    const records = cf.state(world).zones[ZONE]?.records ?? [];
    expect(records.map((r) => ({ type: r.type, name: r.name, content: r.content }))).toEqual([
      { type: "A", name: "www.example.com", content: "192.0.2.10" },
    ]);
    await page.getByRole("table", { name: "Artifacts" }).getByText("output.json", { exact: true }).waitFor();

    // Both jobs are listed, newest first, and the list filters by runbook.
    await page.getByRole("link", { name: "← All jobs" }).click();
    await page.getByLabel("Runbook", { exact: true }).selectOption("cloudflare_dns_bulk");
    const rows = page.getByRole("table", { name: "Jobs" }).getByRole("row");
    await rows.filter({ hasText: realJob }).waitFor();
    await rows.filter({ hasText: dryJob }).waitFor();
  });

  it("shows a missing connection on its picker, and the API's validation issues on the field they name", async () => {
    const { page } = e2e;
    await signIn(page, "owner", "/runbooks/cloudflare_dns_bulk");
    await page.getByLabel("Zone ID").fill(ZONE);
    // `records` has minItems 1, so the form starts with one record.
    await page.getByLabel("Action").selectOption("create");
    await page.getByLabel(/^Type/).selectOption("A");
    await page.getByLabel(/^Name/).fill("api");
    await page.getByLabel(/^Content/).fill("192.0.2.20");

    // No connection chosen (the only bearer connection may be preselected: clear it): the page says so.
    await page.getByLabel("Connection: cloudflare").selectOption("");
    await page.getByRole("button", { name: "Execute" }).click();
    await page.getByText("Choose a connection.").waitFor();

    // A refusal only the server can make (the browser's schema check passed): its issue path lands on the field.
    await page.getByLabel("Connection: cloudflare").selectOption({ label: `${connectionName} (bearer)` });
    await page.route("**/api/v1/runbooks/cloudflare_dns_bulk/execute", (route) =>
      route.fulfill({
        status: 400,
        contentType: "application/json",
        body: JSON.stringify({
          error: {
            code: "validation_failed",
            message: "The inputs don't match the runbook's schema",
            request_id: "req_e2e",
            details: { issues: [{ path: "inputs.zone_id", message: "No such zone in this account" }] },
          },
        }),
      }),
    );
    await page.getByRole("button", { name: "Execute" }).click();
    await page.getByText("No such zone in this account").waitFor();
    expect(page.url()).toContain("/runbooks/cloudflare_dns_bulk");
  });

  it("holds a high-risk runbook's job at an approval, decided on the job page", async () => {
    const { page } = e2e;
    await signIn(page, "owner", "/runbooks/vps_provision");
    await page.getByText("needs an approval before it starts").waitFor();
    await page.getByLabel(/^Server name/).fill(`e2e-${world}`);
    await page.getByLabel(/^Server type/).fill("cx22");
    await page.getByLabel(/^Image/).fill("ubuntu-24.04");
    await page.getByLabel("Connection: hetzner").selectOption({ label: `${connectionName} (bearer)` });
    await execute(page);

    await page.getByRole("heading", { name: /^Approval needed/ }).waitFor();
    await page.getByRole("status", { name: "Run status" }).getByText("Waiting", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Reject" }).click();
    await page.getByRole("heading", { name: /^Approval needed/ }).waitFor({ state: "detached" });
    const status = page.getByRole("status", { name: "Run status" });
    await status.getByText(/^(Failed|Canceled)$/).waitFor();
  });
});
