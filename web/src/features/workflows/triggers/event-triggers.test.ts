import { describe, expect, it } from "vitest";
import { EVENT_TRIGGER_ON, eventOnLabel, eventTriggerSentence } from "./event-triggers";

describe("event trigger words", () => {
  it("reads each choice as the end of a sentence", () => {
    expect(EVENT_TRIGGER_ON.map(eventOnLabel)).toEqual(["completes", "fails", "completes or fails"]);
  });

  it("says what starts the workflow", () => {
    expect(eventTriggerSentence("Nightly import", "failed")).toBe("Start this workflow when Nightly import fails");
  });
});
