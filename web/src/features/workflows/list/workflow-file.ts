/** The exported workflow file (`*.fluxo.json`): reading one picked for import, and naming one for download. */
import { WorkflowExport } from "../../../../../worker/contracts/workflows";

/** A picked file, checked before it is sent, so people see what is wrong with it without a round trip. */
export type ReadFile = { ok: true; file: WorkflowExport } | { ok: false; error: string };

/**
 * Parses the text of an exported workflow file.
 * @example readWorkflowFile("not json") // { ok: false, error: "This file is not JSON: …" }
 */
export function readWorkflowFile(text: string): ReadFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `This file is not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const parsed = WorkflowExport.safeParse(json);
  if (parsed.success) return { ok: true, file: parsed.data };
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
  return {
    ok: false,
    error: `This is not a Fluxo workflow export (${where}${first?.message ?? "invalid"}). Export one from a workflow's row.`,
  };
}

/**
 * The download name of an export, like the API's `Content-Disposition`.
 * @example exportFileName("Sync users / nightly") // "Sync-users-nightly.fluxo.json"
 */
export function exportFileName(name: string): string {
  const safe =
    name
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "workflow";
  return `${safe}.fluxo.json`;
}
