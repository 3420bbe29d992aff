// `llm` executor: a chat completion on an OpenAI-compatible endpoint through a connection, with tokens and cost.
import {
  type ChatAnswer,
  type ChatMessage,
  chatBody,
  checkStructured,
  correctiveMessage,
  parseChatAnswer,
} from "../connections/llm-chat";
import { addUsage, costOf, type LlmCost, type LlmUsage } from "../connections/llm-pricing";
import { redactSnapshot } from "../engine/redact";
import { quoteStep, type StepError, StepFailure } from "../engine/run/errors";
import { FetchFailedError, NetworkPolicyError } from "../net";
import { asText, renderField, stepLabel } from "./rendering";
import { dryRunPreview, failed, isDryRunPreview, succeeded, waiting } from "./results";
import type { Executor, ExecutorResult, ExecutorServices, NodeOf, ResolvedConnection, StepInput } from "./types";

type LlmInput = StepInput<NodeOf<"llm">>;

/** The connection's API root travels beside its credentials (see `connections/resolve.ts`). */
function baseUrlOf(connection: ResolvedConnection): string | undefined {
  const value = (connection as ResolvedConnection & { base_url?: unknown }).base_url;
  return typeof value === "string" && value !== "" ? value : undefined;
}

function stepError(input: LlmInput, code: string, human: string, tech: string, retryable: boolean): StepError {
  return { code, message_human: `Step ${quoteStep(stepLabel(input.node))}: ${human}`, message_tech: tech, retryable };
}

async function connectionFor(input: LlmInput, services: ExecutorServices): Promise<ResolvedConnection> {
  const { connection_id } = input.node.config;
  if (!services.resolveConnection) {
    throw new StepFailure(
      stepError(
        input,
        "not_available",
        "connections are not available in this build",
        "resolveConnection service missing",
        false,
      ),
    );
  }
  const connection = await services.resolveConnection({ org_id: input.run.org_id, connection_id });
  if (!connection) {
    throw new StepFailure(
      stepError(
        input,
        "connection_missing",
        `it needs the connection “${connection_id}”, which does not exist in this organization`,
        `connection ${connection_id} not found`,
        false,
      ),
    );
  }
  return connection;
}

/** A signal aborted at the step's deadline (a relative timer: executors never read the clock) or on cancel. */
function deadlineSignal(input: LlmInput): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), Math.max(0, input.deadline - input.now));
  const onCancel = () => controller.abort();
  if (input.signal?.aborted) controller.abort();
  else input.signal?.addEventListener("abort", onCancel, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      input.signal?.removeEventListener("abort", onCancel);
    },
  };
}

interface Endpoint {
  url: URL;
  headers: Record<string, string>;
  host: string;
}

