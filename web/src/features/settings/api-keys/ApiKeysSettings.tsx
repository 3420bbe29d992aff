/** Settings › API keys: create (the secret is shown once), list, revoke. Admins and owners only. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { useCan } from "../../../lib/auth";
import { formatDateTime } from "../../../lib/format";
import { Badge, Card, ConfirmButton, ErrorNotice, Notice, QueryState } from "../../../ui";
import { CreateApiKeyForm } from "./CreateApiKeyForm";
import { keyStatus, keyStatusTone } from "./key-status";

export function ApiKeysSettings() {
  const canRead = useCan("api_keys:read");
  if (!canRead) {
    return (
      <Card title="API keys">
        <Notice>Only admins can see and manage API keys. Ask an admin of this organization if you need one.</Notice>
      </Card>
    );
  }
  return <ApiKeys />;
}

function ApiKeys() {
  const canManage = useCan("api_keys:manage");
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ["api-keys"], queryFn: () => unwrap(api.api.v1["api-keys"].$get()) });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.api.v1["api-keys"][":id"].$delete({ param: { id } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["api-keys"] }),
  });
  const now = Date.now();
  return (
    <>
      {canManage && <CreateApiKeyForm />}
      <Card title="API keys">
        <QueryState query={keys} errorTitle="Couldn't load API keys" />
        {revoke.error && <ErrorNotice error={revoke.error} title="Couldn't revoke the key" />}
        {keys.data && keys.data.items.length === 0 && <p className="muted">No API keys yet.</p>}
        {keys.data && keys.data.items.length > 0 && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Role</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Status</th>
                  {canManage && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {keys.data.items.map((key) => {
                  const status = keyStatus(key, now);
                  return (
                    <tr key={key.id}>
                      <td>{key.name}</td>
                      <td>
                        <code>{key.prefix}_…</code>
                      </td>
                      <td>
                        <Badge>{key.role}</Badge>
                      </td>
                      <td>{formatDateTime(key.created_at)}</td>
                      <td>{formatDateTime(key.last_used_at, "never")}</td>
                      <td>{formatDateTime(key.expires_at, "never")}</td>
                      <td>
                        <Badge tone={keyStatusTone(status)}>{status}</Badge>
                      </td>
                      {canManage && (
                        <td className="row-actions">
                          {status === "active" && (
                            <ConfirmButton
                              label="Revoke"
                              accessibleName={`Revoke ${key.name}`}
                              question={`Revoke ${key.name}? It stops working at once.`}
                              confirmLabel="Revoke"
                              busy={revoke.isPending && revoke.variables === key.id}
                              onConfirm={() => revoke.mutate(key.id)}
                            />
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
