/**
 * Waiting approval steps: the request they show (message, approvers, form fields, deadline), read from the step's
 * `wait`, and the decision form's values turned into the `{ form }` of `POST …/approve|reject`.
 */
import { z } from "zod";
import type { StepView } from "../../../../worker/contracts/runs";
import { ApprovalFormField } from "../../../../worker/contracts/workflow";

export type ApprovalField = z.infer<typeof ApprovalFormField>;

/** What an approver sees. */
export interface ApprovalRequest {
  nodeId: string;
  stepName: string;
  message: string;
  /** Who may decide, in words ("owner or admin"); null when anyone who may control runs can. */
  approvers: string | null;
  fields: ApprovalField[];
  /** When the wait runs out (epoch ms), and what happens then. */
  timeoutAt: number | null;
  onTimeout: "reject" | "approve" | "fail" | null;
}

// The executor's wait (worker/executors/approval.ts): `{ reason, request: { message, approvers, form_fields }, timeout_at, on_timeout }`.
const ApprovalWait = z.object({
  reason: z.literal("approval"),
  timeout_at: z.number().optional(),
  on_timeout: z.enum(["reject", "approve", "fail"]).optional(),
  request: z
    .object({
      message: z.string().optional(),
      approvers: z
        .object({ roles: z.array(z.string()).optional(), user_ids: z.array(z.string()).optional() })
        .nullable()
        .optional(),
      form_fields: z.array(z.unknown()).optional(),
    })
    .optional(),
});

function approversText(
  approvers: { roles?: string[] | undefined; user_ids?: string[] | undefined } | null | undefined,
) {
  const names = [...(approvers?.roles ?? []), ...(approvers?.user_ids ?? []).map((id) => `user ${id}`)];
  if (names.length === 0) return null;
  if (names.length === 1) return names[0] ?? null;
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/**
 * The approval request of a step that is waiting for a decision; null for any other step. Form fields that don't
 * parse (a newer server's field type) are left out rather than breaking the page.
 * @example approvalRequestOf(steps.find((s) => s.node_id === "review")!)?.message // "Deploy api version 1.2.3 …"
 */
export function approvalRequestOf(
  step: Pick<StepView, "node_id" | "name" | "status" | "wait">,
): ApprovalRequest | null {
  if (step.status !== "waiting") return null;
  const wait = ApprovalWait.safeParse(step.wait);
  if (!wait.success) return null;
  const request = wait.data.request;
  const fields = (request?.form_fields ?? []).flatMap((raw) => {
    const field = ApprovalFormField.safeParse(raw);
    return field.success ? [field.data] : [];
  });
  return {
    nodeId: step.node_id,
    stepName: step.name,
    message: request?.message ?? `Please review step “${step.name}”`,
    approvers: approversText(request?.approvers),
    fields,
    timeoutAt: wait.data.timeout_at ?? null,
    onTimeout: wait.data.timeout_at === undefined ? null : (wait.data.on_timeout ?? "fail"),
  };
}

/** Every approval the run is waiting for, in step order. */
export function waitingApprovals(steps: readonly StepView[]): ApprovalRequest[] {
  return steps.flatMap((step) => {
    const request = approvalRequestOf(step);
    return request ? [request] : [];
  });
}

/** The decision form's values: text per field, a boolean for checkboxes. */
export type ApprovalValues = Record<string, string | boolean>;

/** Empty values (unchecked boxes, no option chosen), so a required choice is a deliberate one. */
export function initialApprovalValues(fields: readonly ApprovalField[]): ApprovalValues {
  return Object.fromEntries(fields.map((field) => [field.name, field.type === "boolean" ? false : ""]));
}

export type BuiltApproval = { ok: true; form: Record<string, unknown> } | { ok: false; errors: Record<string, string> };

function fieldValue(field: ApprovalField, raw: string | boolean | undefined): { value?: unknown; error?: string } {
  if (field.type === "boolean") return { value: raw === true };
  const text = typeof raw === "string" ? raw.trim() : "";
  if (text === "") return {};
  switch (field.type) {
    case "text":
      return { value: text };
    case "number": {
      const value = Number(text);
      return Number.isFinite(value) ? { value } : { error: "Enter a number" };
    }
    case "select":
      return field.options?.includes(text) ? { value: text } : { error: "Choose one of the options" };
    default: {
      const _never: never = field.type;
      throw new Error(`unknown approval field type ${String(_never)}`);
    }
  }
}

/**
 * The `form` of a decision. Approving needs every required field (the server doesn't check them, and the
 * workflow branches on them); rejecting sends whatever was filled in.
 * @example buildApprovalForm(fields, { rollout: "later", note: "" }, "approve") // { ok: true, form: { rollout: "later" } }
 */
export function buildApprovalForm(
  fields: readonly ApprovalField[],
  values: ApprovalValues,
  decision: "approve" | "reject",
): BuiltApproval {
  const form: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const { value, error } = fieldValue(field, values[field.name]);
    if (error) errors[field.name] = error;
    else if (value !== undefined) form[field.name] = value;
    else if (field.required && decision === "approve") errors[field.name] = `${field.label} is required to approve`;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, form };
}
