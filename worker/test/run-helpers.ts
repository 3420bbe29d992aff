/** Helpers for run tests: publish a graph, start a run, wait for a status, read the fixture server. */
import { inject } from "vitest";
import { call, jsonOf, type Session } from "./helpers";

export const fixture = () => inject("fixtureUrl");

/** Creates a workflow with `graph`, publishes version 1, returns its id. */
export async function publishWorkflow(owner: Session, graph: unknown, name = "Test flow"): Promise<string> {
  const created = await call("/api/v1/workflows", { token: owner.token, body: { name, graph } });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
  const wf = await jsonOf(created);
  const published = await call(`/api/v1/workflows/${wf.id}/versions`, { method: "POST", token: owner.token });
  if (published.status !== 201) throw new Error(`publish failed: ${published.status} ${await published.text()}`);
  return wf.id;
}

export async function startRun(
  owner: Session,
  workflowId: string,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await call(`/api/v1/workflows/${workflowId}/runs`, { token: owner.token, body, headers });
  if (res.status !== 201 && res.status !== 200) throw new Error(`start failed: ${res.status} ${await res.text()}`);
  return (await jsonOf(res)).run_id as string;
}

export async function getRun(owner: Session, runId: string) {
  return jsonOf(await call(`/api/v1/runs/${runId}`, { token: owner.token }));
}

export async function getSteps(owner: Session, runId: string): Promise<any[]> {
  return (await jsonOf(await call(`/api/v1/runs/${runId}/steps`, { token: owner.token }))).items;
}

/** Polls until `predicate(run)` holds (real timers drive the run object's alarm). */
export async function waitForRun(owner: Session, runId: string, predicate: (run: any) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let run = await getRun(owner, runId);
  while (!predicate(run)) {
    if (Date.now() > deadline)
      throw new Error(`run ${runId} stuck at ${run.status} (${JSON.stringify(run.last_error_human)})`);
    await new Promise((r) => setTimeout(r, 100));
    run = await getRun(owner, runId);
  }
  return run;
}

export const terminal = (run: any) => ["completed", "failed", "canceled"].includes(run.status);

/** What the fixture server received for `key`. */
export async function fixtureRequests(
  key: string,
): Promise<{ method: string; path: string; headers: Record<string, string>; body: string }[]> {
  const res = await fetch(`${fixture()}/__requests/${key}`);
  return (await res.json()) as any;
}

let keyCounter = 0;
/** A fixture key unique to this test run. */
export function uniqueKey(tag: string): string {
  keyCounter += 1;
  return `${tag}${Date.now().toString(36)}${keyCounter}`;
}
