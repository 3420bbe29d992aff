/**
 * Workflows: build a workflow in the visual editor (palette, drag-to-connect, live validation, properties form with
 * reference autocomplete), save, publish, and read a version; a viewer's read-only editor; a stale save's 409.
 */
import type { APIRequestContext, Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiClient, apiToken, bearer, signIn } from "./session";

const e2e = setupBrowser();

const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

function canvasNode(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`);
}

function edge(page: Page, id: string): Locator {
  return page.locator(`.react-flow__edge[data-id="${id}"]`);
}

/** A handle of a canvas node: its input (target) or an output (source, optionally a branch). */
function handle(page: Page, nodeId: string, kind: "source" | "target", branch?: string): Locator {
  const which = branch === undefined ? "" : `[data-handleid="${branch}"]`;
  return page.locator(`.react-flow__handle.${kind}[data-nodeid="${nodeId}"]${which}`);
}

/** Drags from one node's output handle (or branch handle) to another's input handle, as a person connects steps. */
async function connect(page: Page, from: string, to: string, branch?: string): Promise<void> {
  const start = await handle(page, from, "source", branch).boundingBox();
  const end = await handle(page, to, "target").boundingBox();
  if (!start || !end) throw new Error(`handles of ${from} → ${to} are not visible`);
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Creates a workflow with a draft over the API (as the demo owner) and returns its id. */
async function createOverApi(api: APIRequestContext, name: string, graph: unknown): Promise<string> {
  const token = await apiToken(api, "owner");
  const res = await api.post("/api/v1/workflows", { headers: bearer(token), data: { name, graph } });
  if (res.status() !== 201) throw new Error(`create failed: HTTP ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

const TWO_STEPS = {
  nodes: [
    {
      id: "fetch",
      type: "http",
      config: { method: "GET", url: "https://api.example.com/a" },
      position: { x: 0, y: 0 },
    },
    { id: "done", type: "noop", config: {}, position: { x: 0, y: 160 } },
  ],
  edges: [{ from: "fetch", to: "done" }],
};

describe("workflow list", () => {
  it("searches, filters by tag, exports, imports, clones, archives and unarchives", async () => {
    const { page, baseUrl } = e2e;
    const name = unique("E2E list");
    const tag = `e2e-${Math.random().toString(36).slice(2, 8)}`;
    const api = await apiClient(baseUrl);
    try {
      const token = await apiToken(api, "owner");
      const res = await api.post("/api/v1/workflows", {
        headers: bearer(token),
        data: { name, description: "Made by the list test", tags: [tag], graph: TWO_STEPS },
      });
      expect(res.status()).toBe(201);
    } finally {
      await api.dispose();
    }
    await signIn(page, "owner", "/workflows");
    const row = (text: string) => page.getByRole("row", { name: new RegExp(text) });
    await row("Approved deploy").waitFor();

    await page.getByLabel("Search workflows").fill(name);
    await row(name).waitFor();
    await row("Approved deploy").waitFor({ state: "detached" });
    expect(new URL(page.url()).searchParams.get("q")).toBe(name);
    await page.getByLabel("Search workflows").fill("");
    await row("Approved deploy").waitFor();
    await page.getByRole("button", { name: tag, exact: true }).click();
    await row("Approved deploy").waitFor({ state: "detached" });
    await row(name).waitFor();
    expect(await page.getByRole("row").count()).toBe(2); // header + ours

    // Export downloads the file; importing it (renamed) creates a workflow and opens it.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: `Export ${name}` }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^E2E-list-[a-z0-9]+\.fluxo\.json$/);
    const { readFile } = await import("node:fs/promises");
    const exported = JSON.parse(await readFile((await download.path())!, "utf8"));
    expect(exported).toMatchObject({ format: "fluxo.workflow", format_version: 1, name, tags: [tag] });
    const imported = { ...exported, name: `${name} imported` };
    await page.getByLabel("Import workflow file").setInputFiles({
      name: "w.fluxo.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(imported)),
    });
    await page.getByRole("heading", { level: 1, name: `${name} imported` }).waitFor();
    await canvasNode(page, "fetch").waitFor();

    await page.goto(`/workflows?tag=${tag}`);
    await page
      .getByLabel("Import workflow file")
      .setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"nodes": []}') });
    await page.getByText(/This is not a Fluxo workflow export/).waitFor();

    await page.getByRole("button", { name: `Clone ${name}`, exact: true }).click();
    await row(`${name} \\(copy\\)`).waitFor();
    await page.getByRole("button", { name: `Archive ${name}`, exact: true }).click();
    await page.getByRole("button", { name: `Archive ${name}`, exact: true }).waitFor({ state: "detached" });
    expect(await row(`${name} imported`).count()).toBe(1);

    await page.getByLabel("Archived").check();
    await row(name).getByText("Archived").waitFor();
    await page.getByRole("button", { name: `Unarchive ${name}` }).click();
    await page.getByText("No archived workflows match.").waitFor();
  });
});