/** One call to `/chat/completions`. @throws StepFailure for refusals, network errors and unreadable answers. */
async function complete(
  input: LlmInput,
  services: ExecutorServices,
  endpoint: Endpoint,
  messages: ChatMessage[],
): Promise<ChatAnswer> {
  const { config } = input.node;
  const body = chatBody({ ...config, messages });
  const attempt = deadlineSignal(input);
  try {
    const res = await services.fetch(endpoint.url.href, {
      method: "POST",
      headers: { ...endpoint.headers, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      signal: attempt.signal,
      sensitiveHeaders: Object.keys(endpoint.headers),
    });
    if (!res.ok) {
      // Rate limits and server errors pass; other refusals (bad key, unknown model) need a person.
      const retryable = res.status === 429 || res.status >= 500;
      throw new StepFailure(
        stepError(
          input,
          `llm_http_${res.status}`,
          `${endpoint.host} refused the completion (HTTP ${res.status})`,
          `POST ${endpoint.host}/chat/completions: ${res.status} ${res.text().slice(0, 500)}`,
          retryable,
        ),
      );
    }
    let json: unknown;
    try {
      json = res.json();
    } catch {
      json = null;
    }
    const answer = parseChatAnswer(json, config.model);
    if (!answer) {
      throw new StepFailure(
        stepError(
          input,
          "llm_bad_response",
          `${endpoint.host} answered without a completion`,
          `no choices[0].message.content in ${res.text().slice(0, 300)}`,
          true,
        ),
      );
    }
    return answer;
  } catch (err) {
    if (err instanceof NetworkPolicyError) {
      throw new StepFailure(
        stepError(
          input,
          "network_blocked",
          `the network policy blocks ${endpoint.host}: ${err.message}`,
          err.message,
          false,
        ),
      );
    }
    if (err instanceof FetchFailedError) {
      throw new StepFailure(
        stepError(input, "network_error", `could not reach ${endpoint.host}: ${err.message}`, err.message, true),
      );
    }
    throw err;
  } finally {
    attempt.dispose();
  }
}

/** What an `llm_output_invalid` failure spent (`details.llm_usage`): two completions, their tokens and cost. */
export interface FailedLlmUsage {
  model: string;
  calls: number;
  usage: LlmUsage;
  cost_usd: number;
  price_known: boolean;
}

function invalidAnswerUsage(model: string, usage: LlmUsage, cost: LlmCost): FailedLlmUsage {
  return { model, calls: 2, usage, cost_usd: cost.cost_usd, price_known: cost.price_known };
}

/**
 * The answer, held for review: the engine succeeds the step with `output` once approved. The request shows the
 * answer (redacted by key, like any snapshot) so the approver sees what they approve.
 */
function reviewWait(
  input: LlmInput,
  output: Record<string, unknown>,
  snapshot: unknown,
  secretValues: readonly string[],
): ExecutorResult {
  const answer = output.content;
  const request = {
    message: `Review the answer of step ${quoteStep(stepLabel(input.node))} before the run continues`,
    kind: "llm_output",
    output: redactSnapshot(
      { content: answer, ...(output.parsed === undefined ? {} : { parsed: output.parsed }) },
      {
        secretValues,
      },
    ),
    model: output.model,
  };
  return {
    ...waiting({ reason: "approval", request, on_approve: { kind: "succeed", output } }, snapshot),
    secretValues,
  };
}

/**
 * Renders the messages, posts `{ model, messages, temperature, max_tokens, response_format? }` to the connection's
 * `base_url` + `/chat/completions`, and succeeds with `{ content, parsed?, usage, model, cost_usd, price_known }`.
 * With `output_schema`, an answer that isn't matching JSON is sent back once with a corrective message; a second
 * miss fails with `llm_output_invalid` (not retried: the same prompt fails the same way), its `details.llm_usage`
 * ({@link FailedLlmUsage}) saying what the two completions spent, for metering. A dry run previews.
 * With `require_approval`, the answer waits for a person (`approval` wait with the answer in the request and
 * `on_approve: succeed`): approving succeeds the step with that very output, rejecting fails it `approval_rejected`.
 * Failure codes: `connection_missing`, `connection_*`, `invalid_request`, `llm_http_<status>`, `llm_bad_response`,
 * `llm_output_invalid`, `network_blocked`, `network_error`, `not_available`, `expression_*`.
 */
export const executeLlm: Executor<"llm"> = async (input, services) => {
  const { config } = input.node;
  const messages: ChatMessage[] = [];
  for (const [i, message] of config.messages.entries()) {
    messages.push({
      role: message.role,
      content: asText(await renderField(input, `message ${i + 1}`, message.content)),
    });
  }
  const data_in = {
    connection_id: config.connection_id,
    model: config.model,
    messages,
    ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
    ...(config.max_tokens === undefined ? {} : { max_tokens: config.max_tokens }),
    ...(config.output_schema === undefined ? {} : { output_schema: config.output_schema }),
  };
  if (isDryRunPreview(input)) return dryRunPreview(data_in, data_in);

  const connection = await connectionFor(input, services);
  const secretValues = [
    ...Object.values(connection.headers),
    ...Object.values(connection.query ?? {}),
    ...(connection.secretValues ?? []),
  ];
  const base = baseUrlOf(connection);
  if (!base || !URL.canParse(`${base.replace(/\/+$/, "")}/chat/completions`)) {
    return failed(
      stepError(
        input,
        "invalid_request",
        `the connection “${config.connection_id}” has no base URL (e.g. https://api.openai.com/v1)`,
        `connection ${connection.id}: base_url missing or invalid`,
        false,
      ),
      data_in,
      secretValues,
    );
  }
  const url = new URL(`${base.replace(/\/+$/, "")}/chat/completions`);
  for (const [name, value] of Object.entries(connection.query ?? {})) url.searchParams.set(name, value);
  const endpoint: Endpoint = { url, headers: connection.headers, host: url.host };
  const snapshot = { ...data_in, url: `${url.protocol}//${url.host}${url.pathname}` };

  try {
    let answer = await complete(input, services, endpoint, messages);
    let usage = answer.usage;
    let parsed: unknown;
    if (config.output_schema) {
      let check = checkStructured(answer.content, config.output_schema);
      if (!check.ok) {
        const retry = [
          ...messages,
          { role: "assistant" as const, content: answer.content },
          correctiveMessage(check.problem),
        ];
        answer = await complete(input, services, endpoint, retry);
        usage = addUsage(usage, answer.usage);
        check = checkStructured(answer.content, config.output_schema);
      }
      if (!check.ok) {
        const cost = costOf(answer.model, usage);
        return failed(
          {
            ...stepError(
              input,
              "llm_output_invalid",
              `the model's answer did not match the output schema, even after one correction: ${check.problem}`,
              `output_schema mismatch after 2 completions (tokens ${usage.total_tokens}, cost_usd ${cost.cost_usd}): ${answer.content.slice(0, 500)}`,
              false,
            ),
            // The two completions were paid for: the run meters them from here (counts only, never the answer).
            details: { llm_usage: invalidAnswerUsage(answer.model, usage, cost) },
          },
          snapshot,
          secretValues,
        );
      }
      parsed = check.value;
    }
    const cost = costOf(answer.model, usage);
    const output = {
      content: answer.content,
      ...(config.output_schema ? { parsed } : {}),
      usage,
      model: answer.model,
      cost_usd: cost.cost_usd,
      price_known: cost.price_known,
      ...(cost.note ? { cost_note: cost.note } : {}),
    };
    if (config.require_approval) return reviewWait(input, output, snapshot, secretValues);
    return succeeded(output, snapshot, secretValues);
  } catch (err) {
    if (err instanceof StepFailure) return failed(err.stepError, snapshot, secretValues);
    throw err;
  }
};
