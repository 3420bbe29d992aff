/** Workflow graph checks and helpers: `validateGraph` plus traversal (start nodes, order, ancestors, cycles). */
export { GRAPH_ISSUE_CODES, type GraphIssue, type GraphIssueCode } from "../../contracts/workflow";
export {
  type Adjacency,
  adjacency,
  ancestors,
  descendants,
  findCycle,
  findCycles,
  type GraphShape,
  reachableFrom,
  startNodes,
  topologicalOrder,
} from "./traversal";
export { type GraphValidation, type ValidateGraphOptions, validateGraph } from "./validate";
