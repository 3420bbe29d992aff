import { ComingSoon } from "../../ui";

export function RunbooksPage() {
  return (
    <ComingSoon
      title="Runbooks"
      description="DevOps procedures run from a form, with approvals, live logs and artifacts."
    />
  );
}
