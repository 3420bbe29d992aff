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

/**
 * Waits before each retry of `complete`. Fluxo only hears the exit code from this call: if it is lost, the lease
 * runs out and another runner runs the command again, so a blip (network error, 5xx, 429) is worth retrying
 * for a while. Kept well inside a lease, since no heartbeats renew it once the process has ended.
 */
export const COMPLETE_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000] as const;

/** An answer worth asking again: Fluxo or the network had a problem, not the request. */
class TransientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TransientError";
  }
}

export interface ClientOptions {
  /** Test seam: how to wait between retries. */
  sleep?: (ms: number) => Promise<void>;
}

/** A thin client over fetch; every call throws on a non-2xx answer with the server's error message. */
export class FluxoRunnerClient {
  private readonly base: string;
  private readonly token: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(url: string, token: string, options: ClientOptions = {}) {
    this.base = `${url}/api/v1/runner`;
    this.token = token;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
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
    if (res.status >= 500 || res.status === 429) throw new TransientError(`Fluxo answered ${message}`);
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
    const body = JSON.stringify(done);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.call(`/tasks/${encodeURIComponent(taskId)}/complete`, { method: "POST", body });
        return;
      } catch (err) {
        // fetch throws TypeError on a network failure; a repeated call is safe (Fluxo ignores a duplicate).
        const transient = err instanceof TransientError || err instanceof TypeError;
        const delay = COMPLETE_RETRY_DELAYS_MS[attempt];
        if (!transient || delay === undefined) throw err;
        await this.sleep(delay);
      }
    }
  }
}
