// Asking the org's LLM for a structured answer: one chat completion through its connection, one correction, clear errors.
import type { z } from "zod";
import type { OrgScope } from "../auth/principal";
import { type ChatMessage, chatBody, correctiveMessage, parseChatAnswer } from "../connections/llm-chat";
import { addUsage, costOf, type LlmUsage } from "../connections/llm-pricing";
import { resolveConnection } from "../connections/resolve";
import type { AiSettings } from "../contracts/ai";
import { redactText } from "../engine/redact";
import { StepFailure } from "../engine/run/errors";
import { AppError } from "../errors";
import { FetchFailedError, NetworkPolicyError, policyFromEnv, safeFetch } from "../net";
import { recordUsage } from "../usage/record";
import { answerJsonSchema, parseAnswer } from "./answers";
import { AI_SETTINGS_HINT } from "./settings";

/** A model answer that passed its schema. */
export interface ModelAnswer<T> {
  value: T;
  model: string;
  usage: LlmUsage;
}

/** Answers can take a while; the default 15 s of the network policy is too short for a long prompt. */
const LLM_TIMEOUT_MS = 90_000;

function upstream(message: string, secrets: readonly string[]): AppError {
  return new AppError("ai_upstream_failed", redactText(message, secrets));
}

interface Endpoint {
  url: URL;
  headers: Record<string, string>;
  secrets: readonly string[];
}

async function endpointFor(env: Env, scope: OrgScope, ai: AiSettings, now: number): Promise<Endpoint> {
  let connection: Awaited<ReturnType<typeof resolveConnection>>;
  try {
    connection = await resolveConnection(env, scope.orgId, ai.connection_id, now);
  } catch (err) {
    // An expired or unreadable connection: its message is written for people and holds no secret.
    if (err instanceof StepFailure) throw new AppError("ai_upstream_failed", err.stepError.message_human);
    throw err;
  }
  if (!connection) {
    throw new AppError("ai_not_configured", `The AI assistant's LLM connection no longer exists. ${AI_SETTINGS_HINT}.`);
  }
  const base = connection.base_url?.replace(/\/+$/, "");
  if (!base || !URL.canParse(`${base}/chat/completions`)) {
    throw new AppError(
      "ai_not_configured",
      `The AI assistant's LLM connection has no base URL (e.g. https://api.openai.com/v1). ${AI_SETTINGS_HINT}.`,
    );
  }
  const url = new URL(`${base}/chat/completions`);
  for (const [name, value] of Object.entries(connection.query ?? {})) url.searchParams.set(name, value);
  const secrets = [
    ...Object.values(connection.headers),
    ...Object.values(connection.query ?? {}),
    ...(connection.secretValues ?? []),
  ];
  return { url, headers: connection.headers, secrets };
}

async function complete(env: Env, endpoint: Endpoint, body: Record<string, unknown>, model: string) {
  const { policy } = policyFromEnv(env, { timeoutMs: LLM_TIMEOUT_MS });
  const host = endpoint.url.host;
  let res: Awaited<ReturnType<typeof safeFetch>>;
  try {
    res = await safeFetch(endpoint.url.href, {
      method: "POST",
      headers: { ...endpoint.headers, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      policy,
      sensitiveHeaders: Object.keys(endpoint.headers),
    });
  } catch (err) {
    if (err instanceof NetworkPolicyError || err instanceof FetchFailedError) {
      throw upstream(`The LLM at ${host} could not be reached: ${err.message}`, endpoint.secrets);
    }
    throw err;
  }
  if (!res.ok) {
    throw upstream(
      `The LLM at ${host} refused the request (HTTP ${res.status}): ${res.text().slice(0, 300)}`,
      endpoint.secrets,
    );
  }
  let json: unknown = null;
  try {
    json = res.json();
  } catch {
    // Not JSON: reported below as an answer without a completion.
  }
  const answer = parseChatAnswer(json, model);
  if (!answer) throw upstream(`The LLM at ${host} answered without a completion`, endpoint.secrets);
  return answer;
}

/** What the completions are metered against (the run being diagnosed, if any). */
export interface Meter {
  run_id?: string;
  workflow_id?: string;
}

/**
 * Sends `messages` to the org's LLM with the JSON Schema of `schema` and returns the validated answer. An answer
 * that doesn't match is sent back once with a correction. Every completion is metered (`recordUsage`, kind `llm`).
 * @throws AppError `ai_not_configured` (connection gone, no base URL), `ai_upstream_failed` (network, HTTP error,
 * no completion; the message says which), `ai_invalid_answer` (still invalid after the correction).
 */
export async function askModel<T>(
  env: Env,
  scope: OrgScope,
  ai: AiSettings,
  messages: ChatMessage[],
  schema: z.ZodType<T>,
  now: number,
  meter: Meter = {},
): Promise<ModelAnswer<T>> {
  const endpoint = await endpointFor(env, scope, ai, now);
  const outputSchema = answerJsonSchema(schema);
  const ask = (conversation: ChatMessage[]) =>
    complete(
      env,
      endpoint,
      chatBody({ model: ai.model, messages: conversation, temperature: 0, output_schema: outputSchema }),
      ai.model,
    );
  let answer = await ask(messages);
  let check = parseAnswer(answer.content, schema);
  let usage = answer.usage;
  let calls = 1;
  if (!check.ok) {
    answer = await ask([...messages, { role: "assistant", content: answer.content }, correctiveMessage(check.problem)]);
    usage = addUsage(usage, answer.usage);
    calls = 2;
    check = parseAnswer(answer.content, schema);
  }
  await recordUsage(env, scope.orgId, {
    ...meter,
    kind: "llm",
    key: answer.model,
    calls,
    tokens_in: usage.prompt_tokens,
    tokens_out: usage.completion_tokens,
    cost_usd: costOf(answer.model, usage).cost_usd,
    at: now,
  });
  if (!check.ok) {
    throw new AppError(
      "ai_invalid_answer",
      redactText(`The model's answer was unusable, even after one correction: ${check.problem}`, endpoint.secrets),
    );
  }
  return { value: check.value, model: answer.model, usage };
}
