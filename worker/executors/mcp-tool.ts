// `mcp_tool` executor: calls a tool on an MCP server (or a built-in tool) through the org's whitelist and policies.
import { quoteStep, type StepError } from "../engine/run/errors";
import { renderFieldValue, stepLabel } from "./rendering";
import { dryRunPreview, failed, isDryRunPreview, succeeded, waiting } from "./results";
import type { Executor, NodeOf, StepInput } from "./types";

type McpInput = StepInput<NodeOf<"mcp_tool">>;

function stepError(input: McpInput, code: string, human: string, tech: string, retryable: boolean): StepError {
  return { code, message_human: `Step ${quoteStep(stepLabel(input.node))}: ${human}`, message_tech: tech, retryable };
}

/** The rendered `arguments`: an object, since MCP tools take named arguments. */
async function renderArguments(input: McpInput): Promise<Record<string, unknown>> {
  const raw = input.node.config.arguments ?? {};
  const rendered = await renderFieldValue(input, "the arguments", raw);
  if (rendered !== null && typeof rendered === "object" && !Array.isArray(rendered)) {
    return rendered as Record<string, unknown>;
  }
  return {};
}

/** The text a tool answered with (its `text` content parts), for a readable error message. */
function textOf(content: unknown[]): string {
  return content
    .flatMap((part) =>
      part !== null && typeof part === "object" && (part as { type?: unknown }).type === "text"
        ? [String((part as { text?: unknown }).text ?? "")]
        : [],
    )
    .join(" ")
    .trim();
}

/**
 * Renders `arguments`, then calls `server_label`/`tool` through `services.callTool`:
 * - the tool answers → succeeded `{ content, structured, is_error: false }`; a tool that reports an error
 *   (`is_error`) → failed `tool_error`, not retried (the same arguments fail the same way);
 * - a policy says ASK → waits for approval (`on_approve: execute`) with the tool and its rendered arguments in
 *   the request; once approved the step runs again with `input.approval` and the call goes through;
 * - refused or failed (`StepFailure` from the service: `tool_denied`, `tool_not_allowed`, `tool_rate_limited`
 *   (retryable), `mcp_server_not_found`, `mcp_server_unreachable`, …) → failed with that error.
 * A dry run previews the call without making it.
 */
export const executeMcpTool: Executor<"mcp_tool"> = async (input, services) => {
  const { server_label, tool } = input.node.config;
  const args = await renderArguments(input);
  const data_in = { server_label, tool, arguments: args };
  if (isDryRunPreview(input)) return dryRunPreview(data_in, data_in);
  if (!services.callTool) {
    return failed(
      stepError(
        input,
        "not_available",
        "tool calls are not available in this build",
        "callTool service missing",
        false,
      ),
      data_in,
    );
  }
  const result = await services.callTool({
    node_id: input.node.id,
    server_label,
    tool,
    arguments: args,
    deadline: input.deadline,
    ...(input.approval ? { approved: { by: input.approval.by } } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  });
  switch (result.kind) {
    case "ask": {
      if (input.approval) {
        // Approved calls skip ASK; asking again would loop between approval and execution.
        return failed(
          stepError(
            input,
            "tool_approval_loop",
            `${result.tool_key} asked for approval again after ${input.approval.by} approved it`,
            `callTool returned ask for an approved call (${result.reason})`,
            false,
          ),
          data_in,
        );
      }
      const message = `Step ${quoteStep(stepLabel(input.node))} wants to call ${result.tool_key}. ${result.reason}.`;
      return waiting(
        {
          reason: "approval",
          request: { message, kind: "tool_call", tool_key: result.tool_key, server_label, tool, arguments: args },
          on_approve: { kind: "execute" },
        },
        data_in,
      );
    }
    case "ok": {
      if (result.is_error) {
        const said = textOf(result.content);
        return failed(
          {
            ...stepError(
              input,
              "tool_error",
              `the tool ${server_label}/${tool} reported an error${said ? `: ${said.slice(0, 300)}` : ""}`,
              `${server_label}/${tool} returned isError=true after ${result.duration_ms} ms`,
              false,
            ),
            details: { content: result.content, structured: result.structured },
          },
          data_in,
        );
      }
      return succeeded({ content: result.content, structured: result.structured, is_error: false }, data_in);
    }
    default: {
      const _never: never = result;
      return _never;
    }
  }
};
