/**
 * The Portainer, n8n and Hetzner built-in runbooks run through the real runtime against local fakes of those
 * APIs: what each sends, what it outputs and stores, how it polls, and how a rejected credential fails.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { N8N_BACKUP } from "../runbooks/builtin/n8n-backup";
import { PORTAINER_INVENTORY } from "../runbooks/builtin/portainer-inventory";
import { PORTAINER_LOGS } from "../runbooks/builtin/portainer-logs";
import { SWARM_DEPLOY } from "../runbooks/builtin/swarm-deploy";
import { VPS_PROVISION } from "../runbooks/builtin/vps-provision";
import { CONNECTION_PLACEHOLDER, type RunbookDefinition } from "../runbooks/types";
import { FAKE_HETZNER_TOKEN } from "./fakes/hetzner";
import { FAKE_N8N_API_KEY } from "./fakes/n8n";
import { FAKE_PORTAINER_API_KEY } from "./fakes/portainer";
import { call, jsonOf, registerOrg, type Session } from "./helpers";
import { getSteps, publishWorkflow, startRun, terminal, uniqueKey, waitForRun } from "./run-helpers";

let owner: Session;
beforeAll(async () => {
  owner = await registerOrg("runbooks");
});

async function createConnection(credentials: Record<string, unknown>): Promise<string> {
  const res = await call("/api/v1/connections", { token: owner.token, body: { name: uniqueKey("conn"), credentials } });
  if (res.status !== 201) throw new Error(`connection: ${res.status} ${await res.text()}`);
  return (await jsonOf(res)).id;
}

const portainerKey = (key = FAKE_PORTAINER_API_KEY) => createConnection({ type: "api_key", api_key: key });

/** Publishes the runbook's graph with its connection placeholders bound, runs it, waits for the end. */
async function runRunbook(runbook: RunbookDefinition, connections: Record<string, string>, input: unknown) {
  const graph = JSON.parse(JSON.stringify(runbook.workflow), (_key, value) =>
    typeof value === "string" && value.startsWith(CONNECTION_PLACEHOLDER)
      ? connections[value.slice(CONNECTION_PLACEHOLDER.length)]
      : value,
  );
  const workflowId = await publishWorkflow(owner, graph, runbook.title);
  const runId = await startRun(owner, workflowId, { input });
  const run = await waitForRun(owner, runId, terminal, 18_000);
  const steps = await getSteps(owner, runId);
  return { run, steps, step: (id: string) => steps.find((s) => s.node_id === id) };
}

/** A fresh world of a fake (its own state and request log), see worker/test/fakes/index.ts. */
function world(provider: "portainerUrl" | "n8nUrl" | "hetznerUrl") {
  const base = `${inject(provider)}/t/${uniqueKey("w")}`;
  return {
    base,
    seed: (body: unknown) => fetch(`${base}/__seed`, { method: "POST", body: JSON.stringify(body) }),
    state: async () => (await (await fetch(`${base}/__state`)).json()) as any,
  };
}

describe("portainer_inventory", () => {
  it("lists the environments and every container of the first one", async () => {
    const fake = world("portainerUrl");
    await fake.seed({
      endpoints: [
        { Id: 2, Name: "edge" },
        { Id: 1, Name: "local" },
      ],
      containers: [
        {
          endpoint_id: 1,
          Id: "a1b2c3d4e5f6a7b8",
          name: "web",
          Image: "nginx:1.27",
          State: "running",
          Status: "Up 2 hours",
        },
        { endpoint_id: 1, Id: "0f0e0d0c0b0a0908", name: "job", Image: "alpine", State: "exited", Status: "Exited (0)" },
        { endpoint_id: 2, Id: "ffffffffffffffff", name: "other", Image: "redis", State: "running", Status: "Up" },
      ],
    });
    const { run } = await runRunbook(
      PORTAINER_INVENTORY,
      { portainer: await portainerKey() },
      { portainer_url: fake.base },
    );

    expect(run.status).toBe("completed");
    expect(run.output.report).toEqual({
      endpoint: { id: 1, name: "local" },
      endpoints: [
        { id: 2, name: "edge", status: "up" },
        { id: 1, name: "local", status: "up" },
      ],
      containers: [
        { id: "a1b2c3d4e5f6", name: "web", image: "nginx:1.27", state: "running", status: "Up 2 hours" },
        { id: "0f0e0d0c0b0a", name: "job", image: "alpine", state: "exited", status: "Exited (0)" },
      ],
      summary: { containers: 2, running: 1 },
    });
    const { requests } = await fake.state();
    expect(requests.map((r: any) => `${r.method} ${r.path}`)).toEqual([
      "GET /api/endpoints",
      "GET /api/endpoints/1/docker/containers/json",
    ]);
    expect(requests[1].query).toEqual({ all: "1" });
    expect(requests[0].headers["x-api-key"]).toBe(FAKE_PORTAINER_API_KEY);
  });

  it("fails clearly for an unknown environment and for a rejected API key", async () => {
    const fake = world("portainerUrl");
    const missing = await runRunbook(
      PORTAINER_INVENTORY,
      { portainer: await portainerKey() },
      { portainer_url: fake.base, endpoint_id: 9 },
    );
    expect(missing.run.status).toBe("failed");
    expect(missing.run.last_error_human).toContain("Portainer has no environment with id 9");

    const denied = await runRunbook(
      PORTAINER_INVENTORY,
      { portainer: await portainerKey("ptr_wrong_key_000000000000") },
      { portainer_url: fake.base },
    );
    expect(denied.run.status).toBe("failed");
    expect(denied.step("list_endpoints")).toMatchObject({
      status: "failed",
      error_code: "http_status_4xx",
      attempts: 1,
    });
    expect(denied.run.last_error_human).toMatch(/401 Unauthorized \(check the credentials\)/);
  });
});

