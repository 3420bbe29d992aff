// `http` executor: sends the rendered request through the network policy and turns the answer into an outcome.
import { FetchFailedError, NetworkPolicyError } from "../net";
import { buildHttpRequest, type HttpRequest, urlForPeople } from "./http-request";
import {
  blockedFailure,
  fetchFailure,
  type RequestSummary,
  responseBody,
  responseHeaders,
  statusFailure,
  untilFailure,
} from "./http-response";
import { evaluateField } from "./rendering";
import { dryRunPreview, failed, isDryRunPreview, succeeded } from "./results";
import type { Executor, StepInput } from "./types";

/** A signal that aborts at the step's deadline or when the run is canceled, and says which happened. */
function attemptSignal(input: StepInput): { signal: AbortSignal; deadlineReached: () => boolean; dispose: () => void } {
  const controller = new AbortController();
  let reached = false;
  // A relative timer, not a clock read: `deadline - now` is how long this attempt may still take.
  const timer = setTimeout(
    () => {
      reached = true;
      controller.abort();
    },
    Math.max(0, input.deadline - input.now),
  );
  const parent = input.signal;
  const onCancel = () => controller.abort();
  if (parent?.aborted) controller.abort();
  else parent?.addEventListener("abort", onCancel, { once: true });
  return {
    signal: controller.signal,
    deadlineReached: () => reached,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onCancel);
    },
  };
}

function snapshot(request: HttpRequest, connectionId: string | undefined): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url.href,
    headers: request.headers,
    ...(request.bodyValue === undefined ? {} : { body: request.bodyValue }),
    ...(connectionId === undefined ? {} : { connection_id: connectionId }),
  };
}

/**
 * Renders url/headers/body, sends them with `Idempotency-Key` and `X-Correlation-ID` through `services.fetch`
 * (aborted at the deadline), and succeeds with `{ status, headers, body }` (plus `body_encoding: "base64"` for
 * binary bodies) when the status is 2xx or listed in `expect_status` and, when set, `until` (an expression over
 * `response`) is true; while it is not, the attempt fails with the retryable `condition_not_met` (polling). A dry
 * run does not send side-effecting methods: it succeeds with `{ dry_run: true, preview: { method, url, headers,
 * body } }`; GET and HEAD still run.
 * Failure codes: `http_status_4xx`/`http_status_5xx`/`http_status_unexpected`, `network_blocked`, `http_timeout`,
 * `network_error`, `http_response_too_large`, `http_too_many_redirects`, `condition_not_met`, `canceled`,
 * `invalid_url`, `invalid_request`, `connection_missing`, `not_available`, `expression_*`.
 */
export const executeHttp: Executor<"http"> = async (input, services) => {
  const { config } = input.node;
  const preview = isDryRunPreview(input);
  // A preview never touches credentials: it shows the connection id, not what it would add.
  const request = await buildHttpRequest(input, services, !preview);
  const data_in = snapshot(request, config.connection_id);
  if (preview) return dryRunPreview(snapshot(request, config.connection_id), data_in);

  const { secretValues } = request;
  const summary: RequestSummary = { method: request.method, url: urlForPeople(request.url), host: request.url.host };
  if (input.deadline <= input.now) {
    const error = { code: "http_timeout", message_human: `No time was left to call ${summary.host}`, retryable: true };
    const tech = `${summary.method} ${summary.url}: deadline already passed`;
    return failed({ ...error, message_tech: tech }, data_in, secretValues);
  }
  const attempt = attemptSignal(input);
  try {
    const res = await services.fetch(request.url.href, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: attempt.signal,
      sensitiveHeaders: request.connectionHeaders,
    });
    const accepted = config.expect_status ? config.expect_status.includes(res.status) : res.ok;
    if (!accepted) return failed(statusFailure(summary, res, input.now, config.expect_status), data_in, secretValues);
    const output = { status: res.status, headers: responseHeaders(res.headers), ...responseBody(res, request.method) };
    if (config.until !== undefined) {
      // Polling: "not yet" is a retryable failure, so the retry policy decides how often and how long to ask.
      const context = { ...input.context, response: output };
      const ready = await evaluateField(input, "until", config.until, context);
      if (ready !== true)
        return failed(untilFailure(summary, config.until, res.status, output.body), data_in, secretValues);
    }
    return succeeded(output, data_in, secretValues);
  } catch (err) {
    if (err instanceof NetworkPolicyError) return failed(blockedFailure(summary, err), data_in, secretValues);
    if (err instanceof FetchFailedError) {
      return failed(fetchFailure(summary, err, attempt.deadlineReached()), data_in, secretValues);
    }
    throw err;
  } finally {
    attempt.dispose();
  }
};
