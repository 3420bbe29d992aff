/** Import: pick an exported `*.fluxo.json` file; it becomes a new workflow, opened in the editor. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { useNavigate } from "react-router";
import { ErrorNotice } from "../../../ui";
import { workflowApi, workflowKeys } from "../workflow-api";
import { readWorkflowFile } from "./workflow-file";

/** The Import button (a labelled file input) and its error. */
export function ImportWorkflow() {
  const id = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const importFile = useMutation({
    mutationFn: async (file: File) => {
      const read = readWorkflowFile(await file.text());
      if (!read.ok) throw new Error(read.error);
      return workflowApi.import(read.file);
    },
    onSuccess: (workflow) => {
      void queryClient.invalidateQueries({ queryKey: workflowKeys.all });
      navigate(`/workflows/${workflow.id}`);
    },
  });
  return (
    <div className="wf-import">
      <label htmlFor={id} className="btn btn-secondary">
        {importFile.isPending ? "Importing…" : "Import"}
      </label>
      <input
        id={id}
        type="file"
        accept=".json,application/json"
        aria-label="Import workflow file"
        className="visually-hidden"
        disabled={importFile.isPending}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) importFile.mutate(file);
        }}
      />
      {importFile.error && <ErrorNotice error={importFile.error} title="Couldn't import the workflow" />}
    </div>
  );
}