describe("portainer_logs", () => {
  it("stores the last lines as a text artifact and counts them", async () => {
    const fake = world("portainerUrl");
    const logs = ["boot", "listening on :80", "GET / 200", "GET /health 200", "shutting down"];
    await fake.seed({
      containers: [
        { endpoint_id: 1, Id: "abc123def456aaaa", name: "web", Image: "nginx", State: "running", Status: "Up", logs },
      ],
    });
    const { run, step } = await runRunbook(
      PORTAINER_LOGS,
      { portainer: await portainerKey() },
      { portainer_url: fake.base, endpoint_id: 1, container_id: "abc123def456", tail: 3 },
    );

    expect(run.status).toBe("completed");
    expect(run.output.report).toMatchObject({ container_id: "abc123def456", tail: 3, line_count: 3 });
    const artifact = run.output.report.artifact;
    expect(artifact).toMatchObject({ name: "logs-abc123def456.txt", content_type: "text/plain; charset=utf-8" });
    const stored = await env.ARTIFACTS.get(artifact.key);
    expect(await stored?.text()).toBe("GET / 200\nGET /health 200\nshutting down\n");
    expect(step("store_logs")?.status).toBe("succeeded");
    const { requests } = await fake.state();
    expect(requests[0].path).toBe("/api/endpoints/1/docker/containers/abc123def456/logs");
    expect(requests[0].query).toEqual({ stdout: "1", stderr: "1", tail: "3" });
  });

  it("fails with Docker's answer when the container does not exist", async () => {
    const fake = world("portainerUrl");
    const { run, step } = await runRunbook(
      PORTAINER_LOGS,
      { portainer: await portainerKey() },
      { portainer_url: fake.base, endpoint_id: 1, container_id: "nope" },
    );
    expect(run.status).toBe("failed");
    expect(step("fetch_logs")).toMatchObject({ error_code: "http_status_4xx" });
    expect(step("fetch_logs")?.error_tech).toContain("No such container: nope");
    expect(step("store_logs")?.status).not.toBe("succeeded");
  });
});

const COMPOSE_V1 =
  "version: '3.8'\nservices:\n  web:\n    image: nginx:1.27\n    deploy:\n      replicas: 2\n  worker:\n    image: busybox\n";
const COMPOSE_V2 = COMPOSE_V1.replace("replicas: 2", "replicas: 3");

