// `mcp_tool` executor: its runtime (MCP client, tool policies) is not built yet.
import type { StepError } from "../engine/run/errors";
import { failed } from "./results";
import type { Executor } from "./types";

function notAvailable(human: string, tech: string): StepError {
  return { code: "not_available", message_human: human, message_tech: tech, retryable: false };
}

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
