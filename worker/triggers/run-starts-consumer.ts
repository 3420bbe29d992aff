/**
 * The `run-starts` queue consumer and its dead-letter queue: each message names one claimed schedule
 * occurrence (an outbox row); the consumer starts its run through `startRun` with the schedule's
 * idempotency key and marks the row, so a repeated message never starts a second run.
 */
import { systemScope } from "../auth/principal";
import { recordSystemAudit } from "../automations/system-audit";
import { RunStartMessage } from "../contracts/triggers";
import {
  type ClaimedStart,
  finishScheduledStart,
  getScheduleByIdForSystem,
  getScheduledStart,
} from "../db/repos/triggers-schedules";
import { scheduleIdempotencyKey } from "../engine/schedule/due";
import { AppError } from "../errors";
import { eachBounded } from "../lib/bounded";
import { describeError, log } from "../lib/log";
import { startRun } from "../runs/start";

/** Messages handled at once (each start talks to D1 and a run object). */
const CONCURRENCY = 6;
/** Retry delay after a crash, times the attempt number. */
const RETRY_DELAY_S = 10;

function parse(message: Message<unknown>): ClaimedStart | null {
  const parsed = RunStartMessage.safeParse(message.body);
  if (parsed.success) return { scheduleId: parsed.data.schedule_id, dueAt: parsed.data.due_at };
  log("error", "run-starts: dropping a malformed message", { message_id: message.id });
  message.ack();
  return null;
}

type StartOutcome = { kind: "done"; runId: string } | { kind: "refused"; error: string } | { kind: "nothing" };

/** Starts the run for one outbox row, unless it is already done or its schedule is gone or off. */
async function startScheduled(env: Env, key: ClaimedStart): Promise<StartOutcome> {
  const row = await getScheduledStart(env.DB, key.scheduleId, key.dueAt);
  if (row?.status !== "pending") return { kind: "nothing" };
  const schedule = await getScheduleByIdForSystem(env.DB, key.scheduleId);
  if (!schedule?.enabled) {
    return { kind: "refused", error: "The schedule was deleted or disabled before its run started" };
  }
  const due = new Date(key.dueAt);
  try {
    const started = await startRun(env, systemScope(row.orgId, "run start of a claimed schedule of this org"), {
      workflowId: row.workflowId,
      input: {},
      trigger: { type: "schedule", data: { schedule_id: key.scheduleId, scheduled_for: due.toISOString() } },
      createdBy: key.scheduleId,
      userId: null,
      idempotencyKey: scheduleIdempotencyKey(key.scheduleId, due),
    });
    return { kind: "done", runId: started.run_id };
  } catch (err) {
    // 4xx refusals (input schema, archived, unpublished) won't change by retrying: record them.
    if (err instanceof AppError && err.status < 500) return { kind: "refused", error: err.message };
    throw err;
  }
}

/** Handles a batch from the `run-starts` queue; each message is acked or retried on its own. */
export async function consumeRunStarts(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  await eachBounded(batch.messages, CONCURRENCY, async (message) => {
    const key = parse(message);
    if (key === null) return;
    try {
      const outcome = await startScheduled(env, key);
      switch (outcome.kind) {
        case "done":
          await finishScheduledStart(env.DB, key, { status: "done", runId: outcome.runId });
          break;
        case "refused": {
          await finishScheduledStart(env.DB, key, { status: "failed", error: outcome.error });
          const row = await getScheduledStart(env.DB, key.scheduleId, key.dueAt);
          log("warn", "run-starts: a scheduled run was refused", { schedule_id: key.scheduleId, error: outcome.error });
          if (row) {
            await recordSystemAudit(
              env.DB,
              row.orgId,
              {
                action: "schedule.start_failed",
                targetType: "workflow",
                targetId: row.workflowId,
                metadata: {
                  schedule_id: key.scheduleId,
                  due_at: new Date(key.dueAt).toISOString(),
                  error: outcome.error,
                },
              },
              Date.now(),
            );
          }
          break;
        }
        case "nothing":
          break;
        default: {
          const _never: never = outcome;
          return _never;
        }
      }
      message.ack();
    } catch (err) {
      log("error", "run-starts: starting a scheduled run crashed; retrying", {
        schedule_id: key.scheduleId,
        attempts: message.attempts,
        error: describeError(err),
      });
      await finishScheduledStart(env.DB, key, { status: "pending", error: "crashed; retrying" }).catch(() => {});
      message.retry({ delaySeconds: RETRY_DELAY_S * Math.max(1, message.attempts) });
    }
  });
}

/** Handles the dead-letter queue: the row is marked failed (the cron's resend skips it from then on). */
export async function consumeRunStartDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const key = parse(message);
    if (key === null) continue;
    try {
      await finishScheduledStart(env.DB, key, { status: "failed", error: "Gave up after repeated crashes" });
      log("error", "run-starts: dead-lettered", { schedule_id: key.scheduleId, due_at: key.dueAt });
      message.ack();
    } catch (err) {
      log("error", "run-starts: dead-letter handling failed", {
        schedule_id: key.scheduleId,
        error: describeError(err),
      });
      message.retry({ delaySeconds: RETRY_DELAY_S });
    }
  }
}
