/**
 * Runbooks and jobs through the real Worker: the catalog, execute (validation, connections, roles, 202),
 * jobs in /jobs and /runs, tenancy, approvals for high-risk runbooks, artifacts in R2 and the log stream.
 * Uses a small test runbook registered for this file, so it doesn't depend on a built-in's provider fake.
 */
import { env } from "cloudflare:workers";
import { parseTarGzip } from "nanotar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testRunbook } from "../jobs/test-runbook";
import { registerRunbook } from "../runbooks/registry";
import { addMember, call, jsonOf, registerOrg, type Session } from "./helpers";
import { createConnection, execute, finished, parseSse, waitForJob } from "./jobs-helpers";
import { publishWorkflow, startRun } from "./run-helpers";

let owner: Session;
let operator: Session;
let viewer: Session;
let orgB: Session;
let conn: string;
const cleanup: (() => void)[] = [];

beforeAll(async () => {
  cleanup.push(registerRunbook(testRunbook()));
  cleanup.push(registerRunbook(testRunbook({ name: "test_risky", title: "Risky echo", risk: "high" })));
  owner = await registerOrg("jobs-owner");
  operator = await addMember(owner, "operator");
  viewer = await addMember(owner, "viewer");
  orgB = await registerOrg("jobs-b");
  conn = await createConnection(owner);
});
afterAll(() => {
  for (const fn of cleanup) fn();
});

describe("runbook catalog", () => {
  it("lists runbooks with their form schema and risk, without the graph", async () => {
    const res = await call("/api/v1/runbooks", { token: viewer.token });
    expect(res.status).toBe(200);
    const { items } = await jsonOf(res);
    const echo = items.find((r: any) => r.name === "test_echo");
    expect(echo).toMatchObject({ title: "Echo", risk: "low", version: 1, supports_dry_run: true });
    expect(echo.schema_json.required).toEqual(["message"]);
    expect(echo.required_connections).toEqual([{ key: "api", description: "Any connection" }]);
    expect(echo.workflow).toBeUndefined();
    expect(items.some((r: any) => r.name === "cloudflare_dns_bulk")).toBe(true);
  });

  it("answers 404 runbook_not_found for an unknown runbook", async () => {
    const res = await call("/api/v1/runbooks/nope", { token: viewer.token });
    expect(res.status).toBe(404);
    expect((await jsonOf(res)).error.code).toBe("runbook_not_found");
    const exec = await execute(owner, "nope", { inputs: {}, connections: {} });
    expect(exec.status).toBe(404);
  });
});

