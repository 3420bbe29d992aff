// Runs one claimed task: spawns `sh -c <command>` in its own process group, streams output, heartbeats, uploads artifacts, reports the exit code.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { type FluxoRunnerClient, LeaseLostError, type Task, UnauthorizedError } from "./client.ts";
import { LineBatcher, LineSplitter, maskSecrets, type OutputLine, Tail } from "./output.ts";

/** Largest file uploaded as an artifact (the API's default body limit). */
const MAX_ARTIFACT_BYTES = 1024 * 1024;
/** How often waiting output lines are checked for sending. */
const FLUSH_EVERY_MS = 250;

/** Where the runner writes what it does (never a secret). */
export type Say = (message: string) => void;

/** Why the process was stopped early, if it was. */
type Stop = "timeout" | "canceled" | "lease_lost" | "shutdown";

/** A running task, so the CLI can stop it on SIGINT/SIGTERM. */
export interface RunningTask {
  stop(reason: Stop): void;
  done: Promise<void>;
}

/** The task's directory: `workdir` under the base, refusing anything that escapes it. */
export function taskDirectory(base: string, workdir: string | null): string {
  const root = resolve(base);
  if (!workdir) return root;
  const dir = resolve(root, workdir);
  if (dir !== root && !dir.startsWith(root + sep)) throw new Error(`workdir ${workdir} escapes ${root}`);
  return dir;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The negative pid is the process group: `sh -c` and everything it started.
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Starts the task; `done` settles when it is reported (or abandoned after a lost lease or a shutdown). */
export function runTask(client: FluxoRunnerClient, task: Task, baseDir: string, say: Say): RunningTask {
  const started = Date.now();
  const secrets = task.secret_env.map((name) => task.env[name] ?? "").filter((v) => v !== "");
  const artifactsDir = mkdtempSync(join(tmpdir(), "fluxo-artifacts-"));
  const cwd = taskDirectory(baseDir, task.workdir);
  mkdirSync(cwd, { recursive: true });
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.FLUXO_RUNNER_TOKEN; // the command never sees the runner's own credential
  Object.assign(env, task.env, {
    FLUXO_ARTIFACTS_DIR: artifactsDir,
    FLUXO_TASK_ID: task.id,
    FLUXO_JOB_ID: task.job_id,
  });
  const child = spawn("sh", ["-c", task.command], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  say(`task ${task.id} (job ${task.job_id}, step ${task.node_id}) started, pid ${child.pid ?? "?"}`);

  let stopped: Stop | null = null;
  const stop = (reason: Stop) => {
    if (stopped) return;
    stopped = reason;
    say(`task ${task.id}: stopping (${reason})`);
    killGroup(child, "SIGTERM");
    setTimeout(() => killGroup(child, "SIGKILL"), 5_000).unref();
  };

  const batcher = new LineBatcher();
  const tail = new Tail();
  let sending: Promise<void> = Promise.resolve();
  const flush = () => {
    const lines = batcher.take();
    if (lines.length === 0) return;
    // One upload at a time, in order.
    sending = sending
      .then(() => client.logs(task.id, lines))
      .catch((err: unknown) => {
        if (err instanceof LeaseLostError) stop("lease_lost");
        else say(`task ${task.id}: sending output failed: ${(err as Error).message}`);
      });
  };
  const onOutput = (stream: OutputLine["stream"]) => {
    const splitter = new LineSplitter();
    return {
      data(chunk: Buffer) {
        const text = chunk.toString("utf8");
        if (stream === "stdout") tail.push(maskSecrets(text, secrets));
        for (const line of splitter.push(text)) {
          if (batcher.add({ stream, line: maskSecrets(line, secrets), at: Date.now() }, Date.now())) flush();
        }
      },
      end() {
        for (const line of splitter.end())
          batcher.add({ stream, line: maskSecrets(line, secrets), at: Date.now() }, Date.now());
      },
    };
  };
  const out = onOutput("stdout");
  const err = onOutput("stderr");
  child.stdout?.on("data", out.data);
  child.stderr?.on("data", err.data);

  const flusher = setInterval(() => {
    if (batcher.due(Date.now())) flush();
  }, FLUSH_EVERY_MS);
  const beat = setInterval(
    () => {
      client
        .heartbeat(task.id)
        .then((cancel) => {
          if (cancel) stop("canceled");
        })
        .catch((e: unknown) => {
          // A revoked runner must not keep working either: its task goes to another runner.
          if (e instanceof LeaseLostError || e instanceof UnauthorizedError) stop("lease_lost");
          else say(`task ${task.id}: heartbeat failed: ${(e as Error).message}`);
        });
    },
    Math.max(1_000, (task.lease_s * 1000) / 3),
  );
  const timer = setTimeout(() => stop("timeout"), task.timeout_ms);

  const exited = new Promise<number>((resolveExit) => {
    child.on("error", (e) => {
      say(`task ${task.id}: could not start sh: ${e.message}`);
      resolveExit(127);
    });
    child.on("close", (code, signal) => resolveExit(code ?? (signal ? 128 + (signalNumber(signal) ?? 9) : 1)));
  });

  const done = exited.then(async (exitCode) => {
    clearInterval(flusher);
    clearInterval(beat);
    clearTimeout(timer);
    out.end();
    err.end();
    flush();
    await sending;
    try {
      if (stopped === "lease_lost" || stopped === "shutdown") {
        say(`task ${task.id}: not reported (${stopped}); the lease will pass it to another runner`);
        return;
      }
      await uploadArtifacts(client, task, artifactsDir, say);
      const duration_ms = Date.now() - started;
      if (stopped === "canceled") {
        say(`task ${task.id}: canceled by Fluxo`);
      }
      await client.complete(task.id, {
        exit_code: Math.min(255, Math.max(0, exitCode)),
        duration_ms,
        stdout_tail: tail.toString(),
        timed_out: stopped === "timeout",
      });
      say(`task ${task.id}: exited with code ${exitCode} after ${duration_ms} ms`);
    } catch (e) {
      say(`task ${task.id}: reporting failed: ${(e as Error).message}`);
    } finally {
      rmSync(artifactsDir, { recursive: true, force: true });
    }
  });
  return { stop, done };
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal];
}

/** Uploads each regular file at the top of the artifacts directory (names the API accepts; 1 MiB at most). */
async function uploadArtifacts(client: FluxoRunnerClient, task: Task, dir: string, say: Say): Promise<void> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = statSync(path);
    if (!info.isFile()) continue;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(name)) {
      say(`task ${task.id}: artifact ${name} skipped (use letters, digits, . _ - in names)`);
      continue;
    }
    if (info.size > MAX_ARTIFACT_BYTES) {
      say(`task ${task.id}: artifact ${name} skipped (${info.size} bytes; at most ${MAX_ARTIFACT_BYTES})`);
      continue;
    }
    try {
      await client.artifact(task.id, name, new Uint8Array(readFileSync(path)));
      say(`task ${task.id}: uploaded artifact ${name} (${info.size} bytes)`);
    } catch (e) {
      say(`task ${task.id}: uploading ${name} failed: ${(e as Error).message}`);
    }
  }
}
