/**
 * Settings › MCP servers: the org's and the user's servers (status with latency, last test, tools, source), add,
 * test with the tool whitelist, edit and remove. Org servers come from configuration and are read-only here.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { McpServer } from "../../../../../worker/contracts/mcp";
import { useCan } from "../../../lib/auth";
import { formatDateTime } from "../../../lib/format";
import { Badge, Button, Card, ConfirmButton, ErrorNotice, Notice, QueryState } from "../../../ui";
import { McpServerForm } from "./McpServerForm";
import { McpTestPanel } from "./McpTestPanel";
import { deleteServer, listServers, MCP_KEYS } from "./mcp-api";
import { AUTH_LABELS } from "./mcp-form";
import { lastTestedIso, statusView } from "./server-status";
import "./mcp.css";

/** Which server's panel is open below the list. */
type Open = { panel: "test" | "edit"; label: string } | null;

export function McpServersSettings() {
  const canManage = useCan("mcp:manage");
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<Open>(null);
  const list = useQuery({ queryKey: MCP_KEYS.servers, queryFn: listServers });
  const remove = useMutation({
    mutationFn: deleteServer,
    onSuccess: (_none, label) => setOpen((current) => (current?.label === label ? null : current)),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: MCP_KEYS.servers });
      void queryClient.invalidateQueries({ queryKey: MCP_KEYS.tools });
    },
  });
  const openServer = open ? list.data?.items.find((s) => s.label === open.label) : undefined;

  return (
    <>
      {canManage ? (
        <McpServerForm />
      ) : (
        <Notice>Only admins can add, test or change MCP servers. You can see which ones exist.</Notice>
      )}
      <Card title="MCP servers">
        <QueryState query={list} errorTitle="Couldn't load the MCP servers" />
        {remove.error && <ErrorNotice error={remove.error} title="Couldn't remove the server" />}
        {list.data && list.data.items.length === 0 && <p className="muted">No MCP servers yet.</p>}
        {list.data && list.data.items.length > 0 && (
          <div className="table-wrap">
            <table aria-label="MCP servers">
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col">URL</th>
                  <th scope="col">Auth</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last tested</th>
                  <th scope="col">Tools</th>
                  <th scope="col">Source</th>
                  {canManage && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((server) => (
                  <ServerRow
                    key={`${server.source}:${server.label}`}
                    server={server}
                    canManage={canManage}
                    onOpen={(panel) => setOpen({ panel, label: server.label })}
                    removing={remove.isPending && remove.variables === server.label}
                    onRemove={() => remove.mutate(server.label)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {open && openServer && open.panel === "test" && (
        <McpTestPanel
          key={openServer.label}
          server={openServer}
          canManage={canManage && openServer.source === "user"}
          onClose={() => setOpen(null)}
        />
      )}
      {open && openServer && open.panel === "edit" && (
        <McpServerForm key={openServer.label} server={openServer} onDone={() => setOpen(null)} />
      )}
    </>
  );
}

function ServerRow({
  server,
  canManage,
  onOpen,
  removing,
  onRemove,
}: {
  server: McpServer;
  canManage: boolean;
  onOpen: (panel: "test" | "edit") => void;
  removing: boolean;
  onRemove: () => void;
}) {
  const status = statusView(server);
  const editable = canManage && server.source === "user";
  return (
    <tr>
      <td>
        <strong>{server.label}</strong>
      </td>
      <td className="mcp-url">
        <code>{server.url}</code>
      </td>
      <td>
        {AUTH_LABELS[server.auth_type]}
        {server.header_name && (
          <div className="muted small">
            <code>{server.header_name}</code>
          </div>
        )}
        {server.token_hint && (
          <div className="muted small">
            <code>{server.token_hint}</code>
          </div>
        )}
      </td>
      <td>
        <Badge tone={status.tone}>{status.text}</Badge>
      </td>
      <td>{formatDateTime(lastTestedIso(server.last_tested_at), "never")}</td>
      <td>
        {server.allowed_tools.length} allowed of {server.tools.length}
      </td>
      <td>
        <Badge tone={server.source === "org" ? "info" : "neutral"}>{server.source}</Badge>
        {server.source === "org" && <div className="muted small">read-only</div>}
      </td>
      {canManage && (
        <td className="row-actions">
          <Button onClick={() => onOpen("test")} aria-label={`Test ${server.label}`}>
            Test
          </Button>
          {editable && (
            <>
              <Button onClick={() => onOpen("edit")} aria-label={`Edit ${server.label}`}>
                Edit
              </Button>
              <ConfirmButton
                label="Remove"
                accessibleName={`Remove ${server.label}`}
                question={`Remove ${server.label}? Steps calling its tools will fail.`}
                confirmLabel="Remove"
                busy={removing}
                onConfirm={onRemove}
              />
            </>
          )}
        </td>
      )}
    </tr>
  );
}
