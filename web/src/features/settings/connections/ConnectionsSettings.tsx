/** Settings › Connections: the org's credentials (type, name, masked hint, last used, expiry), add, test, delete. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../../lib/api";
import { useCan } from "../../../lib/auth";
import { formatDateTime } from "../../../lib/format";
import { Badge, Button, Card, ConfirmButton, ErrorNotice, Notice, QueryState, TextField } from "../../../ui";
import { CreateConnectionForm } from "./CreateConnectionForm";
import { TYPE_LABELS } from "./connection-form";

export function ConnectionsSettings() {
  const canManage = useCan("secrets:manage");
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ["connections"], queryFn: () => unwrap(api.api.v1.connections.$get()) });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.api.v1.connections[":id"].$delete({ param: { id } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["connections"] }),
  });
  return (
    <>
      {canManage ? (
        <CreateConnectionForm />
      ) : (
        <Notice>Only admins can add or change connections. You can see which ones exist.</Notice>
      )}
      <Card title="Connections">
        <QueryState query={list} errorTitle="Couldn't load connections" />
        {remove.error && <ErrorNotice error={remove.error} title="Couldn't delete the connection" />}
        {list.data && list.data.items.length === 0 && <p className="muted">No connections yet.</p>}
        {list.data && list.data.items.length > 0 && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Secret</th>
                  <th scope="col">Id</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  {canManage && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((conn) => (
                  <tr key={conn.id}>
                    <td>{conn.name}</td>
                    <td>
                      <Badge>{TYPE_LABELS[conn.type]}</Badge>
                    </td>
                    <td>
                      <code>{conn.hint}</code>
                    </td>
                    <td>
                      <code>{conn.id}</code>
                    </td>
                    <td>{formatDateTime(conn.last_used_at, "never")}</td>
                    <td>
                      {formatDateTime(conn.expires_at, "never")}{" "}
                      {conn.status === "expired" && <Badge tone="error">expired</Badge>}
                    </td>
                    {canManage && (
                      <td className="row-actions">
                        <TestConnection id={conn.id} name={conn.name} />
                        <ConfirmButton
                          label="Delete"
                          accessibleName={`Delete ${conn.name}`}
                          question={`Delete ${conn.name}? Steps using it will stop at preflight.`}
                          confirmLabel="Delete"
                          busy={remove.isPending && remove.variables === conn.id}
                          onConfirm={() => remove.mutate(conn.id)}
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

/** GET a URL with the connection's credentials; shows only the status the server reports. */
function TestConnection({ id, name }: { id: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState("");
  const test = useMutation({
    mutationFn: () => unwrap(api.api.v1.connections[":id"].test.$post({ param: { id }, json: { url } })),
  });
  if (!open) {
    return (
      <Button onClick={() => setOpen(true)} aria-label={`Test ${name}`}>
        Test
      </Button>
    );
  }
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    test.mutate();
  }
  return (
    <form onSubmit={onSubmit} className="inline-form">
      <TextField
        label={`URL to test ${name} against`}
        type="url"
        required
        value={url}
        onChange={(e) => setUrl(e.target.value)}
      />
      <Button type="submit" disabled={test.isPending}>
        {test.isPending ? "Testing…" : "Send"}
      </Button>
      {test.data && <Badge tone={test.data.ok ? "ok" : "error"}>{test.data.message}</Badge>}
      {test.error && <ErrorNotice error={test.error} title="Couldn't test the connection" />}
    </form>
  );
}
