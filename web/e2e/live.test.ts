/**
 * Live runs in a real browser against `wrangler dev`: a run page follows its run over the WebSocket without reloads
 * or polling, catches up after its socket dropped without missing an event, reruns a failed run from the failed
 * step, offers pause and resume (also out of review), lists waiting approvals in the inbox, and the dashboard's feed
 * and counts move live.
 */
import { type APIRequestContext, type Page, request as playwrightRequest, type WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiJson as api, apiToken, signIn } from "./session";

const e2e = setupBrowser();

interface RunState {
  status: string;
  wait_reason: string | null;
}

/** Runs a test arranged over the API; canceled at the end so they don't hold the owner's run slots. */
const arranged: string[] = [];

/** Four steps with an approval in the middle: first → gate (approval) → second → third. */
const GATE_FLOW = {
  name: "Live gate (e2e)",
  graph: {
    nodes: [
      { id: "first", type: "set", name: "First", config: { values: { a: 1 } } },
      { id: "gate", type: "approval", name: "Gate", config: { message: "Continue the live run?" } },
      { id: "second", type: "set", name: "Second", config: { values: { b: 2 } } },
      { id: "third", type: "noop", name: "Third", config: {} },
    ],
    edges: [
      { from: "first", to: "gate" },
      { from: "gate", to: "second" },
      { from: "second", to: "third" },
    ],
  },
};

/** Its second step fails when asked to: `input.fail ? $error("boom") : "ok"`. */
const FAILING_FLOW = {
  name: "Fails on demand (e2e)",
  graph: {
    nodes: [
      { id: "first", type: "set", name: "First", config: { values: { a: 1 } } },
      { id: "check", type: "transform", name: "Check", config: { expression: 'input.fail ? $error("boom") : "ok"' } },
    ],
    edges: [{ from: "first", to: "check" }],
    input_schema: { type: "object", properties: { fail: { type: "boolean" } } },
  },
};

let apiRequest: APIRequestContext;
let token: string;
let gateFlow: string;
let failingFlow: string;

async function createWorkflow(workflow: object): Promise<string> {
  const created = await api<{ id: string }>(apiRequest, token, "POST", "/workflows", workflow);
  await api(apiRequest, token, "POST", `/workflows/${created.id}/versions`, { note: "e2e" });
  return created.id;
}

