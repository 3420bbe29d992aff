// Small builders for executor results, and the dry-run rule shared by every side-effecting node type.
import { nodeHasSideEffects } from "../contracts/node-types";
import { redactSnapshot } from "../engine/redact";
import type { StepError } from "../engine/run/errors";
import type { WaitRequest } from "../engine/run/outcomes";
import type { ExecutorResult, StepInput } from "./types";

/** A successful attempt. */
export function succeeded(output: unknown, data_in: unknown, secretValues?: readonly string[]): ExecutorResult {
  return { outcome: { kind: "succeeded", output }, data_in, ...(secretValues ? { secretValues } : {}) };
}

/** A failed attempt. */
export function failed(error: StepError, data_in: unknown, secretValues?: readonly string[]): ExecutorResult {
  return { outcome: { kind: "failed", error }, data_in, ...(secretValues ? { secretValues } : {}) };
}

/** An attempt that asks the engine to wait. */
export function waiting(wait: WaitRequest, data_in: unknown): ExecutorResult {
  return { outcome: { kind: "wait", wait }, data_in };
}

/**
 * Whether this attempt must only preview: a dry run and a node the registry says changes something outside
 * the run (or costs money).
 */
export function isDryRunPreview(input: StepInput): boolean {
  return input.run.dry_run && nodeHasSideEffects(input.node);
}

/**
 * The success a dry run returns instead of acting: `{ dry_run: true, preview }`. The preview is redacted by key
 * here already, because a success's output is not redacted later (it feeds later steps).
 */
export function dryRunPreview(preview: Record<string, unknown>, data_in: unknown): ExecutorResult {
  return succeeded({ dry_run: true, preview: redactSnapshot(preview) }, data_in);
}
