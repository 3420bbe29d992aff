/**
 * The `cloudflare_dns_bulk` runbook run through the real runtime against the local Cloudflare fake: a dry run
 * plans and changes nothing, a real run applies creates/updates/deletes in one batch, a bad token fails clearly.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { CLOUDFLARE_DNS_BULK } from "../runbooks/builtin/cloudflare-dns-bulk";
import { CONNECTION_PLACEHOLDER, type RunbookDefinition } from "../runbooks/types";
import { FAKE_CLOUDFLARE_TOKEN } from "./fakes/cloudflare";
import { call, jsonOf, registerOrg, type Session } from "./helpers";
import { getSteps, publishWorkflow, startRun, terminal, uniqueKey, waitForRun } from "./run-helpers";

let owner: Session;
beforeAll(async () => {
  owner = await registerOrg("cf-runbook");
});

async function createConnection(token: string): Promise<string> {
  const res = await call("/api/v1/connections", {
    token: owner.token,
    body: { name: uniqueKey("cloudflare"), credentials: { type: "bearer", token } },
  });
  if (res.status !== 201) throw new Error(`connection: ${res.status} ${await res.text()}`);
  return (await jsonOf(res)).id;
}

/** The runbook's graph with its connection placeholders bound, published as a workflow. */
async function publishRunbook(runbook: RunbookDefinition, connections: Record<string, string>): Promise<string> {
  const graph = JSON.parse(JSON.stringify(runbook.workflow), (_key, value) =>
    typeof value === "string" && value.startsWith(CONNECTION_PLACEHOLDER)
      ? connections[value.slice(CONNECTION_PLACEHOLDER.length)]
      : value,
  );
  return publishWorkflow(owner, graph, runbook.title);
}

/** A fresh world of the fake (its own zones and request log). */
function world() {
  const key = uniqueKey("cf");
  const base = `${inject("cloudflareUrl")}/t/${key}`;
  return {
    apiBase: `${base}/client/v4`,
    seed: (body: unknown) => fetch(`${base}/__seed`, { method: "POST", body: JSON.stringify(body) }),
    state: async () => (await (await fetch(`${base}/__state`)).json()) as any,
  };
}

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const SEEDED = [
  { type: "A", name: "www.example.com", content: "192.0.2.1", ttl: 1 },
  { type: "A", name: "api.example.com", content: "192.0.2.2", ttl: 300 },
  { type: "CNAME", name: "old.example.com", content: "www.example.com", proxied: true },
];
const CHANGES = [
  { action: "create", type: "A", name: "new", content: "192.0.2.10", ttl: 120 },
  { action: "update", type: "A", name: "api.example.com", content: "192.0.2.20" },
  { action: "delete", type: "CNAME", name: "old" },
  { action: "create", type: "A", name: "www", content: "192.0.2.1" },
];

async function runRunbook(workflowId: string, input: Record<string, unknown>) {
  const runId = await startRun(owner, workflowId, { input });
  return { runId, run: await waitForRun(owner, runId, terminal) };
}

