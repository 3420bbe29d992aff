import { describe, expect, it } from "vitest";
import { EngineInputError } from "./errors";
import { ancestorsAndSelf, compileGraph, DEFAULT_NODE_TIMEOUT_MS, DEFAULT_RUN_TIMEOUT_MS, nodeOf } from "./graph-view";

const n = (id: string, extra: object = {}) => ({ id, type: "noop", ...extra });

describe("compileGraph", () => {
  it("orders steps topologically, keeping the graph's order among independent steps", () => {
    const compiled = compileGraph({
      nodes: [n("d"), n("b"), n("a"), n("c")],
      edges: [
        { from: "a", to: "d" },
        { from: "b", to: "d" },
        { from: "c", to: "a" },
      ],
    });
    expect(compiled.order).toEqual(["b", "c", "a", "d"]);
    expect(compiled.starts).toEqual(["b", "c"]);
    expect(nodeOf(compiled, "d").index).toBe(3);
    expect(nodeOf(compiled, "d").incoming.map((e) => e.from)).toEqual(["a", "b"]);
  });

  it("applies defaults: 120 s per node, 30 min per run, join all, label falls back to the id", () => {
    const compiled = compileGraph({
      nodes: [n("a"), n("b", { name: "Fetch user", timeout_ms: 5_000, join: "any" })],
      edges: [],
    });
    expect(compiled.run_timeout_ms).toBe(DEFAULT_RUN_TIMEOUT_MS);
    expect(nodeOf(compiled, "a")).toMatchObject({ timeout_ms: DEFAULT_NODE_TIMEOUT_MS, join: "all", label: "a" });
    expect(nodeOf(compiled, "b")).toMatchObject({ timeout_ms: 5_000, join: "any", label: "Fetch user" });
    expect(compileGraph({ nodes: [n("a")], edges: [], settings: { run_timeout_ms: 60_000 } }).run_timeout_ms).toBe(
      60_000,
    );
  });

  it("marks condition and switch nodes as branching and keeps edge labels", () => {
    const compiled = compileGraph({
      nodes: [n("c", { type: "condition" }), n("y"), n("s", { type: "switch" })],
      edges: [
        { from: "c", to: "y", when: "true" },
        { from: "c", to: "s", when: "false" },
      ],
    });
    expect(nodeOf(compiled, "c").branching).toBe("condition");
    expect(nodeOf(compiled, "s").branching).toBe("switch");
    expect(nodeOf(compiled, "y").branching).toBeNull();
    expect(nodeOf(compiled, "c").outgoing.map((e) => e.when)).toEqual(["true", "false"]);
  });

  it("refuses graphs it cannot run, saying why", () => {
    expect(() => compileGraph({ nodes: [], edges: [] })).toThrow(EngineInputError);
    expect(() => compileGraph({ nodes: [n("a"), n("a")], edges: [] })).toThrow('Duplicate step id "a"');
    expect(() => compileGraph({ nodes: [n("a")], edges: [{ from: "a", to: "zz" }] })).toThrow("missing step");
    expect(() =>
      compileGraph({
        nodes: [n("a"), n("b"), n("c")],
        edges: [
          { from: "a", to: "b" },
          { from: "b", to: "c" },
          { from: "c", to: "b" },
        ],
      }),
    ).toThrow("cycle through: b, c");
    expect(() => nodeOf(compileGraph({ nodes: [n("a")], edges: [] }), "nope")).toThrow('Unknown step "nope"');
  });
});

describe("ancestorsAndSelf", () => {
  it("collects every step that runs before the target", () => {
    const compiled = compileGraph({
      nodes: [n("a"), n("b"), n("c"), n("d"), n("e")],
      edges: [
        { from: "a", to: "b" },
        { from: "b", to: "d" },
        { from: "c", to: "d" },
        { from: "d", to: "e" },
      ],
    });
    expect([...ancestorsAndSelf(compiled, "d")].sort()).toEqual(["a", "b", "c", "d"]);
    expect([...ancestorsAndSelf(compiled, "a")]).toEqual(["a"]);
  });
});
