/**
 * Settings › MCP servers in a real browser against `wrangler dev` and a real MCP server on loopback (issue #9's
 * must-show): add the server, test it (online, its tools), whitelist `add`, use it from a workflow's `mcp_tool`
 * step and see the sum in the step's output; then the usage page counts the call, and a DENY set on the policies
 * page refuses the next run (preflight holds it for review: the policy denies the tool) without calling the server.
 */
import type { APIRequestContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeMcpServer, startMcpServer } from "../../worker/test/fakes/mcp-server.ts";
import { setupBrowser } from "./fixtures";
import { apiClient, apiJson, type Registered, registerViaApi, signIn } from "./session";

const e2e = setupBrowser();

const LABEL = "calc";

let mcp: FakeMcpServer;
let request: APIRequestContext;
/** A fresh organization of its own, so the usage numbers are this file's alone. */
let owner: Registered;
let workflowId: string | undefined;

beforeAll(async () => {
  mcp = await startMcpServer();
  request = await apiClient(e2e.baseUrl);
  owner = await registerViaApi(request, "mcp");
});

afterAll(async () => {
  await request?.dispose();
  await mcp?.close();
});

/** A published workflow with one `mcp_tool` step calling `calc/add` with 2 and 3. */
async function addWorkflow(): Promise<string> {
  const created = await apiJson<{ id: string }>(request, owner.token, "POST", "/workflows", {
    name: "Add with MCP",
    graph: {
      nodes: [
        {
          id: "sum",
          type: "mcp_tool",
          name: "Add numbers",
          config: { server_label: LABEL, tool: "add", arguments: { a: 2, b: 3 } },
        },
      ],
      edges: [],
    },
  });
  await apiJson(request, owner.token, "POST", `/workflows/${created.id}/versions`, { note: "e2e" });
  return created.id;
}

interface RunState {
  status: string;
  error: unknown;
}

/** Runs that won't change by themselves: finished, or held back by preflight for a person to review. */
const SETTLED = ["completed", "failed", "canceled", "needs_review"];

/** Polls the run until it has settled (or 30 s pass), so a wrong outcome fails with what the run says. */
async function finishedRun(runId: string): Promise<RunState> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = await apiJson<RunState>(request, owner.token, "GET", `/runs/${runId}`);
    if (SETTLED.includes(run.status) || Date.now() > deadline) return run;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Starts a run of the workflow over the API, waits for its end and opens its page; answers the run's final state. */
async function runAndOpen(page: Page): Promise<RunState> {
  workflowId ??= await addWorkflow();
  const { run_id } = await apiJson<{ run_id: string }>(request, owner.token, "POST", `/workflows/${workflowId}/runs`, {
    input: {},
  });
  const run = await finishedRun(run_id);
  await page.goto(`/runs/${run_id}`);
  return run;
}

