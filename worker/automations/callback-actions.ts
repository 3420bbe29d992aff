/**
 * What each inbound callback action does: one handler per action of the `CallbackAction` union,
 * in a map whose type makes a missing handler a compile error.
 */
import type { CallbackAction, CallbackActionName } from "../contracts/automations-callbacks";
import { insertComment, toComment } from "../db/repos/automations-comments";
import { newId } from "../lib/ids";
import {
  approveRun,
  type RunActionContext,
  type RunActionResult,
  rejectRun,
  resumeRun,
  signalRuns,
  startWorkflow,
} from "./run-actions";

type Handler<A extends CallbackActionName> = (
  ctx: RunActionContext,
  params: Extract<CallbackAction, { action: A }>["params"],
) => Promise<RunActionResult>;

/** Every action's handler (exhaustive by its type). */
export const CALLBACK_HANDLERS: { [A in CallbackActionName]: Handler<A> } = {
  resume_run: resumeRun,
  approve: approveRun,
  reject: rejectRun,
  signal: signalRuns,
  start_workflow: startWorkflow,
  add_comment: async (ctx, params) => {
    const row = await insertComment(ctx.db, ctx.scope, {
      id: newId("cmt"),
      target: params.target,
      body: params.body,
      author: params.author ?? `destination ${ctx.destinationId}`,
      source: `callback:${ctx.destinationId}`,
    });
    return { comment: toComment(row) };
  },
};

/** Runs the handler of `action`. Throws `AppError` for refusals (not found, not allowed yet). */
export function executeCallbackAction(ctx: RunActionContext, action: CallbackAction): Promise<RunActionResult> {
  // TypeScript can't correlate `action.action` with `action.params` through an index, hence the cast;
  // the map's type above is what guarantees each handler gets its own params.
  const handler = CALLBACK_HANDLERS[action.action] as Handler<typeof action.action>;
  return handler(ctx, action.params);
}
