/** The schedule form: preset, cron, zone, missed-run policy, enabled; a live preview; Save and Delete. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { MISSED_RUN_POLICIES } from "../../../../../worker/engine/schedule/due";
import { fieldErrors } from "../../../lib/form-errors";
import { Button, ConfirmButton, ErrorNotice, FormError, Notice, SelectField, TextField } from "../../../ui";
import { FireTimes } from "./FireTimes";
import { initialScheduleForm, missedRunLabel, type ScheduleFormValues, scheduleFormChanged } from "./schedule-form";
import { presetFor, SCHEDULE_PRESETS } from "./schedule-presets";
import { schedulePreview } from "./schedule-preview";
import { browserTimeZone, supportedTimeZones, timeZoneOptions } from "./time-zones";
import { type ScheduleBody, triggerApi, triggerKeys } from "./trigger-api";

const CUSTOM = "custom";

/** Edits the schedule of `workflowId`; `saved` is the schedule as loaded (null for none). */
export function ScheduleForm({ workflowId, saved }: { workflowId: string; saved: ScheduleBody | null }) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ScheduleFormValues>(() => initialScheduleForm(saved, browserTimeZone()));
  const zones = useMemo(() => timeZoneOptions(supportedTimeZones(), values.timezone), [values.timezone]);

  const save = useMutation({
    mutationFn: () => triggerApi.putSchedule(workflowId, values),
    onSuccess: (schedule) => queryClient.setQueryData(triggerKeys.schedule(workflowId), schedule),
  });
  const remove = useMutation({
    mutationFn: () => triggerApi.deleteSchedule(workflowId),
    onSuccess: () => queryClient.setQueryData(triggerKeys.schedule(workflowId), null),
  });
  const set = (patch: Partial<ScheduleFormValues>) => {
    // The API's verdict was about the values it saw: once edited, the live preview speaks instead.
    if (save.isError) save.reset();
    setValues((current) => ({ ...current, ...patch }));
  };

  const changed = scheduleFormChanged(values, saved);
  // The preview runs the scheduler's own parser, so it refuses what the API would refuse, before saving.
  const preview = values.cron.trim() === "" ? null : schedulePreview(values, new Date());
  const serverErrors = fieldErrors(save.error);
  const cronError = serverErrors.cron ?? (preview && !preview.ok ? preview.errors.cron : undefined);
  const zoneError = serverErrors.timezone ?? (preview && !preview.ok ? preview.errors.timezone : undefined);

  return (
    <form
      aria-label="Edit schedule"
      onSubmit={(event) => {
        event.preventDefault();
        remove.reset();
        save.mutate();
      }}
    >
      <h3>{saved ? "Change the schedule" : "Add a schedule"}</h3>
      <div className="form-grid">
        <SelectField
          label="Preset"
          value={presetFor(values.cron)?.id ?? CUSTOM}
          onChange={(event) => {
            const preset = SCHEDULE_PRESETS.find((p) => p.id === event.target.value);
            if (preset) set({ cron: preset.cron });
          }}
        >
          <option value={CUSTOM}>Custom</option>
          {SCHEDULE_PRESETS.map((preset) => (
            <option key={preset.id} value={preset.id}>
              {preset.label}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Cron expression"
          value={values.cron}
          onChange={(event) => set({ cron: event.target.value })}
          placeholder="0 9 * * 1-5"
          spellCheck={false}
          error={cronError}
          hint="minute hour day-of-month month day-of-week, or @hourly, @daily, @weekly, @monthly"
        />
        <SelectField
          label="Time zone"
          value={values.timezone}
          onChange={(event) => set({ timezone: event.target.value })}
          error={zoneError}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Missed runs"
          value={values.missed_run_policy}
          onChange={(event) => {
            const policy = MISSED_RUN_POLICIES.find((p) => p === event.target.value);
            if (policy) set({ missed_run_policy: policy });
          }}
          hint="What happens to fire times missed while the scheduler was down"
        >
          {MISSED_RUN_POLICIES.map((policy) => (
            <option key={policy} value={policy}>
              {missedRunLabel(policy)}
            </option>
          ))}
        </SelectField>
      </div>
      <label className="inline">
        <input
          type="checkbox"
          className="choice-input"
          checked={values.enabled}
          onChange={(event) => set({ enabled: event.target.checked })}
        />
        Enabled
      </label>
      {preview?.ok && changed && (
        <section aria-label="Preview">
          <h4>Preview (not saved yet)</h4>
          <FireTimes
            label="Preview fire times"
            description={preview.description}
            nextRuns={preview.nextRuns}
            timezone={values.timezone}
          />
        </section>
      )}
      <FormError error={save.error} fields={["cron", "timezone"]} title="Couldn't save the schedule" />
      {remove.error && <ErrorNotice error={remove.error} title="Couldn't delete the schedule" />}
      {save.isSuccess && !changed && <Notice tone="ok">Schedule saved.</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.isPending || !changed}>
          {save.isPending ? "Saving…" : "Save schedule"}
        </Button>
        {saved && (
          <ConfirmButton
            label="Delete schedule"
            question="Delete this schedule? Runs already started are not affected."
            confirmLabel="Delete"
            busy={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        )}
      </div>
    </form>
  );
}
