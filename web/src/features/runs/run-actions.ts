/**
 * Which run controls a person gets, by the run's status and their role (`runs:control` pauses, resumes and
 * cancels; `runs:start` retries and reruns), the optional JSON inputs of a resume or a rerun, what a rerun reused,
 * and the status a refused action (409) reports.
 */
import { z } from "zod";
import type { RunDetail, RunStatus } from "../../../../worker/contracts/runs";
import { ApiError } from "../../lib/api";
import { buildRawInput } from "./input-form";
import { isLiveRun, RUN_STATUS_LOOK } from "./run-status";

/** A button of the run header. `review` is Resume out of `needs_review` (with an optional corrected input). */
export type RunControl = "pause" | "resume" | "review" | "cancel" | "retry";

/** What the person may do, by permission. */
export interface RunPermissions {
  control: boolean;
  start: boolean;
}

/**
 * The header's buttons for a run, in the order shown. A run waiting for a concurrency slot can't be paused (it
 * hasn't started; cancel it instead).
 * @example runControls({ status: "paused", wait_reason: null }, { control: true, start: true }) // ["resume", "cancel"]
 */
export function runControls(run: Pick<RunDetail, "status" | "wait_reason">, can: RunPermissions): RunControl[] {
  const controls: RunControl[] = [];
  if (can.control) {
    if (run.status === "running" || (run.status === "waiting" && run.wait_reason !== "concurrency")) {
      controls.push("pause");
    }
    if (run.status === "paused") controls.push("resume");
    if (run.status === "needs_review") controls.push("review");
    if (isLiveRun(run.status)) controls.push("cancel");
  }
  if (can.start && !isLiveRun(run.status)) controls.push("retry");
  return controls;
}

/** Rerun from a step is offered on finished runs to people who may start runs. */
export function canRerun(status: RunStatus, can: RunPermissions): boolean {
  return can.start && !isLiveRun(status);
}

/** An optional input, read: undefined means "keep the run's input". */
export type OptionalInput = { ok: true; input: Record<string, unknown> | undefined } | { ok: false; error: string };

/**
 * An optional JSON object from a textarea: empty means "keep the run's input" (undefined), else it must be an object.
 * @example parseOptionalInput('{"fail": false}') // { ok: true, input: { fail: false } }
 */
export function parseOptionalInput(text: string): OptionalInput {
  if (text.trim() === "") return { ok: true, input: undefined };
  const built = buildRawInput(text);
  return built.ok ? { ok: true, input: built.input } : { ok: false, error: built.errors[""] ?? "Enter a JSON object" };
}

const RerunTrigger = z.object({ rerun_of: z.string(), from_step: z.string().optional() });

/** Where a rerun came from and which steps it took from there instead of running them. */
export interface RerunOrigin {
  rerunOf: string;
  fromStep: string | null;
  reused: string[];
}

/**
 * The origin of a run started by "Rerun from step" (its trigger says so); null for any other run. Reused steps are
 * the mocked ones: the rerun fed them the earlier outputs.
 * @example rerunOrigin(run)?.reused // ["fetch"]
 */
export function rerunOrigin(run: Pick<RunDetail, "trigger" | "options">): RerunOrigin | null {
  const trigger = RerunTrigger.safeParse(run.trigger.data);
  if (run.trigger.type !== "replay" || !trigger.success) return null;
  return { rerunOf: trigger.data.rerun_of, fromStep: trigger.data.from_step ?? null, reused: run.options.mocked_steps };
}

const ConflictDetails = z.object({ status: z.string() });

/**
 * The run's status as a refused action (409) reported it, in words; null for any other error.
 * @example conflictStatus(new ApiError(409, "conflict", "…", null, { status: "paused" })) // "Paused"
 */
export function conflictStatus(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const details = ConflictDetails.safeParse(error.details);
  if (!details.success) return null;
  const known = Object.hasOwn(RUN_STATUS_LOOK, details.data.status)
    ? RUN_STATUS_LOOK[details.data.status as RunStatus].label
    : details.data.status;
  return known;
}
