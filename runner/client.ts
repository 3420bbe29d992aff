// The runner protocol client: claim, heartbeat, logs, artifacts, complete over HTTP with the runner's token.
import type { OutputLine } from "./output.ts";

/** A task Fluxo handed this runner (see worker/contracts/runners.ts `ClaimedTask`). */
export interface Task {
  id: string;
  command: string;
  env: Record<string, string>;
  secret_env: string[];
  timeout_ms: number;
  workdir: string | null;
  job_id: string;
  node_id: string;
  attempt: number;
  lease_s: number;
}

/** Fluxo says another runner holds the task now (or it is gone): stop the process, report nothing. */
export class LeaseLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LeaseLostError";
  }
}

/** The token was refused (revoked or wrong): the runner stops. */
export class UnauthorizedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnauthorizedError";
  }
}

export const RUNNER_VERSION = "0.1.0";

/** A thin client over fetch; every call throws on a non-2xx answer with the server's error message. */
export class FluxoRunnerClient {
  private readonly base: string;
  private readonly token: string;

  constructor(url: string, token: string) {
    this.base = `${url}/api/v1/runner`;
    this.token = token;
  }

  private async call(
    path: string,
    init: { method: string; body?: string | Uint8Array<ArrayBuffer>; type?: string; signal?: AbortSignal },
  ) {
    const res = await fetch(`${this.base}${path}`, {
      method: init.method,
      headers: { authorization: `Bearer ${this.token}`, "content-type": init.type ?? "application/json" },
      ...(init.body === undefined ? {} : { body: init.body }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    if (res.ok) return res;
    const text = await res.text();
    let message = `${res.status}`;
    try {
      const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
      message = `${res.status} ${parsed.error?.code ?? ""}: ${parsed.error?.message ?? text}`;
      if (parsed.error?.code === "lease_lost" || (res.status === 404 && path.startsWith("/tasks/"))) {
        throw new LeaseLostError(message);
      }
    } catch (err) {
      if (err instanceof LeaseLostError) throw err;
    }
    if (res.status === 401) throw new UnauthorizedError(message);
    throw new Error(`Fluxo answered ${message}`);
  }

  /** Waits (long-poll, up to `waitMs`) for a task; null when there is none yet. */
  async claim(labels: readonly string[], waitMs: number, signal?: AbortSignal): Promise<Task | null> {
    const res = await this.call("/claim", {
      method: "POST",
      body: JSON.stringify({ labels, version: RUNNER_VERSION, wait_ms: waitMs }),
      ...(signal ? { signal } : {}),
    });
    if (res.status === 204) return null;
    return ((await res.json()) as { task: Task }).task;
  }

  /** Renews the lease; true when Fluxo says to cancel. */
  async heartbeat(taskId: string): Promise<boolean> {
    const res = await this.call(`/tasks/${encodeURIComponent(taskId)}/heartbeat`, { method: "POST" });
    return ((await res.json()) as { cancel: boolean }).cancel;
  }

  async logs(taskId: string, lines: readonly OutputLine[]): Promise<void> {
    if (lines.length === 0) return;
    await this.call(`/tasks/${encodeURIComponent(taskId)}/logs`, { method: "POST", body: JSON.stringify({ lines }) });
  }

  async artifact(taskId: string, name: string, body: Uint8Array<ArrayBuffer>): Promise<void> {
    await this.call(`/tasks/${encodeURIComponent(taskId)}/artifacts/${encodeURIComponent(name)}`, {
      method: "PUT",
      body,
      type: "application/octet-stream",
    });
  }

  async complete(
    taskId: string,
    done: { exit_code: number; duration_ms: number; stdout_tail: string; timed_out: boolean },
  ): Promise<void> {
    await this.call(`/tasks/${encodeURIComponent(taskId)}/complete`, { method: "POST", body: JSON.stringify(done) });
  }
}
