import { ComingSoon } from "../../ui";

export function SettingsPage() {
  return (
    <ComingSoon title="Settings" description="Organization, members, API keys, connections, policies and limits." />
  );
}
