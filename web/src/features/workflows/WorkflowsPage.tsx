import { ComingSoon } from "../../ui";

export function WorkflowsPage() {
  return (
    <ComingSoon title="Workflows" description="Design workflows as graphs of steps, publish versions, and run them." />
  );
}
