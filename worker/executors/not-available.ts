// `llm` and `mcp_tool` executors: their runtime (connections, MCP client, tool policies) is not built yet.
import type { StepError } from "../engine/run/errors";
import { failed } from "./results";
import type { Executor } from "./types";

function notAvailable(human: string, tech: string): StepError {
  return { code: "not_available", message_human: human, message_tech: tech, retryable: false };
}

/**
 * Fails at once, never retried. Preflight blocks runs with LLM steps before they start; this is the backstop.
 */
export const executeLlm: Executor<"llm"> = async (input) => {
  const { connection_id, model } = input.node.config;
  return failed(
    notAvailable(
      "LLM steps need a connection; this build can't run them yet",
      `llm executor not available (connection_id=${connection_id}, model=${model})`,
    ),
    { connection_id, model },
  );
};

/** Fails at once, never retried. Preflight blocks runs with MCP tool steps before they start. */
export const executeMcpTool: Executor<"mcp_tool"> = async (input) => {
  const { server_label, tool } = input.node.config;
  return failed(
    notAvailable(
      "MCP tool steps need a registered MCP server; this build can't run them yet",
      `mcp_tool executor not available (server_label=${server_label}, tool=${tool})`,
    ),
    { server_label, tool },
  );
};
