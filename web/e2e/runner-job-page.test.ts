/**
 * A self-hosted runner seen from the job page in a real browser: an `ansible_playbook` job (high risk) is approved
 * on its page, a `fluxo-runner` started here claims it, and the command's output lines appear on the page while it
 * runs (no reload), then the job completes with the file the command wrote among its artifacts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { APIRequestContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupBrowser } from "./fixtures";
import { apiClient, apiJson, type Registered, registerViaApi, signIn } from "./session";

const e2e = setupBrowser();
const CLI = resolve(import.meta.dirname, "../../runner/cli.ts");
const work = mkdtempSync(join(tmpdir(), "fluxo-runner-page-"));
let api: APIRequestContext;
let account: Registered;
let runner: ChildProcess | undefined;

beforeAll(async () => {
  api = await apiClient(e2e.baseUrl);
  account = await registerViaApi(api, "runner-page");
  // A stand-in `ansible-playbook`: one line, a pause long enough to watch it run, a report file, a last line.
  writeFileSync(
    join(work, "ansible-playbook"),
    [
      "#!/bin/sh",
      'echo "PLAY [all] $*"',
      "sleep 3",
      'echo "ok: [web-1]" > "$FLUXO_ARTIFACTS_DIR/report.txt"',
      'echo "PLAY RECAP web-1 ok=1 failed=0"',
    ].join("\n"),
  );
  chmodSync(join(work, "ansible-playbook"), 0o755);
  const { token } = await apiJson<{ token: string }>(api, account.token, "POST", "/runners", {
    name: "page runner",
    labels: ["ansible", "linux"],
  });
  runner = spawn(process.execPath, [CLI, "--url", e2e.baseUrl, "--labels", "ansible,linux", "--workdir", work], {
    env: { ...process.env, FLUXO_RUNNER_TOKEN: token, PATH: `${work}:${process.env.PATH ?? ""}` },
    stdio: "ignore",
  });
});

afterAll(async () => {
  if (runner && runner.exitCode === null) {
    const exited = new Promise((r) => runner?.once("exit", r));
    runner.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
  }
  await api?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe("runner output on the job page", () => {
  it("shows the runner's lines live after the job is approved on its page, then its artifacts", async () => {
    const { page } = e2e;
    const { job_id } = await apiJson<{ job_id: string }>(
      api,
      account.token,
      "POST",
      "/runbooks/ansible_playbook/execute",
      { inputs: { inventory: "hosts.ini", playbook: "site.yml" }, connections: {} },
    );
    await signIn(page, { email: account.email, password: account.password }, `/jobs/${job_id}`);

    // High risk: nothing runs until someone approves, here on the job page.
    await page.getByRole("heading", { name: /^Approval needed/ }).waitFor();
    await page.getByRole("button", { name: "Approve", exact: true }).click();

    // The first line arrives while the command is still sleeping: the page follows the run live.
    const logs = page.getByRole("table", { name: "Logs" });
    await logs.getByText("PLAY [all] -i hosts.ini site.yml").waitFor({ timeout: 30_000 });
    expect(await logs.getByText("PLAY RECAP web-1 ok=1 failed=0").count()).toBe(0);
    await logs.getByText("PLAY RECAP web-1 ok=1 failed=0").waitFor({ timeout: 30_000 });
    await page
      .getByRole("status", { name: "Run status" })
      .getByText("Completed", { exact: true })
      .waitFor({ timeout: 30_000 });
    await page.getByRole("table", { name: "Artifacts" }).getByText("files/report.txt").waitFor();
  });
});
