import { describe, expect, it } from "vitest";
import type { DraftGraph } from "../../../../../worker/contracts/workflows";
import { canonicalJson, hasUnsavedChanges, readDraft } from "./draft";

describe("readDraft", () => {
  it("keeps a complete draft as it is", () => {
    const draft: DraftGraph = {
      nodes: [{ id: "a", type: "noop", config: {}, position: { x: 1, y: 2 } }],
      edges: [],
      vars: { k: 1 },
    };
    expect(readDraft(draft)).toEqual(draft);
  });

  it("places nodes that have no position, leaving placed ones where they are", () => {
    const graph = readDraft({
      nodes: [
        { id: "a", type: "noop", config: {} },
        { id: "b", type: "noop", config: {}, position: { x: 500, y: 500 } },
      ],
      edges: [{ from: "a", to: "b" }],
    });
    expect(graph.nodes[0]?.position).toEqual({ x: expect.any(Number), y: expect.any(Number) });
    expect(graph.nodes[1]?.position).toEqual({ x: 500, y: 500 });
  });

  it("gives nodes without a usable id one (the canvas needs unique ids) and keeps unknown types and fields", () => {
    const graph = readDraft({
      nodes: [
        { type: "noop", position: { x: 0, y: 0 } },
        { id: "a", type: "teleport", extra: true, position: { x: 0, y: 100 } },
        { id: "a", type: "noop", config: {}, position: { x: 0, y: 200 } },
      ],
      edges: [{ from: 1, to: "a" }],
    });
    expect(graph.nodes.map((node) => node.id)).toEqual(["node_1", "a", "node_3"]);
    expect(graph.nodes[0]?.config).toEqual({});
    expect(graph.nodes[1]).toMatchObject({ type: "teleport", extra: true });
    expect(graph.edges[0]).toEqual({ from: "", to: "a" });
  });
});

describe("unsaved changes", () => {
  it("ignores key order and undefined members, but not real changes", () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2] } })).toBe('{"a":{"c":[2]},"b":1}');
    const saved = canonicalJson({ nodes: [], edges: [] });
    expect(hasUnsavedChanges({ edges: [], nodes: [] }, saved)).toBe(false);
    expect(hasUnsavedChanges({ edges: [], nodes: [], vars: { a: 1 } }, saved)).toBe(true);
  });
});
