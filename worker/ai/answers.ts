// What the model must answer for a diagnosis and for a plan: zod schemas, the JSON Schemas sent with the prompt, parsing.
import { z } from "zod";

const text = (max: number) => z.string().trim().min(1).max(max);

/** The model's diagnosis of a failed run (before runbook suggestions are checked). */
export const DiagnoseAnswer = z.object({
  summary: text(4_000),
  hypotheses: z
    .array(
      z.object({
        title: text(500),
        likelihood: z.enum(["high", "medium", "low"]),
        evidence: z.array(text(2_000)).max(20),
      }),
    )
    .max(10),
  suggested_actions: z
    .array(
      z.object({
        kind: z.enum(["rerun", "runbook", "fix_config", "other"]),
        description: text(2_000),
        runbook: z
          .object({ name: text(200), inputs: z.record(z.string(), z.unknown()) })
          .nullable()
          .optional(),
      }),
    )
    .max(10),
});
export type DiagnoseAnswer = z.infer<typeof DiagnoseAnswer>;

/** The model's plan: runbook executions, each checked against the runbook afterwards. */
export const PlanAnswer = z.object({
  steps: z
    .array(
      z.object({
        runbook: text(200),
        inputs: z.record(z.string(), z.unknown()),
        connections: z.record(z.string(), z.string()),
        reason: text(2_000),
      }),
    )
    .max(20),
});
export type PlanAnswer = z.infer<typeof PlanAnswer>;

/** The JSON Schema of an answer, sent as `response_format` so providers that honour it answer in shape. */
export function answerJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

/** The outcome of reading a model's answer. */
export type AnswerCheck<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Parses `content` as JSON (tolerating a ```json fence, which some models add anyway) and validates it.
 * @example parseAnswer('{"steps":[]}', PlanAnswer) // { ok: true, value: { steps: [] } }
 */
export function parseAnswer<T>(content: string, schema: z.ZodType<T>): AnswerCheck<T> {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(content);
  let json: unknown;
  try {
    json = JSON.parse(fenced?.[1] ?? content);
  } catch {
    return { ok: false, problem: "the answer is not JSON" };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  // A few issues are enough for a person and for the model's one correction.
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`);
  return { ok: false, problem: `the answer does not match the requested schema (${issues.join("; ")})` };
}