describe("swarm_deploy", () => {
  it("creates a missing stack, polls until every service runs, then updates it on the next run", async () => {
    const fake = world("portainerUrl");
    await fake.seed({ healthy_after_polls: 2 });
    const portainer = await portainerKey();
    const input = {
      portainer_url: fake.base,
      endpoint_id: 1,
      stack_name: "shop",
      compose: COMPOSE_V1,
      env: [{ name: "TAG", value: "1.0" }],
    };

    const created = await runRunbook(SWARM_DEPLOY, { portainer }, input);
    expect(created.run.status).toBe("completed");
    const report = created.run.output.report;
    expect(report).toMatchObject({ stack_name: "shop", action: "created" });
    expect(report.services).toEqual([
      { name: "shop_web", image: "nginx:1.27", running: 2, desired: 2, tasks: ["running", "running"] },
      { name: "shop_worker", image: "busybox", running: 1, desired: 1, tasks: ["running"] },
    ]);
    // The first poll found the services starting; the step polled again (a retry) and then saw them running.
    expect(created.step("wait_services")?.attempts).toBe(2);
    expect(created.step("wait_services")?.attempt_history[0]).toMatchObject({ error_code: "condition_not_met" });
    expect(created.step("update_stack")?.status).toBe("skipped");
    let state = await fake.state();
    const createRequest = state.requests.find((r: any) => r.path === "/api/stacks/create/swarm/string");
    expect(createRequest.query).toEqual({ endpointId: "1" });
    expect(createRequest.body).toEqual({
      name: "shop",
      swarmID: "swarm0fake0cluster0id0000001",
      stackFileContent: COMPOSE_V1,
      env: [{ name: "TAG", value: "1.0" }],
    });
    const services = state.requests.find((r: any) => r.path === "/api/endpoints/1/docker/services");
    expect(JSON.parse(services.query.filters)).toEqual({ label: ["com.docker.stack.namespace=shop"] });
    expect(report.stack_id).toBe(state.state.stacks[0].Id);

    const updated = await runRunbook(SWARM_DEPLOY, { portainer }, { ...input, compose: COMPOSE_V2, prune: true });
    expect(updated.run.status).toBe("completed");
    expect(updated.run.output.report).toMatchObject({ action: "updated", stack_id: report.stack_id });
    expect(updated.run.output.report.services[0]).toMatchObject({ name: "shop_web", running: 3, desired: 3 });
    expect(updated.step("create_stack")?.status).toBe("skipped");
    state = await fake.state();
    expect(state.state.stacks).toHaveLength(1);
    expect(state.state.stacks[0]).toMatchObject({ StackFileContent: COMPOSE_V2, UpdateCount: 1, Prune: true });
  });

  it("fails at the first call when the API key is rejected, deploying nothing", async () => {
    const fake = world("portainerUrl");
    const { run, step } = await runRunbook(
      SWARM_DEPLOY,
      { portainer: await portainerKey("ptr_revoked_key_0000000000") },
      { portainer_url: fake.base, endpoint_id: 1, stack_name: "shop", compose: COMPOSE_V1 },
    );
    expect(run.status).toBe("failed");
    expect(step("find_stack")).toMatchObject({ status: "failed", error_code: "http_status_4xx" });
    expect((await fake.state()).state.stacks).toEqual([]);
  });
});

describe("n8n_backup", () => {
  const credentials = { slackApi: { id: "7", name: "Team Slack" } };
  const workflows = [
    {
      id: "w1",
      name: "Onboarding",
      active: true,
      nodes: [{ name: "Slack", type: "n8n-nodes-base.slack", credentials }],
    },
    { id: "w2", name: "Billing sync", active: false, nodes: [{ name: "Slack", credentials }] },
    { id: "w3", name: "Nightly", active: true, nodes: [] },
  ];

  it("reads every page and stores n8n-backup.json with the workflows and credential names only", async () => {
    const fake = world("n8nUrl");
    await fake.seed({ workflows, page_size: 2 });
    const n8n = await createConnection({ type: "api_key", api_key: FAKE_N8N_API_KEY, param_name: "X-N8N-API-KEY" });
    const { run, step } = await runRunbook(N8N_BACKUP, { n8n }, { n8n_url: fake.base });

    expect(run.status).toBe("completed");
    expect(run.output.report).toMatchObject({
      workflows: 3,
      active_workflows: 2,
      accounts_referenced: 1,
      complete: true,
      note: null,
    });
    expect(step("page_2")?.status).toBe("succeeded");
    const { requests } = await fake.state();
    expect(requests.map((r: any) => r.query.limit)).toEqual(["250", "250"]);
    expect(requests[1].query.cursor).toBeTruthy();
    expect(requests[0].headers["x-n8n-api-key"]).toBe(FAKE_N8N_API_KEY);

    const artifact = run.output.report.artifact;
    expect(artifact.name).toBe("n8n-backup.json");
    const backup = JSON.parse((await (await env.ARTIFACTS.get(artifact.key))?.text()) ?? "null");
    expect(backup).toMatchObject({ format: "fluxo.n8n-backup.v1", workflow_count: 3, complete: true });
    expect(backup.workflows.map((w: any) => w.name)).toEqual(["Onboarding", "Billing sync", "Nightly"]);
    expect(backup.credentials).toEqual([{ type: "slackApi", id: "7", name: "Team Slack" }]);
  });

  it("skips the second page when the first is the last, and fails clearly on a rejected key", async () => {
    const fake = world("n8nUrl");
    await fake.seed({ workflows });
    const good = await createConnection({ type: "api_key", api_key: FAKE_N8N_API_KEY, param_name: "X-N8N-API-KEY" });
    const single = await runRunbook(N8N_BACKUP, { n8n: good }, { n8n_url: fake.base });
    expect(single.run.output.report).toMatchObject({ workflows: 3, complete: true });
    expect(single.step("page_2")?.status).toBe("skipped");

    const bad = await createConnection({
      type: "api_key",
      api_key: "wrong-n8n-key-123456",
      param_name: "X-N8N-API-KEY",
    });
    const denied = await runRunbook(N8N_BACKUP, { n8n: bad }, { n8n_url: fake.base });
    expect(denied.run.status).toBe("failed");
    expect(denied.step("page_1")).toMatchObject({ error_code: "http_status_4xx" });
    expect(denied.run.last_error_human).toMatch(/401 Unauthorized/);
  });
});

