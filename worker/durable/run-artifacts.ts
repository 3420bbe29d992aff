/**
 * A job's artifacts in R2 under `artifacts/<job_id>/`: `output.json` (the final output, see `jobOutput`),
 * `logs.ndjson` (every log line of the run) and `artifacts.tar.gz` (runner uploads under `files/` plus the
 * documents render steps stored). Written when the job finishes; rewriting is harmless (same content), and the
 * jobs API regenerates any that are missing, so a failed write is retried on the next read, never lost.
 */
import { createTarGzip, type TarFileInput } from "nanotar";
import { jobOutput } from "../jobs/views";
import { describeError, log } from "../lib/log";
import { isOutputRef, ownsOutputRef } from "./run-executor";
import type { RunRecord } from "./run-store";

/** The three files every finished job has. */
export const JOB_ARTIFACTS = ["output.json", "logs.ndjson", "artifacts.tar.gz"] as const;

/** Content types of the artifacts, by name (anything else is what it was uploaded as). */
export const ARTIFACT_CONTENT_TYPES: Record<(typeof JOB_ARTIFACTS)[number], string> = {
  "output.json": "application/json",
  "logs.ndjson": "application/x-ndjson",
  "artifacts.tar.gz": "application/gzip",
};

/** Log lines read from the run object per call. */
const LOG_PAGE = 1_000;

/** R2 key prefix of a job's artifacts. */
export function artifactPrefix(jobId: string): string {
  return `artifacts/${jobId}/`;
}

/** Where the job's data comes from: the run object itself (inside it) or its stub (from the Worker). */
export interface ArtifactSource {
  replayData(): Promise<string>;
  logs(filter: { afterId: number; limit: number }): Promise<string>;
}

/** Whether a run is a job (executeRunbook marks the trigger data of the runs it starts). */
export function isJobRecord(record: Pick<RunRecord, "trigger">): boolean {
  return record.trigger.data?.job === true;
}

interface ReplayData {
  record: RunRecord;
  statuses: Record<string, string>;
  outputs: Record<string, unknown>;
}

/**
 * An output a large step result left in R2, loaded back for output.json. Only a reference the executor made
 * for this step (`ownsOutputRef`) is read: a `set` node can output a look-alike pointing at another job's or
 * another org's objects, and that stays plain data.
 */
async function hydrate(env: Env, jobId: string, nodeId: string, value: unknown): Promise<unknown> {
  if (!isOutputRef(value) || !ownsOutputRef(value, jobId, nodeId)) return value;
  const object = await env.ARTIFACTS.get(value.$ref.slice(3));
  return object ? ((await object.json()) as unknown) : value;
}

async function allLogLines(source: ArtifactSource): Promise<string> {
  const lines: string[] = [];
  let afterId = 0;
  for (;;) {
    const page = JSON.parse(await source.logs({ afterId, limit: LOG_PAGE })) as { id: number }[];
    for (const line of page) lines.push(JSON.stringify(line));
    const last = page.at(-1);
    if (!last || page.length < LOG_PAGE) break;
    afterId = last.id;
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** Every R2 object under `prefix` (R2 lists 1,000 at a time). */
async function listAll(bucket: R2Bucket, prefix: string): Promise<R2Object[]> {
  const objects: R2Object[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor });
    objects.push(...page.objects);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return objects;
}

/** R2 keys of the documents render steps stored for this run (their outputs say where). */
function renderedKeys(runId: string, outputs: Record<string, unknown>): { nodeId: string; key: string }[] {
  const found: { nodeId: string; key: string }[] = [];
  for (const [nodeId, output] of Object.entries(outputs)) {
    const key = (output as { artifact?: { key?: unknown } } | null)?.artifact?.key;
    if (typeof key === "string" && key.startsWith(`runs/${runId}/`)) found.push({ nodeId, key });
  }
  return found;
}

async function buildArchive(env: Env, jobId: string, data: ReplayData, mtime: number): Promise<Uint8Array> {
  const prefix = artifactPrefix(jobId);
  const files: TarFileInput[] = [];
  for (const object of await listAll(env.ARTIFACTS, `${prefix}files/`)) {
    const body = await env.ARTIFACTS.get(object.key);
    if (body) files.push({ name: object.key.slice(prefix.length), data: new Uint8Array(await body.arrayBuffer()) });
  }
  for (const { nodeId, key } of renderedKeys(jobId, data.outputs)) {
    const body = await env.ARTIFACTS.get(key);
    const name = key.split("/").at(-1) ?? nodeId;
    if (body) files.push({ name: `rendered/${nodeId}/${name}`, data: new Uint8Array(await body.arrayBuffer()) });
  }
  // A fixed mtime (the job's end) keeps the archive identical when it is written again.
  return createTarGzip(files, { attrs: { mtime } });
}

/**
 * Writes the job's three artifacts (all of them, overwriting: the content only depends on the finished run).
 * Never throws: a failure is logged and reported as false, and the jobs API writes them again on the next read.
 */
export async function writeJobArtifacts(
  env: Env,
  jobId: string,
  source: ArtifactSource,
  finishedAt: number,
): Promise<boolean> {
  try {
    const data = JSON.parse(await source.replayData()) as ReplayData;
    const outputs: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(data.outputs)) outputs[id] = await hydrate(env, jobId, id, value);
    const graph = data.record.graph as { nodes: { id: string }[]; edges: { from: string }[] };
    const output = jobOutput(graph, data.statuses, outputs);
    const prefix = artifactPrefix(jobId);
    const meta = (name: (typeof JOB_ARTIFACTS)[number]) => ({
      httpMetadata: { contentType: ARTIFACT_CONTENT_TYPES[name] },
    });
    await env.ARTIFACTS.put(`${prefix}output.json`, JSON.stringify(output, null, 2), meta("output.json"));
    await env.ARTIFACTS.put(`${prefix}logs.ndjson`, await allLogLines(source), meta("logs.ndjson"));
    await env.ARTIFACTS.put(
      `${prefix}artifacts.tar.gz`,
      await buildArchive(env, jobId, data, finishedAt),
      meta("artifacts.tar.gz"),
    );
    return true;
  } catch (err) {
    log("error", "jobs: writing the artifacts failed; the next artifacts read writes them again", {
      job_id: jobId,
      error: describeError(err),
    });
    return false;
  }
}
