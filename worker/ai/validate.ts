// Checking the model's suggestions against the runbook catalog: unknown runbooks, invalid inputs and foreign connections are refused.
import type { PlanStep, RejectedStep, SuggestedAction } from "../contracts/ai";
import type { RunbookDefinition } from "../runbooks/types";
import type { DiagnoseAnswer, PlanAnswer } from "./answers";

/** The part of D's runbook registry the checks need (injected, so the checks stay pure). */
export interface RunbookCatalog {
  getRunbook(name: string): RunbookDefinition | null;
  validateRunbookInputs(
    def: RunbookDefinition,
    inputs: Record<string, unknown>,
  ): { ok: true; value: unknown } | { ok: false; issues: { path: string; message: string }[] };
}

function issuesText(issues: readonly { path: string; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
    .join("; ");
}

function asInputs(value: unknown, fallback: Record<string, unknown>): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fallback;
}

/** Why a runbook + inputs can't be used, or the validated inputs (defaults filled in by the registry). */
function checkRunbook(
  catalog: RunbookCatalog,
  name: string,
  inputs: Record<string, unknown>,
): { ok: true; def: RunbookDefinition; inputs: Record<string, unknown> } | { ok: false; reason: string } {
  const def = catalog.getRunbook(name);
  if (!def) return { ok: false, reason: `there is no runbook named “${name}”` };
  const checked = catalog.validateRunbookInputs(def, inputs);
  if (!checked.ok) return { ok: false, reason: `its inputs are invalid (${issuesText(checked.issues)})` };
  return { ok: true, def, inputs: asInputs(checked.value, inputs) };
}

/**
 * Keeps the suggested actions a person can follow: a suggestion naming a runbook that doesn't exist, or with
 * inputs that don't validate, is dropped and a note says why (the model's word is never trusted as is).
 */
export function checkSuggestedActions(
  actions: DiagnoseAnswer["suggested_actions"],
  catalog: RunbookCatalog,
): { actions: SuggestedAction[]; notes: string[] } {
  const kept: SuggestedAction[] = [];
  const notes: string[] = [];
  for (const action of actions) {
    const { runbook, ...rest } = action;
    if (!runbook) {
      if (action.kind === "runbook") notes.push(`Dropped “${action.description}”: it names no runbook.`);
      else kept.push(rest);
      continue;
    }
    const checked = checkRunbook(catalog, runbook.name, runbook.inputs);
    if (!checked.ok) {
      notes.push(`Dropped the suggestion to run “${runbook.name}”: ${checked.reason}.`);
      continue;
    }
    kept.push({ ...rest, runbook: { name: runbook.name, inputs: checked.inputs } });
  }
  return { actions: kept, notes };
}

/** Why the step's connections can't be used: a slot left unbound, an unknown slot, or a connection of no one here. */
function connectionProblem(
  def: RunbookDefinition,
  connections: Record<string, string>,
  orgConnectionIds: ReadonlySet<string>,
): string | null {
  const slots = new Set(def.required_connections.map((slot) => slot.key));
  for (const slot of def.required_connections) {
    if (!connections[slot.key]) return `it needs a connection for “${slot.key}” (${slot.description})`;
  }
  for (const [key, id] of Object.entries(connections)) {
    if (!slots.has(key)) return `the runbook has no connection slot “${key}”`;
    if (!orgConnectionIds.has(id)) return `“${id}” (for “${key}”) is not a connection of this organization`;
  }
  return null;
}

/**
 * Splits the model's plan into steps that can run (validated inputs, connections of this org) and rejected ones
 * with the reason. Nothing here starts anything.
 */
export function checkPlanSteps(
  steps: PlanAnswer["steps"],
  catalog: RunbookCatalog,
  orgConnectionIds: ReadonlySet<string>,
): { steps: PlanStep[]; rejected: RejectedStep[] } {
  const accepted: PlanStep[] = [];
  const rejected: RejectedStep[] = [];
  for (const step of steps) {
    const checked = checkRunbook(catalog, step.runbook, step.inputs);
    if (!checked.ok) {
      rejected.push({ runbook: step.runbook, reason: checked.reason });
      continue;
    }
    const problem = connectionProblem(checked.def, step.connections, orgConnectionIds);
    if (problem) {
      rejected.push({ runbook: step.runbook, reason: problem });
      continue;
    }
    accepted.push({
      runbook: step.runbook,
      inputs: checked.inputs,
      connections: step.connections,
      reason: step.reason,
      job_id: null,
      start_error: null,
    });
  }
  return { steps: accepted, rejected };
}
