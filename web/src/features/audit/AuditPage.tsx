import { ComingSoon } from "../../ui";

export function AuditPage() {
  return <ComingSoon title="Audit" description="Every state-changing action in your organization." />;
}
