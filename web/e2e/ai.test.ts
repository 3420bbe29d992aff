/**
 * Ask AI in a real browser against `wrangler dev`, with a fake OpenAI-compatible LLM started in this process: a run
 * fails; without an LLM the panel links to the settings; with one, Ask AI shows the diagnosis, "Plan a fix" shows
 * the plan, and Approve starts exactly the planned job (its result doesn't matter: there is no Portainer).
 */
import type { APIRequestContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type FakeLlmServer, startFakeLlm } from "../../worker/test/fakes/llm.ts";
import { setupBrowser } from "./fixtures";
import { apiClient, type Registered, registerViaApi, signIn } from "./session";

const e2e = setupBrowser();

const RUNBOOK = "portainer_inventory";
const PORTAINER_URL = "http://127.0.0.1:9/portainer";

let fake: FakeLlmServer;
let request: APIRequestContext;
let owner: Registered;
let portainerConnection: string;

async function send<T>(method: "GET" | "POST" | "PATCH", path: string, body?: unknown): Promise<T> {
  const res = await request.fetch(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${owner.token}` },
    ...(body === undefined ? {} : { data: body }),
  });
  if (!res.ok()) throw new Error(`${method} ${path}: HTTP ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

async function createConnection(name: string, baseUrl: string, token: string): Promise<string> {
  const created = await send<{ id: string }>("POST", "/connections", {
    name,
    base_url: baseUrl,
    credentials: { type: "bearer", token },
  });
  return created.id;
}

/** A one-step workflow that calls a path the fake answers with 404, so its run fails. */
async function failedRun(): Promise<string> {
  const wf = await send<{ id: string }>("POST", "/workflows", {
    name: "Nightly inventory (AI e2e)",
    graph: { nodes: [{ id: "fetch", type: "http", config: { method: "GET", url: `${fake.url}/missing` } }], edges: [] },
  });
  await send("POST", `/workflows/${wf.id}/versions`, { note: "e2e" });
  const { run_id } = await send<{ run_id: string }>("POST", `/workflows/${wf.id}/runs`, { input: {} });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run = await send<{ status: string }>("GET", `/runs/${run_id}`);
    if (run.status === "failed") return run_id;
    if (Date.now() > deadline) throw new Error(`run ${run_id} stuck in ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  fake = await startFakeLlm();
  request = await apiClient(inject("baseUrl"));
  owner = await registerViaApi(request, "ai");
  portainerConnection = await createConnection("Portainer (none)", PORTAINER_URL, "ptr_fake_token_0123456789");
});

afterAll(async () => {
  await request?.dispose();
  await fake?.close();
});

describe("Ask AI on a failed run", () => {
  it("diagnoses, plans, and on approval starts exactly the planned job", async () => {
    const { page } = e2e;
    const runId = await failedRun();
    await signIn(page, { email: owner.email, password: owner.password }, `/runs/${runId}`);

    // Not set up yet: a clear error that links to the settings, never a made-up answer.
    await page.getByRole("button", { name: "Ask AI" }).click();
    await page.getByText("AI is not set up", { exact: true }).waitFor();
    expect(await page.getByRole("link", { name: "Open Settings → Organization" }).getAttribute("href")).toBe(
      "/settings",
    );

    const key = `e2e${Date.now().toString(36)}`;
    const inputs = { portainer_url: PORTAINER_URL };
    fake.program(key, [
      {
        content: {
          summary: "The inventory endpoint answered 404: the URL is wrong.",
          hypotheses: [{ title: "Wrong endpoint path", likelihood: "high", evidence: ["fetch: HTTP 404"] }],
          suggested_actions: [
            { kind: "runbook", description: "Inventory Portainer", runbook: { name: RUNBOOK, inputs } },
          ],
        },
      },
      {
        content: {
          steps: [
            { runbook: RUNBOOK, inputs, connections: { portainer: portainerConnection }, reason: "See what runs" },
          ],
        },
      },
    ]);
    const llm = await createConnection("Fake LLM", `${fake.url}/${key}/v1`, "sk-e2e-fake-llm-0123456789");
    await send("PATCH", "/orgs/current", { settings: { ai: { connection_id: llm, model: "gpt-4o-mini" } } });

    await page.getByRole("button", { name: "Ask AI" }).click();
    const diagnosis = page.getByTestId("ai-diagnosis");
    await diagnosis.getByText("The inventory endpoint answered 404: the URL is wrong.").waitFor();
    await diagnosis.getByText("Wrong endpoint path").waitFor();
    await diagnosis.getByText("fetch: HTTP 404").waitFor();

    await page.getByRole("button", { name: "Plan a fix" }).click();
    expect(await page.getByLabel("Goal").inputValue()).toContain("The inventory endpoint answered 404");
    const jobsBefore = await send<{ items: { id: string }[] }>("GET", `/jobs?runbook=${RUNBOOK}`);
    await page.getByRole("button", { name: "Propose a plan" }).click();
    const plan = page.getByTestId("ai-plan");
    await plan.getByText("See what runs").waitFor();
    await plan.getByText("Nothing runs until the plan is approved", { exact: false }).waitFor();
    // Proposing started nothing.
    expect((await send<{ items: unknown[] }>("GET", `/jobs?runbook=${RUNBOOK}`)).items).toHaveLength(
      jobsBefore.items.length,
    );

    await plan.getByRole("button", { name: "Approve" }).click();
    await plan.getByText("1 job(s) started.").waitFor();
    const link = page.getByTestId("ai-started-jobs").getByRole("link");
    const href = (await link.getAttribute("href")) ?? "";
    expect(href).toMatch(/^\/jobs\/.+/);
    const jobId = decodeURIComponent(href.slice("/jobs/".length));

    const jobs = await send<{ items: { id: string; inputs: unknown; source: { plan_id?: string } | null }[] }>(
      "GET",
      `/jobs?runbook=${RUNBOOK}`,
    );
    expect(jobs.items).toHaveLength(jobsBefore.items.length + 1);
    const job = jobs.items.find((item) => item.id === jobId);
    expect(job?.inputs).toEqual(inputs);
    expect(job?.source?.plan_id).toBeTruthy();
    expect(await plan.getByRole("button", { name: "Approve" }).count()).toBe(0);

    // What the model was sent: the run's failure, and never the connections' secrets.
    const sent = fake
      .requests(key)
      .map((r) => r.raw)
      .join("\n");
    expect(sent).toContain("/missing");
    expect(sent).not.toContain("ptr_fake_token_0123456789");
    expect(sent).not.toContain("sk-e2e-fake-llm-0123456789");
  });
});
