/** Which finished runs fire an event trigger, and the chain-depth limit that stops trigger loops. */
import type { EventTriggerOn } from "../contracts/triggers";

/** Runs started by event triggers may chain this deep (A → B → … five hops); deeper starts are refused. */
export const MAX_CHAIN_DEPTH = 5;

/** How a run ended, as the run object reports it. */
export type FinishedStatus = "completed" | "failed" | "canceled";

/**
 * True when a trigger with `on` fires for a run that ended `status`. `any` means completed or
 * failed: a canceled run was stopped by a person and starts nothing.
 */
export function eventMatches(on: EventTriggerOn, status: FinishedStatus): boolean {
  switch (on) {
    case "completed":
      return status === "completed";
    case "failed":
      return status === "failed";
    case "any":
      return status === "completed" || status === "failed";
    default: {
      const _never: never = on;
      return _never;
    }
  }
}

/**
 * The chain depth of a run from its trigger: `trigger.data.chain_depth` for a run an event trigger
 * started, else 0. Pass it to `fireEventTriggers` when the run finishes.
 * @example chainDepthOf({ type: "event", data: { chain_depth: 2 } }) // 2
 */
export function chainDepthOf(trigger: { type: string; data?: Record<string, unknown> | null }): number {
  if (trigger.type !== "event") return 0;
  const depth = trigger.data?.chain_depth;
  return typeof depth === "number" && Number.isInteger(depth) && depth >= 0 ? depth : 0;
}

/** The depth a run started by a run at `sourceDepth` gets, or null when that is past the limit. */
export function nextChainDepth(sourceDepth: number, limit = MAX_CHAIN_DEPTH): number | null {
  const next = sourceDepth + 1;
  return next > limit ? null : next;
}
