/**
 * The Runs screens in a real browser against `wrangler dev`: start the "Approved deploy" workflow from the
 * Start-run dialog, watch it wait for approval on the live graph, approve it, and see it complete without a reload;
 * a viewer can't decide or cancel; the list filters by status.
 */
import { type APIRequestContext, request as playwrightRequest } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { APPROVAL_FLOW } from "../../worker/contracts/workflow-examples.ts";
import { setupBrowser } from "./fixtures";
import { apiJson as api, apiToken, signIn } from "./session";

const e2e = setupBrowser();

interface RunState {
  status: string;
  wait_reason: string | null;
}

/** Runs a test arranged over the API; canceled at the end so they don't hold the owner's run slots. */
const arranged: string[] = [];

/**
 * The seeded "Approved deploy" graph without the deploy step's connection, so the test doesn't depend on
 * connections. Everything it exercises (the approval form, the condition, the skipped branch) is unchanged.
 */
const APPROVAL_E2E = {
  name: `${APPROVAL_FLOW.name} (e2e)`,
  description: APPROVAL_FLOW.description,
  tags: APPROVAL_FLOW.tags,
  graph: {
    ...APPROVAL_FLOW.graph,
    nodes: APPROVAL_FLOW.graph.nodes.map((node) => {
      if (node.type !== "http") return node;
      const { connection_id: _connection, ...config } = node.config;
      return { ...node, config };
    }),
  },
};

async function createWorkflow(request: APIRequestContext, token: string, workflow: object): Promise<string> {
  const created = await api<{ id: string }>(request, token, "POST", "/workflows", workflow);
  await api(request, token, "POST", `/workflows/${created.id}/versions`, { note: "e2e" });
  return created.id;
}

let approvalId: string | undefined;
/** The approval workflow's id, created and published once per test run. */
async function approvalWorkflowId(request: APIRequestContext, token: string): Promise<string> {
  approvalId ??= await createWorkflow(request, token, APPROVAL_E2E);
  return approvalId;
}

