/** Creates a workflow from a name and opens it in the editor. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { fieldErrors } from "../../../lib/form-errors";
import { Button, Card, FormError, TextField } from "../../../ui";
import { workflowApi, workflowKeys } from "../workflow-api";

/** "New workflow": a button that opens a name form. */
export function NewWorkflowForm() {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => workflowApi.create(name.trim()),
    onSuccess: (workflow) => {
      void queryClient.invalidateQueries({ queryKey: workflowKeys.all });
      navigate(`/workflows/${workflow.id}`);
    },
  });
  if (!open) {
    return (
      <div className="form-actions wf-new">
        <Button variant="primary" onClick={() => setOpen(true)}>
          New workflow
        </Button>
      </div>
    );
  }
  return (
    <Card title="New workflow">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate();
        }}
      >
        <TextField
          label="Workflow name"
          value={name}
          required
          maxLength={120}
          autoFocus
          onChange={(e) => setName(e.target.value)}
          error={fieldErrors(create.error).name}
        />
        <Button type="submit" variant="primary" disabled={create.isPending || !name.trim()}>
          {create.isPending ? "Creating…" : "Create and open"}
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </form>
      <FormError error={create.error} fields={["name"]} title="Couldn't create the workflow" />
    </Card>
  );
}
