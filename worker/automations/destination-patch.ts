/**
 * What a destination update changes, as a pure function: the row patch, the changed field names,
 * and the audit action. Enabling clears an automatic disable and its failing streak, so a
 * re-enabled destination gets a fresh period before it can be disabled again.
 */
import type { UpdateDestinationBody } from "../contracts/automations";
import type { DestinationPatch, DestinationRow } from "../db/repos/automations-destinations";
import { normalizeSubscriptions } from "./subscriptions";

export type DestinationAuditAction = "destination.updated" | "destination.enabled" | "destination.disabled";

export interface DestinationChange {
  patch: DestinationPatch;
  /** Field names that change (empty: nothing to write). */
  changes: string[];
  audit: DestinationAuditAction;
}

type Current = Pick<DestinationRow, "name" | "url" | "eventTypes" | "enabled">;

/** The patch for `body` (with its URL already checked) against the current row. */
export function destinationPatch(row: Current, body: UpdateDestinationBody, nowMs: number): DestinationChange {
  const patch: DestinationPatch = {};
  const changes: string[] = [];
  if (body.name !== undefined && body.name !== row.name) {
    patch.name = body.name;
    changes.push("name");
  }
  if (body.url !== undefined && body.url !== row.url) {
    patch.url = body.url;
    changes.push("url");
  }
  if (body.event_types !== undefined) {
    const eventTypes = normalizeSubscriptions(body.event_types);
    if (eventTypes.join("\n") !== row.eventTypes.join("\n")) {
      patch.eventTypes = eventTypes;
      changes.push("event_types");
    }
  }
  if (body.enabled === true && !row.enabled) {
    Object.assign(patch, {
      enabled: true,
      disabledReason: null,
      disabledMessage: null,
      disabledAt: null,
      failingSince: null,
      consecutiveFailures: 0,
    } satisfies DestinationPatch);
    changes.push("enabled");
  } else if (body.enabled === false && row.enabled) {
    Object.assign(patch, {
      enabled: false,
      disabledReason: "manual",
      disabledMessage: null,
      disabledAt: nowMs,
    } satisfies DestinationPatch);
    changes.push("enabled");
  }
  const onlyToggle = changes.length === 1 && changes[0] === "enabled";
  const audit: DestinationAuditAction = onlyToggle
    ? body.enabled
      ? "destination.enabled"
      : "destination.disabled"
    : "destination.updated";
  return { patch, changes, audit };
}
