#!/usr/bin/env node
// `fluxo-runner`: a self-hosted runner. Claims `runner` steps whose labels it offers, runs them, streams their output back to Fluxo.
import { parseRunnerArgs, type RunnerConfig, USAGE } from "./args.ts";
import { FluxoRunnerClient, RUNNER_VERSION, UnauthorizedError } from "./client.ts";
import { type RunningTask, runTask } from "./task.ts";

/** A claim waits this long on the server before it answers "no work". */
const CLAIM_WAIT_MS = 20_000;
/** After a failed claim (Fluxo unreachable), wait this long before the next, doubling up to a minute. */
const RETRY_BASE_MS = 1_000;

function say(message: string): void {
  process.stdout.write(`${new Date().toISOString()} fluxo-runner: ${message}\n`);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** One worker loop: claim, run, repeat until shutdown. */
async function loop(client: FluxoRunnerClient, config: RunnerConfig, running: Set<RunningTask>, shutdown: AbortSignal) {
  let failures = 0;
  while (!shutdown.aborted) {
    let task: Awaited<ReturnType<FluxoRunnerClient["claim"]>>;
    try {
      task = await client.claim(config.labels, CLAIM_WAIT_MS, shutdown);
      failures = 0;
    } catch (err) {
      if (shutdown.aborted) return;
      if (err instanceof UnauthorizedError) throw err;
      failures += 1;
      const delay = Math.min(60_000, RETRY_BASE_MS * 2 ** Math.min(failures, 6));
      say(`claim failed (${(err as Error).message}); retrying in ${Math.round(delay / 1000)} s`);
      await sleep(delay, shutdown);
      continue;
    }
    if (!task) continue;
    let run: RunningTask;
    try {
      run = runTask(client, task, config.workdir, say);
    } catch (err) {
      say(`task ${task.id} could not start: ${(err as Error).message}`);
      await client
        .complete(task.id, { exit_code: 127, duration_ms: 0, stdout_tail: (err as Error).message, timed_out: false })
        .catch(() => {});
      continue;
    }
    running.add(run);
    await run.done;
    running.delete(run);
  }
}

async function main(): Promise<number> {
  const parsed = parseRunnerArgs(process.argv.slice(2), process.env, process.cwd());
  if (!parsed.ok) {
    if (!parsed.help) process.stderr.write(`fluxo-runner: ${parsed.message}\n\n`);
    process.stderr.write(`${USAGE}\n`);
    return parsed.help ? 0 : 2;
  }
  const { config } = parsed;
  const client = new FluxoRunnerClient(config.url, config.token);
  const controller = new AbortController();
  const running = new Set<RunningTask>();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    say(`${signal}: stopping (running tasks are stopped; their leases pass them to another runner)`);
    controller.abort();
    for (const task of running) task.stop("shutdown");
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  say(
    `v${RUNNER_VERSION} connecting to ${config.url} with labels [${config.labels.join(", ")}], ` +
      `workdir ${config.workdir}, concurrency ${config.concurrency}`,
  );
  try {
    await Promise.all(
      Array.from({ length: config.concurrency }, () => loop(client, config, running, controller.signal)),
    );
  } catch (err) {
    controller.abort();
    for (const task of running) task.stop("shutdown");
    say(`stopped: ${(err as Error).message}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