describe("workflow editor", () => {
  it("builds, validates, fixes, saves and publishes a workflow, then opens version 1 read-only", async () => {
    const { page, baseUrl } = e2e;
    const name = unique("E2E editor");
    await signIn(page, "owner", "/workflows");
    await page.getByRole("button", { name: "New workflow" }).click();
    await page.getByLabel("Workflow name").fill(name);
    await page.getByRole("button", { name: "Create and open" }).click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
    const problems = page.getByRole("region", { name: "Problems" });
    await problems.getByText("The workflow has no nodes").waitFor();

    // Three steps from the palette.
    const palette = page.getByRole("complementary", { name: "Palette" });
    await palette.getByRole("button", { name: "HTTP request" }).click();
    await palette.getByRole("button", { name: "Transform" }).click();
    await palette.getByRole("button", { name: "No-op" }).click();
    for (const id of ["http_1", "transform_1", "noop_1"]) await canvasNode(page, id).waitFor();
    // Unconnected, two of them would start the run alongside the first.
    await problems.getByText(/Node "transform_1" has no incoming edge/).waitFor();

    // Connect them by dragging handle to handle.
    await connect(page, "http_1", "transform_1");
    await connect(page, "transform_1", "noop_1");
    // A straight vertical edge has no width, which Playwright counts as hidden: wait for it to exist.
    await edge(page, "transform_1->noop_1").waitFor({ state: "attached" });
    await edge(page, "http_1->transform_1").waitFor({ state: "attached" });
    expect(await page.locator(".react-flow__edge").count()).toBe(2);
    await problems.getByText("Nothing to fix").waitFor();

    // A step added by mistake goes away with the Delete key.
    await palette.getByRole("button", { name: "Delay" }).click();
    await canvasNode(page, "delay_1").click();
    await page.keyboard.press("Delete");
    await canvasNode(page, "delay_1").waitFor({ state: "detached" });

    // Break the HTTP step: the problem shows in the list and on the node.
    await canvasNode(page, "http_1").click();
    const properties = page.getByRole("complementary", { name: "Properties" });
    const url = properties.getByLabel("URL");
    await url.fill("");
    await problems.getByText(/config\.url: A URL is required/).waitFor();
    const badge = canvasNode(page, "http_1").locator(".wf-node-badge");
    await badge.waitFor();
    expect(await badge.textContent()).toBe("1");
    expect(await badge.getAttribute("title")).toMatch(/A URL is required/);
    await properties.getByText("A URL is required", { exact: true }).waitFor();
    // Publishing now is refused by the API, which says why.
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByText("Couldn't publish").waitFor();
    await page
      .getByRole("list", { name: "Why publishing was refused" })
      .getByText(/A URL is required/)
      .waitFor();

    // Clicking the problem selects the node it is about (after selecting something else).
    await canvasNode(page, "noop_1").click();
    await properties.getByText("This step has nothing to configure.").waitFor();
    await problems.getByRole("button", { name: /A URL is required/ }).click();
    await properties.getByLabel("URL").waitFor();

    // Fix it through the form; the transform reads the HTTP step's output, picked from the autocomplete.
    await properties.getByLabel("URL").fill("https://api.example.com/users");
    await properties.getByLabel("Name").fill("Fetch users");
    await canvasNode(page, "http_1").getByText("Fetch users").waitFor();
    await canvasNode(page, "transform_1").click();
    const expression = properties.getByLabel("Expression");
    await expression.fill("");
    await expression.pressSequentially("steps.h");
    await page.getByRole("option", { name: "steps.http_1.output" }).waitFor();
    await expression.press("Enter");
    expect(await expression.inputValue()).toBe("steps.http_1.output");
    await problems.getByText("Nothing to fix").waitFor();
    expect(await badge.count()).toBe(0);

    // Move the last step aside by dragging it.
    const box = await canvasNode(page, "noop_1").boundingBox();
    if (!box) throw new Error("noop_1 is not visible");
    await page.mouse.move(box.x + 40, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 240, box.y + box.height / 2, { steps: 10 });
    await page.mouse.up();

    // Save, publish, and find version 1 in the history after a reload.
    await page.getByText("Unsaved changes").waitFor();
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText("All changes saved").waitFor();
    const id = new URL(page.url()).pathname.split("/").pop()!;
    const api = await apiClient(baseUrl);
    try {
      const res = await api.get(`/api/v1/workflows/${id}`, { headers: bearer(await apiToken(api, "owner")) });
      const saved = (await res.json()) as { draft: { graph: { nodes: { id: string; position: { x: number } }[] } } };
      const x = (nodeId: string) => saved.draft.graph.nodes.find((node) => node.id === nodeId)?.position.x ?? 0;
      expect(saved.draft.graph.nodes.map((node) => node.id)).toEqual(["http_1", "transform_1", "noop_1"]);
      expect(x("noop_1") - x("transform_1")).toBeGreaterThan(100);
    } finally {
      await api.dispose();
    }
    await page.getByLabel("Version note").fill("First cut");
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByText("Version 1 published").waitFor();
    await page.reload();
    const history = page.getByRole("region", { name: "Version history" });
    const v1 = history.getByRole("link", { name: "Version 1" });
    await v1.waitFor();
    await history.getByText("First cut").waitFor();
    // The reloaded draft is what was saved.
    await canvasNode(page, "http_1").getByText("Fetch users").waitFor();
    expect(await page.locator(".react-flow__edge").count()).toBe(2);

    // Version 1, read-only.
    await v1.click();
    await page.getByRole("heading", { level: 1, name: `${name} — version 1` }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/workflows\/wf_[^/]+\/versions\/1$/);
    await canvasNode(page, "transform_1").click();
    await page.getByRole("complementary", { name: "Properties" }).getByLabel("Expression").waitFor();
    expect(await page.getByRole("complementary", { name: "Properties" }).getByLabel("Expression").isDisabled()).toBe(
      true,
    );
    expect(await page.getByRole("complementary", { name: "Palette" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Save draft" }).count()).toBe(0);
    await page.getByRole("link", { name: "Back to draft" }).click();
    await page.getByRole("button", { name: "Save draft" }).waitFor();
  }, 60_000);

  it("labels a condition's connections with the branch handle they start from", async () => {
    const { page, baseUrl } = e2e;
    const api = await apiClient(baseUrl);
    let id: string;
    try {
      id = await createOverApi(api, unique("E2E branches"), {
        nodes: [
          { id: "check", type: "condition", config: { expression: "true" }, position: { x: 150, y: 0 } },
          { id: "yes", type: "noop", config: {}, position: { x: 0, y: 200 } },
          { id: "no", type: "noop", config: {}, position: { x: 300, y: 200 } },
        ],
        edges: [],
      });
    } finally {
      await api.dispose();
    }
    await signIn(page, "owner", `/workflows/${id}`);
    await handle(page, "check", "source", "true").waitFor();
    await handle(page, "check", "source", "false").waitFor();
    await connect(page, "check", "yes", "true");
    await connect(page, "check", "no", "false");
    await edge(page, "check->yes:true").waitFor({ state: "attached" });
    await edge(page, "check->no:false").waitFor({ state: "attached" });
    await page.getByRole("region", { name: "Problems" }).getByText("Nothing to fix").waitFor();
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText("All changes saved").waitFor();
    await page.reload();
    await edge(page, "check->yes:true").waitFor({ state: "attached" });
    expect(await page.locator(".react-flow__edge-text").allTextContents()).toEqual(["true", "false"]);
  });

  it("shows a viewer the editor read-only: no palette, no save, no publish", async () => {
    const { page, baseUrl } = e2e;
    const api = await apiClient(baseUrl);
    let id: string;
    try {
      id = await createOverApi(api, unique("E2E viewer"), TWO_STEPS);
    } finally {
      await api.dispose();
    }
    await signIn(page, "viewer", `/workflows/${id}`);
    await canvasNode(page, "fetch").waitFor();
    await page.getByText("only admins can change it").waitFor();
    expect(await page.getByRole("complementary", { name: "Palette" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Save draft" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Publish" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Edit details" }).count()).toBe(0);
    // Properties are readable, not editable.
    await canvasNode(page, "fetch").click();
    const url = page.getByRole("complementary", { name: "Properties" }).getByLabel("URL");
    expect(await url.inputValue()).toBe("https://api.example.com/a");
    expect(await url.isDisabled()).toBe(true);
    // The Delete key changes nothing either.
    await page.keyboard.press("Delete");
    expect(await canvasNode(page, "fetch").count()).toBe(1);
  });

  it("refuses a stale save with a 409, reloads the other person's draft, and edits the details", async () => {
    const { page, baseUrl } = e2e;
    const api = await apiClient(baseUrl);
    try {
      const id = await createOverApi(api, unique("E2E conflict"), TWO_STEPS);
      await signIn(page, "owner", `/workflows/${id}`);
      await canvasNode(page, "fetch").waitFor();

      // Someone else saves the draft (revision 1 → 2) while this editor is open.
      const token = await apiToken(api, "owner");
      const theirs = {
        ...TWO_STEPS,
        nodes: [...TWO_STEPS.nodes, { id: "theirs", type: "noop", config: {}, position: { x: 300, y: 0 } }],
      };
      const saved = await api.put(`/api/v1/workflows/${id}/draft`, {
        headers: bearer(token),
        data: { graph: theirs, revision: 1 },
      });
      expect(saved.status()).toBe(200);

      await page.getByRole("complementary", { name: "Palette" }).getByRole("button", { name: "Delay" }).click();
      await canvasNode(page, "delay_1").waitFor();
      await page.getByRole("button", { name: "Save draft" }).click();
      await page.getByText("Someone saved this draft since you opened it").waitFor();
      await page.getByText("Unsaved changes").waitFor();

      await page.getByRole("button", { name: "Reload" }).click();
      await canvasNode(page, "theirs").waitFor();
      await page.getByText("All changes saved").waitFor();
      expect(await canvasNode(page, "delay_1").count()).toBe(0);
      expect(await page.getByText("Someone saved this draft since you opened it").count()).toBe(0);

      // Details are saved on their own, apart from the draft.
      await page.getByRole("button", { name: "Edit details" }).click();
      const renamed = unique("E2E renamed");
      await page.getByRole("textbox", { name: "Name", exact: true }).fill(renamed);
      await page.getByLabel("Tags").fill("alpha, beta, alpha");
      await page.getByRole("button", { name: "Save details" }).click();
      await page.getByRole("heading", { level: 1, name: renamed }).waitFor();
      await page.locator(".wf-meta").getByText("beta").waitFor();
      await page.getByText("All changes saved").waitFor();
    } finally {
      await api.dispose();
    }
  });
});