describe("MCP servers", () => {
  it("adds a server, tests it, whitelists a tool and runs it from a workflow", async () => {
    const { page } = e2e;
    await signIn(page, owner, "/settings");
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "MCP servers" }).click();
    await page.getByRole("heading", { name: "Add an MCP server" }).waitFor();

    await page.getByLabel("Label", { exact: true }).fill(LABEL);
    await page.getByLabel("URL", { exact: true }).fill(mcp.url);
    await page.getByLabel("Authentication").selectOption("none");
    const created = page.waitForResponse(
      (res) => res.url().endsWith("/api/v1/mcp/user-servers") && res.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Add server" }).click();
    expect((await created).status()).toBe(201);

    const row = page.getByRole("table", { name: "MCP servers" }).getByRole("row", { name: new RegExp(LABEL) });
    await row.getByText("unknown", { exact: true }).waitFor();
    await row.getByRole("button", { name: `Test ${LABEL}` }).click();

    // The test connects for real: online, with the server's tools listed.
    const panel = page.getByRole("region", { name: `Connection test: ${LABEL}` });
    await panel
      .getByRole("status", { name: "Connection status" })
      .getByText(/^online/)
      .first()
      .waitFor();
    for (const tool of ["add", "echo", "delete_everything"]) {
      await panel.getByRole("checkbox", { name: tool, exact: true }).waitFor();
    }
    await row
      .getByText(/^online/)
      .first()
      .waitFor();

    await panel.getByRole("checkbox", { name: "add", exact: true }).check();
    const saved = page.waitForResponse(
      (res) => res.url().includes(`/api/v1/mcp/user-servers/${LABEL}`) && res.request().method() === "PUT",
    );
    await panel.getByRole("button", { name: "Save allowed tools" }).click();
    expect((await saved).status()).toBe(200);
    await panel.getByText("Allowed tools saved.").waitFor();
    await row.getByText("1 allowed of 3").waitFor();

    // The whitelist reached the server's record.
    const servers = await apiJson<{ items: { label: string; allowed_tools: string[] }[] }>(
      request,
      owner.token,
      "GET",
      "/mcp/user-servers",
    );
    expect(servers.items.find((s) => s.label === LABEL)?.allowed_tools).toEqual(["add"]);

    // A workflow calls the whitelisted tool on the real server and gets its result.
    const run = await runAndOpen(page);
    expect(run).toMatchObject({ status: "completed" });
    await page.getByRole("status", { name: "Run status" }).getByText("Completed").waitFor();
    await page.getByRole("table", { name: "Steps" }).getByRole("button", { name: "Add numbers" }).click();
    await page
      .getByRole("region", { name: /Add numbers/ })
      .getByText('"sum": 5')
      .first()
      .waitFor();
    expect(mcp.calls()).toContainEqual({ tool: "add", args: { a: 2, b: 3 } });
  });

  it("counts the tool call on the usage page, and a DENY policy refuses the next run", async () => {
    const { page } = e2e;
    await signIn(page, owner, "/settings/usage");
    const toolCalls = page.locator(".fact", { has: page.getByText("Tool calls", { exact: true }) }).locator("dd");
    await toolCalls.getByText("1", { exact: true }).waitFor();
    await page
      .getByRole("table", { name: "Usage by tool" })
      .getByRole("row", { name: new RegExp(`${LABEL}/add`) })
      .getByText("1", { exact: true })
      .waitFor();

    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Tool policies" }).click();
    const toolRow = page.getByRole("table", { name: "Tools" }).getByRole("row", { name: new RegExp(`${LABEL}/add`) });
    // The effective decision's badge (the row's select offers the same words).
    await toolRow.locator(".badge", { hasText: /^Allow$/ }).waitFor();
    const put = page.waitForResponse(
      (res) => res.url().endsWith("/api/v1/policies/tools") && res.request().method() === "PUT",
    );
    await page.getByLabel(`Policy for ${LABEL}/add`).selectOption("deny");
    expect((await put).status()).toBe(200);
    await toolRow.locator(".badge", { hasText: /^Deny$/ }).waitFor();
    await page
      .getByRole("table", { name: "Policies" })
      .getByRole("row", { name: new RegExp(`${LABEL}/add`) })
      .waitFor();

    // A per-tool rate limit beside the decision: saved on Enter, the decision kept, shown in the Policies table.
    const limitPut = page.waitForResponse(
      (res) => res.url().endsWith("/api/v1/policies/tools") && res.request().method() === "PUT",
    );
    const limitField = page.getByLabel(`Rate limit for ${LABEL}/add`);
    await limitField.fill("5");
    await limitField.press("Enter");
    const limitRes = await limitPut;
    expect(limitRes.status()).toBe(200);
    expect(limitRes.request().postDataJSON()).toEqual({
      pattern: `${LABEL}/add`,
      decision: "deny",
      rate_limit_per_min: 5,
    });
    await page
      .getByRole("table", { name: "Policies" })
      .getByRole("row", { name: new RegExp(`${LABEL}/add`) })
      .getByText("5 / min")
      .waitFor();
    await toolRow.locator(".badge", { hasText: /^Deny$/ }).waitFor();

    // The next run is refused before it starts: preflight checks every mcp_tool step against the policies and
    // holds the run for review with the reason, so no step (and no tool call) ever runs.
    const callsBefore = mcp.calls().length;
    const run = await runAndOpen(page);
    expect(run).toMatchObject({ status: "needs_review" });
    await page.getByRole("status", { name: "Run status" }).getByText("Needs review").waitFor();
    await page
      .getByRole("region", { name: "Preflight" })
      .getByText(new RegExp(`calls ${LABEL}/add, which .*denies`))
      .waitFor();
    // Refused before reaching the server.
    expect(mcp.calls().length).toBe(callsBefore);

    // Removing the org's policy (asked first) puts the tool back to its default.
    await page.goto("/settings/policies");
    const policyRow = page
      .getByRole("table", { name: "Policies" })
      .getByRole("row", { name: new RegExp(`${LABEL}/add`) });
    await policyRow.getByRole("button", { name: `Remove policy ${LABEL}/add` }).click();
    await policyRow.getByRole("button", { name: "Remove", exact: true }).click();
    await policyRow.waitFor({ state: "detached" });
    await toolRow.locator(".badge", { hasText: /^Allow$/ }).waitFor();
  });
  it("sends a bearer token to the server but never shows it again", async () => {
    const { page } = e2e;
    const secret = `mcp_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}Zq9`;
    const guarded = await startMcpServer({ token: secret });
    try {
      await signIn(page, owner, "/settings/mcp");
      await page.getByLabel("Label", { exact: true }).fill("guarded");
      await page.getByLabel("URL", { exact: true }).fill(guarded.url);
      await page.getByLabel("Authentication").selectOption("bearer");
      const tokenInput = page.getByLabel("Token", { exact: true });
      expect(await tokenInput.getAttribute("type")).toBe("password");
      await tokenInput.fill(secret);
      const created = page.waitForResponse(
        (res) => res.url().endsWith("/api/v1/mcp/user-servers") && res.request().method() === "POST",
      );
      await page.getByRole("button", { name: "Add server" }).click();
      const createdRes = await created;
      expect(createdRes.status()).toBe(201);
      expect(await createdRes.text()).not.toContain(secret);
      // The form forgot the token once the server had it; the list shows only a masked hint.
      await page.getByText("Server added. Test it to see its tools.").waitFor();
      const values = await page
        .locator("input")
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      expect(values).not.toContain(secret);
      const row = page.getByRole("table", { name: "MCP servers" }).getByRole("row", { name: /guarded/ });
      await row.getByText(`…${secret.slice(-4)}`, { exact: false }).waitFor();

      // Online only if the token went along (the server answers 401 without it).
      await row.getByRole("button", { name: "Test guarded" }).click();
      const panel = page.getByRole("region", { name: "Connection test: guarded" });
      await panel
        .getByRole("status", { name: "Connection status" })
        .getByText(/^online/)
        .first()
        .waitFor();
      expect(guarded.authorizations()).toContain(`Bearer ${secret}`);

      await page.reload();
      await row.waitFor();
      expect(await page.content()).not.toContain(secret);
      const list = await request.get("/api/v1/mcp/user-servers", {
        headers: { authorization: `Bearer ${owner.token}` },
      });
      expect(await list.text()).not.toContain(secret);

      // Removing asks first, then the row is gone.
      await row.getByRole("button", { name: "Remove guarded" }).click();
      await row.getByRole("button", { name: "Remove", exact: true }).click();
      await row.waitFor({ state: "detached" });
    } finally {
      await guarded.close();
    }
  });

  it("shows a viewer the servers and policies without any way to change them", async () => {
    const { page } = e2e;
    await signIn(page, "viewer", "/settings/mcp");
    await page.getByText("Only admins can add, test or change MCP servers.").waitFor();
    expect(await page.getByRole("button", { name: "Add server" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Test / }).count()).toBe(0);

    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Tool policies" }).click();
    await page.getByText("Only admins can change tool policies.").waitFor();
    await page.getByRole("table", { name: "Tools" }).waitFor();
    expect(await page.locator(".settings-body").getByRole("combobox").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Set policy" }).count()).toBe(0);
  });
});
