/**
 * `fluxo-runner` against a real `wrangler dev` (no browser): a runner started locally claims a job and streams
 * its output; killed mid-job, its lease expires and a second runner finishes the step; a failing command
 * reports exit code 3 as a failed step and its file is uploaded as an artifact.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");
const CLI = resolve(import.meta.dirname, "../../runner/cli.ts");
let token = "";
const work = mkdtempSync(join(tmpdir(), "fluxo-runner-e2e-"));
const started: ChildProcess[] = [];
/** `$E2E_SLEEP` is read by the shell from the runner's environment, so each runner sleeps its own time. */
const SLEEP_COMMAND = ["echo start", "sleep $" + "{E2E_SLEEP:-30}", "echo finished"].join("; ");

async function api(path: string, init: { method?: string; body?: unknown } = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

async function json(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await api(path, init);
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Polls `read` until `check` holds; fails with the last value after `timeoutMs`. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!check(value)) {
    if (Date.now() > deadline) throw new Error(`timed out; last value: ${JSON.stringify(value).slice(0, 2_000)}`);
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

/** Starts `node runner/cli.ts` (the same Node that runs the tests: 22, which runs TypeScript as is). */
function startRunner(runnerToken: string, labels: string, env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [CLI, "--url", baseUrl, "--labels", labels, "--workdir", work], {
    env: { ...process.env, FLUXO_RUNNER_TOKEN: runnerToken, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c) => {
    output += c;
  });
  child.stderr?.on("data", (c) => {
    output += c;
  });
  child.on("exit", (code, signal) => {
    if (code !== 0 && signal === null) console.error(`runner exited with ${code}:\n${output}`);
  });
  started.push(child);
  return child;
}

async function registerRunner(labels: string[]): Promise<string> {
  const created = await json("/api/v1/runners", { body: { name: `e2e ${labels.join(",")}`, labels } });
  expect(created.token).toMatch(/^fxr_/);
  return created.token;
}

/** Whether a process exists (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const runnerLines = async (runId: string): Promise<string[]> =>
  (await json(`/api/v1/runs/${runId}/logs?limit=100`)).items
    .filter((l: { domain: string }) => l.domain === "runner")
    .map((l: { message_human: string }) => l.message_human);

beforeAll(async () => {
  const email = `runner-${Date.now().toString(36)}@example.com`;
  const res = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email,
      password: "correct-horse-battery-staple-42",
      name: "Runner Ops",
      org_name: "Runner org",
    }),
  });
  expect(res.status).toBe(201);
  token = (await res.json()).access_token;
});

afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await Promise.all(
    started.map((child) =>
      child.exitCode !== null || child.signalCode !== null
        ? null
        : new Promise((r) => {
            child.once("exit", r);
            setTimeout(r, 5_000);
          }),
    ),
  );
  rmSync(work, { recursive: true, force: true });
});

describe("fluxo-runner", () => {
  it("streams a job's output; when the runner is killed, the lease expires and another runner finishes it", async () => {
    const label = `e2e${Date.now().toString(36)}`;
    const runnerToken = await registerRunner([label]);
    const wf = await json("/api/v1/workflows", {
      body: {
        name: "runner e2e",
        graph: {
          nodes: [
            {
              id: "work",
              type: "runner",
              // A shell variable of the runner's environment (not a JS template): see startRunner below.
              config: { command: SLEEP_COMMAND, labels: [label] },
            },
          ],
          edges: [],
        },
      },
    });
    await json(`/api/v1/workflows/${wf.id}/versions`, { method: "POST" });
    const { run_id: runId } = await json(`/api/v1/workflows/${wf.id}/runs`, { body: {} });

    // The first runner would sleep 30 s (E2E_SLEEP comes from its own environment); it dies mid-job.
    const first = startRunner(runnerToken, label, { E2E_SLEEP: "30" });
    await until(
      () => runnerLines(runId),
      (lines) => lines.includes("start"),
    );
    const listed = await json("/api/v1/runners");
    expect(listed.items[0]).toMatchObject({ status: "online", current_task: { job_id: runId, node_id: "work" } });
    first.kill("SIGKILL");

    // The second one waits for the lease (4 s here) to expire, claims the same task and finishes it.
    startRunner(runnerToken, label, { E2E_SLEEP: "0" });
    const run = await until(
      () => json(`/api/v1/runs/${runId}`),
      (r) => ["completed", "failed", "canceled"].includes(r.status),
    );
    expect(run.status).toBe("completed");
    const lines = await runnerLines(runId);
    expect(lines.filter((l) => l === "start")).toHaveLength(2);
    expect(lines).toContain("finished");
    const steps = (await json(`/api/v1/runs/${runId}/steps`)).items;
    expect(steps[0]).toMatchObject({ status: "succeeded", attempts: 1, data_out: { exit_code: 0 } });
  });

  it("kills the remote process when the run is canceled", async () => {
    const label = `e2ecancel${Date.now().toString(36)}`;
    const runnerToken = await registerRunner([label]);
    const pidFile = join(work, `${label}.pid`);
    const wf = await json("/api/v1/workflows", {
      body: {
        name: "runner cancel e2e",
        graph: {
          nodes: [
            {
              id: "long",
              type: "runner",
              config: { command: `echo $$ > ${pidFile}; echo started; sleep 60`, labels: [label] },
            },
          ],
          edges: [],
        },
      },
    });
    await json(`/api/v1/workflows/${wf.id}/versions`, { method: "POST" });
    const { run_id: runId } = await json(`/api/v1/workflows/${wf.id}/runs`, { body: {} });
    startRunner(runnerToken, label);
    await until(
      () => runnerLines(runId),
      (lines) => lines.includes("started"),
    );
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    expect(alive(pid)).toBe(true);

    await json(`/api/v1/runs/${runId}/cancel`, { body: {} });
    // The next heartbeat (every lease/3 s) answers `cancel`, and the runner kills the process group.
    await until(
      async () => alive(pid),
      (running) => !running,
      15_000,
    );
    expect((await json(`/api/v1/runs/${runId}`)).status).toBe("canceled");
  });

  it("reports exit code 3 as a failed step of a job and uploads the file the command wrote", async () => {
    // A stand-in `ansible-playbook` on the runner's PATH: writes a report, complains, exits 3.
    const bin = mkdtempSync(join(tmpdir(), "fluxo-fake-ansible-"));
    const script = join(bin, "ansible-playbook");
    writeFileSync(
      script,
      '#!/bin/sh\necho "PLAY [all] $*"\necho "report for $3" > "$FLUXO_ARTIFACTS_DIR/report.txt"\necho "fatal: host unreachable" >&2\nexit 3\n',
    );
    chmodSync(script, 0o755);
    const runnerToken = await registerRunner(["ansible", "linux"]);
    startRunner(runnerToken, "ansible,linux", { PATH: `${bin}:${process.env.PATH ?? ""}` });

    const { job_id: jobId } = await json("/api/v1/runbooks/ansible_playbook/execute", {
      body: { inputs: { inventory: "hosts.ini", playbook: "site.yml" }, connections: {} },
    });
    // High risk: the job waits for a person's approval before it starts.
    await until(
      () => json(`/api/v1/jobs/${jobId}`),
      (job) => job.status === "waiting",
    );
    await json(`/api/v1/runs/${jobId}/steps/runbook_approval/approve`, { body: { comment: "go" } });

    const job = await until(
      () => json(`/api/v1/jobs/${jobId}`),
      (j) => ["completed", "failed", "canceled"].includes(j.status),
    );
    expect(job.status).toBe("failed");
    const step = job.steps.find((s: { node_id: string }) => s.node_id === "playbook");
    expect(step.status).toBe("failed");
    expect(JSON.stringify(step.error)).toContain("exited with code 3");
    const lines = await runnerLines(jobId);
    expect(lines).toEqual(expect.arrayContaining(["PLAY [all] -i hosts.ini site.yml", "fatal: host unreachable"]));

    const artifacts = await json(`/api/v1/jobs/${jobId}/artifacts`);
    const report = artifacts.items.find((a: { name: string }) => a.name === "files/report.txt");
    expect(report).toBeDefined();
    const download = await api(report.url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe("report for site.yml\n");
    rmSync(bin, { recursive: true, force: true });
  });
});
