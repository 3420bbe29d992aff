// The built-in runbooks shipped with Fluxo: one module per runbook, registered here.
import type { RunbookDefinition } from "../types";

/** Every built-in runbook, in catalog order. */
export const BUILTIN_RUNBOOKS: readonly RunbookDefinition[] = [];
