/** Builds the Execute request of a runbook from the form, the connection pickers and the dry-run box. */
import type { ConnectionRef, ConnectionSlot, ExecuteRequest } from "./runbook-api";

/**
 * The connections offered for a slot: those of the slot's suggested type first (then the rest, since a
 * `headers` connection can serve an API-key slot too), each group by name.
 */
export function connectionOptions(slot: ConnectionSlot, connections: readonly ConnectionRef[]): ConnectionRef[] {
  const byName = (a: ConnectionRef, b: ConnectionRef) => a.name.localeCompare(b.name);
  if (!slot.type) return [...connections].sort(byName);
  const matching = connections.filter((c) => c.type === slot.type).sort(byName);
  const others = connections.filter((c) => c.type !== slot.type).sort(byName);
  return [...matching, ...others];
}

/**
 * Preselected connections: a slot with exactly one connection of its suggested type gets it; others stay empty so
 * the person chooses (picking the wrong account silently would be worse than one more click).
 */
export function initialConnections(
  slots: readonly ConnectionSlot[],
  connections: readonly ConnectionRef[],
): Record<string, string> {
  const picks: Record<string, string> = {};
  for (const slot of slots) {
    const matching = slot.type ? connections.filter((c) => c.type === slot.type) : [];
    const only = matching.length === 1 ? matching[0] : undefined;
    if (only) picks[slot.key] = only.id;
  }
  return picks;
}

/** The request, or the slots still missing a connection (slot key → message). */
export type BuiltExecute = { ok: true; body: ExecuteRequest } | { ok: false; missing: Record<string, string> };

/** What `buildExecute` needs to know about the runbook. */
export interface ExecuteShape {
  slots: readonly ConnectionSlot[];
  supportsDryRun: boolean;
  /** The input schema declares a `dry_run` property (the workflow reads `input.dry_run`). */
  dryRunInput: boolean;
}

/** True when the input schema has a top-level `dry_run` property. */
export function hasDryRunInput(schema: Record<string, unknown>): boolean {
  const properties = schema.properties;
  return typeof properties === "object" && properties !== null && Object.hasOwn(properties, "dry_run");
}

/**
 * The rjsf `uiSchema`: a runbook that supports dry run gets the page's own Dry run box, so a `dry_run` input in its
 * schema is hidden from the generated form (one control, not two that could disagree).
 */
export function formUiSchema(shape: Pick<ExecuteShape, "supportsDryRun" | "dryRunInput">): Record<string, unknown> {
  return shape.supportsDryRun && shape.dryRunInput ? { dry_run: { "ui:widget": "hidden" } } : {};
}

/**
 * The Execute body: the form's inputs, a connection id for every required slot, and `dry_run` only when the
 * runbook supports it (also as `inputs.dry_run` when the schema declares that input, so the workflow sees it).
 * @example buildExecute({ slots, supportsDryRun: true, dryRunInput: false }, { zone_id: "z" }, { cloudflare: "conn_1" }, true)
 */
export function buildExecute(
  runbook: ExecuteShape,
  inputs: Record<string, unknown>,
  picks: Record<string, string>,
  dryRun: boolean,
): BuiltExecute {
  const missing: Record<string, string> = {};
  const connections: Record<string, string> = {};
  for (const slot of runbook.slots) {
    const id = picks[slot.key]?.trim();
    if (id) connections[slot.key] = id;
    else missing[slot.key] = "Choose a connection.";
  }
  if (Object.keys(missing).length > 0) return { ok: false, missing };
  if (!runbook.supportsDryRun) return { ok: true, body: { inputs, connections } };
  const withFlag = runbook.dryRunInput ? { ...inputs, dry_run: dryRun } : inputs;
  const body: ExecuteRequest = { inputs: withFlag, connections, dry_run: dryRun };
  return { ok: true, body };
}

/**
 * The runbook's input schema as the form renders it. The server validates against the full draft 2020-12 schema;
 * the browser's Ajv instance is a draft-07 one, which refuses a schema whose `$schema` names another draft, so the
 * declaration is dropped (the keywords forms use are the same in both drafts).
 */
export function formSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _declared, ...rest } = schema;
  return { type: "object", ...rest };
}
