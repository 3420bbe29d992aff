/** Name, description, tags and the template flag of a workflow (saved at once, apart from the draft). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fieldErrors } from "../../../lib/form-errors";
import { Button, Card, FormError, TextField } from "../../../ui";
import { type WorkflowDetailBody, workflowApi, workflowKeys } from "../workflow-api";
import { parseTags, tagsProblem } from "../workflow-details";

/** The details form; `onDone` closes it (after saving, or on Cancel). */
export function DetailsForm({ workflow, onDone }: { workflow: WorkflowDetailBody; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(workflow.name);
  const [description, setDescription] = useState(workflow.description);
  const [tags, setTags] = useState(workflow.tags.join(", "));
  const [isTemplate, setIsTemplate] = useState(workflow.is_template);
  const tagProblem = tagsProblem(parseTags(tags));
  const save = useMutation({
    mutationFn: () =>
      workflowApi.updateDetails(workflow.id, {
        name: name.trim(),
        description,
        tags: parseTags(tags),
        is_template: isTemplate,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: workflowKeys.all });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  return (
    <Card title="Workflow details">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && !tagProblem) save.mutate();
        }}
      >
        <div className="form-grid">
          <TextField
            label="Name"
            value={name}
            required
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
          />
          <TextField
            label="Tags"
            value={tags}
            hint="Separate with commas"
            onChange={(e) => setTags(e.target.value)}
            error={tagProblem ?? errors.tags}
          />
        </div>
        <div className="field">
          <label htmlFor="wf-description">Description</label>
          <textarea
            id="wf-description"
            rows={2}
            maxLength={2_000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <label className="inline">
          <input
            type="checkbox"
            className="choice-input"
            checked={isTemplate}
            onChange={(e) => setIsTemplate(e.target.checked)}
          />
          Template (others start new workflows from it)
        </label>
        <FormError error={save.error} fields={["name", "tags", "description"]} title="Couldn't save the details" />
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={save.isPending || !name.trim() || tagProblem !== null}>
            {save.isPending ? "Saving…" : "Save details"}
          </Button>
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        </div>
      </form>
    </Card>
  );
}
