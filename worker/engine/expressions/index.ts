/** The workflow expression language: JSONata with `{{ }}` templates, a step/size budget and static reference analysis. */
export { type BudgetMeter, createMeter, DEFAULT_BUDGET, type ExpressionBudget } from "./budget";
export { type CompiledExpression, type CompileResult, compileExpression, tryCompileExpression } from "./compile";
export { EXPRESSION_ERROR_CODES, ExpressionError, type ExpressionErrorCode, toExpressionError } from "./errors";
export {
  type EvaluateOptions,
  type ExpressionContext,
  evaluateExpression,
  RUN_CONTEXT_FIELDS,
  type RunContext,
  type StepContext,
} from "./evaluate";
export {
  type ExpressionSite,
  expressionSites,
  type NodeReference,
  type NodeWithConfig,
  nodeReferences,
  siteReferences,
} from "./node-references";
export {
  analyzeReferences,
  type ExpressionReference,
  REFERENCE_ROOTS,
  type ReferenceRoot,
  templateReferences,
} from "./references";
export { isSafeRegex } from "./regex-safety";
export { isTemplate, parseTemplate, renderTemplate, renderValue, type TemplateSegment } from "./template";
