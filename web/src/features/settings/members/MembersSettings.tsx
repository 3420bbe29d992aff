/** Settings › Members: who belongs to the org, with invites, role changes and removal for managers. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { Member } from "../../../../../worker/contracts/members";
import type { Role } from "../../../../../worker/contracts/roles";
import { api, unwrap } from "../../../lib/api";
import { useAuth, useCan } from "../../../lib/auth";
import { formatDateTime } from "../../../lib/format";
import { Badge, Card, ConfirmButton, ErrorNotice, QueryState, SelectField } from "../../../ui";
import { InviteForm } from "./InviteForm";
import { memberControls } from "./member-controls";
import { PendingInvites } from "./PendingInvites";

type MemberRow = z.infer<typeof Member>;

export function MembersSettings() {
  const canManage = useCan("members:manage");
  const members = useQuery({ queryKey: ["members"], queryFn: () => unwrap(api.api.v1.members.$get()) });
  return (
    <>
      {canManage && <InviteForm />}
      <Card title="Members">
        <QueryState query={members} errorTitle="Couldn't load members" />
        {members.data && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Joined</th>
                  {canManage && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {members.data.items.map((member) => (
                  <MemberTableRow key={member.user_id} member={member} withActions={canManage} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {canManage && <PendingInvites />}
    </>
  );
}

function MemberTableRow({ member, withActions }: { member: MemberRow; withActions: boolean }) {
  const { state, role } = useAuth();
  const queryClient = useQueryClient();
  const userId = state.status === "signed_in" ? state.user.id : "";
  const controls = role ? memberControls({ userId, role }, member) : { roles: null, remove: false };
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["members"] });
  const changeRole = useMutation({
    mutationFn: (next: Role) =>
      unwrap(api.api.v1.members[":user_id"].$patch({ param: { user_id: member.user_id }, json: { role: next } })),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.api.v1.members[":user_id"].$delete({ param: { user_id: member.user_id } })),
    onSettled: refresh,
  });
  const error = changeRole.error ?? remove.error;
  const who = member.name || member.email;

  return (
    <>
      <tr>
        <td>
          {member.name}
          {member.user_id === userId && <span className="muted small"> (you)</span>}
        </td>
        <td>{member.email}</td>
        <td>
          {controls.roles ? (
            <SelectField
              label={`Role for ${who}`}
              hideLabel
              value={member.role}
              disabled={changeRole.isPending}
              onChange={(e) => changeRole.mutate(e.target.value as Role)}
            >
              {controls.roles.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </SelectField>
          ) : (
            <Badge tone={member.role === "owner" ? "info" : "neutral"}>{member.role}</Badge>
          )}
        </td>
        <td>{formatDateTime(member.joined_at)}</td>
        {withActions && (
          <td className="row-actions">
            {controls.remove && (
              <ConfirmButton
                label="Remove"
                accessibleName={`Remove ${who}`}
                question={`Remove ${who}?`}
                confirmLabel="Remove"
                busy={remove.isPending}
                onConfirm={() => remove.mutate()}
              />
            )}
          </td>
        )}
      </tr>
      {error && (
        <tr>
          <td colSpan={withActions ? 5 : 4}>
            <ErrorNotice error={error} title={`Couldn't update ${who}`} />
          </td>
        </tr>
      )}
    </>
  );
}
