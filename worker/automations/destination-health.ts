/**
 * After every attempt: update the destination's failing streak and, when every attempt has failed
 * for the configured period, disable it, audit why, and publish `destination.disabled` (an
 * operational event other destinations can subscribe to). Re-enabling is an admin's PATCH.
 */
import type { OrgScope } from "../auth/principal";
import {
  autoDisableDestination,
  type DestinationRow,
  recordDestinationHealth,
} from "../db/repos/automations-destinations";
import { log } from "../lib/log";
import { type PublishEnv, publishEvent } from "./events";
import { type DisablePolicy, shouldAutoDisable } from "./health";
import { recordSystemAudit } from "./system-audit";

/** Records the attempt's outcome in the streak and disables the destination if the rule says so. */
export async function trackDestinationHealth(
  env: PublishEnv,
  scope: OrgScope,
  destination: Pick<DestinationRow, "id" | "name" | "url">,
  outcome: "succeeded" | "failed",
  nowMs: number,
  policy: DisablePolicy,
): Promise<void> {
  const health = await recordDestinationHealth(env.DB, scope, destination.id, outcome, nowMs);
  if (!health || outcome === "succeeded") return;
  const decision = shouldAutoDisable(health, policy, nowMs);
  if (!decision.disable) return;
  const disabled = await autoDisableDestination(env.DB, scope, destination.id, decision.reason, nowMs);
  if (!disabled) return; // already disabled (another attempt got here first)
  log("warn", "deliveries: destination disabled for failing", {
    org_id: scope.orgId,
    destination_id: destination.id,
    consecutive_failures: health.consecutiveFailures,
  });
  await recordSystemAudit(
    env.DB,
    scope.orgId,
    {
      action: "destination.auto_disabled",
      targetType: "destination",
      targetId: destination.id,
      metadata: {
        name: destination.name,
        reason: decision.reason,
        consecutive_failures: health.consecutiveFailures,
        failing_since: health.failingSince === null ? null : new Date(health.failingSince).toISOString(),
      },
    },
    nowMs,
  );
  await publishEvent(env, {
    orgId: scope.orgId,
    type: "destination.disabled",
    eventId: `destination.disabled:${destination.id}:${nowMs}`,
    payload: {
      destination_id: destination.id,
      name: destination.name,
      reason: decision.reason,
      disabled_at: new Date(nowMs).toISOString(),
    },
  });
}
