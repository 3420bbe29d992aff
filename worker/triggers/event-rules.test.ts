import { describe, expect, it } from "vitest";
import { chainDepthOf, eventMatches, MAX_CHAIN_DEPTH, nextChainDepth } from "./event-rules";

describe("eventMatches", () => {
  it("fires on the chosen outcome; any means completed or failed, never canceled", () => {
    const table = [
      ["completed", "completed", true],
      ["completed", "failed", false],
      ["failed", "failed", true],
      ["failed", "canceled", false],
      ["any", "completed", true],
      ["any", "failed", true],
      ["any", "canceled", false],
    ] as const;
    for (const [on, status, fires] of table) expect(eventMatches(on, status), `${on}/${status}`).toBe(fires);
  });
});

describe("chain depth", () => {
  it("reads the depth of event-started runs and counts every other run as 0", () => {
    expect(chainDepthOf({ type: "event", data: { chain_depth: 3 } })).toBe(3);
    expect(chainDepthOf({ type: "manual", data: { chain_depth: 3 } })).toBe(0);
    expect(chainDepthOf({ type: "event", data: null })).toBe(0);
    expect(chainDepthOf({ type: "event", data: { chain_depth: "9" } })).toBe(0);
  });

  it("allows five hops and refuses the sixth", () => {
    expect(MAX_CHAIN_DEPTH).toBe(5);
    expect(nextChainDepth(0)).toBe(1);
    expect(nextChainDepth(4)).toBe(5);
    expect(nextChainDepth(5)).toBeNull();
  });
});
