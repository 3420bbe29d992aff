// Command-line arguments of `fluxo-runner`: parsed and checked into a config, with a usage text for mistakes.
import { parseArgs } from "node:util";

/** What the runner needs to start. */
export interface RunnerConfig {
  /** Fluxo's origin, e.g. `https://fluxo.example.com` (no trailing slash). */
  url: string;
  /** The runner's token (`fxr_…`). */
  token: string;
  labels: string[];
  /** The base directory tasks run in (a task's `workdir` is relative to it). */
  workdir: string;
  /** Tasks run at the same time. */
  concurrency: number;
}

export const USAGE = `Usage: fluxo-runner --url <fluxo url> --token <fxr_…> [--labels a,b] [--workdir <dir>] [--concurrency 1]

  --url          Fluxo's address, e.g. https://fluxo.example.com (or FLUXO_URL)
  --token        the runner token from Settings → Runners (or FLUXO_RUNNER_TOKEN; prefer it: argv is visible to ps)
  --labels       comma-separated labels this runner offers, e.g. ansible,linux
  --workdir      base directory for tasks (default: the current directory)
  --concurrency  how many tasks to run at once (default 1, at most 16)`;

const LABEL = /^[a-z0-9][a-z0-9_.-]{0,49}$/;

/** The result of parsing: a config, or the message to print (with {@link USAGE}). */
export type ParsedArgs = { ok: true; config: RunnerConfig } | { ok: false; message: string; help?: boolean };

/**
 * Parses `argv` (without `node` and the script), falling back to `FLUXO_URL` / `FLUXO_RUNNER_TOKEN` in `env`.
 * @example parseRunnerArgs(["--url", "http://127.0.0.1:8787", "--token", "fxr_…", "--labels", "a,b"], {}, "/srv")
 */
export function parseRunnerArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): ParsedArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        url: { type: "string" },
        token: { type: "string" },
        labels: { type: "string" },
        workdir: { type: "string" },
        concurrency: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
  if (values.help) return { ok: false, message: "", help: true };
  const url = String(values.url ?? env.FLUXO_URL ?? "").replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(url)) return { ok: false, message: "--url must be an http(s) address" };
  const token = String(values.token ?? env.FLUXO_RUNNER_TOKEN ?? "");
  if (!token.startsWith("fxr_")) return { ok: false, message: "--token must be a runner token (fxr_…)" };
  const labels = String(values.labels ?? "")
    .split(",")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) return { ok: false, message: `Invalid label "${bad}": use lowercase letters, digits, _ . -` };
  const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    return { ok: false, message: "--concurrency must be a whole number from 1 to 16" };
  }
  const workdir = typeof values.workdir === "string" && values.workdir !== "" ? values.workdir : cwd;
  return { ok: true, config: { url, token, labels: [...new Set(labels)], workdir, concurrency } };
}