describe("vps_provision", () => {
  const input = (base: string, name: string) => ({
    name,
    server_type: "cx22",
    image: "ubuntu-24.04",
    location: "nbg1",
    user_data: "#cloud-config\npackages: [nginx]\n",
    api_base: `${base}/v1`,
  });

  it("creates the server with cloud-init, polls until it runs and reports its addresses, never the password", async () => {
    const fake = world("hetznerUrl");
    await fake.seed({ running_after_polls: 2 });
    const hetzner = await createConnection({ type: "bearer", token: FAKE_HETZNER_TOKEN });
    const { run, step } = await runRunbook(VPS_PROVISION, { hetzner }, input(fake.base, "web-1"));

    expect(run.status).toBe("completed");
    const state = await fake.state();
    const server = state.state.servers[0];
    expect(run.output.report).toEqual({
      id: server.id,
      name: "web-1",
      status: "running",
      ipv4: server.ipv4,
      ipv6: server.ipv6,
      server_type: "cx22",
      location: "nbg1",
      access: "root password generated by Hetzner (not shown here: reset it in the Hetzner console)",
    });
    expect(server).toMatchObject({
      user_data: "#cloud-config\npackages: [nginx]\n",
      labels: { "managed-by": "fluxo" },
    });
    expect(state.requests[0].body).not.toHaveProperty("ssh_keys");
    expect(state.requests[0].headers.authorization).toBe(`Bearer ${FAKE_HETZNER_TOKEN}`);
    expect(step("wait_running")?.attempts).toBe(2);
    const transcript = await Promise.all(
      ["", "/steps", "/events", "/logs"].map((s) =>
        call(`/api/v1/runs/${run.id}${s}`, { token: owner.token }).then((r) => r.text()),
      ),
    );
    expect(transcript.join("\n")).not.toContain("FakeRootPassw0rd-DoNotShow");
  });

  it("fails on a rejected token and on a name that is taken, without retrying the create", async () => {
    const fake = world("hetznerUrl");
    const bad = await createConnection({ type: "bearer", token: "hcloud-revoked-token-000000000" });
    const denied = await runRunbook(VPS_PROVISION, { hetzner: bad }, input(fake.base, "web-2"));
    expect(denied.run.status).toBe("failed");
    expect(denied.run.last_error_human).toMatch(/401 Unauthorized \(check the credentials\)/);

    const good = await createConnection({ type: "bearer", token: FAKE_HETZNER_TOKEN });
    await fake.seed({ running_after_polls: 1 });
    expect((await runRunbook(VPS_PROVISION, { hetzner: good }, input(fake.base, "web-3"))).run.status).toBe(
      "completed",
    );
    const taken = await runRunbook(VPS_PROVISION, { hetzner: good }, input(fake.base, "web-3"));
    expect(taken.run.status).toBe("failed");
    expect(taken.step("create_server")).toMatchObject({ error_code: "http_status_4xx", attempts: 1 });
    expect(taken.step("create_server")?.error_tech).toContain("server name is already used");
    const creates = (await fake.state()).requests.filter((r: any) => r.method === "POST");
    expect(creates).toHaveLength(3);
  });
});