async function waitForRun(runId: string, done: (run: RunState) => boolean): Promise<RunState> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const run = await api<RunState>(apiRequest, token, "GET", `/runs/${runId}`);
    if (done(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} stuck in ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function startRun(workflowId: string, input: object = {}): Promise<string> {
  const { run_id } = await api<{ run_id: string }>(apiRequest, token, "POST", `/workflows/${workflowId}/runs`, {
    input,
  });
  arranged.push(run_id);
  return run_id;
}

/** A run of the gate flow, waiting at its approval. */
async function waitingRun(): Promise<string> {
  const runId = await startRun(gateFlow);
  await waitForRun(runId, (run) => run.status === "waiting" && run.wait_reason === "approval");
  return runId;
}

const approve = (runId: string) => api(apiRequest, token, "POST", `/runs/${runId}/steps/gate/approve`, {});

/** The run page's connection indicator says "Live". */
async function waitUntilLive(page: Page) {
  await page.getByRole("status", { name: "Live updates" }).getByText("Live", { exact: true }).waitFor();
}

beforeAll(async () => {
  apiRequest = await playwrightRequest.newContext({ baseURL: inject("baseUrl") });
  token = await apiToken(apiRequest, "owner");
  gateFlow = await createWorkflow(GATE_FLOW);
  failingFlow = await createWorkflow(FAILING_FLOW);
});

afterAll(async () => {
  // A run that already finished answers 409 here, which is fine.
  for (const id of arranged) {
    await apiRequest.post(`/api/v1/runs/${id}/cancel`, { headers: { authorization: `Bearer ${token}` }, data: {} });
  }
  await apiRequest?.dispose();
});

describe("live run page", () => {
  it("follows the run to Completed over the WebSocket, without a reload or polling the run", async () => {
    const { page } = e2e;
    const runId = await waitingRun();
    await signIn(page, "owner", `/runs/${runId}`);
    await waitUntilLive(page);
    await page.getByRole("heading", { name: "Approval needed: Gate" }).waitFor();

    await page.evaluate(() => {
      (window as unknown as { __e2eMark: string }).__e2eMark = "same-page";
    });
    const runPolls: string[] = [];
    page.on("request", (req) => {
      if (req.method() === "GET" && new URL(req.url()).pathname === `/api/v1/runs/${runId}`) runPolls.push(req.url());
    });

    // Decided elsewhere (over the API, not in this page): only the socket can tell the page.
    await approve(runId);

    const status = page.getByRole("status", { name: "Run status" });
    await status.getByText("Completed").waitFor();
    const steps = page.getByRole("table", { name: "Steps" });
    await steps.getByRole("row", { name: /Third/ }).getByText("Succeeded").waitFor();
    await page.getByRole("progressbar", { name: "Run progress" }).and(page.locator('[aria-valuenow="100"]')).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __e2eMark?: string }).__e2eMark)).toBe("same-page");
    expect(runPolls).toEqual([]);
    // Finished: no more controls that only apply to live runs, and the page stopped listening.
    expect(await page.getByRole("button", { name: "Cancel run", exact: true }).count()).toBe(0);
    await page.getByRole("status", { name: "Live updates" }).waitFor({ state: "detached" });
  });

  it("reconnects after its socket dropped and shows every event it missed, once", async () => {
    const { page, context } = e2e;
    const runId = await waitingRun();
    const sockets: WebSocketRoute[] = [];
    await page.routeWebSocket(
      (url) => url.pathname === `/api/v1/runs/${runId}/ws`,
      (ws) => {
        sockets.push(ws);
        ws.connectToServer();
      },
    );
    await signIn(page, "owner", `/runs/${runId}`);
    await waitUntilLive(page);
    await page.getByRole("heading", { name: "Approval needed: Gate" }).waitFor();

    // The connection drops and the browser goes offline, so the page can't come back on its own yet.
    await context.setOffline(true);
    await sockets.at(-1)?.close();
    await page.getByRole("status", { name: "Live updates" }).getByText("Reconnecting…").waitFor();

    // Meanwhile the run moves on to its end.
    await approve(runId);
    await waitForRun(runId, (run) => run.status === "completed");
    await context.setOffline(false);

    await page.getByRole("status", { name: "Run status" }).getByText("Completed").waitFor();
    // The events missed while offline arrive over a new socket, up to the run's last one.
    await page.getByText(/events? received live/).click();
    const events = page.getByRole("list", { name: "Run events" });
    await events.getByText("execution.completed").waitFor();
    expect(sockets.length).toBeGreaterThan(1);
    const steps = page.getByRole("table", { name: "Steps" });
    for (const name of ["First", "Gate", "Second", "Third"]) {
      await steps
        .getByRole("row", { name: new RegExp(name) })
        .getByText("Succeeded")
        .waitFor();
    }
    // The timeline has a bar for every step.
    const timeline = page.getByRole("list", { name: "Timeline" });
    await timeline.getByRole("img", { name: /^Third: succeeded/ }).waitFor();
    expect(await timeline.getByRole("img").count()).toBe(4);

    // Every event of the run's log arrived, in order, each once: none lost in the gap, none replayed twice.
    const server = await api<{ items: { seq: number; event_type: string }[] }>(
      apiRequest,
      token,
      "GET",
      `/runs/${runId}/events?after_seq=0&limit=1000`,
    );
    const completedAt = server.items.findIndex((event) => event.event_type === "execution.completed");
    const shown = await events.getByRole("listitem").allInnerTexts();
    const seqs = shown.map((text) => Number(/#(\d+)/.exec(text)?.[1]));
    // The page stops listening once the run has finished, so it may leave out what followed in the same instant.
    expect(seqs.length).toBeGreaterThan(completedAt);
    expect(seqs).toEqual(server.items.slice(0, seqs.length).map((event) => event.seq));
    expect(shown.some((text) => text.includes("approval.decided"))).toBe(true);
  });

  it("reruns a failed run from the failed step with a new input, reusing the step before it", async () => {
    const { page } = e2e;
    const failedId = await startRun(failingFlow, { fail: true });
    await waitForRun(failedId, (run) => run.status === "failed");
    await signIn(page, "owner", `/runs/${failedId}`);
    await page.getByRole("status", { name: "Run status" }).getByText("Failed").waitFor();

    // The failed step is the one shown in detail.
    const detail = page.getByRole("region", { name: /^Check/ });
    await detail.getByText("boom").first().waitFor();
    await detail.getByRole("button", { name: "Rerun from this step" }).click();
    await detail.getByLabel("New input (JSON, optional)").fill('{"fail": false}');
    await detail.getByRole("button", { name: "Rerun", exact: true }).click();

    await page.waitForURL((url) => /\/runs\/run_[^/?]+/.test(url.pathname) && !url.pathname.endsWith(failedId));
    const rerunId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    arranged.push(rerunId);
    await page.getByRole("status", { name: "Run status" }).getByText("Completed").waitFor();
    const steps = page.getByRole("table", { name: "Steps" });
    await steps.getByRole("row", { name: /First/ }).getByText("Reused").waitFor();
    await steps.getByRole("row", { name: /Check/ }).getByText("Succeeded").waitFor();
    expect(await steps.getByRole("row", { name: /Check/ }).getByText("Reused").count()).toBe(0);
    await page.getByText("Reused from that run (not run again): First.").waitFor();
    await page.getByRole("link", { name: `run ${failedId}` }).waitFor();
  });

  it("pauses and resumes a waiting run from its header", async () => {
    const { page } = e2e;
    const runId = await waitingRun();
    await signIn(page, "owner", `/runs/${runId}`);
    await waitUntilLive(page);
    const status = page.getByRole("status", { name: "Run status" });
    await status.getByText("waiting for approval").waitFor();
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    await status.getByText("Paused").waitFor();
    await page.getByRole("button", { name: "Resume", exact: true }).click();
    await status.getByText("waiting for approval").waitFor();
    expect(await page.getByRole("button", { name: "Resume", exact: true }).count()).toBe(0);
  });
});

