import { ComingSoon } from "../../ui";

export function AutomationsPage() {
  return <ComingSoon title="Automations" description="Signed outbound events, delivery log and inbound callbacks." />;
}
