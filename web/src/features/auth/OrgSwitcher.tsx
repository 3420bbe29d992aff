/** The topbar's organization switcher: a select of my orgs; switching swaps the token and refetches everything. */
import { useMutation } from "@tanstack/react-query";
import { useLocation, useNavigate } from "react-router";
import { useAuth } from "../../lib/auth";
import { ErrorNotice, SelectField } from "../../ui";
import { pathAfterOrgSwitch } from "./next-path";

export function OrgSwitcher() {
  const { state, me, switchOrg } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const change = useMutation({
    mutationFn: switchOrg,
    onSuccess: () => {
      const target = pathAfterOrgSwitch(location.pathname);
      if (target !== location.pathname) navigate(target);
    },
  });
  if (state.status !== "signed_in") return null;
  // Until /me arrives, the token's org is the only one we know.
  const orgs = me?.orgs ?? [{ ...state.org, role: state.role }];
  return (
    <div className="org-switcher">
      <SelectField
        label="Organization"
        hideLabel
        value={state.org.id}
        disabled={change.isPending}
        onChange={(e) => change.mutate(e.target.value)}
      >
        {orgs.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name} ({org.role})
          </option>
        ))}
      </SelectField>
      {change.error && <ErrorNotice error={change.error} title="Couldn't switch organization" />}
    </div>
  );
}
