/** Invites not yet accepted, with cancel (the link stops working at once). */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api";
import { formatDateTime } from "../../../lib/format";
import { Badge, Button, Card, ErrorNotice, QueryState } from "../../../ui";

export function PendingInvites() {
  const queryClient = useQueryClient();
  const invites = useQuery({ queryKey: ["invites"], queryFn: () => unwrap(api.api.v1.members.invites.$get()) });
  const cancel = useMutation({
    mutationFn: (id: string) => unwrap(api.api.v1.members.invites[":id"].$delete({ param: { id } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["invites"] }),
  });
  return (
    <Card title="Pending invites">
      <QueryState query={invites} errorTitle="Couldn't load invites" />
      {cancel.error && <ErrorNotice error={cancel.error} title="Couldn't cancel the invite" />}
      {invites.data && invites.data.items.length === 0 && <p className="muted">No pending invites.</p>}
      {invites.data && invites.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Invited</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invites.data.items.map((invite) => (
                <tr key={invite.id}>
                  <td>{invite.email}</td>
                  <td>
                    <Badge>{invite.role}</Badge>
                  </td>
                  <td>{formatDateTime(invite.created_at)}</td>
                  <td>{formatDateTime(invite.expires_at)}</td>
                  <td className="row-actions">
                    <Button
                      aria-label={`Cancel invite for ${invite.email}`}
                      disabled={cancel.isPending && cancel.variables === invite.id}
                      onClick={() => cancel.mutate(invite.id)}
                    >
                      Cancel invite
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
