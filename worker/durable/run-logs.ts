/** The run's structured log, derived from the events it emits: one human line per meaningful event. */
import type { LogLine } from "./run-store";

type Data = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const errorOf = (data: Data) =>
  (data.error ?? null) as { code?: string; message_human?: string; message_tech?: string } | null;

/** A log line for an emitted event, or null for events that are not worth a line (progress). */
export function logLineFor(type: string, data: Data, labelOf: (nodeId: string) => string, ts: number): LogLine | null {
  const nodeId = str(data.node_id);
  const step = nodeId ? `Step “${labelOf(nodeId)}”` : "The run";
  const base = { ts, step_id: nodeId };
  switch (type) {
    case "step.completed":
      if (data.status === "skipped")
        return {
          ...base,
          level: "ok",
          domain: "step",
          message_human: `${step} was skipped (${str(data.reason) ?? "branch not taken"}).`,
          details_tech: null,
        };
      return {
        ...base,
        level: "ok",
        domain: "step",
        message_human: `${step} succeeded${typeof data.duration_ms === "number" ? ` in ${data.duration_ms} ms` : ""}.`,
        details_tech: data.branch ? `branch=${String(data.branch)}` : null,
      };
    case "step.failed": {
      const err = errorOf(data);
      return {
        ...base,
        level: "error",
        domain: "step",
        message_human: `${step} failed: ${err?.message_human ?? "unknown error"}`,
        details_tech: `${err?.code ?? "unknown"}: ${err?.message_tech ?? ""}`.trim(),
      };
    }
    case "step.retrying": {
      const err = errorOf(data);
      return {
        ...base,
        level: "warn",
        domain: "step",
        message_human: `${step} failed (attempt ${String(data.attempt)}) and will retry in ${Math.round(Number(data.delay_ms) / 100) / 10} s: ${err?.message_human ?? ""}`,
        details_tech: err?.code ?? null,
      };
    }
    case "approval.requested":
      return {
        ...base,
        level: "ok",
        domain: "approval",
        message_human: `${step} is waiting for an approval.`,
        details_tech: null,
      };
    case "approval.decided":
      return {
        ...base,
        level: data.decision === "approved" ? "ok" : "warn",
        domain: "approval",
        message_human: `${step} was ${String(data.decision)} by ${String(data.by)}${data.comment ? `: “${String(data.comment)}”` : ""}.`,
        details_tech: null,
      };
    case "preflight.completed": {
      const blocking = Number(data.blocking_count ?? 0);
      return {
        ...base,
        level: blocking > 0 ? "warn" : "ok",
        domain: "preflight",
        message_human:
          blocking > 0 ? `Preflight found ${blocking} blocking issue(s); the run needs review.` : "Preflight passed.",
        details_tech: `blocking=${blocking} warnings=${String(data.warning_count ?? 0)}`,
      };
    }
    case "execution.completed":
      return { ...base, level: "ok", domain: "system", message_human: "The run completed.", details_tech: null };
    case "execution.failed": {
      const err = errorOf(data);
      return {
        ...base,
        level: "error",
        domain: "system",
        message_human: `The run failed: ${err?.message_human ?? "see the failed step"}`,
        details_tech: err?.code ?? null,
      };
    }
    case "execution.canceled":
      return {
        ...base,
        level: "warn",
        domain: "system",
        message_human: `The run was canceled${data.by ? ` by ${String(data.by)}` : ""}${data.reason ? `: ${String(data.reason)}` : ""}.`,
        details_tech: null,
      };
    case "execution.paused":
      return {
        ...base,
        level: "warn",
        domain: "system",
        message_human: `The run was paused by ${String(data.by)}.`,
        details_tech: null,
      };
    case "execution.resumed":
      return {
        ...base,
        level: "ok",
        domain: "system",
        message_human: `The run was resumed by ${String(data.by)}.`,
        details_tech: null,
      };
    case "execution.waiting":
      return nodeId
        ? null
        : {
            ...base,
            level: "ok",
            domain: "system",
            message_human: `The run is waiting (${String(data.reason ?? "")}).`,
            details_tech: null,
          };
    default:
      return null;
  }
}