async function waitForRun(request: APIRequestContext, token: string, runId: string, done: (run: RunState) => boolean) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const run = await api<RunState>(request, token, "GET", `/runs/${runId}`);
    if (done(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} stuck in ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function startApprovalRun(request: APIRequestContext, token: string): Promise<string> {
  const workflowId = await approvalWorkflowId(request, token);
  const body = { input: { service: "api", version: "1.2.3" } };
  const { run_id } = await api<{ run_id: string }>(request, token, "POST", `/workflows/${workflowId}/runs`, body);
  arranged.push(run_id);
  await waitForRun(request, token, run_id, (run) => run.status === "waiting" && run.wait_reason === "approval");
  return run_id;
}

// API calls that arrange data use a request context of their own: the page's shares the browser's cookies, and
// signing in over the API there would sign the browser in too.
let apiRequest: APIRequestContext;
let ownerToken: string;
beforeAll(async () => {
  apiRequest = await playwrightRequest.newContext({ baseURL: inject("baseUrl") });
  ownerToken = await apiToken(apiRequest, "owner");
});

afterAll(async () => {
  // A run that already finished answers 409 here, which is fine.
  for (const id of arranged) {
    await apiRequest.post(`/api/v1/runs/${id}/cancel`, {
      headers: { authorization: `Bearer ${ownerToken}` },
      data: {},
    });
  }
  await apiRequest?.dispose();
});

describe("runs", () => {
  it("starts the approval workflow from the dialog, approves it, and watches it complete live", async () => {
    const { page } = e2e;
    const workflowId = await approvalWorkflowId(apiRequest, ownerToken);
    await signIn(page, "owner", "/runs");
    await page.getByRole("heading", { level: 1, name: "Runs" }).waitFor();

    await page.getByRole("button", { name: "Start run" }).click();
    const dialog = page.getByRole("dialog", { name: "Start a run" });
    await dialog.getByLabel("Workflow").selectOption(workflowId);
    await dialog.getByText("Input", { exact: true }).waitFor();
    await dialog.getByLabel("service").fill("api");
    await dialog.getByLabel("version").fill("1.2.3");
    await dialog.getByRole("button", { name: "Start run" }).click();

    await page.waitForURL(/\/runs\/run_[^/?]+/);
    const runId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    arranged.push(runId);
    const status = page.getByRole("status", { name: "Run status" });
    await status.getByText("waiting for approval").waitFor();
    await page.getByRole("group", { name: "Approve deploy: Waiting" }).waitFor();
    await page.getByText("Deploy api version 1.2.3 to production?", { exact: true }).first().waitFor();

    // Marks this document: if the page reloaded, the mark would be gone.
    await page.evaluate(() => {
      document.documentElement.dataset.e2eMark = "same-page";
    });
    await page.getByLabel("When (required)").selectOption("later");
    await page.getByLabel("Comment").fill("After the freeze");
    await page.getByRole("button", { name: "Approve", exact: true }).click();

    await status.getByText("Completed").waitFor();
    await page.getByRole("group", { name: "Approve deploy: Succeeded" }).waitFor();
    const steps = page.getByRole("table", { name: "Steps" });
    await steps
      .getByRole("row", { name: /Deferred/ })
      .getByText("Succeeded")
      .waitFor();
    await steps
      .getByRole("row", { name: /Trigger deploy/ })
      .getByText("Skipped")
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.e2eMark)).toBe("same-page");
    expect(await page.getByRole("button", { name: "Approve", exact: true }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Cancel run", exact: true }).count()).toBe(0);

    // Clicking a node on the graph selects its step.
    await page.getByRole("group", { name: "Deferred: Succeeded" }).click();
    await page.getByRole("region", { name: /^Deferred/ }).waitFor();
    expect(new URL(page.url()).searchParams.get("step")).toBe("deferred");

    // The comment and the choice reached the run: the approval step's output shows them.
    await steps.getByRole("button", { name: "Approve deploy" }).click();
    const detail = page.getByRole("region", { name: /Approve deploy/ });
    await detail.getByText('"rollout": "later"').waitFor();
    await detail.getByText('"comment": "After the freeze"').waitFor();
  });

  it("shows a viewer the waiting approval but no Approve, Reject, Cancel or Start buttons", async () => {
    const { page } = e2e;
    const runId = await startApprovalRun(apiRequest, ownerToken);
    await signIn(page, "viewer", `/runs/${runId}`);
    await page.getByRole("heading", { name: "Approval needed: Approve deploy" }).waitFor();
    await page.getByText("Your role can view this approval but not decide it.").waitFor();
    await page.getByRole("group", { name: "Approve deploy: Waiting" }).waitFor();
    for (const name of ["Approve", "Reject", "Cancel run"]) {
      expect(await page.getByRole("button", { name, exact: true }).count()).toBe(0);
    }

    await page.getByRole("link", { name: "← All runs" }).click();
    await page.getByRole("table", { name: "Runs" }).waitFor();
    expect(await page.getByRole("button", { name: "Start run", exact: true }).count()).toBe(0);
  });

  it("cancels a live run after asking first", async () => {
    const { page } = e2e;
    const runId = await startApprovalRun(apiRequest, ownerToken);
    await signIn(page, "owner", `/runs/${runId}`);
    const status = page.getByRole("status", { name: "Run status" });
    await status.getByText("waiting for approval").waitFor();
    await page.getByRole("button", { name: "Cancel run", exact: true }).click();
    await page.getByRole("button", { name: "Yes, cancel run", exact: true }).click();
    await status.getByText("Canceled").waitFor();
    await page
      .getByRole("table", { name: "Steps" })
      .getByRole("row", { name: /Approve deploy/ })
      .getByText("Canceled")
      .waitFor();
  });

  it("filters the runs list by status", async () => {
    const { page } = e2e;
    const completed = await startApprovalRun(apiRequest, ownerToken);
    const approve = { form: { rollout: "later" } };
    await api(apiRequest, ownerToken, "POST", `/runs/${completed}/steps/review/approve`, approve);
    await waitForRun(apiRequest, ownerToken, completed, (run) => run.status === "completed");
    const canceled = await startApprovalRun(apiRequest, ownerToken);
    await api(apiRequest, ownerToken, "POST", `/runs/${canceled}/cancel`, {});

    await signIn(page, "owner", "/runs");
    const table = page.getByRole("table", { name: "Runs" });
    await table.getByText(completed).waitFor();
    await table.getByText(canceled).waitFor();

    await page.getByRole("button", { name: "Canceled", exact: true }).click();
    await table.getByText(completed).waitFor({ state: "detached" });
    await table.getByText(canceled).waitFor();
    expect(new URL(page.url()).searchParams.get("status")).toBe("canceled");
    const statuses = await table.locator("tbody tr td:first-child").allInnerTexts();
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((text) => text.startsWith("Canceled"))).toBe(true);

    await page.getByRole("button", { name: "Completed", exact: true }).click();
    await table.getByText(canceled).waitFor({ state: "detached" });
    await table.getByText(completed).waitFor();
    expect(await page.getByRole("button", { name: "Completed", exact: true }).getAttribute("aria-pressed")).toBe(
      "true",
    );

    await page.getByRole("button", { name: "All", exact: true }).click();
    await table.getByText(canceled).waitFor();
    await table.getByText(completed).waitFor();
  });

  it("shows why preflight held a run back, and what to do about it", async () => {
    const { page } = e2e;
    const workflowId = await createWorkflow(apiRequest, ownerToken, {
      name: "Needs a connection (e2e)",
      graph: {
        nodes: [
          {
            id: "call",
            type: "http",
            name: "Call CRM",
            config: { method: "GET", url: "https://crm.example.com/x", connection_id: "crm_api" },
          },
        ],
        edges: [],
      },
    });
    const { run_id } = await api<{ run_id: string }>(
      apiRequest,
      ownerToken,
      "POST",
      `/workflows/${workflowId}/runs`,
      {},
    );
    arranged.push(run_id);
    await waitForRun(apiRequest, ownerToken, run_id, (run) => run.status === "needs_review");

    await signIn(page, "owner", `/runs/${run_id}`);
    await page.getByRole("status", { name: "Run status" }).getByText("Needs review").waitFor();
    const preflight = page.getByRole("region", { name: "Preflight" });
    await preflight.getByText(/Needs review: Preflight found 1 blocking issue/).waitFor();
    const issue = preflight.getByRole("listitem").filter({ hasText: "blocking" });
    await issue.waitFor();
    expect(await issue.textContent()).toContain("crm_api");
    await page.getByRole("heading", { name: "What you can do" }).waitFor();
  });
});
