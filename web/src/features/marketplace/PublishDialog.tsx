/**
 * The Publish dialog: pick one of my org's published workflows and a version, describe it, and list
 * it in the marketplace (the server strips secrets and connection ids). Opens the new item on success.
 * It lives on the Marketplace page rather than the workflow page, which another change owns.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { MarketplaceCategory } from "../../../../worker/contracts/marketplace";
import { Button, ErrorNotice, SelectField, TextField } from "../../ui";
import { CATEGORY_LABELS, parseTags, publishableWorkflows, versionChoices } from "./catalog";
import { marketKeys, publishItem, useMyWorkflows } from "./marketplace-queries";

/** `workflowId` preselects a workflow (the dialog opened from that workflow's page). */
export function PublishDialog({ onClose, workflowId: preselected }: { onClose: () => void; workflowId?: string }) {
  const titleId = useId();
  const descriptionId = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const workflows = useMyWorkflows(true);
  const choices = publishableWorkflows(workflows.data?.items ?? []);
  const [workflowId, setWorkflowId] = useState("");
  const [version, setVersion] = useState(0);
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [category, setCategory] = useState<MarketplaceCategory>("workflows");
  const [tags, setTags] = useState("");
  const workflow = choices.find((candidate) => candidate.id === workflowId);
  // Opened from a workflow's page: pick it as soon as the list has loaded.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once when the choices arrive.
  useEffect(() => {
    if (preselected && !workflowId && choices.some((c) => c.id === preselected)) pickWorkflow(preselected);
  }, [choices.length]);

  // showModal() makes the rest of the page inert and handles Escape and focus.
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const publish = useMutation({
    mutationFn: () =>
      publishItem({ workflow_id: workflowId, version, title, description, category, tags: parseTags(tags) }),
    onSuccess: async (item) => {
      await queryClient.invalidateQueries({ queryKey: marketKeys.all });
      navigate(`/marketplace/${item.id}`);
    },
  });

  const pickWorkflow = (id: string) => {
    setWorkflowId(id);
    const picked = choices.find((candidate) => candidate.id === id);
    setVersion(picked?.latest_version ?? 0);
    if (picked && !title) setTitle(picked.name);
    if (picked && !description) setDescription(picked.description);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    publish.mutate();
  };

  return (
    <dialog ref={ref} className="run-dialog mk-dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>Publish a workflow</h2>
      <p className="muted small">Secrets and connections are removed; installers set up their own.</p>
      {workflows.error && <ErrorNotice error={workflows.error} title="Couldn't load your workflows" />}
      {workflows.data && choices.length === 0 && (
        <p className="muted">No workflow has a published version yet. Publish one first.</p>
      )}
      <form onSubmit={submit}>
        <SelectField label="Workflow" value={workflowId} onChange={(e) => pickWorkflow(e.target.value)} required>
          <option value="">Choose a workflow…</option>
          {choices.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </SelectField>
        {workflow && (
          <SelectField label="Version" value={String(version)} onChange={(e) => setVersion(Number(e.target.value))}>
            {versionChoices(workflow.latest_version).map((n) => (
              <option key={n} value={n}>
                v{n}
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          label="Title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          minLength={3}
          maxLength={120}
        />
        <div className="field">
          <label htmlFor={descriptionId}>Description</label>
          <textarea
            id={descriptionId}
            rows={4}
            maxLength={4000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <SelectField
          label="Category"
          value={category}
          onChange={(e) => setCategory(MarketplaceCategory.parse(e.target.value))}
        >
          {MarketplaceCategory.options.map((option) => (
            <option key={option} value={option}>
              {CATEGORY_LABELS[option]}
            </option>
          ))}
        </SelectField>
        <TextField label="Tags" hint="Separate with commas" value={tags} onChange={(e) => setTags(e.target.value)} />
        {publish.error && <ErrorNotice error={publish.error} title="Couldn't publish" />}
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!workflow || publish.isPending}>
            {publish.isPending ? "Publishing…" : "Publish"}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
