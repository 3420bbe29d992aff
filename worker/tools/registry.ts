/**
 * The tool registry (pure): built-in tools plus the tools of an org's MCP servers (cached from
 * their last test, plus whitelisted names not yet seen), searchable by name and description.
 */
import { BUILTIN_SERVER, BUILTIN_TOOLS } from "./builtin";
import { toolKey } from "./policy";

/** One tool in the registry. `allowed`: the server's whitelist has it (built-ins always do). */
export interface RegistryTool {
  key: string;
  server_label: string;
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
  allowed: boolean;
}

/** What the registry needs to know about a server. */
export interface RegistryServer {
  label: string;
  allowed_tools: readonly string[];
  tools: readonly { name: string; description: string; input_schema: Record<string, unknown> }[];
}

/** Built-in tools first, then each server's tools (listed ones, then whitelisted names not listed yet). */
export function registryTools(servers: readonly RegistryServer[]): RegistryTool[] {
  const out: RegistryTool[] = BUILTIN_TOOLS.map((t) => ({
    key: toolKey(BUILTIN_SERVER, t.name),
    server_label: BUILTIN_SERVER,
    name: t.name,
    description: t.description,
    input_schema: t.input_schema,
    allowed: true,
  }));
  for (const server of servers) {
    const allowed = new Set(server.allowed_tools);
    const listed = new Set(server.tools.map((t) => t.name));
    const tools = [
      ...server.tools,
      ...server.allowed_tools
        .filter((n) => !listed.has(n))
        .map((name) => ({ name, description: "", input_schema: {} })),
    ];
    for (const tool of tools) {
      out.push({
        key: toolKey(server.label, tool.name),
        server_label: server.label,
        name: tool.name,
        description: tool.description,
        input_schema: tool.input_schema,
        allowed: allowed.has(tool.name),
      });
    }
  }
  return out;
}

/**
 * Tools matching `q` (every word, case-insensitive, in the key or description) on `server` (exact
 * label) when given. Name matches rank before description-only matches; otherwise registry order.
 * @example searchTools(tools, { q: "issue", server: "github" })
 */
export function searchTools(tools: readonly RegistryTool[], query: { q?: string; server?: string }): RegistryTool[] {
  const words = (query.q ?? "").toLowerCase().split(/\s+/).filter(Boolean);
  const scored: { tool: RegistryTool; score: number; index: number }[] = [];
  tools.forEach((tool, index) => {
    if (query.server && tool.server_label !== query.server) return;
    const key = tool.key.toLowerCase();
    const description = tool.description.toLowerCase();
    if (!words.every((w) => key.includes(w) || description.includes(w))) return;
    const score = words.filter((w) => key.includes(w)).length;
    scored.push({ tool, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((s) => s.tool);
}
