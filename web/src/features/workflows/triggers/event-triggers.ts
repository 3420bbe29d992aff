/** Words for event triggers: what "on" means, and the sentence a list row reads as. */
import type { EventTriggerOn } from "../../../../../worker/contracts/triggers";

/** The choices of the create form, in order. */
export const EVENT_TRIGGER_ON: readonly EventTriggerOn[] = ["completed", "failed", "any"];

/** How an `on` value reads after "when <workflow>…". */
export function eventOnLabel(on: EventTriggerOn): string {
  switch (on) {
    case "completed":
      return "completes";
    case "failed":
      return "fails";
    case "any":
      return "completes or fails";
    default: {
      const _never: never = on;
      return _never;
    }
  }
}

/**
 * The sentence a row reads as; `sourceName` falls back to the id when the source isn't in the list
 * (archived, or beyond the first page).
 * @example eventTriggerSentence("Nightly import", "failed") // "Start this workflow when Nightly import fails"
 */
export function eventTriggerSentence(sourceName: string, on: EventTriggerOn): string {
  return `Start this workflow when ${sourceName} ${eventOnLabel(on)}`;
}
