/**
 * The OpenAI-compatible chat completions wire format, pure: the request body, reading the answer
 * (`choices[0].message.content`, `usage`), and checking a structured answer against a JSON Schema.
 */
import { Validator } from "@cfworker/json-schema";
import type { LlmUsage } from "./llm-pricing";

/** One chat message as sent. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** What the `llm` step asks for. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  max_tokens?: number;
  output_schema?: Record<string, unknown>;
}

/**
 * The JSON body of `POST {base_url}/chat/completions`. With an output schema it asks for
 * `response_format: json_schema` (non-strict, since not every provider's strict mode takes every schema).
 */
export function chatBody(request: ChatRequest): Record<string, unknown> {
  return {
    model: request.model,
    messages: request.messages,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.max_tokens === undefined ? {} : { max_tokens: request.max_tokens }),
    ...(request.output_schema === undefined
      ? {}
      : {
          response_format: {
            type: "json_schema",
            json_schema: { name: "output", schema: request.output_schema, strict: false },
          },
        }),
  };
}

/** A completion as Fluxo keeps it. */
export interface ChatAnswer {
  content: string;
  model: string;
  usage: LlmUsage;
}

const count = (value: unknown): number =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : 0;

/** Reads a chat completion; null when it has no `choices[0].message.content` string. Missing usage counts 0. */
export function parseChatAnswer(body: unknown, requestedModel: string): ChatAnswer | null {
  if (typeof body !== "object" || body === null) return null;
  const record = body as { choices?: unknown; usage?: unknown; model?: unknown };
  const first = Array.isArray(record.choices)
    ? (record.choices[0] as { message?: { content?: unknown } } | undefined)
    : undefined;
  const content = first?.message?.content;
  if (typeof content !== "string") return null;
  const usage = (typeof record.usage === "object" && record.usage !== null ? record.usage : {}) as Record<
    string,
    unknown
  >;
  const prompt = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  return {
    content,
    model: typeof record.model === "string" && record.model ? record.model : requestedModel,
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: count(usage.total_tokens) || prompt + completion,
    },
  };
}

/** The outcome of checking an answer against the output schema. */
export type StructuredCheck = { ok: true; value: unknown } | { ok: false; problem: string };

/** Parses `content` as JSON (tolerating a ```json fence) and validates it against `schema` (JSON Schema 2020-12). */
export function checkStructured(content: string, schema: Record<string, unknown>): StructuredCheck {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(content);
  let value: unknown;
  try {
    value = JSON.parse(fenced?.[1] ?? content);
  } catch {
    return { ok: false, problem: "the answer is not JSON" };
  }
  const result = new Validator(schema as object, "2020-12", false).validate(value);
  if (result.valid) return { ok: true, value };
  // The deepest errors say what is actually wrong; the first few are enough for a person and for the model.
  const problems = result.errors
    .filter((e) => e.keyword !== "properties" && e.keyword !== "$ref")
    .slice(0, 3)
    .map((e) => `${e.instanceLocation || "#"}: ${e.error}`);
  return { ok: false, problem: `the answer does not match the output schema (${problems.join("; ") || "invalid"})` };
}

/** The message asking the model to fix its answer (sent once, after its previous answer). */
export function correctiveMessage(problem: string): ChatMessage {
  return {
    role: "user",
    content: `Your previous answer was rejected: ${problem}. Reply again with only a JSON value that matches the requested schema, with no other text.`,
  };
}
