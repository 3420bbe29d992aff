// The prompts of AI operations: what the model is told about a failed run or a goal. Everything sent is redacted first.
import type { ChatMessage } from "../connections/llm-chat";
import type { SimilarFailure } from "../contracts/ai";
import { redactSnapshot } from "../engine/redact";
import type { RunbookDefinition } from "../runbooks/types";

/** What the diagnosis prompt says about the failed run (gathered by `diagnose.ts`; may still hold secrets). */
export interface DiagnoseContext {
  run: {
    id: string;
    workflow_id: string;
    workflow_name: string | null;
    status: string;
    error_code: string | null;
    error_human: string | null;
    error_tech: string | null;
    trigger_type: string;
    input: unknown;
  };
  steps: {
    node_id: string;
    name: string;
    type: string;
    status: string;
    attempts: number;
    error_code: string | null;
    error_human: string | null;
    error_tech: string | null;
  }[];
  logs: { ts: unknown; level: string; step_id: string | null; message: string; details: unknown }[];
  similar_failures: SimilarFailure[];
}

/** A runbook as the model sees it: enough to choose one and fill its inputs. */
export interface CatalogEntry {
  name: string;
  title: string;
  description: string;
  risk: string;
  required_connections: { key: string; description: string; type?: string }[];
  schema_json: Record<string, unknown>;
}

/** An org connection as the model sees it: id, name, type and host, never a credential. */
export interface ConnectionEntry {
  id: string;
  name: string;
  type: string;
  host: string | null;
}

/** The catalog entry of a runbook definition (no workflow graph: the model only picks and fills). */
export function catalogEntry(def: RunbookDefinition): CatalogEntry {
  return {
    name: def.name,
    title: def.title,
    description: def.description,
    risk: def.risk,
    required_connections: def.required_connections.map((slot) => ({ ...slot })),
    schema_json: def.schema_json,
  };
}

/** Redacts by secret-looking key and by every known secret value, and keeps long texts short. */
function safeJson(value: unknown, secretValues: readonly string[]): string {
  return JSON.stringify(redactSnapshot(value, { secretValues, maxStringLength: 2_000, maxNodes: 5_000 }), null, 1);
}

const DIAGNOSE_SYSTEM = [
  "You are Fluxo's operations assistant. A workflow run failed; explain why and what to do.",
  "Answer with one JSON object only: { summary, hypotheses: [{ title, likelihood: high|medium|low, evidence: string[] }],",
  "suggested_actions: [{ kind: rerun|runbook|fix_config|other, description, runbook?: { name, inputs } }] }.",
  "Evidence quotes the steps, errors or logs given. Suggest a runbook only from the catalog, with inputs matching its schema.",
  "Values shown as [redacted] are secrets: never ask for them.",
].join(" ");

/**
 * The messages asking for a diagnosis. The run's context and the catalog are redacted with `secretValues`
 * (every credential of the org's connections) and by key name, so no secret reaches the provider.
 */
export function diagnoseMessages(
  context: DiagnoseContext,
  catalog: readonly CatalogEntry[],
  secretValues: readonly string[],
): ChatMessage[] {
  return [
    { role: "system", content: DIAGNOSE_SYSTEM },
    {
      role: "user",
      content: `The failed run:\n${safeJson(context, secretValues)}\n\nRunbook catalog:\n${safeJson(catalog, secretValues)}`,
    },
  ];
}

const PLAN_SYSTEM = [
  "You are Fluxo's operations assistant. Plan runbook executions that reach the operator's goal.",
  "Use only runbooks from the catalog; fill inputs that match each runbook's schema_json;",
  "bind every required connection slot to the id of one of the organization's connections.",
  "Answer with one JSON object only: { steps: [{ runbook, inputs, connections: { <slot>: <connection id> }, reason }] }.",
  "Nothing runs until a person approves the plan. Prefer few, low-risk steps; an empty plan is fine when no runbook fits.",
].join(" ");

/** The messages asking for a plan: the goal, the catalog, the org's connections and, when given, the run's diagnosis. */
export function planMessages(
  request: { goal: string; run_summary?: string | null },
  catalog: readonly CatalogEntry[],
  connections: readonly ConnectionEntry[],
  secretValues: readonly string[],
): ChatMessage[] {
  const parts = [
    `Goal: ${request.goal}`,
    ...(request.run_summary ? [`About the failed run: ${request.run_summary}`] : []),
    `Runbook catalog:\n${safeJson(catalog, secretValues)}`,
    `The organization's connections:\n${safeJson(connections, secretValues)}`,
  ];
  return [
    { role: "system", content: PLAN_SYSTEM },
    { role: "user", content: redactSnapshot(parts.join("\n\n"), { secretValues }) as string },
  ];
}
