/** How job facts read: status badges for statuses the web may not know yet, artifact paths, names and sizes. */
import type { RunStatus } from "../../../../worker/contracts/runs";
import type { Tone } from "../../ui/Badge";
import { isLiveRun, RUN_STATUS_LOOK } from "../runs/run-status";

function isRunStatus(status: string): status is RunStatus {
  return Object.hasOwn(RUN_STATUS_LOOK, status);
}

/**
 * Label and tone of a job status (a job is a run, so run statuses); an unknown one (a newer server) shows as is.
 * @example jobStatusLook("failed") // { label: "Failed", tone: "error" }
 */
export function jobStatusLook(status: string): { label: string; tone: Tone } {
  return isRunStatus(status) ? RUN_STATUS_LOOK[status] : { label: status, tone: "neutral" };
}

/** True while the job can still change (unknown statuses count as live, so the page keeps watching). */
export function isLiveJob(status: string): boolean {
  return isRunStatus(status) ? isLiveRun(status) : true;
}

/**
 * The API path of an artifact's bytes; each segment of a nested name (`files/report.txt`) is encoded on its own so
 * the slash stays a separator.
 * @example artifactPath("job_1", "files/a b.txt") // "/jobs/job_1/artifacts/files/a%20b.txt"
 */
export function artifactPath(jobId: string, name: string): string {
  const encoded = name.split("/").map(encodeURIComponent).join("/");
  return `/jobs/${encodeURIComponent(jobId)}/artifacts/${encoded}`;
}

/**
 * The file name a download is saved as: the artifact's last segment, prefixed with the job id so downloads of
 * several jobs don't overwrite each other.
 * @example downloadName("job_1", "files/report.txt") // "job_1-report.txt"
 */
export function downloadName(jobId: string, name: string): string {
  const last = name.split("/").filter(Boolean).pop() ?? "artifact";
  return `${jobId}-${last}`;
}

/**
 * A byte count for people.
 * @example formatBytes(1536) // "1.5 KB"
 */
export function formatBytes(size: number | null): string {
  if (size === null || !Number.isFinite(size) || size < 0) return "—";
  if (size < 1024) return `${size} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
