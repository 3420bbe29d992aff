/**
 * Save and publish: "Save draft" (with the revision it started from; a 409 offers a reload), the unsaved-changes
 * indicator, "Publish" (saving first if needed; shows the API's issues when refused), Auto layout and Delete.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type Dispatch, useEffect, useId, useRef, useState } from "react";
import { z } from "zod";
import { GraphIssue } from "../../../../../worker/contracts/workflow";
import { ApiError } from "../../../lib/api";
import { Button, ErrorNotice, Notice } from "../../../ui";
import { workflowApi, workflowKeys } from "../workflow-api";
import { hasUnsavedChanges } from "./draft";
import type { EditorAction, EditorState } from "./editor-state";

const RefusedIssues = z.object({ issues: z.array(GraphIssue) });

/** A stale save: someone else saved the draft after this editor loaded it. */
function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409;
}

interface EditorToolbarProps {
  workflowId: string;
  state: EditorState;
  dispatch: Dispatch<EditorAction>;
  /** Loads the server's draft again, dropping local changes. */
  onReload: () => Promise<void>;
  onAutoLayout: () => void;
  /** Deletes the selected step or connection; undefined when nothing is selected. */
  onDeleteSelected: (() => void) | undefined;
}

/** The save/publish toolbar and its messages (conflict, errors, "Version N published"). */
export function EditorToolbar({
  workflowId,
  state,
  dispatch,
  onReload,
  onAutoLayout,
  onDeleteSelected,
}: EditorToolbarProps) {
  const noteId = useId();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const latest = useRef(state);
  latest.current = state;
  const dirty = hasUnsavedChanges(state.graph, state.savedJson);

  const save = useMutation({
    mutationFn: async () => {
      const { graph, revision } = latest.current;
      const saved = await workflowApi.saveDraft(workflowId, graph, revision);
      return { graph, saved };
    },
    onSuccess: ({ graph, saved }) => {
      dispatch({ type: "saved", graph, revision: saved.draft.revision });
      queryClient.setQueryData(workflowKeys.detail(workflowId), saved);
    },
  });
  const publish = useMutation({
    mutationFn: async () => {
      if (hasUnsavedChanges(latest.current.graph, latest.current.savedJson)) await save.mutateAsync();
      return workflowApi.publish(workflowId, note.trim() || undefined);
    },
    onSuccess: () => {
      setNote("");
      void queryClient.invalidateQueries({ queryKey: workflowKeys.all });
    },
  });
  const [reloading, setReloading] = useState(false);
  const reload = async () => {
    setReloading(true);
    try {
      await onReload();
      save.reset();
      publish.reset();
    } finally {
      setReloading(false);
    }
  };

  // Ctrl/Cmd+S saves (when there is something to save); leaving the page with unsaved changes asks first.
  const saveIfDirty = useRef(() => {});
  saveIfDirty.current = () => {
    if (dirty && !save.isPending && !publish.isPending) save.mutate();
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "s" || !(event.ctrlKey || event.metaKey)) return;
      event.preventDefault();
      saveIfDirty.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    if (!dirty) return;
    const onLeave = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", onLeave);
    return () => window.removeEventListener("beforeunload", onLeave);
  }, [dirty]);

  const conflict = isConflict(save.error);
  const refused = publish.error instanceof ApiError ? RefusedIssues.safeParse(publish.error.details) : null;
  const busy = save.isPending || publish.isPending;

  return (
    <div className="wf-toolbar-area">
      <div className="wf-toolbar" role="toolbar" aria-label="Draft">
        <Button variant={dirty ? "primary" : "secondary"} onClick={() => save.mutate()} disabled={busy || !dirty}>
          {save.isPending ? "Saving…" : "Save draft"}
        </Button>
        <span className={`small ${dirty ? "wf-dirty" : "muted"}`} role="status">
          {dirty ? "Unsaved changes" : "All changes saved"}
        </span>
        <span className="wf-toolbar-gap" />
        <label htmlFor={noteId} className="visually-hidden">
          Version note
        </label>
        <input
          id={noteId}
          className="wf-note"
          placeholder="Version note (optional)"
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
        />
        <Button onClick={() => publish.mutate()} disabled={busy}>
          {publish.isPending ? "Publishing…" : "Publish"}
        </Button>
        <Button variant="ghost" onClick={onAutoLayout}>
          Auto layout
        </Button>
        <Button variant="ghost" onClick={onDeleteSelected} disabled={!onDeleteSelected}>
          Delete selected
        </Button>
      </div>
      {conflict && (
        <Notice tone="warn" title="Someone saved this draft since you opened it">
          <p>Reload to see their changes (yours will be discarded), or copy what you need first.</p>
          <Button onClick={reload} disabled={reloading}>
            {reloading ? "Reloading…" : "Reload"}
          </Button>
        </Notice>
      )}
      {save.error && !conflict && <ErrorNotice error={save.error} title="Couldn't save the draft" />}
      {publish.isSuccess && <Notice tone="ok">Version {publish.data.version} published</Notice>}
      {publish.error && publish.error !== save.error && (
        <div>
          <ErrorNotice error={publish.error} title="Couldn't publish" />
          {refused?.success && (
            <ul className="wf-refused" aria-label="Why publishing was refused">
              {refused.data.issues.map((issue, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: issues have no id
                <li key={index}>{issue.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
