/** Helpers for the jobs tests: connections, executing runbooks, waiting for jobs, reading SSE. */
import { call, jsonOf, type Session } from "./helpers";
import { uniqueKey } from "./run-helpers";

/** A bearer connection pinned to `baseUrl` (runbooks only take connections with a base URL). */
export async function createConnection(
  owner: Session,
  token = "tok-0123456789abcdef",
  baseUrl: string | null = "https://api.example.com",
): Promise<string> {
  const res = await call("/api/v1/connections", {
    token: owner.token,
    body: {
      name: uniqueKey("conn"),
      credentials: { type: "bearer", token },
      ...(baseUrl ? { base_url: baseUrl } : {}),
    },
  });
  if (res.status !== 201) throw new Error(`connection: ${res.status} ${await res.text()}`);
  return (await jsonOf(res)).id;
}

export function execute(session: Session, name: string, body: unknown): Promise<Response> {
  return call(`/api/v1/runbooks/${name}/execute`, { token: session.token, body });
}

export async function getJob(session: Session, id: string) {
  return jsonOf(await call(`/api/v1/jobs/${id}`, { token: session.token }));
}

/** Polls the job until `predicate` holds (the run object's alarm drives it with real timers). */
export async function waitForJob(session: Session, id: string, predicate: (job: any) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let job = await getJob(session, id);
  while (!predicate(job)) {
    if (Date.now() > deadline) throw new Error(`job ${id} stuck at ${job.status}: ${JSON.stringify(job.error)}`);
    await new Promise((r) => setTimeout(r, 100));
    job = await getJob(session, id);
  }
  return job;
}

export const finished = (job: any) => ["completed", "failed", "canceled"].includes(job.status);

/** Parses a complete SSE body into events (comments and heartbeats dropped). */
export function parseSse(text: string): { id: string; event: string; data: any }[] {
  return text
    .split("\n\n")
    .map((block) => {
      const fields: Record<string, string> = {};
      for (const line of block.split("\n")) {
        const at = line.indexOf(":");
        if (at <= 0) continue;
        fields[line.slice(0, at)] = line.slice(at + 1).trimStart();
      }
      return fields;
    })
    .filter((f) => f.id !== undefined)
    .map((f) => ({ id: f.id ?? "", event: f.event ?? "message", data: JSON.parse(f.data ?? "null") }));
}