describe("review", () => {
  it("resumes a run preflight held back, with a corrected input", async () => {
    const { page } = e2e;
    const workflowId = await createWorkflow({
      name: "Needs a region (e2e)",
      graph: {
        nodes: [{ id: "greet", name: "Greet", type: "transform", config: { expression: '"Hello " & input.region' } }],
        edges: [],
      },
    });
    const runId = await startRun(workflowId, {});
    await waitForRun(runId, (run) => run.status === "needs_review");
    await signIn(page, "owner", `/runs/${runId}`);
    const status = page.getByRole("status", { name: "Run status" });
    await status.getByText("Needs review").waitFor();
    await page.getByLabel("Run input (JSON)").fill('{"region": "eu"}');
    await page.getByRole("button", { name: "Resume run" }).click();
    await status.getByText("Completed").waitFor();
    await page
      .getByRole("table", { name: "Steps" })
      .getByRole("row", { name: /Greet/ })
      .getByText("Succeeded")
      .waitFor();
    await page
      .getByRole("region", { name: /^Greet/ })
      .getByText('"Hello eu"')
      .waitFor();
  });
});

describe("approvals inbox", () => {
  it("lists the runs waiting for a decision, with a count on the Runs page, each linking to its run", async () => {
    const { page } = e2e;
    const runId = await waitingRun();
    await signIn(page, "owner", "/runs");
    const link = page.getByRole("link", { name: /^Approvals/ });
    await link.getByText(/\d+/).waitFor();
    await link.click();
    await page.getByRole("heading", { level: 1, name: "Approvals" }).waitFor();
    const table = page.getByRole("table", { name: "Runs waiting for approval" });
    await table.getByText(runId).waitFor();
    await table.getByRole("link", { name: `Decide run ${runId}` }).click();
    await page.waitForURL(`**/runs/${runId}`);
    await page.getByRole("heading", { name: "Approval needed: Gate" }).waitFor();
  });

  it("tells a viewer they can't decide", async () => {
    const { page } = e2e;
    const runId = await waitingRun();
    await signIn(page, "viewer", "/runs/approvals");
    await page.getByText("Your role can see these approvals but not decide them.", { exact: false }).waitFor();
    await page.getByRole("table", { name: "Runs waiting for approval" }).getByText(runId).waitFor();
  });
});

describe("dashboard", () => {
  it("shows a run's status changes in the live feed and moves the counts", async () => {
    const { page } = e2e;
    await signIn(page, "owner");
    await page.getByRole("status", { name: "Live feed" }).getByText("Live", { exact: true }).waitFor();
    const counts = page.getByRole("list", { name: "Runs by status" });
    const canceledTile = counts.getByRole("listitem", { name: /^Canceled: \d+$/ });
    const before = Number((await canceledTile.getAttribute("aria-label"))?.split(": ")[1]);

    const runId = await waitingRun();
    const feed = page.getByRole("list", { name: "Live run activity" });
    const entries = feed.getByRole("listitem").filter({ hasText: runId });
    await entries.filter({ hasText: "waiting for approval" }).first().waitFor();
    await api(apiRequest, token, "POST", `/runs/${runId}/cancel`, {});
    await entries.filter({ hasText: "Canceled" }).first().waitFor();
    // Newest first: the cancel is above the wait.
    expect(await entries.first().textContent()).toContain("Canceled");
    await counts.getByRole("listitem", { name: `Canceled: ${before + 1}` }).waitFor();

    await entries.first().getByRole("link").click();
    await page.waitForURL(`**/runs/${runId}`);
    await page.getByRole("status", { name: "Run status" }).getByText("Canceled").waitFor();
  });
});