describe("cloudflare_dns_bulk", () => {
  it("plans in a dry run without changing the zone", async () => {
    const fake = world();
    await fake.seed({ zones: [{ id: ZONE, name: "example.com", records: SEEDED }] });
    const wf = await publishRunbook(CLOUDFLARE_DNS_BULK, { cloudflare: await createConnection(FAKE_CLOUDFLARE_TOKEN) });

    const { run } = await runRunbook(wf, { zone_id: ZONE, records: CHANGES, dry_run: true, api_base: fake.apiBase });

    expect(run.status).toBe("completed");
    const report = run.output.report;
    expect(report).toMatchObject({
      zone_id: ZONE,
      zone_name: "example.com",
      dry_run: true,
      applied: false,
      result: null,
    });
    expect(report.diff.summary).toEqual({ create: 1, update: 1, delete: 1, unchanged: 1 });
    expect(report.diff.create).toEqual([{ type: "A", name: "new.example.com", content: "192.0.2.10", ttl: 120 }]);
    expect(report.diff.update[0]).toMatchObject({
      name: "api.example.com",
      content: "192.0.2.20",
      before: { content: "192.0.2.2" },
    });
    expect(report.diff.delete[0]).toMatchObject({ type: "CNAME", name: "old.example.com" });

    const state = await fake.state();
    expect(state.state.zones[ZONE].records.map((r: any) => [r.name, r.content])).toEqual(
      SEEDED.map((r) => [r.name, r.content]),
    );
    // Only reads reached the API, each with the connection's token.
    expect(state.requests.map((r: any) => `${r.method} ${r.path}`)).toEqual([
      `GET /client/v4/zones/${ZONE}`,
      `GET /client/v4/zones/${ZONE}/dns_records`,
    ]);
    expect(state.requests[1].query).toEqual({ per_page: "5000" });
    for (const r of state.requests) expect(r.headers.authorization).toBe(`Bearer ${FAKE_CLOUDFLARE_TOKEN}`);
  });

  it("applies creates, updates and deletes in one batch and reports the result", async () => {
    const fake = world();
    await fake.seed({ zones: [{ id: ZONE, name: "example.com", records: SEEDED }] });
    const wf = await publishRunbook(CLOUDFLARE_DNS_BULK, { cloudflare: await createConnection(FAKE_CLOUDFLARE_TOKEN) });

    const { run, runId } = await runRunbook(wf, { zone_id: ZONE, records: CHANGES, api_base: fake.apiBase });

    expect(run.status).toBe("completed");
    const state = await fake.state();
    const records = state.state.zones[ZONE].records.map((r: any) => `${r.type} ${r.name} ${r.content}`).sort();
    expect(records).toEqual([
      "A api.example.com 192.0.2.20",
      "A new.example.com 192.0.2.10",
      "A www.example.com 192.0.2.1",
    ]);
    const batch = state.requests.find((r: any) => r.path.endsWith("/dns_records/batch"));
    expect(batch.method).toBe("POST");
    expect(batch.body.posts).toEqual([{ type: "A", name: "new.example.com", content: "192.0.2.10", ttl: 120 }]);
    expect(batch.body.deletes).toHaveLength(1);

    const report = run.output.report;
    expect(report).toMatchObject({ dry_run: false, applied: true });
    expect(report.diff.summary).toEqual({ create: 1, update: 1, delete: 1, unchanged: 1 });
    expect(report.result.created[0]).toMatchObject({ name: "new.example.com", content: "192.0.2.10" });
    expect(report.result.updated[0]).toMatchObject({ name: "api.example.com", content: "192.0.2.20" });
    expect(report.result.deleted[0]).toMatchObject({ type: "CNAME", name: "old.example.com" });
    const steps = await getSteps(owner, runId);
    expect(steps.find((s) => s.node_id === "apply")?.status).toBe("succeeded");

    // Running the same change again finds nothing to do and sends no batch.
    const again = await runRunbook(wf, { zone_id: ZONE, records: CHANGES, api_base: fake.apiBase });
    expect(again.run.output.report).toMatchObject({
      applied: false,
      diff: { summary: { create: 0, update: 0, delete: 0, unchanged: 4 } },
    });
    const after = await fake.state();
    expect(after.requests.filter((r: any) => r.path.endsWith("/batch"))).toHaveLength(1);
  });

  it("fails on the first call with a clear error when the token is rejected", async () => {
    const fake = world();
    const wf = await publishRunbook(CLOUDFLARE_DNS_BULK, {
      cloudflare: await createConnection("not-a-valid-token-123"),
    });

    const { run, runId } = await runRunbook(wf, {
      zone_id: ZONE,
      records: [{ action: "create", type: "A", name: "x", content: "192.0.2.9" }],
      api_base: fake.apiBase,
    });

    expect(run.status).toBe("failed");
    expect(run.last_error_human).toMatch(/401 Unauthorized/);
    expect(run.last_error_human).toMatch(/check the credentials/);
    const steps = await getSteps(owner, runId);
    const failed = steps.find((s) => s.node_id === "get_zone");
    expect(failed?.status).toBe("failed");
    expect(failed?.error_code).toBe("http_status_4xx");
    expect(failed?.attempts).toBe(1);
    expect(steps.find((s) => s.node_id === "apply")?.status).not.toBe("succeeded");
    expect((await fake.state()).requests).toHaveLength(1);
  });

  it("refuses input that does not match the runbook's schema", async () => {
    const wf = await publishRunbook(CLOUDFLARE_DNS_BULK, { cloudflare: await createConnection(FAKE_CLOUDFLARE_TOKEN) });
    const res = await call(`/api/v1/workflows/${wf}/runs`, {
      token: owner.token,
      body: { input: { zone_id: ZONE, records: [{ action: "create", type: "A", name: "x" }] } },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("content");
  });
});
