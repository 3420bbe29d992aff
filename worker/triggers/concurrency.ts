/**
 * Flow control by concurrency key: from a workflow's `settings.concurrency` and a run's input, the
 * lane the run queues in and how many runs of that lane may run at once. The run object acquires a
 * slot for the lane before it starts (see `SlotsObject`); this module only decides the lane.
 */
import type { Graph } from "../contracts/workflow";
import { type RunContext, renderTemplate } from "../engine/expressions";

/** Rendered keys longer than this are cut (a lane name, not a payload). */
export const MAX_CONCURRENCY_KEY_LENGTH = 200;

export interface ConcurrencyScope {
  /** The rendered key, e.g. "customer-42"; "" when the template rendered nothing (one shared lane). */
  key: string;
  limit: number;
}

function asKey(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * The concurrency lane of a run, or null when the workflow sets no `settings.concurrency`.
 * The key template sees `input`, `vars` and `run` (never `steps`: it is computed before any step).
 * A key that renders to nothing, or whose expression fails at run time, puts the run in the shared
 * lane "": a limit must still hold when the input lacks the field (failing open would ignore it).
 * Async because expressions are (JSONata).
 * @example await concurrencyScope({ ...graph, settings: { concurrency: { key: "{{ input.customer }}", limit: 1 } } }, { customer: "c1" })
 *   // { key: "c1", limit: 1 }
 */
export async function concurrencyScope(
  graph: Pick<Graph, "settings" | "vars">,
  input: unknown,
  run?: RunContext,
): Promise<ConcurrencyScope | null> {
  const settings = graph.settings?.concurrency;
  if (!settings) return null;
  const context = {
    input,
    steps: {},
    vars: graph.vars ?? {},
    run: run ?? { id: "", workflow_id: "", version: 0, correlation_id: "", started_at: "", trigger: { type: "" } },
  };
  let key: string;
  try {
    key = asKey(await renderTemplate(settings.key, context));
  } catch {
    key = "";
  }
  return { key: key.slice(0, MAX_CONCURRENCY_KEY_LENGTH), limit: settings.limit };
}

/**
 * The `SlotsObject` name for a lane: scoped by org and workflow, so equal keys of different
 * workflows (or orgs) never share slots.
 * @example concurrencySlotName("org_1", "wf_1", "c1") // "wfkey:org_1:wf_1:c1"
 */
export function concurrencySlotName(orgId: string, workflowId: string, key: string): string {
  return `wfkey:${orgId}:${workflowId}:${key}`;
}
