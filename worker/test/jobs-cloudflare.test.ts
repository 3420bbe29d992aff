/**
 * Issue #11's must-show for jobs: executing the built-in `cloudflare_dns_bulk` runbook through the jobs API
 * against the local Cloudflare fake creates the records, writes output.json and logs.ndjson, and a dry run
 * changes nothing.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { FAKE_CLOUDFLARE_TOKEN } from "./fakes/cloudflare";
import { call, jsonOf, registerOrg, type Session } from "./helpers";
import { createConnection, execute, finished, waitForJob } from "./jobs-helpers";
import { fixture, uniqueKey } from "./run-helpers";

const ZONE = "023e105f4ecef8ad9ca31a8372d0c353";
const CHANGES = [
  { action: "create", type: "A", name: "app", content: "192.0.2.10", ttl: 120 },
  { action: "create", type: "TXT", name: "@", content: "v=spf1 -all" },
];

let owner: Session;
let cloudflare: string;
beforeAll(async () => {
  owner = await registerOrg("jobs-cf");
  cloudflare = await createConnection(owner, FAKE_CLOUDFLARE_TOKEN, inject("cloudflareUrl"));
});

/** A fresh world of the fake (its own zones and request log). */
async function world() {
  const base = `${inject("cloudflareUrl")}/t/${uniqueKey("jobcf")}`;
  await fetch(`${base}/__seed`, {
    method: "POST",
    body: JSON.stringify({ zones: [{ id: ZONE, name: "example.com" }] }),
  });
  return {
    apiBase: `${base}/client/v4`,
    records: async () => {
      const state = (await (await fetch(`${base}/__state`)).json()) as any;
      return (state.state.zones[ZONE]?.records ?? []).map((r: any) => `${r.type} ${r.name} ${r.content}`).sort();
    },
  };
}

async function artifact(jobId: string, name: string): Promise<string> {
  const res = await call(`/api/v1/jobs/${jobId}/artifacts/${name}`, { token: owner.token });
  expect(res.status, name).toBe(200);
  return res.text();
}

describe("cloudflare_dns_bulk as a job", () => {
  it("creates the records on the API and writes output.json and logs.ndjson", async () => {
    const fake = await world();
    const res = await execute(owner, "cloudflare_dns_bulk", {
      inputs: { zone_id: ZONE, records: CHANGES, api_base: fake.apiBase },
      connections: { cloudflare },
    });
    expect(res.status).toBe(202);
    const { job_id } = await jsonOf(res);
    const job = await waitForJob(owner, job_id, finished);
    expect(job.status).toBe("completed");

    expect(await fake.records()).toEqual(["A app.example.com 192.0.2.10", "TXT example.com v=spf1 -all"]);
    const output = JSON.parse(await artifact(job_id, "output.json"));
    const report = Object.values(output)[0] as any;
    expect(report).toMatchObject({ applied: true, dry_run: false, diff: { summary: { create: 2 } } });
    const logs = (await artifact(job_id, "logs.ndjson"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(logs.some((l) => l.step_id === "apply" && l.level === "ok")).toBe(true);
    expect(logs.at(-1)?.message_human).toBe("The run completed.");
    expect(JSON.stringify(logs)).not.toContain(FAKE_CLOUDFLARE_TOKEN);
  });

  it("never sends the connection's token outside its base URL, whatever api_base says", async () => {
    const res = await execute(owner, "cloudflare_dns_bulk", {
      inputs: { zone_id: ZONE, records: CHANGES, api_base: `${fixture()}/echo/steal` },
      connections: { cloudflare },
    });
    expect(res.status).toBe(202);
    const job = await waitForJob(owner, (await jsonOf(res)).job_id, finished);
    expect(job.status).toBe("failed");
    expect(job.error).toMatchObject({ code: "connection_scope" });
    expect(JSON.stringify(job)).not.toContain(FAKE_CLOUDFLARE_TOKEN);
  });

  it("changes nothing in a dry run and shows the plan", async () => {
    const fake = await world();
    const res = await execute(owner, "cloudflare_dns_bulk", {
      inputs: { zone_id: ZONE, records: CHANGES, api_base: fake.apiBase },
      connections: { cloudflare },
      dry_run: true,
    });
    expect(res.status).toBe(202);
    const { job_id } = await jsonOf(res);
    const job = await waitForJob(owner, job_id, finished);
    expect(job).toMatchObject({ status: "completed", dry_run: true });

    expect(await fake.records()).toEqual([]);
    const report = Object.values(JSON.parse(await artifact(job_id, "output.json")))[0] as any;
    expect(report).toMatchObject({ applied: false, dry_run: true, diff: { summary: { create: 2 } } });
  });
});
