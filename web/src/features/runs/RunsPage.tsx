import { ComingSoon } from "../../ui";

export function RunsPage() {
  return <ComingSoon title="Runs" description="Every run, live, with its steps, logs and errors." />;
}
