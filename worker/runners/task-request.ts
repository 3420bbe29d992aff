/** What a `runner` step's task carries beyond the engine's `CreateRunnerTaskRequest` (shared by the executor and the service). */

/** Extra fields of a runner task request; optional, so a bare `CreateRunnerTaskRequest` is still valid. */
export interface RunnerTaskExtras {
  /** ENV_NAME → connection id; the secret is resolved only when a runner claims the task. */
  connection_env?: Record<string, string>;
  /** Working directory relative to the runner's `--workdir`. */
  workdir?: string | null;
}
