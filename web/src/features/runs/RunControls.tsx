/**
 * The run header's buttons, by status and role: Pause, Resume, Cancel (asks first) and Retry (lands on the new
 * run). An action the run has moved past answers 409; the notice then says what the run is now.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import type { RunDetail } from "../../../../worker/contracts/runs";
import { api, unwrap } from "../../lib/api";
import { useCan } from "../../lib/auth";
import { Button, ConfirmButton, ErrorNotice } from "../../ui";
import { conflictStatus, type RunControl, runControls } from "./run-actions";
import { refreshRun, runKeys } from "./run-queries";

/** The controls that are plain buttons (the needs-review resume has its own form, `ReviewResume`). */
type Action = Exclude<RunControl, "review">;

const VERB: Readonly<Record<Action, string>> = { pause: "pause", resume: "resume", cancel: "cancel", retry: "retry" };

function perform(action: Action, id: string): Promise<{ run_id: string }> {
  const run = api.api.v1.runs[":id"];
  switch (action) {
    case "pause":
      return unwrap(run.pause.$post({ param: { id } }));
    case "resume":
      return unwrap(run.resume.$post({ param: { id }, json: {} }));
    case "cancel":
      return unwrap(run.cancel.$post({ param: { id }, json: {} }));
    case "retry":
      return unwrap(run.retry.$post({ param: { id } }));
    default: {
      const _never: never = action;
      throw new Error(`unknown run action ${String(_never)}`);
    }
  }
}

/** Renders nothing for someone who may do nothing with this run. */
export function RunControls({ run }: { run: Pick<RunDetail, "id" | "status" | "wait_reason"> }) {
  const controls = runControls(run, { control: useCan("runs:control"), start: useCan("runs:start") });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const act = useMutation({
    mutationFn: (action: Action) => perform(action, run.id),
    onSuccess: (result, action) => {
      if (action !== "retry") return;
      void queryClient.invalidateQueries({ queryKey: runKeys.lists });
      navigate(`/runs/${result.run_id}`);
    },
    // The live socket brings the change too; this covers a page whose socket is down.
    onSettled: () => refreshRun(queryClient, run.id),
  });
  const busy = act.isPending;
  if (controls.length === 0) return null;

  const failedVerb = act.variables ? VERB[act.variables] : "change";
  const now = conflictStatus(act.error);
  return (
    <div className="run-controls">
      <div className="run-controls-buttons">
        {controls.includes("pause") && (
          <Button onClick={() => act.mutate("pause")} disabled={busy}>
            Pause
          </Button>
        )}
        {controls.includes("resume") && (
          <Button variant="primary" onClick={() => act.mutate("resume")} disabled={busy}>
            Resume
          </Button>
        )}
        {controls.includes("retry") && (
          <Button variant="primary" onClick={() => act.mutate("retry")} disabled={busy}>
            {busy && act.variables === "retry" ? "Starting…" : "Retry"}
          </Button>
        )}
        {controls.includes("cancel") && (
          <ConfirmButton
            label="Cancel run"
            question="Cancel this run? Steps in progress stop and it can't be resumed."
            confirmLabel="Yes, cancel run"
            onConfirm={() => act.mutate("cancel")}
            busy={busy}
          />
        )}
      </div>
      {act.error && (
        <ErrorNotice
          error={act.error}
          title={now ? `Couldn't ${failedVerb} the run (it is now ${now})` : `Couldn't ${failedVerb} the run`}
        />
      )}
    </div>
  );
}