describe("execute", () => {
  it("refuses inputs that don't match the schema, naming each field", async () => {
    const res = await execute(operator, "test_echo", { inputs: { count: 0 }, connections: { api: conn } });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.error.code).toBe("validation_failed");
    const paths = body.error.details.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["inputs.message", "inputs.count"]));
  });

  it("names a connection slot that is missing or not one of the org's connections", async () => {
    const missing = await execute(operator, "test_echo", { inputs: { message: "hi" }, connections: {} });
    expect(missing.status).toBe(400);
    const m = await jsonOf(missing);
    expect(m.error.code).toBe("connection_missing");
    expect(m.error.details.issues[0].path).toBe("connections.api");
    const foreign = await createConnection(orgB);
    const other = await execute(operator, "test_echo", { inputs: { message: "hi" }, connections: { api: foreign } });
    expect(other.status).toBe(400);
    expect((await jsonOf(other)).error.code).toBe("connection_not_found");
    const unpinned = await createConnection(owner, "tok-unpinned-0123456789", null);
    const loose = await execute(operator, "test_echo", { inputs: { message: "hi" }, connections: { api: unpinned } });
    expect(loose.status).toBe(400);
    const l = await jsonOf(loose);
    expect(l.error.code).toBe("connection_unscoped");
    expect(l.error.details.issues[0]).toMatchObject({ path: "connections.api" });
  });

  it("is refused to a viewer", async () => {
    const res = await execute(viewer, "test_echo", { inputs: { message: "hi" }, connections: { api: conn } });
    expect(res.status).toBe(403);
  });

  it("answers 202 with a job that runs outside the request and shows in /jobs and /runs", async () => {
    const res = await execute(operator, "test_echo", { inputs: { message: "hello" }, connections: { api: conn } });
    expect(res.status).toBe(202);
    const { job_id, status } = await jsonOf(res);
    expect(job_id).toMatch(/^run_/);
    expect(typeof status).toBe("string");

    const job = await waitForJob(viewer, job_id, finished);
    expect(job).toMatchObject({
      id: job_id,
      runbook: "test_echo",
      title: "Echo",
      risk: "low",
      status: "completed",
      dry_run: false,
      inputs: { message: "hello" },
      created_by: operator.userId,
      error: null,
      source: null,
    });
    expect(job.steps.map((s: any) => [s.node_id, s.type, s.status])).toEqual([
      ["prepare", "set", "succeeded"],
      ["echo", "set", "succeeded"],
    ]);
    expect(job.output.echo).toMatchObject({ message: "hello", api: conn });

    const list = await jsonOf(await call("/api/v1/jobs?runbook=test_echo", { token: viewer.token }));
    expect(list.items.map((j: any) => j.id)).toContain(job_id);
    expect((await call(`/api/v1/runs/${job_id}`, { token: viewer.token })).status).toBe(200);
    // Run lists show workflow runs unless asked for jobs; the runbook's workflow is not in the catalog.
    const runs = await jsonOf(await call("/api/v1/runs", { token: viewer.token }));
    expect(runs.items.map((r: any) => r.id)).not.toContain(job_id);
    const jobRuns = await jsonOf(await call("/api/v1/runs?kind=job", { token: viewer.token }));
    expect(jobRuns.items.map((r: any) => r.id)).toContain(job_id);
    const workflows = await jsonOf(await call("/api/v1/workflows", { token: viewer.token }));
    expect(workflows.items.some((w: any) => w.tags.includes("runbook"))).toBe(false);

    const audit = await jsonOf(await call("/api/v1/audit?limit=100", { token: owner.token }));
    expect(audit.items.find((e: any) => e.action === "runbook.executed" && e.target_id === job_id)).toBeDefined();
  });

  it("sets the runbook's dry_run input and publishes a new version only when the bound graph changes", async () => {
    const dry = await jsonOf(
      await execute(operator, "test_echo", { inputs: { message: "x" }, connections: { api: conn }, dry_run: true }),
    );
    const job = await waitForJob(operator, dry.job_id, finished);
    expect(job.dry_run).toBe(true);
    expect(job.output.echo.dry_run).toBe(true);
    const versions = async () =>
      (
        await env.DB.prepare(
          "SELECT COUNT(*) AS n FROM workflow_versions v JOIN workflows w ON w.id = v.workflow_id WHERE w.org_id = ? AND w.runbook = 'test_echo'",
        )
          .bind(owner.orgId)
          .first<{ n: number }>()
      )?.n;
    const before = await versions();
    await execute(operator, "test_echo", { inputs: { message: "y" }, connections: { api: conn } });
    expect(await versions()).toBe(before);
    const other = await createConnection(owner);
    await execute(operator, "test_echo", { inputs: { message: "z" }, connections: { api: other } });
    expect(await versions()).toBe((before ?? 0) + 1);
  });

  it("keeps another org's jobs out of reach", async () => {
    const { job_id } = await jsonOf(
      await execute(owner, "test_echo", { inputs: { message: "mine" }, connections: { api: conn } }),
    );
    for (const path of [`/api/v1/jobs/${job_id}`, `/api/v1/jobs/${job_id}/artifacts`, `/api/v1/runs/${job_id}`]) {
      const res = await call(path, { token: orgB.token });
      expect(res.status, path).toBe(404);
    }
    const list = await jsonOf(await call("/api/v1/jobs", { token: orgB.token }));
    expect(list.items).toEqual([]);
  });
});

describe("high-risk runbooks", () => {
  it("wait for an operator's approval, then run", async () => {
    const res = await execute(operator, "test_risky", { inputs: { message: "careful" }, connections: { api: conn } });
    expect(res.status).toBe(202);
    const { job_id } = await jsonOf(res);
    const waiting = await waitForJob(operator, job_id, (j) => j.status === "waiting");
    expect(waiting.wait_reason).toBe("approval");
    expect(waiting.steps[0]).toMatchObject({ node_id: "runbook_approval", type: "approval", status: "waiting" });
    expect(waiting.steps.slice(1).every((s: any) => s.status === "pending")).toBe(true);
    const run = await jsonOf(await call(`/api/v1/runs/${job_id}/steps`, { token: operator.token }));
    expect(JSON.stringify(run.items[0])).toContain("careful");

    const refused = await call(`/api/v1/runs/${job_id}/steps/runbook_approval/approve`, {
      token: viewer.token,
      body: {},
    });
    expect(refused.status).toBe(403);
    const approved = await call(`/api/v1/runs/${job_id}/steps/runbook_approval/approve`, {
      token: operator.token,
      body: {},
    });
    expect(approved.status).toBe(200);
    const done = await waitForJob(operator, job_id, finished);
    expect(done.status).toBe("completed");
    expect(done.output.echo.message).toBe("careful");
  });
});

