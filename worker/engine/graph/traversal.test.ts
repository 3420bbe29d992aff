import { describe, expect, it } from "vitest";
import {
  ancestors,
  descendants,
  findCycle,
  findCycles,
  type GraphShape,
  reachableFrom,
  startNodes,
  topologicalOrder,
} from "./index";

function graph(ids: string, edges: string): GraphShape {
  return {
    nodes: ids.split(" ").map((id) => ({ id })),
    edges: edges
      .split(" ")
      .filter(Boolean)
      .map((pair) => {
        const [from = "", to = ""] = pair.split(">");
        return { from, to };
      }),
  };
}

// fetch → (a, b) → join → notify; "lonely" has no edges
const diamond = graph("fetch a b join notify lonely", "fetch>a fetch>b a>join b>join join>notify");

describe("graph helpers", () => {
  it("finds start nodes", () => {
    expect(startNodes(diamond)).toEqual(["fetch", "lonely"]);
  });

  it("orders nodes topologically and stably", () => {
    expect(topologicalOrder(diamond)).toEqual(["fetch", "a", "b", "join", "notify", "lonely"]);
    expect(topologicalOrder(graph("c b a", "a>b"))).toEqual(["c", "a", "b"]);
  });

  it("returns null as the order of a cyclic graph", () => {
    expect(topologicalOrder(graph("a b", "a>b b>a"))).toBeNull();
  });

  it("computes ancestors and descendants", () => {
    expect([...ancestors(diamond, "join")].sort()).toEqual(["a", "b", "fetch"]);
    expect(ancestors(diamond, "fetch").size).toBe(0);
    expect([...descendants(diamond, "a")].sort()).toEqual(["join", "notify"]);
  });

  it("computes what is reachable from the start", () => {
    expect([...reachableFrom(diamond, ["fetch"])].sort()).toEqual(["a", "b", "fetch", "join", "notify"]);
  });

  it("ignores edges to unknown nodes", () => {
    const half = graph("a b", "a>b b>ghost ghost>a");
    expect(startNodes(half)).toEqual(["a"]);
    expect(topologicalOrder(half)).toEqual(["a", "b"]);
  });

  it("names cycles as closed walks, one per independent cycle", () => {
    expect(findCycle(diamond)).toBeNull();
    expect(findCycle(graph("a b c d", "a>b b>c c>a c>d"))).toEqual(["a", "b", "c", "a"]);
    expect(findCycles(graph("a b c d", "a>b b>a c>d d>d"))).toEqual([
      ["a", "b", "a"],
      ["d", "d"],
    ]);
    expect(findCycle(graph("x y z", "z>y y>z"))).toEqual(["y", "z", "y"]);
  });

  it("handles long chains without recursion limits", () => {
    const ids = Array.from({ length: 5_000 }, (_, index) => `n${index}`);
    const chain: GraphShape = {
      nodes: ids.map((id) => ({ id })),
      edges: ids.slice(1).map((id, index) => ({ from: ids[index] as string, to: id })),
    };
    expect(findCycle(chain)).toBeNull();
    expect(topologicalOrder(chain)?.at(-1)).toBe("n4999");
    expect(ancestors(chain, "n4999").size).toBe(4_999);
  });
});
