/**
 * "Test connection" for one MCP server: connects now and shows status, latency and the tool list, with a checkbox
 * per tool to whitelist it; "Save allowed tools" stores the ticked ones (`allowed_tools` via PUT).
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { McpServer } from "../../../../../worker/contracts/mcp";
import { Badge, Button, Card, ErrorNotice, Notice } from "../../../ui";
import { MCP_KEYS, testServer, updateServer } from "./mcp-api";
import { sameTools, toggleTool } from "./mcp-form";
import { formatLatency, statusView } from "./server-status";

/**
 * The test panel of `server`; it tests once when opened. `canManage` shows the checkboxes and Save; `onClose` hides it.
 * @example <McpTestPanel server={server} canManage onClose={() => setOpen(null)} />
 */
export function McpTestPanel({
  server,
  canManage,
  onClose,
}: {
  server: McpServer;
  canManage: boolean;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [allowed, setAllowed] = useState<string[]>(server.allowed_tools);
  const test = useMutation({
    mutationFn: () => testServer(server.label),
    // The list shows the stored status, latency and tool count: refresh it with this test's.
    onSettled: () => queryClient.invalidateQueries({ queryKey: MCP_KEYS.servers }),
  });
  const save = useMutation({
    mutationFn: (tools: string[]) => updateServer(server.label, { allowed_tools: tools }),
    onSuccess: (updated) => {
      setAllowed(updated.allowed_tools);
      void queryClient.invalidateQueries({ queryKey: MCP_KEYS.servers });
      void queryClient.invalidateQueries({ queryKey: MCP_KEYS.tools });
    },
  });
  const { mutate: runTest } = test;
  // Opening the panel is asking for a test: run it right away (once per server shown).
  useEffect(() => {
    runTest();
  }, [runTest]);

  const result = test.data;
  // Before the first answer, the tools from the last stored test.
  const tools = result?.tools ?? server.tools;
  // A whitelisted tool the server no longer lists stays visible, so it can be unticked.
  const missing = allowed.filter((name) => !tools.some((tool) => tool.name === name));
  const view = result ? statusView(result) : statusView(server);
  const changed = !sameTools(allowed, server.allowed_tools);

  return (
    // Named so the panel is a landmark people (and tests) can jump to; the Card's heading says the same.
    <section aria-label={`Connection test: ${server.label}`}>
      <Card
        title={`Connection test: ${server.label}`}
        actions={
          <Button variant="ghost" onClick={onClose}>
            Close
          </Button>
        }
      >
        <p role="status" aria-label="Connection status">
          {test.isPending ? <Badge tone="info">testing…</Badge> : <Badge tone={view.tone}>{view.text}</Badge>}
          {result?.latency_ms !== null && result?.latency_ms !== undefined && (
            <span className="muted small"> answered in {formatLatency(result.latency_ms)}</span>
          )}
        </p>
        {result?.error && (
          <div role="alert" className="error-notice">
            <strong>The server didn't answer as expected</strong>
            <p>{result.error.message}</p>
            <p className="muted small">
              <code>{result.error.code}</code>
            </p>
          </div>
        )}
        {test.error && <ErrorNotice error={test.error} title="Couldn't test the server" />}
        <fieldset className="choice" disabled={!canManage || save.isPending}>
          <legend>Tools ({tools.length})</legend>
          {tools.length === 0 && missing.length === 0 && <p className="muted small">No tools listed yet.</p>}
          <ul className="mcp-tools">
            {tools.map((tool) => (
              <li key={tool.name}>
                <label>
                  <input
                    type="checkbox"
                    checked={allowed.includes(tool.name)}
                    onChange={(e) => setAllowed((current) => toggleTool(current, tool.name, e.target.checked))}
                  />{" "}
                  {tool.name}
                </label>
                {tool.description && <span className="muted small"> — {tool.description}</span>}
              </li>
            ))}
            {missing.map((name) => (
              <li key={name}>
                <label>
                  <input
                    type="checkbox"
                    checked
                    onChange={() => setAllowed((current) => toggleTool(current, name, false))}
                  />{" "}
                  {name}
                </label>
                <span className="muted small"> — allowed, but the server no longer lists it</span>
              </li>
            ))}
          </ul>
        </fieldset>
        {save.error && <ErrorNotice error={save.error} title="Couldn't save the allowed tools" />}
        {save.isSuccess && !changed && <Notice tone="ok">Allowed tools saved.</Notice>}
        <div className="form-actions">
          <Button onClick={() => test.mutate()} disabled={test.isPending}>
            {test.isPending ? "Testing…" : "Test again"}
          </Button>
          {canManage && (
            <Button variant="primary" onClick={() => save.mutate(allowed)} disabled={!changed || save.isPending}>
              {save.isPending ? "Saving…" : "Save allowed tools"}
            </Button>
          )}
        </div>
      </Card>
    </section>
  );
}
