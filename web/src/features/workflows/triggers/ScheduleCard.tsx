/** The Triggers tab's schedule section: the saved schedule and, for editors, the form to change or remove it. */
import { useQuery } from "@tanstack/react-query";
import { Badge, Card, QueryState } from "../../../ui";
import { FireTimes } from "./FireTimes";
import { ScheduleForm } from "./ScheduleForm";
import { missedRunLabel } from "./schedule-form";
import { inZone } from "./time-zones";
import { type ScheduleBody, triggerApi, triggerKeys } from "./trigger-api";

/** Loads the workflow's schedule and shows it; `canWrite` adds the form. */
export function ScheduleCard({ workflowId, canWrite }: { workflowId: string; canWrite: boolean }) {
  const schedule = useQuery({
    queryKey: triggerKeys.schedule(workflowId),
    queryFn: () => triggerApi.getSchedule(workflowId),
  });
  return (
    <Card title="Schedule">
      <QueryState query={schedule} errorTitle="Couldn't load the schedule" />
      {schedule.data === null && <p className="muted">This workflow has no schedule.</p>}
      {schedule.data && <SavedSchedule schedule={schedule.data} />}
      {canWrite && schedule.isSuccess && (
        <ScheduleForm key={schedule.data ? "saved" : "new"} workflowId={workflowId} saved={schedule.data} />
      )}
    </Card>
  );
}

function SavedSchedule({ schedule }: { schedule: ScheduleBody }) {
  return (
    <section aria-label="Current schedule">
      <p>
        <code>{schedule.cron}</code>{" "}
        {schedule.enabled ? <Badge tone="ok">Enabled</Badge> : <Badge tone="warn">Disabled</Badge>}{" "}
        <span className="muted small">{missedRunLabel(schedule.missed_run_policy)}</span>
      </p>
      <FireTimes
        label="Next fire times"
        description={schedule.description}
        nextRuns={schedule.next_runs}
        timezone={schedule.timezone}
      />
      <p className="muted small">
        Next run: {inZone(schedule.next_run_at, schedule.timezone, "none while disabled")} · Last scheduled run:{" "}
        {inZone(schedule.last_scheduled_run, schedule.timezone, "none yet")}
      </p>
    </section>
  );
}