describe("artifacts and logs", () => {
  let jobId: string;
  beforeAll(async () => {
    const res = await execute(operator, "test_echo", { inputs: { message: "art" }, connections: { api: conn } });
    jobId = (await jsonOf(res)).job_id;
    await waitForJob(operator, jobId, finished);
  });

  it("writes output.json, logs.ndjson and artifacts.tar.gz, downloadable by the org", async () => {
    let list = await jsonOf(await call(`/api/v1/jobs/${jobId}/artifacts`, { token: viewer.token }));
    expect(list.items.map((a: any) => a.name).sort()).toEqual(["artifacts.tar.gz", "logs.ndjson", "output.json"]);
    const output = list.items.find((a: any) => a.name === "output.json");
    expect(output.content_type).toBe("application/json");
    const res = await call(output.url, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain('attachment; filename="output.json"');
    expect(JSON.parse(await res.text())).toMatchObject({ echo: { message: "art" } });

    const logs = await (await call(`/api/v1/jobs/${jobId}/artifacts/logs.ndjson`, { token: viewer.token })).text();
    const lines = logs
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.some((l) => l.message_human === "The run completed.")).toBe(true);

    // A file a runner uploaded after the fact, and a lost archive: the archive is rebuilt on the next read.
    await env.ARTIFACTS.put(`artifacts/${jobId}/files/report.txt`, "all good");
    await env.ARTIFACTS.delete(`artifacts/${jobId}/artifacts.tar.gz`);
    list = await jsonOf(await call(`/api/v1/jobs/${jobId}/artifacts`, { token: viewer.token }));
    expect(list.items.map((a: any) => a.name)).toEqual(
      expect.arrayContaining(["artifacts.tar.gz", "files/report.txt"]),
    );
    const tar = await call(`/api/v1/jobs/${jobId}/artifacts/artifacts.tar.gz`, { token: viewer.token });
    const files = await parseTarGzip(new Uint8Array(await tar.arrayBuffer()));
    const report = files.find((f) => f.name === "files/report.txt");
    expect(report && new TextDecoder().decode(report.data)).toBe("all good");
    const file = await call(`/api/v1/jobs/${jobId}/artifacts/files/report.txt`, { token: viewer.token });
    expect(await file.text()).toBe("all good");
  });

  it("answers 404 for a missing artifact and for another org", async () => {
    expect((await call(`/api/v1/jobs/${jobId}/artifacts/nope.txt`, { token: viewer.token })).status).toBe(404);
    expect((await call(`/api/v1/jobs/${jobId}/artifacts/output.json`, { token: orgB.token })).status).toBe(404);
  });

  it("refuses artifact names that climb out of the job's folder with 400, before reading storage", async () => {
    const other = (
      await jsonOf(await execute(operator, "test_echo", { inputs: { message: "x" }, connections: { api: conn } }))
    ).job_id;
    for (const name of [
      `..%2F${other}%2Foutput.json`,
      `%2e%2e%2F${other}%2Foutput.json`,
      `files%2F..%2F..%2F${other}%2Foutput.json`,
      "%2Fetc%2Fpasswd",
      `..%5C${other}%5Coutput.json`,
    ]) {
      const res = await call(`/api/v1/jobs/${jobId}/artifacts/${name}`, { token: viewer.token });
      expect(res.status, name).toBe(400);
      expect((await jsonOf(res)).error.code, name).toBe("validation_failed");
    }
    const nested = await call(`/api/v1/jobs/${jobId}/artifacts/files/..%2F..%2F${other}%2Foutput.json`, {
      token: viewer.token,
    });
    expect(nested.status).toBe(400);
  });

  it("streams the job's events over SSE, replaying after Last-Event-ID", async () => {
    const res = await call(`/api/v1/jobs/${jobId}/logs/stream`, { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = parseSse(await res.text());
    expect(events[0]?.id).toBe("1");
    expect(events.at(-1)?.event).toBe("execution.completed");
    expect(events.every((e) => e.data.execution_id === jobId)).toBe(true);

    const replay = parseSse(
      await (
        await call(`/api/v1/jobs/${jobId}/logs/stream`, { token: viewer.token, headers: { "Last-Event-ID": "2" } })
      ).text(),
    );
    expect(replay[0]?.id).toBe("3");
    expect(replay.length).toBe(events.length - 2);
  });

  it("treats a workflow run as no job", async () => {
    const wf = await publishWorkflow(owner, { nodes: [{ id: "a", type: "noop", config: {} }], edges: [] });
    const runId = await startRun(owner, wf);
    for (const path of [
      `/api/v1/jobs/${runId}`,
      `/api/v1/jobs/${runId}/logs/stream`,
      `/api/v1/jobs/${runId}/artifacts`,
    ]) {
      const res = await call(path, { token: owner.token });
      expect(res.status, path).toBe(404);
    }
    const list = await jsonOf(await call("/api/v1/jobs?limit=100", { token: owner.token }));
    expect(list.items.map((j: any) => j.id)).not.toContain(runId);
  });

  it("refuses a dry run of a runbook without one", async () => {
    const cleanupNoDry = registerRunbook(testRunbook({ name: "test_nodry", supports_dry_run: false }));
    try {
      const res = await execute(operator, "test_nodry", {
        inputs: { message: "x" },
        connections: { api: conn },
        dry_run: true,
      });
      expect(res.status).toBe(400);
      expect((await jsonOf(res)).error.details.issues[0].path).toBe("dry_run");
    } finally {
      cleanupNoDry();
    }
  });
});
