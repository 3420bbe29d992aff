/** Live validation: `validateGraph` (the same checks the API runs on publish) on the draft, shortly after each change. */
import { useEffect, useState } from "react";
import type { GraphInput, GraphIssue } from "../../../../../worker/contracts/workflow";
import { validateGraph } from "../../../../../worker/engine/graph/validate";

/** A burst of typing validates once, this long after the last keystroke. */
const DELAY_MS = 250;

/** The graph's issues, recomputed `DELAY_MS` after the last change (right away on first render). */
export function useLiveValidation(graph: GraphInput, maxNodes: number): GraphIssue[] {
  const [issues, setIssues] = useState(() => validateGraph(graph, { maxNodes }).issues);
  useEffect(() => {
    const timer = window.setTimeout(() => setIssues(validateGraph(graph, { maxNodes }).issues), DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [graph, maxNodes]);
  return issues;
}
